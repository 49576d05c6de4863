//! Where a command's output goes: standard output, a private file renamed into place when
//! whole (`output_file.rs`), or a special file written in place — a target that is not a
//! regular file (`/dev/null`, a terminal, the caller's own pipe) is never replaced, since
//! renaming over it would replace the device.

use super::output_file::{OutputFile, Replace, exists, parent};
use super::process::own_uid;
use crate::error::{CliError, Result};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

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
    fn links_and_distinct_files_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name).display().to_string();
        std::fs::write(at("k.pem"), b"k").unwrap();
        std::fs::write(at("p.pem"), b"p").unwrap();
        std::os::unix::fs::symlink(at("k.pem"), at("link")).unwrap();
        assert!(same_destination(&at("link"), &at("k.pem")));
        assert!(!same_destination(&at("p.pem"), &at("k.pem")));
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
