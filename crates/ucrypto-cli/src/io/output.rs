//! Outputs: standard output, or files written the way GnuPG and OpenSSH write keys.
//!
//! A new file is created next to its target under an unpredictable name with `O_EXCL` (so
//! never through a link, never into a file someone else made), readable by the owner only
//! from the first byte, synced, and renamed into place only when whole. Until then it is
//! registered for removal on SIGINT, SIGTERM and SIGHUP, and it is removed when dropped.
//! A target that is not a regular file (`/dev/null`, a terminal, the caller's own pipe) is
//! written in place instead, since renaming over it would replace the device.

use crate::error::{CliError, INTERRUPTED_BASE, Result, one_line, shown_path};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

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

/// Partial output files to remove if a signal ends the run.
static PARTIAL: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn partial() -> MutexGuard<'static, Vec<PathBuf>> {
    PARTIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The signals this process was started with set to be ignored (`nohup`, a background job
/// of a non-interactive shell): they stay ignored, as in coreutils.
fn ignored_at_start() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let mask = status.lines().find_map(|l| l.strip_prefix("SigIgn:"))?;
            u64::from_str_radix(mask.trim(), 16).ok()
        })
        .unwrap_or(0)
}

/// Removes partial output files when SIGINT, SIGTERM or SIGHUP arrives, then ends the process
/// with 128 + the signal's number, as a shell reports a process killed by it. Signals that
/// were ignored when the process started are left ignored.
pub fn remove_partial_files_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let ignored = ignored_at_start();
    let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|&s| ignored & (1u64 << (s - 1)) == 0)
        .collect();
    if wanted.is_empty() {
        return;
    }
    let Ok(mut signals) = signal_hook::iterator::Signals::new(wanted) else {
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
                self::note(&format!("ucrypto: interrupted by signal {signal}{note}"));
                std::process::exit(INTERRUPTED_BASE + signal);
            }
        });
    drop(spawned);
}

/// Whether an output may replace a file already at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Refuse if the path exists (`--force` not given).
    Never,
    /// Replace whatever regular file or link is there, atomically; a link is replaced, not
    /// followed.
    Allowed,
}

impl Replace {
    /// What `--force` asks for.
    #[must_use]
    pub fn forced(force: bool) -> Self {
        if force { Self::Allowed } else { Self::Never }
    }
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
/// Writes go straight to the file: no buffer keeps a copy of a key or of plaintext.
pub struct OutputFile {
    file: tempfile::NamedTempFile,
    /// Where the file goes on success.
    path: PathBuf,
    replace: Replace,
    _registration: Registration,
}

impl OutputFile {
    /// Creates the file aside `target`, in the same directory.
    fn create(target: &Path, replace: Replace) -> Result<Self> {
        let dir = parent(target);
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
            file,
            path: target.to_owned(),
            replace,
        })
    }

    fn write(&mut self, data: &[u8]) -> Result {
        self.file
            .write_all(data)
            .map_err(|e| CliError::io("write", &self.path.display().to_string(), &e))
    }

    /// Syncs the file and renames it to its path: the file appears there whole, or not at
    /// all. Returns the file's (device, inode).
    fn commit(self) -> Result<(u64, u64)> {
        let shown = self.path.display().to_string();
        self.file
            .as_file()
            .sync_all()
            .map_err(|e| CliError::io("sync", &shown, &e))?;
        let identity = self
            .file
            .as_file()
            .metadata()
            .map(|m| (m.dev(), m.ino()))
            .map_err(|e| CliError::io("stat", &shown, &e))?;
        // Hold the registry while renaming, so a signal cannot remove the file half-way.
        let mut registry = partial();
        let temp_path = self.file.path().to_owned();
        let persisted = match self.replace {
            Replace::Allowed => self.file.persist(&self.path).map(drop),
            Replace::Never => self.file.persist_noclobber(&self.path).map(drop),
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
        if let Ok(d) = File::open(parent(&self.path)) {
            let _ = d.sync_all();
        }
        Ok(identity)
    }
}

