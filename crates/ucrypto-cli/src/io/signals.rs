//! Partial output files, and the signal handler that removes them: on SIGINT, SIGTERM or
//! SIGHUP every file still being written is removed before the process ends with 128 + the
//! signal's number; signals ignored when the process started stay ignored, as in coreutils.

use super::process::ignored_at_start;
use super::stdout::note;
use crate::error::INTERRUPTED_BASE;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Partial output files to remove if a signal ends the run.
static PARTIAL: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

pub(super) fn partial() -> MutexGuard<'static, Vec<PathBuf>> {
    PARTIAL.lock().unwrap_or_else(PoisonError::into_inner)
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
                let removed = if files.is_empty() {
                    ""
                } else {
                    "; the partial output was removed"
                };
                note(&format!("ucrypto: interrupted by signal {signal}{removed}"));
                std::process::exit(INTERRUPTED_BASE + signal);
            }
        });
    drop(spawned);
}

/// A partial file's entry in the signal handler's list, removed when dropped (the file
/// itself is removed by tempfile when it drops uncommitted).
pub(super) struct Registration(pub(super) PathBuf);

impl Drop for Registration {
    fn drop(&mut self) {
        partial().retain(|p| *p != self.0);
    }
}
