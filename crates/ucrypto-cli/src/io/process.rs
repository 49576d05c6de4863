//! What the kernel says of this process, from `/proc/self/status`: its effective user id
//! and the signals it was started with set to be ignored.

/// One field of `/proc/self/status`, after its `Name:`.
fn status_field(name: &str) -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
        .map(|value| value.trim().to_owned())
}

/// The effective user id of this process.
pub(super) fn own_uid() -> u32 {
    status_field("Uid")
        .and_then(|ids| ids.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(u32::MAX)
}

/// The signals this process was started with set to be ignored (`nohup`, a background job
/// of a non-interactive shell), as a mask of bit `signal - 1`.
pub(super) fn ignored_at_start() -> u64 {
    status_field("SigIgn")
        .and_then(|mask| u64::from_str_radix(&mask, 16).ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::os::unix::fs::MetadataExt;

    /// Our own files are ours: the uid read from /proc is the owner of a file just made.
    #[test]
    fn own_uid_is_the_owner_of_new_files() {
        let file = tempfile::NamedTempFile::new().unwrap();
        assert_eq!(file.as_file().metadata().unwrap().uid(), own_uid());
    }
}
