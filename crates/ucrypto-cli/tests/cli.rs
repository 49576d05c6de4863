//! The real `ucrypto` binary, run in temporary directories, against the real `openssl`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;
use ucrypto::aes::{BLOCK_SIZE, StartValue};
use ucrypto::{Mode, Named};

mod common;
use common::{bin, fails, ok, openssl};

fn keypair(dir: &Path) {
    ok(dir, &["keygen", "--out", "k.pem", "--pub", "p.pem"], b"");
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

#[test]
fn aes_equals_openssl_enc_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let iv = "000102030405060708090a0b0c0d0e0f";
    for (key, bits) in [
        ("2b7e151628aed2a6abf7158809cf4f3c", 128),
        (
            "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            256,
        ),
    ] {
        // openssl's name for each of our modes.
        for (mode, cipher) in [
            (Mode::Ecb, "ecb"),
            (Mode::Cbc, "cbc"),
            (Mode::Cfb8, "cfb8"),
            (Mode::Cfb128, "cfb"),
            (Mode::Ctr, "ctr"),
        ] {
            let len = if mode.needs_whole_blocks() {
                4096
            } else {
                4093
            };
            let plain = data(len);
            let name = format!("-aes-{bits}-{cipher}");
            let mut theirs_args = vec!["enc", name.as_str(), "-nopad", "-K", key];
            let mut ours_args = vec!["aes", "encrypt", "--mode", mode.name(), "--key", key];
            let flag = match mode.start_value() {
                StartValue::None => None,
                StartValue::Iv => Some("--iv"),
                StartValue::Counter => Some("--counter"),
            };
            if let Some(flag) = flag {
                theirs_args.extend(["-iv", iv]);
                ours_args.extend([flag, iv]);
            }
            let theirs = openssl(d, &theirs_args, &plain);
            assert_eq!(ok(d, &ours_args, &plain), theirs, "{mode}-{bits} encrypt");
            ours_args[1] = "decrypt";
            assert_eq!(ok(d, &ours_args, &theirs), plain, "{mode}-{bits} decrypt");
        }
    }
}

#[test]
fn aes_pkcs7_matches_openssl_default_padding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (key, iv) = (
        "2b7e151628aed2a6abf7158809cf4f3c",
        "000102030405060708090a0b0c0d0e0f",
    );
    for len in [0, 1, 15, 16, 17, 1 << 20, (1 << 20) + 5] {
        let plain = data(len);
        let theirs = openssl(d, &["enc", "-aes-128-cbc", "-K", key, "-iv", iv], &plain);
        let ours = ok(
            d,
            &[
                "aes", "encrypt", "--mode", "cbc", "--key", key, "--iv", iv, "--pad", "pkcs7",
            ],
            &plain,
        );
        assert_eq!(ours, theirs, "len {len}");
        let back = ok(
            d,
            &[
                "aes", "decrypt", "--mode", "cbc", "--key", key, "--iv", iv, "--pad", "pkcs7",
            ],
            &theirs,
        );
        assert_eq!(back, plain, "len {len}");
    }
    let ecb = openssl(d, &["enc", "-aes-128-ecb", "-K", key], b"seventeen bytes!!");
    assert_eq!(
        ok(
            d,
            &[
                "aes", "encrypt", "--mode", "ecb", "--key", key, "--pad", "pkcs7"
            ],
            b"seventeen bytes!!"
        ),
        ecb
    );
    // a wrong key gives bad padding (almost always): exit 1, and no output file is left
    let wrong = "2b7e151628aed2a6abf7158809cf4f3d";
    std::fs::write(
        d.join("ct"),
        openssl(
            d,
            &["enc", "-aes-128-cbc", "-K", key, "-iv", iv],
            &data(100),
        ),
    )
    .unwrap();
    let err = fails(
        d,
        &[
            "aes", "decrypt", "--mode", "cbc", "--key", wrong, "--iv", iv, "--pad", "pkcs7",
            "--in", "ct", "--out", "pt",
        ],
        b"",
        1,
    );
    assert!(err.contains("bad padding"), "{err}");
    assert!(!d.join("pt").exists() && !d.join("pt.ucrypto-partial").exists());
}

