//! Every file, stream and terminal the tool touches: bounded inputs, secrets that never need
//! the command line, keys, output files that are private and whole, and the signal handling
//! that removes a partial file.
//!
//! Output files are written the way GnuPG and OpenSSH write keys: created next to the target
//! under an unpredictable name with `O_EXCL` (so never through a link, never into a file
//! someone else made), readable by the owner only from the first byte, synced, and renamed
//! into place only when whole. Until then they are registered for removal on SIGINT, SIGTERM
//! and SIGHUP, and removed when dropped.

use crate::error::{CliError, INTERRUPTED_BASE, Result};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use ucrypto::{RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

/// The most a key file is read: an 8192-bit PEM key is under 7 KiB, and this leaves room
/// for the certificate chains of a bundle.
pub const KEY_FILE_LIMIT: usize = 1 << 20;
/// The most a secret value (an AES key as text, a password) is read.
pub const SECRET_LIMIT: usize = 64 << 10;
/// The most a signature given as text or a file is read (an 8192-bit one in hex is 2 KiB).
pub const SIGNATURE_LIMIT: usize = 64 << 10;
/// The most a JWT is read.
pub const TOKEN_LIMIT: usize = 256 << 10;
/// The most a JSON document (claims, a JWKS) is read.
pub const JSON_LIMIT: usize = 1 << 20;

/// Streams are read and written this much at a time.
pub const CHUNK: usize = 1 << 20;
/// Inputs at least this large get a progress bar, when stderr is a terminal.
const PROGRESS_FROM: u64 = 16 << 20;

// --- inputs -------------------------------------------------------------------------------

/// Set once something has read standard input: a second reader would get nothing.
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

fn take_stdin(what: &str) -> Result<std::io::Stdin> {
    if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
        return Err(CliError::input(format!(
            "{what} cannot come from standard input: it is already used for another value; \
             give one of them as a file"
        )));
    }
    Ok(std::io::stdin())
}

/// An input stream: a file, or standard input for `-` (or no file), with the name to use in
/// messages.
pub struct Input {
    reader: Box<dyn Read>,
    name: String,
    len: Option<u64>,
}

impl Input {
    /// Opens `path`, or standard input for `None` or `-`.
    pub fn open(path: Option<&str>) -> Result<Self> {
        match path {
            None | Some("-") => Ok(Self {
                reader: Box::new(take_stdin("the input")?.lock()),
                name: "standard input".into(),
                len: None,
            }),
            Some(p) => {
                let file = File::open(p).map_err(|e| CliError::io("open", p, &e))?;
                let len = file.metadata().ok().map(|m| m.len());
                Ok(Self {
                    reader: Box::new(file),
                    name: p.to_owned(),
                    len,
                })
            }
        }
    }

    /// Reads until `buf` is full or the input ends; returns how much was read.
    pub fn read_full(&mut self, buf: &mut [u8]) -> Result<usize> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.reader.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(CliError::io("read", &self.name, &e)),
            }
        }
        Ok(filled)
    }

    /// Reads the input whole but never more than `limit` + 1 bytes: a result longer than
    /// `limit` means the input was too long, and the caller says for what.
    pub fn read_upto(mut self, limit: usize) -> Result<Vec<u8>> {
        let mut data = Vec::new();
        (&mut self.reader)
            .take(limit as u64 + 1)
            .read_to_end(&mut data)
            .map_err(|e| CliError::io("read", &self.name, &e))?;
        Ok(data)
    }

    /// Reads the input whole, up to `limit` bytes; a longer input is refused (exit 2) with
    /// `what` and the limit in the message.
    pub fn read_bounded(self, limit: usize, what: &str) -> Result<Vec<u8>> {
        let name = self.name.clone();
        let data = self.read_upto(limit)?;
        if data.len() > limit {
            return Err(CliError::input(format!(
                "{what} ({name}) is longer than {limit} bytes, more than it can be; check that \
                 the right file was given"
            )));
        }
        Ok(data)
    }

    /// Feeds the input to `f` in [`CHUNK`]-sized pieces, in bounded memory.
    pub fn for_each_chunk(mut self, mut f: impl FnMut(&[u8])) -> Result {
        let mut buf = vec![0; CHUNK];
        loop {
            match self.read_full(&mut buf)? {
                0 => return Ok(()),
                n => f(&buf[..n]),
            }
        }
    }

    /// A progress bar for reading this input: drawn on stderr when it is a terminal and the
    /// input is a file of [`PROGRESS_FROM`] bytes or more; hidden otherwise.
    pub fn progress(&self) -> ProgressBar {
        let len = self.len.unwrap_or(0);
        if len < PROGRESS_FROM || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
        {
            bar.set_style(style);
        }
        bar
    }
}

