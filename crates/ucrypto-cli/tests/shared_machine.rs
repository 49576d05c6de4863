//! The `ucrypto` command used the way a hostile second user of the same machine would
//! attack it, and with the faults of a bad day: private outputs, planted files and links,
//! signals mid-stream, replacing files, secrets that never need the command line and are
//! never repeated, and endless inputs.
//!
//! Attacks that need a second account run it as `nobody` (through `runuser`) when the tests
//! run as root, as CI does; otherwise the attacker's steps run as the same user, which still
//! shows what the command does with them, and the test says so on stdout.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{bin, command, fails, jwt_sign, keypair, ok, ucrypto};

/// An AES-256 key and IV for the files these tests write (SP 800-38A's).
const KEY: &str = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
const IV: &str = "000102030405060708090a0b0c0d0e0f";

fn euid() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|v| v.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap()
}

/// Whether a second account (`nobody`) can be used: the tests run as root and `runuser`
/// exists.
fn second_user() -> bool {
    euid() == 0
        && Command::new("runuser")
            .args(["-u", "nobody", "--", "true"])
            .status()
            .is_ok_and(|s| s.success())
}

/// Runs a shell command as `nobody` when possible, else as this user.
fn as_other_user(dir: &Path, script: &str) -> Output {
    let mut cmd = if second_user() {
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--", "sh", "-c", script]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    };
    cmd.current_dir(dir).output().unwrap()
}

/// A directory shared like /tmp: world-writable and sticky, inside a traversable tempdir.
fn shared_dir() -> (tempfile::TempDir, PathBuf) {
    let top = tempfile::tempdir().unwrap();
    std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let shared = top.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    if !second_user() {
        println!("no second user (not root, or no runuser): the attacker's steps run as this user");
    }
    (top, shared)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn ciphertext(dir: &Path, len: usize) -> Vec<u8> {
    let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    ok(
        dir,
        &[
            "aes", "encrypt", "--mode", "cbc", "--key", KEY, "--iv", IV, "--pad", "pkcs7",
        ],
        &plain,
    )
}

fn decrypt_args<'a>(input: &'a str, out: &'a str, key: &'a str) -> Vec<&'a str> {
    vec![
        "aes", "decrypt", "--mode", "cbc", "--key", key, "--iv", IV, "--pad", "pkcs7", "--in",
        input, "--out", out, "--force",
    ]
}

/// Row 1: decrypted output is private from its first byte, whatever the umask, and an
/// existing private output is replaced by a private one.
#[test]
fn decrypted_files_are_private_and_stay_private() {
    let (_top, d) = shared_dir();
    std::fs::write(d.join("ct"), ciphertext(&d, 3 << 20)).unwrap();
    let out = Command::new("sh")
        .args([
            "-c",
            &format!("umask 022; exec {} \"$@\"", bin()),
            "ucrypto",
        ])
        .args(decrypt_args("ct", "dec.bin", KEY))
        .current_dir(&d)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&d.join("dec.bin")), 0o600);
    let peek = as_other_user(&d, "cat dec.bin > /dev/null");
    if second_user() {
        assert!(!peek.status.success(), "nobody could read the plaintext");
    }
    // Replacing an existing private output keeps it private.
    std::fs::set_permissions(d.join("dec.bin"), std::fs::Permissions::from_mode(0o600)).unwrap();
    ok(&d, &decrypt_args("ct", "dec.bin", KEY), b"");
    assert_eq!(mode(&d.join("dec.bin")), 0o600);
}