/// The directory a path's file is in (`.` for a bare name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn exists(path: &str) -> CliError {
    CliError::input(format!(
        "{} exists; pass --force to replace it",
        shown_path(path)
    ))
}

/// Where output goes: standard output, a private file renamed into place on success, or a
/// special file written in place.
pub enum Output {
    /// Standard output.
    Stdout(std::io::StdoutLock<'static>),
    /// A new private file.
    File(OutputFile),
    /// A character device, or a pipe of our own (what `/dev/stdout` may lead to).
    Special(File, String),
}

impl Output {
    /// Standard output for `None` or `-`; else the file at the path, under `replace`.
    pub fn open(path: Option<&str>, replace: Replace) -> Result<Self> {
        let Some(path) = path.filter(|p| *p != "-") else {
            return Ok(Self::Stdout(std::io::stdout().lock()));
        };
        let target = Path::new(path);
        let Ok(link) = target.symlink_metadata() else {
            // Nothing there now; if something appears before the rename, it is not replaced.
            return OutputFile::create(target, Replace::Never).map(Self::File);
        };
        match target.metadata() {
            Ok(meta) if meta.file_type().is_dir() => Err(CliError::input(format!(
                "{path} is a directory; name a file"
            ))),
            Ok(meta) if !meta.file_type().is_file() => Self::special(path, &meta),
            // A regular file, or a link (dangling or to a regular file), which is replaced.
            _ if replace == Replace::Never || !(link.is_file() || link.is_symlink()) => {
                Err(exists(path))
            }
            _ => OutputFile::create(target, Replace::Allowed).map(Self::File),
        }
    }

    /// A special file: written in place, not replaced; only a device, or a pipe or socket
    /// of our own (a pipe planted in a shared directory by someone else would read what we
    /// write).
    fn special(path: &str, meta: &std::fs::Metadata) -> Result<Self> {
        let ours = meta.uid() == own_uid();
        let device = meta.file_type().is_char_device();
        if !device && !ours {
            return Err(CliError::input(format!(
                "{path} is a pipe or socket of another user; refusing to write into it"
            )));
        }
        OpenOptions::new()
            .write(true)
            .open(path)
            .map(|file| Self::Special(file, path.to_owned()))
            .map_err(|e| CliError::io("open", path, &e))
    }

    /// Appends `data`.
    pub fn write(&mut self, data: &[u8]) -> Result {
        match self {
            Self::Stdout(out) => out
                .write_all(data)
                .map_err(|e| CliError::io("write", "standard output", &e)),
            Self::File(file) => file.write(data),
            Self::Special(file, name) => file
                .write_all(data)
                .map_err(|e| CliError::io("write", name, &e)),
        }
    }

