//! Chaining state across calls: every split of the input gives the one-shot result, a
//! rejected call changes nothing, and the CTR counter carries and wraps as one 128-bit
//! integer — through every engine.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use ucrypto::aes::{BLOCK_SIZE, KEY_LENGTHS};
use ucrypto::{Aes, Error, Mode, Named};

const MODES: &[Mode] = Mode::ALL;

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 + 7) as u8).collect()
}

#[test]
fn every_two_way_split_matches_one_shot() {
    let iv = data(BLOCK_SIZE);
    for (engine, key_len) in engines()
        .into_iter()
        .flat_map(|e| KEY_LENGTHS.map(|len| (e, len)))
    {
        let key = data(key_len);
        let cipher = |mode, key: &[u8], iv: &[u8]| cipher_on(engine, mode, key, iv);
        for &mode in MODES {
            let unit = unit(mode);
            let msg = data(unit * 67);
            for encrypt in [true, false] {
                let run = |aes: &mut Aes, d: &[u8]| {
                    if encrypt {
                        aes.encrypt(d)
                    } else {
                        aes.decrypt(d)
                    }
                    .unwrap()
                };
                let whole = run(&mut cipher(mode, &key, &iv), &msg);
                for cut in (0..=msg.len()).step_by(unit) {
                    let mut aes = cipher(mode, &key, &iv);
                    let mut got = run(&mut aes, &msg[..cut]);
                    got.extend(run(&mut aes, &msg[cut..]));
                    assert_eq!(
                        got, whole,
                        "{mode:?} key {key_len} encrypt={encrypt} cut {cut} on {engine:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn many_random_splits_match_one_shot() {
    let key = data(16);
    let iv = data(BLOCK_SIZE);
    for (engine, &mode) in engines()
        .into_iter()
        .flat_map(|e| MODES.iter().map(move |m| (e, m)))
    {
        let cipher = || cipher_on(engine, mode, &key, &iv);
        let unit = unit(mode);
        let msg = data(4099 * unit);
        let whole = cipher().encrypt(&msg).unwrap();
        for seed in 1..200 {
            let sizes = chunk_sizes(seed, 50, 40);
            let got = run_chunked(&mut cipher(), &msg, true, &sizes, unit);
            assert_eq!(got, whole, "{mode:?} seed {seed} on {engine:?}");
            let back = run_chunked(&mut cipher(), &whole, false, &sizes, unit);
            assert_eq!(back, msg, "{mode:?} decrypt seed {seed} on {engine:?}");
        }
    }
}

#[test]
fn rejected_call_leaves_state_unchanged() {
    let key = data(16);
    let iv = data(BLOCK_SIZE);
    for (engine, mode) in engines()
        .into_iter()
        .flat_map(|e| [(e, Mode::Ecb), (e, Mode::Cbc)])
    {
        let cipher = |mode, key: &[u8], iv: &[u8]| cipher_on(engine, mode, key, iv);
        let msg = data(64);
        let whole = cipher(mode, &key, &iv).encrypt(&msg).unwrap();
        let mut aes = cipher(mode, &key, &iv);
        let mut got = aes.encrypt(&msg[..BLOCK_SIZE]).unwrap();
        assert_eq!(
            aes.encrypt(&msg[..15]),
            Err(Error::NotBlockMultiple { len: 15 })
        );
        let mut buf = msg[BLOCK_SIZE..2 * BLOCK_SIZE + 1].to_vec();
        assert!(aes.encrypt_in_place(&mut buf).is_err());
        assert_eq!(
            buf,
            msg[BLOCK_SIZE..2 * BLOCK_SIZE + 1],
            "rejected in-place call changed the buffer"
        );
        got.extend(aes.encrypt(&msg[BLOCK_SIZE..]).unwrap());
        assert_eq!(got, whole, "{mode:?}");
    }
}

#[test]
fn in_place_equals_allocating() {
    let key = data(32);
    let iv = data(BLOCK_SIZE);
    for (engine, &mode) in engines()
        .into_iter()
        .flat_map(|e| MODES.iter().map(move |m| (e, m)))
    {
        let cipher = |mode, key: &[u8], iv: &[u8]| cipher_on(engine, mode, key, iv);
        let msg = data(160);
        let expected = cipher(mode, &key, &iv).encrypt(&msg).unwrap();
        let mut buf = msg.clone();
        cipher(mode, &key, &iv).encrypt_in_place(&mut buf).unwrap();
        assert_eq!(buf, expected, "{mode:?} on {engine:?}");
        cipher(mode, &key, &iv).decrypt_in_place(&mut buf).unwrap();
        assert_eq!(buf, msg, "{mode:?} on {engine:?}");
    }
}

/// CTR keystream from its definition: block i is AES(counter0 + i mod 2^128), computed with
/// single-block ECB calls.
fn reference_ctr(key: &[u8], counter0: u128, data: &[u8]) -> Vec<u8> {
    let mut ecb = Aes::new_ecb(key).unwrap();
    data.chunks(BLOCK_SIZE)
        .enumerate()
        .flat_map(|(i, chunk)| {
            let ks = ecb
                .encrypt(&counter0.wrapping_add(i as u128).to_be_bytes())
                .unwrap();
            chunk.iter().zip(ks).map(|(d, k)| d ^ k).collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn ctr_counter_carries_across_32_64_and_128_bit_boundaries() {
    let key = data(16);
    // Long enough for the engines' batched paths (over 256 bytes), with a partial block.
    let msg = data(BLOCK_SIZE * 70 + 5);
    let starts: [u128; 4] = [
        0xffff_fffd,           // low 32 bits carry into bit 32
        0xffff_ffff_ffff_fffe, // carry into the upper 64 bits
        u128::MAX - 2,         // wraps to zero after all ones
        (1u128 << 96) - 3,     // carry across the 96-bit word boundary
    ];
    for (engine, start) in engines().into_iter().flat_map(|e| starts.map(|s| (e, s))) {
        let expected = reference_ctr(&key, start, &msg);
        let fresh = || cipher_on(engine, Mode::Ctr, &key, &start.to_be_bytes());
        assert_eq!(
            fresh().encrypt(&msg).unwrap(),
            expected,
            "start {start:#x} on {engine:?}"
        );
        let sizes = chunk_sizes(start as u64, 20, 21);
        let chunked = run_chunked(&mut fresh(), &msg, true, &sizes, 1);
        assert_eq!(chunked, expected, "chunked, start {start:#x} on {engine:?}");
        for at in [1, 16, 17, 300] {
            let mut aes = fresh();
            let mut got = aes.encrypt(&msg[..at]).unwrap();
            got.extend(aes.encrypt(&msg[at..]).unwrap());
            assert_eq!(
                got, expected,
                "split at {at}, start {start:#x} on {engine:?}"
            );
        }
    }
}

#[test]
fn encrypt_and_decrypt_share_one_state_like_the_device() {
    // On the device one IV buffer serves both directions; after encrypt(a) the CBC chaining
    // value is a's last ciphertext block, and decrypt continues from it.
    let key = data(16);
    let iv = data(BLOCK_SIZE);
    let a = data(320);
    for engine in engines() {
        let mut aes = cipher_on(engine, Mode::Cbc, &key, &iv);
        let ca = aes.encrypt(&a).unwrap();
        let cb = cipher_on(engine, Mode::Cbc, &key, &iv)
            .encrypt(&[a.clone(), a.clone()].concat())
            .unwrap();
        // decrypting the second half of a two-part stream continues from ca's last block
        assert_eq!(aes.decrypt(&cb[320..]).unwrap(), a, "on {engine:?}");
        assert_eq!(&cb[..320], &ca[..], "on {engine:?}");
    }
}

#[test]
fn direction_chosen_at_run_time_equals_the_named_calls() {
    use ucrypto::aes::Direction;
    let key = data(16);
    let iv = data(BLOCK_SIZE);
    for &mode in MODES {
        let msg = data(unit(mode) * 40);
        let expected = cipher(mode, &key, &iv).encrypt(&msg).unwrap();
        let mut out = vec![0; msg.len()];
        cipher(mode, &key, &iv)
            .apply_into(Direction::Encrypt, &msg, &mut out)
            .unwrap();
        assert_eq!(out, expected, "{mode:?}");
        let mut buf = expected.clone();
        cipher(mode, &key, &iv)
            .apply_in_place(Direction::Decrypt, &mut buf)
            .unwrap();
        assert_eq!(buf, msg, "{mode:?}");
        let mut back = vec![0; msg.len()];
        cipher(mode, &key, &iv)
            .apply_into(Direction::Decrypt, &expected, &mut back)
            .unwrap();
        assert_eq!(back, msg, "{mode:?}");
        if mode.needs_whole_blocks() {
            let mut short = vec![0; 15];
            assert!(
                cipher(mode, &key, &iv)
                    .apply_in_place(Direction::Encrypt, &mut short)
                    .is_err()
            );
            assert!(
                cipher(mode, &key, &iv)
                    .apply_into(Direction::Decrypt, &msg[..15], &mut short)
                    .is_err()
            );
        }
    }
}

#[test]
fn debug_output_names_the_mode_and_nothing_secret() {
    let key = b"S3CR3T-KEY-BYTES";
    let shown = format!("{:?}", cipher(Mode::Cbc, key, &data(BLOCK_SIZE)));
    assert!(shown.starts_with("Aes") && shown.contains("Cbc"), "{shown}");
    assert!(
        !shown.contains("S3CR3T") && !shown.contains("83, 51"),
        "{shown}"
    );
}
