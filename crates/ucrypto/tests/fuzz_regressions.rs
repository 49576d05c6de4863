//! Every fuzz seed and crash reproducer (`fuzz/seeds/*`, `fuzz/regressions/*`) through the
//! calls the fuzz targets make, on every `cargo test`: a fixed input that once crashed
//! stays fixed without the fuzzer. The targets themselves are in `fuzz/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use ucrypto::rsa::Padding;
use ucrypto::{Error, RsaPrivateKey, RsaPublicKey};

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut out = Vec::new();
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            out.push(std::fs::read(entry.unwrap().path()).unwrap());
        }
    }
    out
}

#[test]
fn private_key_inputs() {
    let all = inputs("private_key");
    assert!(!all.is_empty());
    for data in all {
        let (password, input) = match data.split_first() {
            Some((&flag, rest)) if flag & 1 == 1 => (Some(&b"pw"[..]), rest),
            Some((_, rest)) => (None, rest),
            None => (None, &data[..]),
        };
        if let Ok(key) = RsaPrivateKey::from_pem_or_der_with_password(input, password) {
            assert_eq!(key.sign_rs256(b"m").unwrap().len(), key.size());
        }
    }
}

#[test]
fn public_key_inputs() {
    let all = inputs("public_key");
    assert!(!all.is_empty());
    for data in all {
        if let Ok(key) = RsaPublicKey::from_pem_or_der(&data) {
            assert_eq!(key.encrypt_pkcs1v15(b"m").unwrap().len(), key.size());
        }
    }
}

#[test]
fn rsa_decrypt_inputs() {
    let key = RsaPrivateKey::from_pem_or_der(include_bytes!("data/rsa2048_pkcs8.pem")).unwrap();
    let all = inputs("rsa_decrypt");
    assert!(!all.is_empty());
    for data in all {
        for padding in [Padding::Pkcs1v15, Padding::OaepSha256] {
            match key.decrypt(&data, padding) {
                Ok(plain) => assert!(plain.len() <= key.size() - padding.overhead()),
                Err(e) => assert_eq!(e, Error::DecryptFailed),
            }
        }
    }
}
