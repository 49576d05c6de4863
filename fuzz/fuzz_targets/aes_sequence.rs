//! The fuzz target for `checks::aes_sequence` (crates/ucrypto/tests/fuzz_checks): sequences
//! of AES calls against a reference model. The property is written once there, and
//! `cargo test` runs it on every seed and reproducer too.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../crates/ucrypto/tests/fuzz_checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::aes_sequence(data));