/// Reads a file or standard input whole, up to `limit` bytes.
pub fn read_bounded(path: Option<&str>, limit: usize, what: &str) -> Result<Vec<u8>> {
    Input::open(path)?.read_bounded(limit, what)
}

// --- secrets ------------------------------------------------------------------------------

/// A secret value from `@FILE`, `env:VAR`, `-` (standard input), or the argument itself.
/// Errors name `flag`, never the value; the bytes are wiped when dropped.
pub fn secret(flag: &str, spec: &str) -> Result<Zeroizing<Vec<u8>>> {
    if let Some(path) = spec.strip_prefix('@') {
        return read_secret_file(flag, Some(path));
    }
    if spec == "-" {
        return read_secret_file(flag, None);
    }
    if let Some(var) = spec.strip_prefix("env:") {
        return std::env::var_os(var)
            .map(|v| Zeroizing::new(v.into_encoded_bytes()))
            .ok_or_else(|| {
                CliError::input(format!(
                    "{flag} env:{}: the variable is not set",
                    ucrypto::names::clip(var)
                ))
            });
    }
    Ok(Zeroizing::new(spec.as_bytes().to_vec()))
}

fn read_secret_file(flag: &str, path: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
    let what = format!("the value of {flag}");
    let input = match path {
        Some(p) => Input::open(Some(p))?,
        None => Input {
            reader: Box::new(take_stdin(&what)?.lock()),
            name: "standard input".into(),
            len: None,
        },
    };
    input.read_bounded(SECRET_LIMIT, &what).map(Zeroizing::new)
}

/// The password of an encrypted key, from an OpenSSL-style source: `pass:TEXT`, `env:VAR`,
/// `file:PATH` or `@FILE` (its first line), or `-` (the first line of standard input).
pub fn password(spec: Option<&str>) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let Some(spec) = spec else { return Ok(None) };
    let value = if let Some(text) = spec.strip_prefix("pass:") {
        Zeroizing::new(text.as_bytes().to_vec())
    } else if let Some(path) = spec.strip_prefix("file:") {
        first_line(secret("--passin", &format!("@{path}"))?)
    } else if spec.starts_with('@') || spec == "-" {
        first_line(secret("--passin", spec)?)
    } else if spec.starts_with("env:") {
        secret("--passin", spec)?
    } else {
        return Err(CliError::input(
            "--passin takes pass:TEXT, env:VAR, file:PATH, @FILE or - (standard input)",
        ));
    };
    Ok(Some(value))
}

fn first_line(text: Zeroizing<Vec<u8>>) -> Zeroizing<Vec<u8>> {
    let line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    Zeroizing::new(line.strip_suffix(b"\r").unwrap_or(line).to_vec())
}

/// A binary value given as hex text or as a secret source: hex inline, `@FILE` (raw bytes or
/// hex text), `env:VAR` (hex) or `-` (raw bytes or hex on standard input).
pub fn hex_secret(flag: &str, spec: &str) -> Result<Zeroizing<Vec<u8>>> {
    let from_file = spec.starts_with('@') || spec == "-";
    let raw = secret(flag, spec)?;
    if let Some(decoded) = std::str::from_utf8(&raw)
        .ok()
        .and_then(|t| hex::decode(t.trim()).ok())
    {
        return Ok(Zeroizing::new(decoded));
    }
    if from_file {
        return Ok(raw);
    }
    Err(CliError::input(format!(
        "{flag} must be hex (e.g. 00112233...), @FILE, env:VAR or -"
    )))
}

// --- keys ---------------------------------------------------------------------------------

/// A key file's bytes, read up to [`KEY_FILE_LIMIT`] and wiped when dropped.
pub fn read_key(path: &str) -> Result<Zeroizing<Vec<u8>>> {
    let file = File::open(path).map_err(|e| CliError::io("read key file", path, &e))?;
    let input = Input {
        reader: Box::new(file),
        name: path.to_owned(),
        len: None,
    };
    input
        .read_bounded(KEY_FILE_LIMIT, "the key file")
        .map(Zeroizing::new)
}

