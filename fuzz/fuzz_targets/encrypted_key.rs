//! The fuzz target for `checks::encrypted_key` (crates/ucrypto/tests/fuzz_checks): encrypted
//! keys opened with a password, seeded with files `openssl` wrote (`fuzz/seeds/encrypted_key`).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../crates/ucrypto/tests/fuzz_checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::encrypted_key(data));
