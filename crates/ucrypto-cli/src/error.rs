//! The command line's error: a message for one line of stderr, and an exit code; and the
//! rules for what of the user's input a message may repeat.

use std::fmt;

/// Exit code for a verification or decryption that failed.
pub const FAILED: u8 = 1;
/// Exit code for bad usage or unusable input (clap uses 2 for usage errors too).
pub const BAD_INPUT: u8 = 2;
/// A run ended by a signal exits with this plus the signal's number, as shells report it.
pub const INTERRUPTED_BASE: i32 = 128;

/// Why a subcommand stopped.
#[derive(Debug)]
pub struct CliError {
    message: String,
    code: u8,
}

impl CliError {
    /// Bad usage or input: exit 2.
    pub fn input(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: BAD_INPUT,
        }
    }

    /// A verification or decryption that did not succeed: exit 1.
    pub fn failed(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: FAILED,
        }
    }

    /// A file that could not be read or written.
    pub fn io(what: &str, path: &str, err: &std::io::Error) -> Self {
        Self::input(format!("cannot {what} {}: {err}", shown_path(path)))
    }

    /// The exit code.
    pub fn code(&self) -> u8 {
        self.code
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A message may quote a file's contents (a PEM label), which must not drive the
        // terminal.
        f.write_str(&one_line(&self.message))
    }
}

impl From<ucrypto::Error> for CliError {
    fn from(err: ucrypto::Error) -> Self {
        match err {
            // A check that failed (exit 1), not a mistake in the input (exit 2).
            ucrypto::Error::DecryptFailed
            | ucrypto::Error::BadPadding
            | ucrypto::Error::InvalidToken(_) => Self::failed(err.to_string()),
            other => Self::input(other.to_string()),
        }
    }
}

/// The result of a subcommand.
pub type Result<T = ()> = std::result::Result<T, CliError>;

/// `text` as one line that cannot drive a terminal: line breaks become spaces and other
/// control characters are escaped. Messages quote files and arguments (a PEM label, a path).
pub fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => line.push(' '),
            c if c.is_control() => line.extend(c.escape_default()),
            c => line.push(c),
        }
    }
    line
}

/// The longest path a message repeats.
const LONGEST_PATH: usize = 160;
/// The longest part (between `/`, `.` and spaces) a path a message repeats may hold; a
/// token's part is longer.
const LONGEST_PART: usize = 40;
/// The shortest run that can be a key: 16 hex digits (64 bits), or 16 base64 characters.
const SHORTEST_KEY: usize = 16;

/// Whether one part of a path reads as a key or a token part rather than a name: hex digits
/// only, or base64 with digits among mixed-case letters (where names have separators and
/// words), or base64 padding, or a JWT's `{"` (`eyJ`) start.
fn reads_as_a_secret(part: &str) -> bool {
    let long = part.len() >= SHORTEST_KEY;
    let hex = part.bytes().all(|b| b.is_ascii_hexdigit());
    let base64 = part
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+=_-".contains(&b));
    let digits = part.bytes().filter(u8::is_ascii_digit).count();
    let mixed_case = part.bytes().any(|b| b.is_ascii_uppercase())
        && part.bytes().any(|b| b.is_ascii_lowercase());
    part.len() >= LONGEST_PART
        || (long && hex)
        || (long && base64 && digits >= 3 && mixed_case)
        || (base64 && part.len() >= 4 && part.ends_with('='))
        || (part.starts_with("eyJ") && long)
}

/// A path as a message names it: as given when it could be a path, else by its length. A
/// value pasted where a path belongs (a token after `--pub`, a key after `--in`) may be a
/// secret.
pub fn shown_path(path: &str) -> String {
    let could_be_a_path = path.len() <= LONGEST_PATH
        && !path.chars().any(char::is_control)
        && !path.contains("-----")
        && !path.split(['/', '.', ' ']).any(reads_as_a_secret);
    if could_be_a_path {
        path.to_owned()
    } else {
        format!(
            "the path given ({} characters, not repeated: it reads as a key or token)",
            path.chars().count()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{CliError, shown_path};

    #[test]
    fn paths_are_repeated_only_when_they_could_be_paths() {
        for path in [
            "private.pem",
            "/etc/ucrypto/keys/device-0042_pub.pem",
            "../shared/keys/a b.pem",
            "rsa2048_pkcs8_aes256.pem",
            "fleet/2026-11-29/device-keys.json",
            "deadbeef.bin",
            "-",
        ] {
            assert_eq!(shown_path(path), path);
        }
        let token = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        for value in [
            token.to_owned(),
            "eyJhbGciOiJSUzI1NiJ9".to_owned(),
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff".to_owned(),
            "-----BEGIN PRIVATE KEY-----".to_owned(),
            "key\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC".to_owned(),
            "a/".repeat(81),
            "00112233445566778899aabbccddeeff".to_owned(),
            "ABEiM0RVZneImaq7zN3u/w==".to_owned(),
            "keys/AbCdEf0123456789xyz".to_owned(),
        ] {
            let shown = shown_path(&value);
            assert!(
                shown.contains(&format!("({} characters", value.len())),
                "{shown}"
            );
            assert!(!shown.contains(&value[..6]), "{shown}");
        }
    }

    #[test]
    fn messages_are_one_line_without_control_characters() {
        let err = CliError::input("label \u{1b}]2;owned\u{7}\nnext line");
        let shown = err.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert!(
            shown.contains("\\u{1b}") && shown.contains("next line"),
            "{shown}"
        );
    }
}