#[test]
fn aes_usage_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = "2b7e151628aed2a6abf7158809cf4f3c";
    let err = fails(
        d,
        &["aes", "encrypt", "--mode", "cbc", "--key", key, "--iv", key],
        &[0; 15],
        2,
    );
    assert!(
        err.contains("not a multiple of 16; pass --pad pkcs7"),
        "{err}"
    );
    let err = fails(
        d,
        &["aes", "encrypt", "--mode", "cbc", "--key", key],
        b"",
        2,
    );
    assert!(err.contains("--mode cbc needs --iv"), "{err}");
    let err = fails(
        d,
        &["aes", "encrypt", "--mode", "ctr", "--key", key, "--iv", key],
        b"",
        2,
    );
    assert!(err.contains("takes --counter"), "{err}");
    let err = fails(
        d,
        &[
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            "zz-secret-zz",
            "--counter",
            key,
        ],
        b"",
        2,
    );
    assert!(
        err.contains("--key is not a key") && !err.contains("zz-secret-zz"),
        "{err}"
    );
    let err = fails(
        d,
        &[
            "aes", "encrypt", "--mode", "cfb8", "--key", key, "--iv", key, "--pad", "pkcs7",
        ],
        b"",
        2,
    );
    assert!(
        err.contains("--pad applies only to --mode ecb or cbc;"),
        "{err}"
    );
    std::fs::write(d.join("aes.key"), [7u8; 32]).unwrap();
    let ct = ok(
        d,
        &[
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            "@aes.key",
            "--counter",
            key,
        ],
        b"file key",
    );
    assert_eq!(
        ok(
            d,
            &[
                "aes",
                "decrypt",
                "--mode",
                "ctr",
                "--key",
                "@aes.key",
                "--counter",
                key
            ],
            &ct
        ),
        b"file key"
    );
}

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

#[test]
fn jwt_sign_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    let token = String::from_utf8(ok(
        d,
        &[
            "jwt",
            "sign",
            "--key",
            "k.pem",
            "--claim",
            "sub=device-1",
            "--claim",
            "n:=3",
            "--iat",
            "--exp-in",
            "1h",
            "--aud",
            "proj",
        ],
        b"",
    ))
    .unwrap();
    let token = token.trim();
    let header = token.split('.').next().unwrap();
    assert_eq!(header, "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9"); // {"alg":"RS256","typ":"JWT"}
    let claims: serde_json::Value = serde_json::from_slice(&ok(
        d,
        &["jwt", "verify", "--pub", "p.pem", token, "--aud", "proj"],
        b"",
    ))
    .unwrap();
    assert_eq!(claims["sub"], "device-1");
    assert_eq!(claims["n"], 3);
    assert!(claims["exp"].as_u64().unwrap() > claims["iat"].as_u64().unwrap());
    let err = fails(
        d,
        &["jwt", "verify", "--pub", "p.pem", token, "--aud", "other"],
        b"",
        1,
    );
    assert!(err.contains("audience"), "{err}");
    // tampered payload
    let parts: Vec<&str> = token.split('.').collect();
    let forged = format!("{}.{}.{}", parts[0], "eyJzdWIiOiJhZG1pbiJ9", parts[2]);
    assert!(
        fails(d, &["jwt", "verify", "--pub", "p.pem", &forged], b"", 1).contains("bad signature")
    );
    // expired, with and without leeway
    let old = String::from_utf8(ok(
        d,
        &[
            "jwt",
            "sign",
            "--key",
            "k.pem",
            "--claims",
            r#"{"exp": 1000}"#,
        ],
        b"",
    ))
    .unwrap();
    assert!(fails(d, &["jwt", "verify", "--pub", "p.pem", old.trim()], b"", 1).contains("expired"));
    let soon = String::from_utf8(ok(
        d,
        &[
            "jwt",
            "sign",
            "--key",
            "k.pem",
            "--claims",
            r#"{"nbf": 99999999999}"#,
        ],
        b"",
    ))
    .unwrap();
    assert!(
        fails(d, &["jwt", "verify", "--pub", "p.pem", soon.trim()], b"", 1)
            .contains("not valid before")
    );
    // alg none and HS256 are refused before any signature check
    let none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.";
    assert!(fails(d, &["jwt", "verify", "--pub", "p.pem", none], b"", 1).contains("is not RS256"));
    assert!(fails(d, &["jwt", "verify", "--pub", "p.pem", "a.b"], b"", 1).contains("not a JWS"));
}

