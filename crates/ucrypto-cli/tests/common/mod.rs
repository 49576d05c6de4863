//! Running the real `ucrypto` binary (or the wheel's console script) and other programs, for
//! the test suites of this crate.
// Each suite is its own crate and uses a different part of this module.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The binary under test: `$UCRYPTO_CLI` (the Python wheel's console script, as `make test`
/// runs these suites a second time), else this build's native binary.
pub fn bin() -> String {
    std::env::var("UCRYPTO_CLI").unwrap_or_else(|_| env!("CARGO_BIN_EXE_ucrypto").to_owned())
}

/// `ucrypto args` in `dir`, not yet started.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.args(args).current_dir(dir);
    cmd
}

/// Runs a program in `dir` with `stdin`, returning its output whatever its exit. The input is
/// written from another thread, so a program that answers before reading it all cannot
/// deadlock the test.
pub fn run(program: &str, dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// `ucrypto args` in `dir` with `stdin`, whatever its exit.
pub fn ucrypto(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    run(&bin(), dir, args, stdin)
}

/// A key pair made by `ucrypto keygen` in `dir`: `k.pem` and `p.pem`.
pub fn keypair(dir: &Path) {
    ok(dir, &["keygen", "--out", "k.pem", "--pub", "p.pem"], b"");
}

/// A JWT signed by `ucrypto jwt sign` with `k.pem` (see [`keypair`]) and `args`.
pub fn jwt_sign(d: &Path, args: &[&str]) -> String {
    let mut all = vec!["jwt", "sign", "--key", "k.pem"];
    all.extend_from_slice(args);
    String::from_utf8(ok(d, &all, b""))
        .unwrap()
        .trim_end()
        .to_owned()
}

/// `ucrypto` that must succeed; returns stdout.
pub fn ok(dir: &Path, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let out = ucrypto(dir, args, stdin);
    assert!(
        out.status.success(),
        "ucrypto {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `ucrypto` that must fail with `code`; returns its stderr, which for a refusal (not a
/// usage error) is one `ucrypto: error:` line.
pub fn fails(dir: &Path, args: &[&str], stdin: &[u8], code: i32) -> String {
    let out = ucrypto(dir, args, stdin);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "ucrypto {args:?}: {err}");
    assert!(err.starts_with("ucrypto: error: ") || code == 2, "{err}");
    err
}

/// The core's `openssl` helper (and its key sets), the one every suite uses.
#[path = "../../../ucrypto/tests/common/openssl.rs"]
mod openssl_cli;
#[allow(unused_imports)] // as the rest of this module: each suite uses a different part
pub use openssl_cli::openssl;