/// Row 2: files planted where the old fixed temporary name was (a file of another user, a
/// symlink to a victim file) are neither written nor followed, even when decryption fails.
#[test]
fn planted_files_and_links_are_never_written() {
    let (_top, d) = shared_dir();
    std::fs::write(d.join("ct"), ciphertext(&d, 3 << 20)).unwrap();
    std::fs::write(d.join("victim"), b"precious").unwrap();
    let plant = as_other_user(
        &d,
        "touch out.bin.ucrypto-partial && chmod 666 out.bin.ucrypto-partial && \
         ln -s victim failed.bin.ucrypto-partial && ln -s victim link.bin",
    );
    assert!(
        plant.status.success(),
        "{}",
        String::from_utf8_lossy(&plant.stderr)
    );
    ok(&d, &decrypt_args("ct", "out.bin", KEY), b"");
    assert_eq!(
        std::fs::read(d.join("out.bin.ucrypto-partial")).unwrap(),
        b""
    );
    let out_meta = std::fs::metadata(d.join("out.bin")).unwrap();
    assert_eq!(out_meta.uid(), euid(), "the output must be ours");
    assert_eq!(out_meta.permissions().mode() & 0o777, 0o600);
    // A decryption that fails (wrong key: bad padding) writes nothing anywhere.
    let wrong = "00".repeat(32);
    fails(&d, &decrypt_args("ct", "failed.bin", &wrong), b"", 1);
    assert_eq!(std::fs::read(d.join("victim")).unwrap(), b"precious");
    assert!(!d.join("failed.bin").exists());
    // An output path that is a link is replaced by the file, not written through.
    ok(&d, &decrypt_args("ct", "link.bin", KEY), b"");
    assert_eq!(std::fs::read(d.join("victim")).unwrap(), b"precious");
    assert!(
        !std::fs::symlink_metadata(d.join("link.bin"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let leftovers: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "partial files left: {leftovers:?}");
}

/// Waits until a partial output file shows up in `dir`.
fn wait_for_partial(dir: &Path, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let partial = std::fs::read_dir(dir).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".partial")
        });
        if partial {
            return;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "ucrypto ended before writing"
        );
        assert!(Instant::now() < deadline, "no partial file appeared");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Starts the command with SIGINT, SIGTERM and SIGHUP at their defaults. A test run started
