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
        // One line, whatever the message holds.
        f.write_str(&self.message.replace('\n', " "))
    }
}

impl From<ucrypto::Error> for CliError {
    fn from(err: ucrypto::Error) -> Self {
        match err {
            ucrypto::Error::DecryptFailed => Self::failed("decryption failed"),
            ucrypto::Error::BadPadding => Self::failed(format!("decryption failed: {err}")),
            ucrypto::Error::InvalidToken(_) => Self::failed(err.to_string()),
            other => Self::input(other.to_string()),
        }
    }
}

/// The result of a subcommand.
pub type Result<T = ()> = std::result::Result<T, CliError>;
