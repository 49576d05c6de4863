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

/// A fuzz target's name and the property it checks.
type Target = (&'static str, fn(&[u8]));

/// Every target of the core. (The CLI's `cli_values` replays its own, in the CLI crate.)
const TARGETS: [Target; 7] = [
    ("private_key", fuzz_checks::private_key),
    ("encrypted_key", fuzz_checks::encrypted_key),
    ("public_key", fuzz_checks::public_key),
    ("rsa_decrypt", fuzz_checks::rsa_decrypt),
    ("aes_sequence", fuzz_checks::aes_sequence),
    ("pem_blocks", fuzz_checks::pem_blocks),
    ("jwt_verify", fuzz_checks::jwt_verify),
];

#[test]
fn every_seed_and_reproducer_holds_its_property() {
    for (target, check) in TARGETS {
        for input in inputs(target) {
            check(&input);
        }
    }
}
