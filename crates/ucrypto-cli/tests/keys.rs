//! RSA keys and what is done with them: `keygen`, `sign`/`verify`, `rsa encrypt|decrypt`
//! and `key convert|pub|info`, against `openssl`; PEM bundles, and crafted encrypted keys.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

mod common;
use common::{fails, keypair, ok, openssl};

/// The key whose scrypt N is 0 (made by the core's tests, which check it).
const SCRYPT_N0: &str = include_str!("../../ucrypto/tests/data/rsa2048_scrypt_n0.pem");

#[test]
fn sign_equals_openssl_and_verify_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    std::fs::write(d.join("msg"), b"header.payload").unwrap();
    let raw = ok(
        d,
        &["sign", "--key", "k.pem", "--format", "raw", "msg"],
        b"",
    );
    assert_eq!(
        raw,
        openssl(d, &["dgst", "-sha256", "-sign", "k.pem", "msg"], b"")
    );
    assert_eq!(
        ok(
            d,
            &["sign", "--key", "k.pem", "--format", "hex"],
            b"header.payload"
        ),
        format!("{}\n", hex::encode(&raw)).into_bytes()
    );
    let b64url = String::from_utf8(ok(d, &["sign", "--key", "k.pem", "msg"], b"")).unwrap();
    ok(
        d,
        &[
            "verify",
            "--pub",
            "p.pem",
            "--signature",
            b64url.trim(),
            "msg",
        ],
        b"",
    );
    std::fs::write(d.join("msg.sig"), &raw).unwrap();
    ok(
        d,
        &["verify", "--pub", "p.pem", "--signature", "@msg.sig", "msg"],
        b"",
    );
    ok(
        d,
        &[
            "verify",
            "--pub",
            "p.pem",
            "--signature",
            &hex::encode(&raw),
            "-",
        ],
        b"header.payload",
    );
    let err = fails(
        d,
        &["verify", "--pub", "p.pem", "--signature", "@msg.sig", "-"],
        b"header.payloaD",
        1,
    );
    assert!(err.contains("signature does not verify"), "{err}");
    fails(
        d,
        &["verify", "--pub", "p.pem", "--signature", "AAAA", "msg"],
        b"",
        1,
    );
    // signing streams: a 64 MiB input gives what openssl gives
    let big = vec![7u8; 64 << 20];
    std::fs::write(d.join("big"), &big).unwrap();
    let streamed = ok(
        d,
        &["sign", "--key", "k.pem", "--format", "raw", "big"],
        b"",
    );
    assert_eq!(
        streamed,
        openssl(d, &["dgst", "-sha256", "-sign", "k.pem", "big"], b"")
    );
    std::fs::write(d.join("big.sig"), &streamed).unwrap();
    ok(
        d,
        &["verify", "--pub", "p.pem", "--signature", "@big.sig", "big"],
        b"",
    );
    let err = fails(d, &["sign", "--key", "p.pem"], b"x", 2);
    assert!(err.contains("this is a public key"), "{err}");
    let err = fails(d, &["sign", "--key", "missing.pem"], b"x", 2);
    assert!(err.contains("cannot read key file missing.pem"), "{err}");
}

