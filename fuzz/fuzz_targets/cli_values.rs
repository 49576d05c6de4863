//! The command line's value decoders (hex/base64/base64url values, `@FILE`/`env:`/inline
//! secrets, durations, claims): never a panic, and what they return is what was asked for.
//! The property is `ucrypto_cli::fuzzing::check_values`, which `cargo test` also runs on
//! every seed and reproducer.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ucrypto_cli::fuzzing::check_values(data));