/// The private key in the file at `path`, decrypted with the password from `passin`.
pub fn private_key(path: &str, passin: Option<&str>) -> Result<Arc<RsaPrivateKey>> {
    let text = read_key(path)?;
    let password = password(passin)?;
    Ok(ucrypto::cache::private_key(
        &text,
        password.as_ref().map(|p| p.as_slice()),
    )?)
}

/// The public key in the file at `path`.
pub fn public_key(path: &str) -> Result<Arc<RsaPublicKey>> {
    let text = read_key(path)?;
    Ok(ucrypto::cache::public_key(&text)?)
}

// --- outputs ------------------------------------------------------------------------------

/// Writes bytes to standard output.
pub fn write_stdout(data: &[u8]) -> Result {
    let mut out = std::io::stdout().lock();
    out.write_all(data)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("write", "standard output", &e))
}

/// Partial output files to remove if a signal ends the run.
static PARTIAL: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn partial() -> MutexGuard<'static, Vec<PathBuf>> {
    PARTIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes partial output files when SIGINT, SIGTERM or SIGHUP arrives, then ends the process
/// with 128 + the signal's number, as a shell reports a process killed by it.
pub fn remove_partial_files_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let files = partial();
                for path in files.iter() {
                    let _ = std::fs::remove_file(path);
                }
                let note = if files.is_empty() {
                    String::new()
                } else {
                    "; the partial output was removed".to_owned()
                };
                eprintln!("ucrypto: interrupted by signal {signal}{note}");
                std::process::exit(INTERRUPTED_BASE + signal);
            }
        });
    drop(spawned);
}

/// Whether an output file may replace a file already at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Refuse if the path exists (`--force` not given).
    Never,
    /// Replace whatever is there, atomically; a link at the path is replaced, not followed.
    Allowed,
}

/// A partial file's entry in the signal handler's list, removed when dropped (the file
/// itself is removed by tempfile when it drops uncommitted).
struct Registration(PathBuf);

impl Drop for Registration {
    fn drop(&mut self) {
        partial().retain(|p| *p != self.0);
    }
}

/// A file being written aside, private, and renamed to its path only by [`OutputFile::commit`].
pub struct OutputFile {
    writer: BufWriter<tempfile::NamedTempFile>,
    /// Where the file goes on success.
    path: PathBuf,
    replace: Replace,
    _registration: Registration,
}

impl OutputFile {
    /// Creates the file aside `path`, in the same directory.
    pub fn create(path: &str, replace: Replace) -> Result<Self> {
        let target = Path::new(path);
        if replace == Replace::Never && target.symlink_metadata().is_ok() {
            return Err(exists(path));
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // tempfile's own random suffix is not from a CSPRNG; this prefix is.
        let mut nonce = [0u8; 12];
        ucrypto::fill_random(&mut nonce)?;
        let prefix = format!(".{}.{}.", ucrypto::names::clip(&name), hex::encode(nonce));
        let mut registry = partial();
        // create_new (O_CREAT|O_EXCL) and mode 0600 from the first byte: tempfile's defaults.
        let file = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".partial")
            .tempfile_in(dir)
            .map_err(|e| CliError::io("create a file in", &dir.display().to_string(), &e))?;
        registry.push(file.path().to_owned());
        Ok(Self {
            _registration: Registration(file.path().to_owned()),
            writer: BufWriter::with_capacity(CHUNK, file),
            path: target.to_owned(),
            replace,
        })
    }

    /// Appends `data`.
    pub fn write(&mut self, data: &[u8]) -> Result {
        self.writer
            .write_all(data)
            .map_err(|e| CliError::io("write", &self.path.display().to_string(), &e))
    }

    /// Flushes and syncs the file and renames it to its path: the file appears there whole,
    /// or not at all.
    pub fn commit(self) -> Result {
        let shown = self.path.display().to_string();
        let file = self
            .writer
            .into_inner()
            .map_err(|e| CliError::io("write", &shown, e.error()))?;
        file.as_file()
            .sync_all()
            .map_err(|e| CliError::io("sync", &shown, &e))?;
        // Hold the registry while renaming, so a signal cannot remove the file half-way.
        let mut registry = partial();
        let temp_path = file.path().to_owned();
        let persisted = match self.replace {
            Replace::Allowed => file.persist(&self.path).map(drop),
            Replace::Never => file.persist_noclobber(&self.path).map(drop),
        };
        registry.retain(|p| *p != temp_path);
        drop(registry);
        persisted.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                exists(&shown)
            } else {
                CliError::io("rename the output to", &shown, &e.error)
            }
        })?;
        // Make the rename itself durable.
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

