//! Properties, over random engines, keys, IVs, data and splits (proptest): any split of the
//! input gives the one-shot result, decryption inverts encryption, the engines agree, a
//! rejected call changes nothing, and the CTR counter wraps at 2^128.
#![allow(clippy::unwrap_used)]

mod common;
use common::{cipher_on, engines};
use proptest::prelude::*;
use ucrypto::aes::{BLOCK_SIZE, Engine, KEY_LENGTHS};
use ucrypto::{Aes, Mode, Named};

type Setup = (Option<Engine>, Mode, Vec<u8>, Vec<u8>);

fn setup() -> impl Strategy<Value = Setup> {
    (
        prop::sample::select(engines()),
        prop::sample::select(Mode::ALL.to_vec()),
        prop::sample::select(KEY_LENGTHS.to_vec())
            .prop_flat_map(|n| prop::collection::vec(any::<u8>(), n)),
        prop::collection::vec(any::<u8>(), BLOCK_SIZE),
    )
}

/// Data of a length the mode accepts: whole blocks for ECB and CBC.
fn data_for(mode: Mode, raw: Vec<u8>) -> Vec<u8> {
    let mut d = raw;
    if mode.needs_whole_blocks() {
        d.truncate(d.len() / BLOCK_SIZE * BLOCK_SIZE);
    }
    d
}

/// Cut points, sorted and aligned to what the mode accepts.
fn cuts(mode: Mode, len: usize, raw: Vec<usize>) -> Vec<usize> {
    let unit = if mode.needs_whole_blocks() {
        BLOCK_SIZE
    } else {
        1
    };
    let mut c: Vec<usize> = raw
        .into_iter()
        .map(|x| (x % (len + 1)) / unit * unit)
        .collect();
    c.push(0);
    c.push(len);
    c.sort_unstable();
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_split_matches_one_shot(
        (engine, mode, key, iv) in setup(),
        raw in prop::collection::vec(any::<u8>(), 0..600),
        raw_cuts in prop::collection::vec(any::<usize>(), 0..12),
        encrypt in any::<bool>(),
    ) {
        let data = data_for(mode, raw);
        let run = |aes: &mut Aes, d: &[u8]| if encrypt { aes.encrypt(d) } else { aes.decrypt(d) }.unwrap();
        let whole = run(&mut cipher_on(engine, mode, &key, &iv), &data);
        let mut aes = cipher_on(engine, mode, &key, &iv);
        let mut pieces = Vec::new();
        for w in cuts(mode, data.len(), raw_cuts).windows(2) {
            pieces.extend(run(&mut aes, &data[w[0]..w[1]]));
        }
        prop_assert_eq!(pieces, whole);
    }

    #[test]
    fn in_place_and_into_agree_in_any_mix(
        (engine, mode, key, iv) in setup(),
        raw in prop::collection::vec(any::<u8>(), 0..3000),
        raw_cuts in prop::collection::vec(any::<usize>(), 0..12),
        encrypt in any::<bool>(),
        picks in prop::collection::vec(any::<bool>(), 13),
    ) {
        // The in-place and buffer-to-buffer paths differ inside some modes; interleaved on
        // one object they must keep one consistent stream.
        let data = data_for(mode, raw);
        let whole = if encrypt { cipher_on(engine, mode, &key, &iv).encrypt(&data) } else { cipher_on(engine, mode, &key, &iv).decrypt(&data) }.unwrap();
        let mut aes = cipher_on(engine, mode, &key, &iv);
        let mut out = Vec::new();
        for (w, in_place) in cuts(mode, data.len(), raw_cuts).windows(2).zip(picks) {
            let piece = &data[w[0]..w[1]];
            let mut buf = piece.to_vec();
            if in_place {
                if encrypt { aes.encrypt_in_place(&mut buf) } else { aes.decrypt_in_place(&mut buf) }.unwrap();
            } else if encrypt {
                aes.encrypt_into(piece, &mut buf).unwrap();
            } else {
                aes.decrypt_into(piece, &mut buf).unwrap();
            }
            out.extend(buf);
        }
        prop_assert_eq!(out, whole);
    }

    #[test]
    fn decrypt_inverts_encrypt((engine, mode, key, iv) in setup(), raw in prop::collection::vec(any::<u8>(), 0..600)) {
        let data = data_for(mode, raw);
        let ct = cipher_on(engine, mode, &key, &iv).encrypt(&data).unwrap();
        prop_assert_eq!(ct.len(), data.len());
        prop_assert_eq!(cipher_on(engine, mode, &key, &iv).decrypt(&ct).unwrap(), data);
    }

    #[test]
    fn every_engine_gives_the_same_bytes(
        mode in prop::sample::select(Mode::ALL.to_vec()),
        key in prop::sample::select(KEY_LENGTHS.to_vec()).prop_flat_map(|n| prop::collection::vec(any::<u8>(), n)),
        iv in prop::collection::vec(any::<u8>(), BLOCK_SIZE),
        raw in prop::collection::vec(any::<u8>(), 0..2000),
    ) {
        let data = data_for(mode, raw);
        let reference = cipher_on(Some(Engine::RustCrypto), mode, &key, &iv).encrypt(&data).unwrap();
        for &engine in Engine::ALL {
            let mut aes = cipher_on(Some(engine), mode, &key, &iv);
            prop_assert_eq!(&aes.encrypt(&data).unwrap(), &reference, "{:?}", engine);
            let mut back = cipher_on(Some(engine), mode, &key, &iv);
            prop_assert_eq!(&back.decrypt(&reference).unwrap(), &data, "{:?}", engine);
        }
    }

    #[test]
    fn rejected_call_changes_nothing(
        (engine, mode, key, iv) in setup(),
        blocks in 0usize..8,
        bad_len in 1usize..200,
        encrypt in any::<bool>(),
    ) {
        prop_assume!(mode.needs_whole_blocks() && bad_len % BLOCK_SIZE != 0);
        let data: Vec<u8> = (0..blocks * 32).map(|i| i as u8).collect();
        let run = |aes: &mut Aes, d: &[u8]| if encrypt { aes.encrypt(d) } else { aes.decrypt(d) };
        let whole = run(&mut cipher_on(engine, mode, &key, &iv), &data).unwrap();
        let mut aes = cipher_on(engine, mode, &key, &iv);
        let mut got = run(&mut aes, &data[..blocks * BLOCK_SIZE]).unwrap();
        prop_assert!(run(&mut aes, &vec![0; bad_len]).is_err());
        got.extend(run(&mut aes, &data[blocks * BLOCK_SIZE..]).unwrap());
        prop_assert_eq!(got, whole);
    }

    #[test]
    fn ctr_wraps_at_2_pow_128(
        engine in prop::sample::select(engines()),
        key in prop::collection::vec(any::<u8>(), 16),
        back in 0u128..40,
        len in 0usize..1200,
    ) {
        // start a few blocks before all ones: keystream block i is E(start + i mod 2^128)
        let start = u128::MAX - back;
        let data = vec![0u8; len];
        let ks = cipher_on(engine, Mode::Ctr, &key, &start.to_be_bytes()).encrypt(&data).unwrap();
        let mut ecb = Aes::new_ecb(&key).unwrap();
        for (i, chunk) in ks.chunks(BLOCK_SIZE).enumerate() {
            let block = ecb.encrypt(&start.wrapping_add(i as u128).to_be_bytes()).unwrap();
            prop_assert_eq!(chunk, &block[..chunk.len()]);
        }
    }
}