    /// Finishes the output: flushes standard output, or commits the file. Returns the
    /// file's (device, inode) when it made one.
    pub fn finish(self) -> Result<Option<(u64, u64)>> {
        match self {
            Self::Stdout(mut out) => out
                .flush()
                .map(|()| None)
                .map_err(|e| CliError::io("write", "standard output", &e)),
            Self::File(file) => file.commit().map(Some),
            Self::Special(..) => Ok(None),
        }
    }
}

/// The effective user id of this process, from `/proc/self/status`.
fn own_uid() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find_map(|l| l.strip_prefix("Uid:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(u32::MAX)
}

/// Whether `path` now leads to the file with this (device, inode), as two names of one file
/// on a case-insensitive disk or through a bind mount do.
pub fn is_same_file(path: &str, identity: (u64, u64)) -> bool {
    std::fs::metadata(path).is_ok_and(|m| (m.dev(), m.ino()) == identity)
}

/// Whether two output paths name the same file: the same string, the same file once
/// resolved, or the same name in the same resolved directory.
pub fn same_destination(a: &str, b: &str) -> bool {
    fn resolved(p: &str) -> Option<PathBuf> {
        let path = Path::new(p);
        Some(parent(path).canonicalize().ok()?.join(path.file_name()?))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn same_destination_sees_through_spellings() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("k.pem");
        let b = format!("{}/./k.pem", dir.path().display());
        assert!(same_destination(&a.display().to_string(), &b));
        assert!(!same_destination(&a.display().to_string(), "other.pem"));
    }

    #[test]
    fn two_names_of_one_file_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::write(&a, b"x").unwrap();
        std::fs::hard_link(&a, dir.path().join("b")).unwrap();
        let meta = std::fs::metadata(&a).unwrap();
        let id = (meta.dev(), meta.ino());
        assert!(is_same_file(
            &dir.path().join("b").display().to_string(),
            id
        ));
        assert!(!is_same_file(
            &dir.path().join("c").display().to_string(),
            id
        ));
    }

    #[test]
    fn parents_of_bare_names_are_the_current_directory() {
        assert_eq!(parent(Path::new("k.pem")), Path::new("."));
        assert_eq!(parent(Path::new("keys/k.pem")), Path::new("keys"));
        assert_eq!(parent(Path::new("/k.pem")), Path::new("/"));
    }

    #[test]
    fn links_and_distinct_files_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name).display().to_string();
        std::fs::write(at("k.pem"), b"k").unwrap();
        std::fs::write(at("p.pem"), b"p").unwrap();
        std::os::unix::fs::symlink(at("k.pem"), at("link")).unwrap();
        assert!(same_destination(&at("link"), &at("k.pem")));
        assert!(!same_destination(&at("p.pem"), &at("k.pem")));
    }

    /// Our own files are ours: the uid read from /proc is the owner of a file just made.
    #[test]
    fn own_uid_is_the_owner_of_new_files() {
        let file = tempfile::NamedTempFile::new().unwrap();
        assert_eq!(file.as_file().metadata().unwrap().uid(), own_uid());
    }

    #[test]
    fn a_directory_is_not_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().display().to_string();
        for replace in [Replace::Never, Replace::Allowed] {
            let err = Output::open(Some(&path), replace).err().unwrap();
            assert!(
                err.to_string().contains("is a directory; name a file"),
                "{err}"
            );
        }
    }

    /// The signal handler's list holds a partial file exactly while it exists: not after a
    /// commit, nor after a failure drops it.
    #[test]
    fn partial_files_leave_the_list_when_committed_or_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let listed = |p: &Path| partial().iter().any(|q| q == p);
        let file = OutputFile::create(&dir.path().join("a"), Replace::Never).unwrap();
        let temp = file.file.path().to_owned();
        assert!(listed(&temp));
        file.commit().unwrap();
        assert!(!listed(&temp));
        let file = OutputFile::create(&dir.path().join("b"), Replace::Never).unwrap();
        let temp = file.file.path().to_owned();
        drop(file);
        assert!(!listed(&temp) && !temp.exists());
    }

    /// A file that appears at the path while the output is written is not replaced, and the
    /// error says so in the words of any other existing output.
    #[test]
    fn a_file_planted_before_the_commit_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let mut file = OutputFile::create(&target, Replace::Never).unwrap();
        file.write(b"ours").unwrap();
        std::fs::write(&target, b"theirs").unwrap();
        let err = file.commit().unwrap_err();
        assert!(err.to_string().contains("exists; pass --force"), "{err}");
        assert_eq!(std::fs::read(&target).unwrap(), b"theirs");
    }

    #[test]
    fn devices_are_written_in_place_never_replaced() {
        let mut out = Output::open(Some("/dev/null"), Replace::Allowed).unwrap();
        out.write(b"nothing").unwrap();
        assert!(out.finish().unwrap().is_none());
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(meta.file_type().is_char_device());
        assert!(Output::open(Some("/"), Replace::Allowed).is_err());
    }
}
