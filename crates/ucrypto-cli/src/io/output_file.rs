//! A file written the way GnuPG and OpenSSH write keys: created next to its target under an
//! unpredictable name with `O_EXCL` (so never through a link, never into a file someone else
//! made), readable by the owner only from the first byte, registered for removal on a
//! signal, synced, and renamed into place only when whole.

use super::signals::{Registration, partial};
use crate::error::{CliError, Result, shown_path};
use std::fs::File;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

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
    pub(super) fn create(target: &Path, replace: Replace) -> Result<Self> {
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

    pub(super) fn write(&mut self, data: &[u8]) -> Result {
        self.file
            .write_all(data)
            .map_err(|e| CliError::io("write", &self.path.display().to_string(), &e))
    }

    /// Syncs the file and renames it to its path: the file appears there whole, or not at
    /// all. Returns the file's (device, inode).
    pub(super) fn commit(self) -> Result<(u64, u64)> {
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
pub(super) fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The refusal to replace a file without `--force`.
pub(super) fn exists(path: &str) -> CliError {
    CliError::input(format!(
        "{} exists; pass --force to replace it",
        shown_path(path)
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parents_of_bare_names_are_the_current_directory() {
        assert_eq!(parent(Path::new("k.pem")), Path::new("."));
        assert_eq!(parent(Path::new("keys/k.pem")), Path::new("keys"));
        assert_eq!(parent(Path::new("/k.pem")), Path::new("/"));
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
}
