//! The command line's value decoders (hex/base64/base64url values, inline AES keys and
//! `pass:` passwords, durations) and its parse-error messages: never a panic, what they
//! return is what was asked for, and no message repeats a value. Values that would read a
//! file, the environment or standard input (`@FILE`, `env:VAR`, `-`) are skipped. The
//! property is `ucrypto_cli::fuzzing::check_values` (built with the crate's `fuzzing`
//! feature), which `cargo test` also runs on every seed and reproducer.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ucrypto_cli::fuzzing::check_values(data));
