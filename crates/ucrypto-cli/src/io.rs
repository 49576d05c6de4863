//! Reading inputs and keys, writing outputs, and the text encodings the tool speaks.

use crate::error::{CliError, Result};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use std::io::{Read, Write};
use zeroize::Zeroizing;

/// Opens an input: a file, or standard input for `-` (or no file); returns it with the
/// name to use in messages.
fn open_input(path: Option<&str>) -> Result<(Box<dyn Read>, String)> {
    match path {
        None | Some("-") => Ok((Box::new(std::io::stdin().lock()), "standard input".into())),
        Some(p) => {
            let file = std::fs::File::open(p).map_err(|e| CliError::io("open", p, &e))?;
            Ok((Box::new(file), p.to_owned()))
        }
    }
}

/// Reads an input whole, but never more than `limit` + 1 bytes of it: a result longer than
/// `limit` means the input was too long, and the caller says for what.
pub fn read_bounded(path: Option<&str>, limit: usize) -> Result<Vec<u8>> {
    let (input, name) = open_input(path)?;
    let mut data = Vec::new();
    input
        .take(limit as u64 + 1)
        .read_to_end(&mut data)
        .map_err(|e| CliError::io("read", &name, &e))?;
    Ok(data)
}

/// Feeds an input of any size to `f` in 1 MiB pieces, in bounded memory.
pub fn for_each_chunk(path: Option<&str>, mut f: impl FnMut(&[u8])) -> Result {
    let (mut input, name) = open_input(path)?;
    let mut buf = vec![0; 1 << 20];
    loop {
        match input.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => f(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(CliError::io("read", &name, &e)),
        }
    }
}

/// Reads a key file; the bytes are wiped when dropped.
pub fn read_key(path: &str) -> Result<Zeroizing<Vec<u8>>> {
    std::fs::read(path)
        .map(Zeroizing::new)
        .map_err(|e| CliError::io("read key file", path, &e))
}

/// Resolves an OpenSSL-style password source: `pass:TEXT`, `env:VAR` or `file:PATH`
/// (its first line).
pub fn password(spec: Option<&str>) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let Some(spec) = spec else { return Ok(None) };
    let value = if let Some(text) = spec.strip_prefix("pass:") {
        text.as_bytes().to_vec()
    } else if let Some(var) = spec.strip_prefix("env:") {
        std::env::var(var)
            .map_err(|_| CliError::input(format!("--passin env:{var}: the variable is not set")))?
            .into_bytes()
    } else if let Some(path) = spec.strip_prefix("file:") {
        let text = std::fs::read(path).map_err(|e| CliError::io("read password file", path, &e))?;
        let line = text.split(|&b| b == b'\n').next().unwrap_or_default();
        line.strip_suffix(b"\r").unwrap_or(line).to_vec()
    } else {
        return Err(CliError::input(
            "--passin takes pass:TEXT, env:VAR or file:PATH",
        ));
    };
    Ok(Some(Zeroizing::new(value)))
}

/// Writes bytes to standard output.
pub fn write_stdout(data: &[u8]) -> Result {
    let mut out = std::io::stdout().lock();
    out.write_all(data)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("write", "standard output", &e))
}

/// How binary output is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Unpadded base64url, as in JWTs
    Base64url,
    /// Standard base64 with padding
    Base64,
    /// Lower-case hex
    Hex,
    /// The bytes themselves
    Raw,
}

/// Encodes `data`; text formats end with a newline.
pub fn encode(data: &[u8], format: Format) -> Vec<u8> {
    let text = match format {
        Format::Base64url => URL_SAFE_NO_PAD.encode(data),
        Format::Base64 => STANDARD.encode(data),
        Format::Hex => hex::encode(data),
        Format::Raw => return data.to_vec(),
    };
    format!("{text}\n").into_bytes()
}

/// Reads a value that must be exactly `len` bytes, given raw or as hex, base64 or base64url
/// text (with or without padding and surrounding whitespace). The length makes the choice
/// unambiguous.
pub fn decode_exact(data: &[u8], len: usize) -> Option<Vec<u8>> {
    if data.len() == len {
        return Some(data.to_vec());
    }
    let text = std::str::from_utf8(data).ok()?.trim();
    let candidates = [
        hex::decode(text).ok(),
        URL_SAFE_NO_PAD.decode(text).ok(),
        URL_SAFE.decode(text).ok(),
        STANDARD.decode(text).ok(),
        STANDARD_NO_PAD.decode(text).ok(),
    ];
    candidates.into_iter().flatten().find(|v| v.len() == len)
}

/// A hex value given on the command line, or `@FILE` holding raw bytes (or hex text).
pub fn hex_or_file(what: &str, value: &str) -> Result<Zeroizing<Vec<u8>>> {
    if let Some(path) = value.strip_prefix('@') {
        let raw = read_key(path)?;
        if let Some(decoded) = std::str::from_utf8(&raw)
            .ok()
            .and_then(|t| hex::decode(t.trim()).ok())
        {
            return Ok(Zeroizing::new(decoded));
        }
        return Ok(raw);
    }
    hex::decode(value.trim())
        .map(Zeroizing::new)
        .map_err(|_| CliError::input(format!("{what} must be hex (e.g. 00112233...) or @FILE")))
}
