//! The command as a whole: `rand`, shell completions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{fails, ok};

#[test]
fn rand_and_completions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(ok(d, &["rand", "1"], b"").len(), 8 + 1);
    assert_eq!(ok(d, &["rand", "128", "--format", "raw"], b"").len(), 16);
    assert_eq!(ok(d, &["rand", "0", "--format", "raw"], b"").len(), 0);
    fails(d, &["rand", "-5"], b"", 2);
    for shell in ["bash", "zsh", "fish"] {
        let script = String::from_utf8(ok(d, &["completions", shell], b"")).unwrap();
        assert!(
            script.contains("ucrypto") && script.contains("keygen"),
            "{shell}"
        );
    }
    let help = String::from_utf8(ok(d, &["aes", "encrypt", "--help"], b"")).unwrap();
    assert!(help.contains("Example:"));
}
