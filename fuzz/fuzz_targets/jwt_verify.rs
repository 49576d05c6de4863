//! The fuzz target for `checks::jwt_verify` (crates/ucrypto/tests/fuzz_checks): the property is
//! written once there, and `cargo test` runs it on every seed and reproducer too.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../crates/ucrypto/tests/fuzz_checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::jwt_verify(data));