/// The fleet's round trip: publish keys as JWK and JWKS, sign with a `kid`, verify by it,
/// with the token given inline or on standard input, in either form.
#[test]
fn jwk_kid_and_token_inputs() {
    use ucrypto::jwt::{self, Policy};
    use ucrypto::rsa::KeySet;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    ok(d, &["keygen", "--out", "k2.pem", "--pub", "p2.pem"], b"");
    let json = |bytes: Vec<u8>| -> serde_json::Value { serde_json::from_slice(&bytes).unwrap() };
    let one = json(ok(d, &["key", "jwk", "p.pem"], b""));
    assert_eq!(one["kty"], "RSA", "{one}");
    assert!(one.get("keys").is_none(), "{one}");
    let set = json(ok(d, &["key", "jwk", "--jwks", "p.pem"], b""));
    assert_eq!(set["keys"].as_array().unwrap().len(), 1, "{set}");
    let both = json(ok(d, &["key", "jwk", "p.pem", "p2.pem"], b""));
    assert_eq!(both["keys"].as_array().unwrap().len(), 2, "{both}");
    std::fs::write(d.join("jwks.json"), both.to_string()).unwrap();
    // One key, used whatever kid a token names, to read the headers with.
    let public = ucrypto::RsaPublicKey::from_pem_or_der(&std::fs::read(d.join("p.pem")).unwrap());
    let keys = KeySet::single(public.unwrap());
    let thumbprint = both["keys"][0]["kid"].as_str().unwrap().to_owned();
    let header_of = |token: &str| {
        let policy = Policy::default();
        jwt::verify(token, &keys, &policy).unwrap().header
    };
    let sign = |extra: &[&str]| {
        let mut args = vec!["jwt", "sign", "--key", "k.pem", "--exp-in", "1h"];
        args.extend_from_slice(extra);
        String::from_utf8(ok(d, &args, b"")).unwrap()
    };
    let auto = sign(&["--kid", "auto"]);
    assert_eq!(header_of(auto.trim())["kid"], thumbprint.as_str());
    assert_eq!(header_of(sign(&["--kid", "gw-7"]).trim())["kid"], "gw-7");
    assert!(header_of(sign(&[]).trim()).get("kid").is_none());
    // Verified by kid from the JWKS, inline and from standard input, with no note for a
    // compact token.
    for (arg, stdin) in [(auto.trim(), &b""[..]), ("-", auto.as_bytes())] {
        let out = common::ucrypto(d, &["jwt", "verify", "--jwks", "jwks.json", arg], stdin);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A device-form token verifies too, and the note says what it is.
    let device = sign(&["--device-encoding"]);
    let out = common::ucrypto(
        d,
        &["jwt", "verify", "--pub", "p.pem", "-"],
        device.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(note.contains("not in RFC 7515 compact form"), "{note}");
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

/// Peak resident memory (VmHWM) of a running process, in KiB, or 0 once it has exited.
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_256_mib_file_streams_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let size = 256 << 20;
    let mut input = vec![0u8; size];
    ucrypto::fill_random(&mut input[..1 << 20]).unwrap();
    for i in 1..256 {
        input.copy_within(..1 << 20, i << 20);
        input[i << 20] = i as u8; // no two MiB alike
    }
    std::fs::write(d.join("big"), &input).unwrap();
    let (key, counter) = (
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
    );
    let mut child = Command::new(bin())
        .args([
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            key,
            "--counter",
            counter,
            "--in",
            "big",
            "--out",
            "big.enc",
        ])
        .current_dir(d)
        .spawn()
        .unwrap();
    let mut peak = 0;
    let status = loop {
        peak = peak.max(peak_kib(child.id()));
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    assert!(status.success());
    println!(
        "peak resident memory of `ucrypto aes encrypt` on 256 MiB: {} KiB",
        peak
    );
    assert!(peak > 0, "no memory reading was taken");
    assert!(
        peak < 64 * 1024,
        "peak memory {peak} KiB is not under 64 MiB"
    );
    let mut one_shot =
        ucrypto::Aes::new_ctr(&hex::decode(key).unwrap(), &hex::decode(counter).unwrap()).unwrap();
    one_shot.encrypt_in_place(&mut input).unwrap();
    assert!(
        std::fs::read(d.join("big.enc")).unwrap() == input,
        "streamed output differs from one-shot"
    );
}

/// Wycheproof AES-CBC-PKCS5 (see crates/ucrypto/tests/vectors/README.md): every valid case
/// decrypts to its message with `--pad pkcs7`, every bad-padding case exits 1 with the one
/// padding message.
#[test]
fn wycheproof_aes_cbc_pkcs5_through_the_cli() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ucrypto/tests/vectors/wycheproof/aes_cbc_pkcs5_test.json");
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (mut valid, mut invalid) = (0, 0);
    for group in data["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            let field = |name: &str| test[name].as_str().unwrap().to_owned();
            let ct = hex::decode(field("ct")).unwrap();
            let args = [
                "aes",
                "decrypt",
                "--mode",
                "cbc",
                "--key",
                &field("key"),
                "--iv",
                &field("iv"),
                "--pad",
                "pkcs7",
            ];
            if test["result"] == "valid" {
                assert_eq!(
                    ok(d, &args, &ct),
                    hex::decode(field("msg")).unwrap(),
                    "tc {}",
                    test["tcId"]
                );
                valid += 1;
            } else {
                let err = fails(
                    d,
                    &args,
                    &ct,
                    if ct.len().is_multiple_of(BLOCK_SIZE) {
                        1
                    } else {
                        2
                    },
                );
                assert!(
                    err.contains("bad padding") || err.contains("not a multiple of 16"),
                    "tc {}: {err}",
                    test["tcId"]
                );
                invalid += 1;
            }
        }
    }
    println!("wycheproof aes_cbc_pkcs5 via the CLI: {valid} valid, {invalid} invalid");
    assert_eq!((valid, invalid), (72, 144));
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
