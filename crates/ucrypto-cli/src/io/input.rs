//! Inputs: files or standard input, read in chunks or whole up to a stated bound.

use crate::error::{CliError, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fs::File;
use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use zeroize::Zeroizing;

/// Streams are read and written this much at a time.
pub const CHUNK: usize = 1 << 20;
/// Inputs at least this large get a progress bar, when stderr is a terminal.
const PROGRESS_FROM: u64 = 16 << 20;

/// Set once something has read standard input: a second reader would get nothing.
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// Standard input, for `what`, unless something else already took it. Read without a
/// user-space buffer (through `/dev/stdin` where there is one), so that no copy of a secret
/// is left in a buffer we cannot wipe.
pub(super) fn take_stdin(what: &str) -> Result<Box<dyn Read>> {
    if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
        return Err(CliError::input(format!(
            "{what} cannot come from standard input: it is already used for another value; \
             give one of them as a file"
        )));
    }
    Ok(match File::open("/dev/stdin") {
        Ok(file) => Box::new(file),
        Err(_) => Box::new(std::io::stdin()),
    })
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
            None | Some("-") => Self::stdin("the input", "standard input"),
            Some(p) => Self::open_file(p, "open"),
        }
    }

    /// Standard input, named `name` in messages.
    pub(super) fn stdin(what: &str, name: &str) -> Result<Self> {
        Ok(Self {
            reader: take_stdin(what)?,
            name: name.to_owned(),
            len: None,
        })
    }

    /// The file at `path`; a failure says "cannot {verb} {path}: ...".
    pub(super) fn open_file(path: &str, verb: &str) -> Result<Self> {
        let file = File::open(path).map_err(|e| CliError::io(verb, path, &e))?;
        Ok(Self::from_file(file, path.to_owned()))
    }

    /// An open file, named `name` in messages.
    pub(super) fn from_file(file: File, name: String) -> Self {
        let len = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        Self {
            reader: Box::new(file),
            name,
            len,
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
    /// `limit` means the input was too long, and the caller says for what. The buffer is
    /// sized up front (never regrown, which would leave copies behind) and wiped on drop.
    pub fn read_upto(mut self, limit: usize) -> Result<Zeroizing<Vec<u8>>> {
        let expected = self.len.map_or(limit, |len| {
            usize::try_from(len).unwrap_or(limit).min(limit)
        });
        let mut data = Zeroizing::new(Vec::with_capacity(expected + 1));
        (&mut self.reader)
            .take(limit as u64 + 1)
            .read_to_end(&mut data)
            .map_err(|e| CliError::io("read", &self.name, &e))?;
        Ok(data)
    }

    /// Reads the input whole, up to `limit` bytes; a longer input is refused (exit 2) with
    /// `what` and the limit in the message.
    pub fn read_bounded(self, limit: usize, what: &str) -> Result<Zeroizing<Vec<u8>>> {
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
        let len = match self.len {
            Some(len) if shows_progress(len, std::io::stderr().is_terminal()) => len,
            _ => return ProgressBar::hidden(),
        };
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
        {
            bar.set_style(style);
        }
        bar
    }
}

/// Whether reading a file of `len` bytes gets a progress bar: a long one, with a terminal to
/// draw it on.
fn shows_progress(len: u64, terminal: bool) -> bool {
    len >= PROGRESS_FROM && terminal
}

/// Reads a file or standard input whole, up to `limit` bytes.
pub fn read_bounded(path: Option<&str>, limit: usize, what: &str) -> Result<Zeroizing<Vec<u8>>> {
    Input::open(path)?.read_bounded(limit, what)
}

/// A value given as an argument: `@FILE` reads the file, anything else is the value itself;
/// either way at most `limit` bytes, else refused naming `what`.
pub fn value_arg(arg: &str, limit: usize, what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let value = match arg.strip_prefix('@') {
        Some(path) => return read_bounded(Some(path), limit, what),
        None => Zeroizing::new(arg.as_bytes().to_vec()),
    };
    if value.len() > limit {
        return Err(CliError::input(format!(
            "{what} is longer than {limit} bytes, more than it can be"
        )));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A reader that is interrupted before each piece, then ends, or fails with `then`.
    struct Flaky {
        pieces: Vec<&'static [u8]>,
        interrupt: bool,
        then: Option<std::io::ErrorKind>,
    }

    impl Read for Flaky {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.interrupt = !self.interrupt;
            if self.interrupt {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            match self.pieces.pop() {
                Some(piece) => {
                    buf[..piece.len()].copy_from_slice(piece);
                    Ok(piece.len())
                }
                None => self.then.map_or(Ok(0), |kind| Err(kind.into())),
            }
        }
    }

    fn flaky(pieces: Vec<&'static [u8]>, then: Option<std::io::ErrorKind>) -> Input {
        Input {
            reader: Box::new(Flaky {
                pieces,
                interrupt: false,
                then,
            }),
            name: "the test input".into(),
            len: None,
        }
    }

    #[test]
    fn interrupted_reads_are_retried_and_errors_reported() {
        let mut buf = [0u8; 8];
        let mut whole = flaky(vec![b"def", b"abc"], None);
        assert_eq!(whole.read_full(&mut buf).unwrap(), 6);
        assert_eq!(&buf[..6], b"abcdef");
        let mut failing = flaky(vec![b"abc"], Some(std::io::ErrorKind::PermissionDenied));
        let err = failing.read_full(&mut buf).unwrap_err();
        assert!(err.to_string().contains("the test input"), "{err}");
    }

    #[test]
    fn only_long_files_on_a_terminal_get_a_progress_bar() {
        assert!(shows_progress(16 << 20, true));
        assert!(shows_progress(u64::MAX, true));
        assert!(!shows_progress((16 << 20) - 1, true));
        assert!(!shows_progress(1 << 20, true));
        assert!(!shows_progress(16 << 20, false));
    }

    #[test]
    fn limits_admit_their_maximum_and_no_more() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"four").unwrap();
        let path = path.display().to_string();
        assert_eq!(&*read_bounded(Some(&path), 4, "it").unwrap(), b"four");
        let err = read_bounded(Some(&path), 3, "the key").unwrap_err();
        assert!(err.to_string().contains("the key"), "{err}");
        assert_eq!(&*value_arg("four", 4, "it").unwrap(), b"four");
        assert_eq!(&*value_arg(&format!("@{path}"), 4, "it").unwrap(), b"four");
        for arg in ["four".to_owned(), format!("@{path}")] {
            let err = value_arg(&arg, 3, "the token").unwrap_err();
            assert!(err.to_string().contains("longer than 3 bytes"), "{err}");
        }
    }
}
