//! Secrets (AES keys, passwords) from `@FILE`, `env:VAR`, `-` (standard input) or the
//! argument itself. Errors name the flag, never the value, and never a path or variable name
//! that could be a secret typed in the wrong place.

use super::SECRET_LIMIT;
use super::input::Input;
use crate::error::{CliError, Result};
use std::fs::File;
use ucrypto::aes::KEY_LENGTHS;
use zeroize::Zeroizing;

/// A secret value from `@FILE`, `env:VAR`, `-` (standard input), or the argument itself.
/// The bytes are wiped when dropped.
pub fn secret(flag: &str, spec: &str) -> Result<Zeroizing<Vec<u8>>> {
    if let Some(path) = spec.strip_prefix('@') {
        return read_file(flag, path);
    }
    if spec == "-" {
        return Input::stdin(&format!("the value of {flag}"), "standard input")?
            .read_bounded(SECRET_LIMIT, &format!("the value of {flag}"));
    }
    if let Some(var) = spec.strip_prefix("env:") {
        return std::env::var_os(var)
            .map(|v| Zeroizing::new(v.into_encoded_bytes()))
            // The name is not repeated: it may be a secret typed after the wrong prefix.
            .ok_or_else(|| {
                CliError::input(format!(
                    "the environment variable given to {flag} (env:...) is not set"
                ))
            });
    }
    Ok(Zeroizing::new(spec.as_bytes().to_vec()))
}

/// The secret in the file at `path`, read up to [`SECRET_LIMIT`]. A failure names the flag,
/// not the path, which may be a mistyped secret.
fn read_file(flag: &str, path: &str) -> Result<Zeroizing<Vec<u8>>> {
    let file = File::open(path).map_err(|e| {
        CliError::input(format!(
            "cannot read the file given to {flag}: {}",
            e.kind()
        ))
    })?;
    Input::from_file(file, format!("the file given to {flag}"))
        .read_bounded(SECRET_LIMIT, &format!("the value of {flag}"))
}

/// The password of an encrypted key, from an OpenSSL-style source: `pass:TEXT`, `env:VAR`,
/// `file:PATH` or `@FILE` (its first line), or `-` (the first line of standard input).
pub fn password(spec: Option<&str>) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let Some(spec) = spec else { return Ok(None) };
    let value = if let Some(text) = spec.strip_prefix("pass:") {
        Zeroizing::new(text.as_bytes().to_vec())
    } else if let Some(path) = spec.strip_prefix("file:") {
        first_line(&read_file("--passin", path)?)
    } else if spec.starts_with('@') || spec == "-" {
        first_line(&secret("--passin", spec)?)
    } else if spec.starts_with("env:") {
        secret("--passin", spec)?
    } else {
        return Err(CliError::input(
            "--passin takes pass:TEXT, env:VAR, file:PATH, @FILE or - (standard input)",
        ));
    };
    Ok(Some(value))
}

fn first_line(text: &[u8]) -> Zeroizing<Vec<u8>> {
    let line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    Zeroizing::new(line.strip_suffix(b"\r").unwrap_or(line).to_vec())
}

/// An AES key: hex inline or in `env:VAR`; from `@FILE` or `-`, the raw bytes when there are
/// exactly 16, 24 or 32 of them (a binary key file), else hex text. The rule is by length so
/// that a file is never read one way when it was written the other.
pub fn aes_key(flag: &str, spec: &str) -> Result<Zeroizing<Vec<u8>>> {
    let from_file = spec.starts_with('@') || spec == "-";
    let raw = secret(flag, spec)?;
    if from_file && KEY_LENGTHS.contains(&raw.len()) {
        return Ok(raw);
    }
    std::str::from_utf8(&raw)
        .ok()
        .and_then(|t| hex::decode(t.trim()).ok())
        .map(Zeroizing::new)
        .ok_or_else(|| {
            let forms = if from_file {
                "the file must hold 16, 24 or 32 raw bytes, or the key as hex"
            } else {
                "give it as hex (e.g. 00112233...), @FILE, env:VAR or -"
            };
            CliError::input(format!("{flag} is not a key: {forms}"))
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn keys_come_from_env_files_and_inline_never_echoed() {
        let dir = tempfile::tempdir().unwrap();
        let hex_file = dir.path().join("k.hex");
        std::fs::write(&hex_file, b"00112233\n").unwrap();
        let spec = format!("@{}", hex_file.display());
        assert_eq!(
            aes_key("--key", &spec).unwrap().as_slice(),
            [0, 0x11, 0x22, 0x33]
        );
        // 32 bytes that happen to be hex characters: a raw AES-256 key, not 16 bytes of hex
        let raw_file = dir.path().join("k.raw");
        std::fs::write(&raw_file, b"0123456789abcdef0123456789abcdef").unwrap();
        let raw = aes_key("--key", &format!("@{}", raw_file.display())).unwrap();
        assert_eq!(raw.as_slice(), b"0123456789abcdef0123456789abcdef");
        assert_eq!(aes_key("--key", "aabb").unwrap().as_slice(), [0xaa, 0xbb]);
        let err = aes_key("--key", "not-hex-secret").unwrap_err().to_string();
        assert!(!err.contains("not-hex-secret"), "{err}");
        let err = secret("--key", "env:UCRYPTO_TEST_SURELY_UNSET")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not set") && !err.contains("SURELY"), "{err}");
        let err = secret("--passin", "env:hunter2!").unwrap_err().to_string();
        assert!(!err.contains("hunter2"), "{err}");
        let err = password(Some("file:hunter2-as-a-path"))
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
        let err = password(Some("@hunter2-as-a-path"))
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
    }
}
