//! The command line's error: a message for one line of stderr, and an exit code.

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
        Self::input(format!("cannot {what} {path}: {err}"))
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
        f.write_str(&crate::io::one_line(&self.message))
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

#[cfg(test)]
mod tests {
    use super::CliError;

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
