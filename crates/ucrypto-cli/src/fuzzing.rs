//! The properties the `cli_values` fuzz target checks (`fuzz/fuzz_targets/cli_values.rs`),
//! kept here because they reach the command line's private decoders. Not an API: a failed
//! property panics, which is how a fuzzer learns of it.
#![allow(clippy::expect_used, clippy::panic)]

use crate::{cmd, flags, io, usage};
use clap::Parser;

/// Runs the value decoders on `data`; panics if a property fails. Never touches files, the
/// environment or standard input: inputs that would (`@...`, `env:...`, `-`) are skipped.
pub fn check_values(data: &[u8]) {
    for len in [16, 32, 256, 512] {
        if let Some(value) = io::decode_exact(data, len) {
            assert_eq!(value.len(), len);
        }
    }
    let text = String::from_utf8_lossy(data);
    let reads_outside = text.starts_with('@') || text.starts_with("env:") || text == "-";
    if !reads_outside {
        match io::aes_key("--key", &text) {
            Ok(value) => assert!(value.len() <= data.len()),
            // Nothing of the value is in the message: it is the very message a value of the
            // same length with nothing secret in it gets. (Looking for the value in the
            // message instead finds the message's own words, which the fuzzer learns.)
            Err(err) => {
                let neutral = io::aes_key("--key", &"#".repeat(text.len()))
                    .expect_err("# is never a key")
                    .to_string();
                assert_eq!(err.to_string(), neutral, "the message depends on the value");
            }
        }
    }
    if let Some(rest) = text.strip_prefix("pass:") {
        let password = io::password(Some(&text)).expect("pass: always reads");
        assert_eq!(
            password.as_deref().map(|p| p.as_slice()),
            Some(rest.as_bytes())
        );
    }
    if let Ok(seconds) = cmd::parse_duration(&text) {
        let _ = cmd::expiry(seconds, &text);
    }
    // As arguments: a parse error never repeats anything that looks like a key.
    let args: Vec<&str> = text.split('\0').collect();
    if let Err(err) =
        flags::Cli::try_parse_from(std::iter::once("ucrypto").chain(args.iter().copied()))
    {
        let message = usage::usage_error(&err);
        for arg in &args {
            let secret_like = arg.len() >= 16 && arg.bytes().all(|b| b.is_ascii_hexdigit());
            assert!(
                !secret_like || !message.contains(arg),
                "echoed {arg:?}: {message}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_values;

    #[test]
    fn seeds_and_reproducers_hold() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
        let mut seen = 0;
        for dir in ["seeds/cli_values", "regressions/cli_values"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                if let Ok(data) = std::fs::read(entry.path()) {
                    check_values(&data);
                    seen += 1;
                }
            }
        }
        assert!(seen > 0, "no cli_values seeds found");
    }
}
