//! Standard output and standard error: bytes, JSON, and one-line notes.

use crate::error::{CliError, Result, one_line};
use std::io::Write;

/// Writes bytes to standard output.
pub fn write_stdout(data: &[u8]) -> Result {
    let mut out = std::io::stdout().lock();
    out.write_all(data)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("write", "standard output", &e))
}

/// `value` as indented JSON and a newline on standard output.
pub fn write_json(value: &serde_json::Value) -> Result {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| CliError::input(e.to_string()))?;
    text.push('\n');
    write_stdout(text.as_bytes())
}

/// A line on standard error, through [`one_line`]. A failed write is ignored: there is
/// nowhere left to report it.
pub fn note(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", one_line(text));
}
