//! Every fuzz seed and crash reproducer (`fuzz/seeds/*`, `fuzz/regressions/*`) through the
//! property its fuzz target checks (`fuzz_checks/`), on every `cargo test`: a fixed input that
//! once crashed stays fixed without the fuzzer. The targets themselves are in `fuzz/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fuzz_checks;

use std::path::Path;

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
    assert!(!out.is_empty(), "no seeds for {target}");
    out
}

#[test]
fn private_key_inputs() {
    inputs("private_key")
        .iter()
        .for_each(|d| fuzz_checks::private_key(d));
}

#[test]
fn public_key_inputs() {
    inputs("public_key")
        .iter()
        .for_each(|d| fuzz_checks::public_key(d));
}

#[test]
fn rsa_decrypt_inputs() {
    inputs("rsa_decrypt")
        .iter()
        .for_each(|d| fuzz_checks::rsa_decrypt(d));
}

#[test]
fn aes_sequence_inputs() {
    inputs("aes_sequence")
        .iter()
        .for_each(|d| fuzz_checks::aes_sequence(d));
}

#[test]
fn pem_blocks_inputs() {
    inputs("pem_blocks")
        .iter()
        .for_each(|d| fuzz_checks::pem_blocks(d));
}

#[test]
fn jwt_verify_inputs() {
    inputs("jwt_verify")
        .iter()
        .for_each(|d| fuzz_checks::jwt_verify(d));
}