/// under nohup or as a background job hands its children those signals ignored, and the
/// command rightly leaves an ignored signal ignored (`ignored_signals_stay_ignored`).
#[allow(unsafe_code)]
fn with_default_signals(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: between fork and exec the closure only calls signal(2), which is
    // async-signal-safe, and touches no memory of the parent's.
    unsafe {
        cmd.pre_exec(|| {
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                if libc::signal(signal, libc::SIG_DFL) == libc::SIG_ERR {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
}

/// Waits for the child to end, killing it and failing after `limit`: a signal the command
/// did not act on must fail the test, not hang it.
fn wait_at_most(child: &mut Child, limit: Duration, what: &str) {
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() >= deadline {
            let _ = child.kill();
            panic!("the command was still running {limit:?} after {what}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Row 3: a signal in the middle of a stream removes the partial plaintext, and the exit
/// status says the run was interrupted (128 + the signal).
#[test]
fn a_signal_removes_the_partial_file() {
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let (_top, d) = shared_dir();
        let ct = ciphertext(&d, 8 << 20);
        let mut cmd = command(&d, &decrypt_args("-", "dec.bin", KEY));
        with_default_signals(&mut cmd);
        let mut child = cmd
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // Two chunks, then hold the pipe open: the command waits mid-stream.
        stdin.write_all(&ct[..3 << 20]).unwrap();
        wait_for_partial(&d, &mut child);
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        wait_at_most(&mut child, Duration::from_secs(30), &format!("SIG{signal}"));
        let out = child.wait_with_output().unwrap();
        drop(stdin);
        assert_eq!(out.status.code(), Some(code), "SIG{signal}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("interrupted") && err.contains("removed"),
            "{err}"
        );
        let names: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.is_empty(), "SIG{signal} left {names:?}");
    }
}

/// Rows 4 and 5: `keygen --force` never writes through a link or into a file someone has
/// open, and refuses to write both keys to one file.
#[test]
fn keygen_force_replaces_never_writes_through() {
    let (_top, d) = shared_dir();
    std::fs::write(d.join("victim"), b"precious").unwrap();
    let plant = as_other_user(&d, "ln -s victim k.pem");
    assert!(plant.status.success());
    ok(&d, &["keygen", "--out", "k.pem", "--force"], b"");
    assert_eq!(std::fs::read(d.join("victim")).unwrap(), b"precious");
    let meta = std::fs::symlink_metadata(d.join("k.pem")).unwrap();
    assert!(meta.file_type().is_file() && meta.permissions().mode() & 0o777 == 0o600);
    // A reader who opened the old file keeps reading the old bytes, never the new key.
    std::fs::write(d.join("old.pem"), b"old public contents").unwrap();
    std::fs::set_permissions(d.join("old.pem"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut reader = std::fs::File::open(d.join("old.pem")).unwrap();
    ok(&d, &["keygen", "--out", "old.pem", "--force"], b"");
    let mut seen = String::new();
    std::io::Read::read_to_string(&mut reader, &mut seen).unwrap();
    assert_eq!(seen, "old public contents");
    assert_eq!(mode(&d.join("old.pem")), 0o600);
    // --out and --pub naming one file, however spelled.
    let before = std::fs::read(d.join("k.pem")).unwrap();
    for public in ["k.pem", "./k.pem"] {
        let err = fails(
            &d,
            &["keygen", "--out", "k.pem", "--pub", public, "--force"],
            b"",
            2,
        );
        assert!(err.contains("same file"), "{err}");
    }
    assert_eq!(std::fs::read(d.join("k.pem")).unwrap(), before);
    // Without --force nothing is replaced, not even a dangling link.
    let plant = as_other_user(&d, "ln -s nowhere dangling.pem");
    assert!(plant.status.success());
    let err = fails(&d, &["keygen", "--out", "dangling.pem"], b"", 2);
    assert!(err.contains("exists; pass --force"), "{err}");
    assert!(!d.join("nowhere").exists());
}

/// Row 6: secrets never need the command line, and no error repeats one.
#[test]
fn secrets_come_from_files_environment_and_stdin_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plain = b"sixteen bytes!!!";
    let inline = ok(
        d,
        &[
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            KEY,
            "--counter",
            IV,
        ],
        plain,
    );
    std::fs::write(d.join("key.hex"), format!("{KEY}\n")).unwrap();
    std::fs::write(d.join("in"), plain).unwrap();
    let from_file = ok(
        d,
        &[
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            "@key.hex",
            "--counter",
            IV,
        ],
        plain,
    );
    let from_env = {
        let out = command(
            d,
            &[
                "aes",
                "encrypt",
                "--mode",
                "ctr",
                "--key",
                "env:AES_KEY",
                "--counter",
                IV,
                "--in",
                "in",
            ],
        )
        .env("AES_KEY", KEY)
        .output()
        .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let from_stdin = ok(
        d,
        &[
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            "-",
            "--counter",
            IV,
            "--in",
            "in",
        ],
        KEY.as_bytes(),
    );
    assert!(inline == from_file && from_file == from_env && from_env == from_stdin);
    // Both the key and the data on standard input cannot work: said plainly.
    let err = fails(
        d,
        &[
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            "-",
            "--counter",
            IV,
        ],
        plain,
        2,
    );
    assert!(err.contains("standard input"), "{err}");
    // A key typed in the wrong place, a bad key, a misspelt flag with a value: never echoed.
    let secret = "5ec12e75ec12e75ec12e75ec12e75ec1";
    for args in [
        vec!["aes", "encrypt", secret],
        vec![
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--counter",
            IV,
            "--key",
            "zz5ec12e75ec12e75ec12e75ec12e75ec1",
        ],
        vec![
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--counter",
            IV,
            &format!("--kye={secret}"),
        ],
        vec!["aes", "encrypt", "--mode", secret],
        vec![secret],
        // Pasted straight after the dashes, in either case (found by the cli_values fuzz
        // target).
        vec!["aes", "encrypt", &format!("--{secret}")],
        vec!["aes", "encrypt", &format!("--{}", secret.to_uppercase())],
        vec!["aes", "encrypt", &format!("-{secret}")],
    ] {
        let err = fails(d, &args, b"", 2);
        assert!(
            !err.to_lowercase().contains("5ec12e75"),
            "{args:?} echoed the secret: {err}"
        );
    }
    // Passwords from every source; pass: is documented as visible.
    ok(d, &["keygen", "--out", "k.pem"], b"");
    let enc = Command::new("openssl")
        .args([
            "pkey", "-in", "k.pem", "-aes256", "-passout", "pass:pw", "-out", "enc.pem",
        ])
        .current_dir(d)
        .status()
        .unwrap();
    assert!(enc.success());
    std::fs::write(d.join("pw.txt"), b"pw\n").unwrap();
    let reference = ok(d, &["sign", "--key", "k.pem", "in"], b"");
    for passin in ["pass:pw", "env:PW", "file:pw.txt", "@pw.txt"] {
        let out = command(d, &["sign", "--key", "enc.pem", "--passin", passin, "in"])
            .env("PW", "pw")
            .output()
            .unwrap();
        assert_eq!(
            out.stdout,
            reference,
            "{passin}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        ok(
            d,
            &["sign", "--key", "enc.pem", "--passin", "-", "in"],
            b"pw\n"
        ),
        reference
    );
    let help = String::from_utf8(ok(d, &["aes", "encrypt", "--help"], b"")).unwrap();
    assert!(help.contains("visible to other users"), "{help}");
}

/// Row 8: endless inputs are refused at a stated bound, quickly, with exit 2.
#[test]
fn endless_inputs_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["keygen", "--out", "k.pem", "--pub", "p.pem"], b"");
    std::fs::write(d.join("m"), b"m").unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["sign", "--key", "/dev/zero", "m"],
        vec!["sign", "--key", "k.pem", "--passin", "file:/dev/zero", "m"],
        vec!["verify", "--pub", "p.pem", "--signature", "@/dev/zero", "m"],
        vec![
            "aes",
            "encrypt",
            "--mode",
            "ecb",
            "--key",
            "@/dev/zero",
            "--in",
            "m",
        ],
        vec![
            "jwt",
            "verify",
            "--pub",
            "p.pem",
            "--token-file",
            "/dev/zero",
        ],
        vec!["jwt", "verify", "--jwks", "/dev/zero", "x.y.z"],
        vec!["jwt", "sign", "--key", "k.pem", "--claims", "@/dev/zero"],
        vec!["key", "info", "/dev/zero"],
    ];
    for args in cases {
        let started = Instant::now();
        let err = fails(d, &args, b"", 2);
        assert!(err.contains("longer than"), "{args:?}: {err}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{args:?} took too long"
        );
    }
}

/// Outputs that are not regular files are written in place, never renamed over: `/dev/null`
/// survives, a pipe of another user is refused, and without `--force` nothing existing is
/// replaced.
#[test]
fn special_and_existing_outputs() {
    let (_top, d) = shared_dir();
    std::fs::write(d.join("ct"), ciphertext(&d, 4096)).unwrap();
    let args = |out: &'static str| -> Vec<&'static str> {
        vec![
            "aes", "decrypt", "--mode", "cbc", "--key", KEY, "--iv", IV, "--pad", "pkcs7", "--in",
            "ct", "--out", out,
        ]
    };
    ok(&d, &args("/dev/null"), b"");
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // our own pipe, as /dev/stdout leads to
    let out = ucrypto(&d, &args("/dev/stdout"), b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout.len(), 4096);
    if second_user() {
        let plant = as_other_user(&d, "mkfifo theirs.fifo");
        assert!(plant.status.success());
        let err = fails(&d, &args("theirs.fifo"), b"", 2);
        assert!(err.contains("another user"), "{err}");
    }
    std::fs::write(d.join("existing"), b"keep me").unwrap();
    let err = fails(&d, &args("existing"), b"", 2);
    assert!(err.contains("exists; pass --force"), "{err}");
    assert_eq!(std::fs::read(d.join("existing")).unwrap(), b"keep me");
}

/// A signal that was ignored when the command started (`nohup`, a background job) stays
/// ignored: logging out does not delete the output half-way.
#[test]
fn ignored_signals_stay_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ct = ciphertext(d, 3 << 20);
    // As nohup does for HUP, and a non-interactive shell for the INT of a background job.
    let script = format!("trap '' HUP INT; exec {} \"$@\"", bin());
    let mut child = Command::new("sh")
        .args(["-c", &script, "ucrypto"])
        .args(decrypt_args("-", "dec.bin", KEY))
        .current_dir(d)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&ct[..2 << 20]).unwrap();
    wait_for_partial(d, &mut child);
    for signal in ["-HUP", "-INT"] {
        let sent = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        std::thread::sleep(Duration::from_millis(200));
        assert!(
            child.try_wait().unwrap().is_none(),
            "{signal} ended a run that ignored it"
        );
    }
    stdin.write_all(&ct[2 << 20..]).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(d.join("dec.bin").exists());
}

/// A stray argument is repeated only when it is close to a real flag; a path only when it
/// could be one. Otherwise the message names the flag and the length.
#[test]
fn what_may_be_a_secret_is_never_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    let passphrase = "--correct-horse-staple9";
    let out = ucrypto(d, &["jwt", "sign", "--key", "k.pem", passphrase], b"");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("horse"), "{err}");
    assert!(
        err.contains(&format!("{} characters", passphrase.len())),
        "{err}"
    );
    // a typo of a real flag is named, with the flag it is close to
    let err = fails(d, &["jwt", "sign", "--key", "k.pem", "--kidd", "x"], b"", 2);
    assert!(
        !err.contains("--kidd") && err.contains("did you mean --kid?"),
        "{err}"
    );
    // a secret typed straight after a flag's name reads like a typo of it
    let err = fails(
        d,
        &["key", "info", "k.pem", "--passin-correct-horse"],
        b"",
        2,
    );
    assert!(!err.contains("horse") && err.contains("--passin"), "{err}");
    // a token where a key file belongs
    let token = jwt_sign(d, &[]);
    let err = fails(d, &["jwt", "verify", "--pub", &token, &token], b"", 2);
    assert!(!err.contains(&token[..20]), "{err}");
    assert!(
        err.contains(&format!("({} characters", token.len())),
        "{err}"
    );
    // an ordinary path is named
    let err = fails(
        d,
        &["jwt", "verify", "--pub", "missing.pem", &token],
        b"",
        2,
    );
    assert!(err.contains("missing.pem"), "{err}");
}