fn exists(path: &str) -> CliError {
    CliError::input(format!("{path} exists; pass --force to replace it"))
}

/// Writes `data` to a new file at `path` (see [`OutputFile`]).
pub fn write_file(path: &str, data: &[u8], replace: Replace) -> Result {
    let mut out = OutputFile::create(path, replace)?;
    out.write(data)?;
    out.commit()
}

/// Whether two output paths name the same file: the same string, the same file once
/// resolved, or the same name in the same resolved directory.
pub fn same_destination(a: &str, b: &str) -> bool {
    fn resolved(p: &str) -> Option<PathBuf> {
        let path = Path::new(p);
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(dir.canonicalize().ok()?.join(path.file_name()?))
    }
    if a == b {
        return true;
    }
    if let (Ok(x), Ok(y)) = (Path::new(a).canonicalize(), Path::new(b).canonicalize())
        && x == y
    {
        return true;
    }
    matches!((resolved(a), resolved(b)), (Some(x), Some(y)) if x == y)
}

/// Where a stream's output goes: standard output, or an [`OutputFile`].
pub enum Output {
    /// Standard output, buffered.
    Stdout(BufWriter<std::io::StdoutLock<'static>>),
    /// A private file renamed into place on success.
    File(OutputFile),
}

impl Output {
    /// Standard output for `None` or `-`, else a new private file (replacing one already there).
    pub fn open(path: Option<&str>) -> Result<Self> {
        match path {
            None | Some("-") => Ok(Self::Stdout(BufWriter::with_capacity(
                CHUNK,
                std::io::stdout().lock(),
            ))),
            Some(p) => OutputFile::create(p, Replace::Allowed).map(Self::File),
        }
    }

    /// Appends `data`.
    pub fn write(&mut self, data: &[u8]) -> Result {
        match self {
            Self::Stdout(out) => out
                .write_all(data)
                .map_err(|e| CliError::io("write", "standard output", &e)),
            Self::File(file) => file.write(data),
        }
    }

    /// Finishes the output: flushes standard output, or commits the file.
    pub fn finish(self) -> Result {
        match self {
            Self::Stdout(mut out) => out
                .flush()
                .map_err(|e| CliError::io("write", "standard output", &e)),
            Self::File(file) => file.commit(),
        }
    }
}

// --- text encodings -----------------------------------------------------------------------

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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn decode_exact_reads_every_encoding_of_the_right_length() {
        let value: Vec<u8> = (0..32).collect();
        for text in [
            hex::encode(&value),
            STANDARD.encode(&value),
            URL_SAFE_NO_PAD.encode(&value),
            format!("  {}\n", STANDARD_NO_PAD.encode(&value)),
        ] {
            assert_eq!(
                decode_exact(text.as_bytes(), 32),
                Some(value.clone()),
                "{text}"
            );
        }
        assert_eq!(decode_exact(&value, 32), Some(value.clone()));
        assert_eq!(decode_exact(b"00ff", 32), None);
        assert_eq!(decode_exact(&[0xff; 7], 32), None);
    }

    #[test]
    fn secrets_come_from_env_files_and_inline() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k");
        std::fs::write(&file, b"00112233\n").unwrap();
        let spec = format!("@{}", file.display());
        assert_eq!(
            hex_secret("--key", &spec).unwrap().as_slice(),
            [0, 0x11, 0x22, 0x33]
        );
        assert_eq!(
            hex_secret("--key", "aabb").unwrap().as_slice(),
            [0xaa, 0xbb]
        );
        let err = hex_secret("--key", "not-hex-secret")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("not-hex-secret"), "{err}");
        let err = secret("--key", "env:UCRYPTO_TEST_SURELY_UNSET")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not set"), "{err}");
    }

    #[test]
    fn same_destination_sees_through_spellings() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("k.pem");
        let b = format!("{}/./k.pem", dir.path().display());
        assert!(same_destination(&a.display().to_string(), &b));
        assert!(!same_destination(&a.display().to_string(), "other.pem"));
    }
}