#[test]
fn keygen_files_load_in_openssl_and_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(
        d,
        &[
            "keygen", "--bits", "3072", "--out", "k.pem", "--pub", "p.pem",
        ],
        b"",
    );
    let text = String::from_utf8(openssl(
        d,
        &["pkey", "-in", "k.pem", "-check", "-noout", "-text"],
        b"",
    ))
    .unwrap();
    assert!(text.contains("Private-Key: (3072 bit, 2 primes)"));
    assert_eq!(
        openssl(d, &["pkey", "-in", "k.pem", "-pubout"], b""),
        std::fs::read(d.join("p.pem")).unwrap()
    );
    assert_eq!(
        std::fs::metadata(d.join("k.pem"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    let before = std::fs::read(d.join("k.pem")).unwrap();
    let err = fails(d, &["keygen", "--out", "k.pem"], b"", 2);
    assert!(err.contains("exists; pass --force"), "{err}");
    assert_eq!(std::fs::read(d.join("k.pem")).unwrap(), before);
    std::fs::set_permissions(d.join("k.pem"), std::fs::Permissions::from_mode(0o644)).unwrap();
    ok(d, &["keygen", "--out", "k.pem", "--force"], b"");
    assert_ne!(std::fs::read(d.join("k.pem")).unwrap(), before);
    assert_eq!(
        std::fs::metadata(d.join("k.pem"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    let err = fails(
        d,
        &["keygen", "--bits", "1024", "--out", "small.pem"],
        b"",
        2,
    );
    assert!(err.contains("2048, 3072, 4096 or 8192"), "{err}");
}

#[test]
fn rsa_interop_with_openssl_pkeyutl() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    let ct = ok(d, &["rsa", "encrypt", "--pub", "p.pem"], b"to openssl");
    std::fs::write(d.join("ct"), &ct).unwrap();
    assert_eq!(
        openssl(
            d,
            &["pkeyutl", "-decrypt", "-inkey", "k.pem", "-in", "ct"],
            b""
        ),
        b"to openssl"
    );
    let theirs = openssl(
        d,
        &["pkeyutl", "-encrypt", "-pubin", "-inkey", "p.pem"],
        b"from openssl",
    );
    assert_eq!(
        ok(d, &["rsa", "decrypt", "--key", "k.pem"], &theirs),
        b"from openssl"
    );
    let b64 = ok(
        d,
        &[
            "rsa",
            "encrypt",
            "--pub",
            "p.pem",
            "--format",
            "base64",
            "--padding",
            "oaep",
        ],
        b"oaep",
    );
    assert_eq!(
        ok(
            d,
            &["rsa", "decrypt", "--key", "k.pem", "--padding", "oaep"],
            &b64
        ),
        b"oaep"
    );
    let err = fails(d, &["rsa", "decrypt", "--key", "k.pem"], &[0u8; 256], 1);
    assert_eq!(err.trim(), "ucrypto: error: decryption failed");
    let err = fails(d, &["rsa", "decrypt", "--key", "k.pem"], b"short", 1);
    assert_eq!(err.trim(), "ucrypto: error: decryption failed");
    let err = fails(d, &["rsa", "encrypt", "--pub", "p.pem"], &[1u8; 246], 2);
    assert!(err.contains("at most 245 bytes"), "{err}");
    // a huge input is refused after reading just past the limit, not loaded whole
    let err = fails(
        d,
        &["rsa", "encrypt", "--pub", "p.pem"],
        &vec![1u8; 8 << 20],
        2,
    );
    assert!(err.contains("too long"), "{err}");
    assert_eq!(
        fails(
            d,
            &["rsa", "decrypt", "--key", "k.pem"],
            &vec![b'A'; 8 << 20],
            1
        )
        .trim(),
        "ucrypto: error: decryption failed"
    );
    // encrypted keys, with an OpenSSL-style password source
    openssl(
        d,
        &[
            "pkey", "-in", "k.pem", "-aes256", "-passout", "pass:pw", "-out", "enc.pem",
        ],
        b"",
    );
    assert_eq!(
        ok(
            d,
            &["rsa", "decrypt", "--key", "enc.pem", "--passin", "pass:pw"],
            &theirs
        ),
        b"from openssl"
    );
    let err = fails(
        d,
        &[
            "rsa",
            "decrypt",
            "--key",
            "enc.pem",
            "--passin",
            "pass:nope",
        ],
        &theirs,
        2,
    );
    assert!(err.contains("wrong password"), "{err}");
}

/// `key info` says when a password is needed to read the numbers, and only then.
#[test]
fn key_info_asks_for_the_password_only_when_needed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    openssl(
        d,
        &[
            "pkey", "-in", "k.pem", "-aes256", "-passout", "pass:pw", "-out", "enc.pem",
        ],
        b"",
    );
    let hint = "give --passin to read the key's numbers";
    let text = |args: &[&str]| String::from_utf8(ok(d, args, b"")).unwrap();
    assert!(text(&["key", "info", "enc.pem"]).contains(hint));
    assert!(!text(&["key", "info", "k.pem"]).contains(hint));
    assert!(!text(&["key", "info", "enc.pem", "--passin", "pass:pw"]).contains(hint));
}

/// `ucrypto key`: conversions that openssl reads back as the same key, the public key as
/// `openssl pkey -pubout` writes it, and what `key info` says of each form.
#[test]
fn key_commands_against_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    openssl(d, &["genrsa", "-out", "plain.pem", "2048"], b"");
    let spki = openssl(d, &["pkey", "-in", "plain.pem", "-pubout"], b"");
    for (name, args) in [
        (
            "des3.pem",
            vec![
                "rsa",
                "-in",
                "plain.pem",
                "-traditional",
                "-des3",
                "-passout",
                "pass:pw",
                "-out",
                "des3.pem",
            ],
        ),
        (
            "aes256.pem",
            vec![
                "rsa",
                "-in",
                "plain.pem",
                "-traditional",
                "-aes256",
                "-passout",
                "pass:pw",
                "-out",
                "aes256.pem",
            ],
        ),
        (
            "p8enc.pem",
            vec![
                "pkcs8",
                "-topk8",
                "-in",
                "plain.pem",
                "-v2",
                "aes-256-cbc",
                "-passout",
                "pass:pw",
                "-out",
                "p8enc.pem",
            ],
        ),
        (
            "p1.pem",
            vec!["rsa", "-in", "plain.pem", "-traditional", "-out", "p1.pem"],
        ),
    ] {
        openssl(d, &args, b"");
        let info: serde_json::Value =
            serde_json::from_slice(&ok(d, &["key", "info", name, "--json"], b"")).unwrap();
        assert_eq!(info["device_accepts"], false, "{name}: {info}");
        let fix = info["fix"].as_str().unwrap().to_owned();
        assert!(
            fix.starts_with(&format!("ucrypto key convert {name} --out ")),
            "{fix}"
        );
        let out = format!("{name}.device.pem");
        let mut args = vec!["key", "convert", name, "--out", &out];
        if info["encrypted"] == true {
            args.extend(["--passin", "pass:pw"]);
        }
        ok(d, &args, b"");
        assert_eq!(ok(d, &["key", "pub", &out], b""), spki, "{name}");
        let converted = std::fs::read_to_string(d.join(&out)).unwrap();
        assert!(
            converted.starts_with("-----BEGIN PRIVATE KEY-----"),
            "{name}"
        );
        let info: serde_json::Value =
            serde_json::from_slice(&ok(d, &["key", "info", &out, "--json"], b"")).unwrap();
        assert_eq!(
            (info["device_accepts"].clone(), info["bits"].clone()),
            (true.into(), 2048.into())
        );
        // openssl reads the converted key as the same key
        assert_eq!(openssl(d, &["pkey", "-in", &out, "-pubout"], b""), spki);
    }
    // PKCS#1 and DER on request; an existing file is not replaced without --force.
    ok(
        d,
        &[
            "key",
            "convert",
            "plain.pem",
            "--out",
            "k1.pem",
            "--to",
            "pkcs1",
        ],
        b"",
    );
    assert!(
        std::fs::read_to_string(d.join("k1.pem"))
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----")
    );
    ok(
        d,
        &["key", "convert", "plain.pem", "--out", "k.der", "--der"],
        b"",
    );
    assert_eq!(
        openssl(
            d,
            &["pkey", "-in", "k.der", "-inform", "DER", "-pubout"],
            b""
        ),
        spki
    );
    let err = fails(
        d,
        &["key", "convert", "plain.pem", "--out", "k.der", "--der"],
        b"",
        2,
    );
    assert!(err.contains("exists; pass --force"), "{err}");
    // Public keys: info, the key's own SPKI fingerprint, and a wrong password said plainly.
    let info: serde_json::Value = serde_json::from_slice(&ok(
        d,
        &["key", "info", "des3.pem", "--json", "--passin", "pass:pw"],
        b"",
    ))
    .unwrap();
    std::fs::write(d.join("spki.pem"), &spki).unwrap();
    let der = openssl(
        d,
        &["pkey", "-pubin", "-in", "spki.pem", "-outform", "DER"],
        b"",
    );
    let digest = openssl(d, &["dgst", "-sha256", "-r"], &der);
    assert_eq!(
        info["spki_sha256"].as_str().unwrap(),
        String::from_utf8_lossy(&digest).split(' ').next().unwrap()
    );
    assert_eq!(info["public_exponent"], 65537);
    let err = fails(
        d,
        &[
            "key",
            "convert",
            "des3.pem",
            "--out",
            "x.pem",
            "--passin",
            "pass:nope",
        ],
        b"",
        2,
    );
    assert!(err.contains("wrong password"), "{err}");
    assert!(!d.join("x.pem").exists());
}

/// Row 11: a PEM bundle with certificates around the key, and a huge label kept short.
#[test]
fn bundles_yield_their_key_and_labels_are_clipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["keygen", "--out", "k.pem", "--pub", "p.pem"], b"");
    let cert = Command::new("openssl")
        .args([
            "req",
            "-new",
            "-x509",
            "-key",
            "k.pem",
            "-subj",
            "/CN=device",
            "-days",
            "1",
            "-out",
            "cert.pem",
        ])
        .current_dir(d)
        .status()
        .unwrap();
    assert!(cert.success());
    let (key, cert) = (
        std::fs::read_to_string(d.join("k.pem")).unwrap(),
        std::fs::read_to_string(d.join("cert.pem")).unwrap(),
    );
    std::fs::write(d.join("m"), b"m").unwrap();
    let reference = ok(d, &["sign", "--key", "k.pem", "m"], b"");
    for (name, bundle) in [
        ("before", format!("{cert}{key}")),
        ("around", format!("{cert}{key}{cert}")),
    ] {
        std::fs::write(d.join(name), bundle).unwrap();
        assert_eq!(
            ok(d, &["sign", "--key", name, "m"], b""),
            reference,
            "{name}"
        );
    }
    // The public key is found next to a certificate too.
    let public = std::fs::read_to_string(d.join("p.pem")).unwrap();
    std::fs::write(d.join("pub_bundle"), format!("{cert}{public}")).unwrap();
    let sig = ok(d, &["sign", "--key", "k.pem", "--format", "hex", "m"], b"");
    ok(
        d,
        &[
            "verify",
            "--pub",
            "pub_bundle",
            "--signature",
            String::from_utf8(sig).unwrap().trim(),
            "m",
        ],
        b"",
    );
    let label = "X".repeat(10_000);
    std::fs::write(
        d.join("odd.pem"),
        format!("-----BEGIN {label}-----\nAAAA\n-----END {label}-----\n"),
    )
    .unwrap();
    let err = fails(d, &["sign", "--key", "odd.pem", "m"], b"", 2);
    assert!(err.len() < 600, "{} bytes of error", err.len());
}

/// Every command that opens an encrypted key refuses the crafted one with exit 2 and the
/// reason, never a panic (exit 101).
#[test]
fn a_crafted_encrypted_key_is_refused_not_panicked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("n0.pem"), SCRYPT_N0).unwrap();
    std::fs::write(d.join("pass"), "test-only").unwrap();
    for args in [
        &["key", "info", "n0.pem", "--passin", "@pass"][..],
        &["key", "pub", "n0.pem", "--passin", "@pass"],
        &[
            "key", "convert", "n0.pem", "--out", "x.pem", "--passin", "@pass",
        ],
        &["jwt", "sign", "--key", "n0.pem", "--passin", "@pass"],
    ] {
        let err = fails(d, args, b"", 2);
        assert!(err.contains("parameters are invalid"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}
