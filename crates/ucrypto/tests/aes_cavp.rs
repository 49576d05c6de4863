//! NIST CAVP AESAVS known answers (GFSbox, KeySbox, VarKey, VarTxt, MMT) for ECB, CBC, CFB8
//! and CFB128 at every key size and in both directions, one-shot and in random chunks,
//! through every engine.
//! Source: NIST CAVP KAT_AES.zip and aesmmt.zip, via the PyPI package `cryptography-vectors`
//! 50.0.2 (see `tests/vectors/README.md`).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::*;
use ucrypto::Mode;
use ucrypto::aes::Engine;

fn check_file(engine: Option<Engine>, mode: Mode, file: &str) -> usize {
    let records = parse_records(&vector_path(&format!("aesavs/{file}")));
    assert!(!records.is_empty(), "{file}: no records parsed");
    let unit = unit(mode);
    for (i, r) in records.iter().enumerate() {
        let (input, expected) = if r.encrypt {
            (&r.plaintext, &r.ciphertext)
        } else {
            (&r.ciphertext, &r.plaintext)
        };
        let mut one = cipher_on(engine, mode, &r.key, &r.iv);
        let got = if r.encrypt {
            one.encrypt(input)
        } else {
            one.decrypt(input)
        }
        .unwrap();
        assert_eq!(&got, expected, "{file} record {i} one-shot on {engine:?}");
        let sizes = chunk_sizes(i as u64 + 7, 64, 5);
        let mut chunked = cipher_on(engine, mode, &r.key, &r.iv);
        let got = run_chunked(&mut chunked, input, r.encrypt, &sizes, unit);
        assert_eq!(&got, expected, "{file} record {i} chunked on {engine:?}");
    }
    records.len()
}

fn check_mode(mode: Mode, prefix: &str) {
    for engine in engines() {
        let mut total = 0;
        for kind in ["GFSbox", "KeySbox", "VarKey", "VarTxt", "MMT"] {
            for bits in [128, 192, 256] {
                total += check_file(engine, mode, &format!("{prefix}{kind}{bits}.rsp"));
            }
        }
        println!("{prefix} on {engine:?}: {total} CAVP records, each one-shot and chunked");
    }
}

#[test]
fn ecb_cavp() {
    check_mode(Mode::Ecb, "ECB");
}

#[test]
fn cbc_cavp() {
    check_mode(Mode::Cbc, "CBC");
}

#[test]
fn cfb8_cavp() {
    check_mode(Mode::Cfb8, "CFB8");
}

#[test]
fn cfb128_cavp() {
    check_mode(Mode::Cfb128, "CFB128");
}

/// RFC 3686 section 6 AES-CTR vectors (the whole 16-byte counter block is given as IV).
#[test]
fn ctr_rfc3686() {
    for (engine, bits) in engines()
        .into_iter()
        .flat_map(|e| [(e, 128), (e, 192), (e, 256)])
    {
        let records = parse_records(&vector_path(&format!("rfc3686/aes-{bits}-ctr.txt")));
        assert_eq!(records.len(), 3, "aes-{bits}-ctr.txt");
        for (i, r) in records.iter().enumerate() {
            let got = cipher_on(engine, Mode::Ctr, &r.key, &r.iv)
                .encrypt(&r.plaintext)
                .unwrap();
            assert_eq!(
                got, r.ciphertext,
                "aes-{bits}-ctr record {i} encrypt on {engine:?}"
            );
            let sizes = chunk_sizes(i as u64 + 3, 32, 7);
            let back = run_chunked(
                &mut cipher_on(engine, Mode::Ctr, &r.key, &r.iv),
                &r.ciphertext,
                false,
                &sizes,
                1,
            );
            assert_eq!(
                back, r.plaintext,
                "aes-{bits}-ctr record {i} decrypt chunked on {engine:?}"
            );
        }
    }
}
