//! What the command refuses, how, and what its refusals may repeat: crafted encrypted keys,
//! tokens with anything around them, numbers beyond 64 bits, limits shared with the library,
//! and arguments that may be secrets typed in the wrong place.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{fails, ok, ucrypto};
use std::path::Path;

/// The key whose scrypt N is 0 (made by the core's tests, which check it).
const SCRYPT_N0: &str = include_str!("../../ucrypto/tests/data/rsa2048_scrypt_n0.pem");

fn keypair(d: &Path) {
    ok(d, &["keygen", "--out", "k.pem", "--pub", "p.pem"], b"");
}

fn sign(d: &Path, args: &[&str]) -> String {
    let mut all = vec!["jwt", "sign", "--key", "k.pem"];
    all.extend_from_slice(args);
    String::from_utf8(ok(d, &all, b""))
        .unwrap()
        .trim_end()
        .to_owned()
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

/// `--strict` takes a token exactly as given; the lenient form only the device library's
/// newline after a part. A file or standard input may end in one line ending, not more.
#[test]
fn tokens_are_taken_exactly_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    let token = sign(d, &[]);
    for around in [" ", "\u{3000}", "\u{2028}", "\r\n", "\t"] {
        let padded = format!("{token}{around}");
        let err = fails(d, &["jwt", "verify", "--pub", "p.pem", &padded], b"", 1);
        assert!(err.contains("token rejected"), "{around:?}: {err}");
        fails(
            d,
            &["jwt", "verify", "--strict", "--pub", "p.pem", &padded],
            b"",
            1,
        );
    }
    let newline = format!("{token}\n");
    fails(
        d,
        &["jwt", "verify", "--strict", "--pub", "p.pem", &newline],
        b"",
        1,
    );
    // `echo "$TOKEN" > token.txt`, and the same through standard input
    std::fs::write(d.join("token.txt"), &newline).unwrap();
    for source in ["@token.txt", "-"] {
        let args = ["jwt", "verify", "--strict", "--pub", "p.pem", source];
        ok(d, &args, newline.as_bytes());
    }
    std::fs::write(d.join("two.txt"), format!("{token}\n\n")).unwrap();
    fails(
        d,
        &["jwt", "verify", "--strict", "--pub", "p.pem", "@two.txt"],
        b"",
        1,
    );
}

/// An integer claim beyond 64 bits is signed and printed exactly, never as a float.
#[test]
fn integer_claims_of_any_size_stay_exact() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    for number in [
        "18446744073709551617",
        "-9223372036854775809",
        "1000000000000000000000000000000000000001",
    ] {
        let claim = format!("uid:={number}");
        let token = sign(d, &["--claim", &claim]);
        let payload = token.split('.').nth(1).unwrap();
        let payload = base64_url(payload);
        assert!(payload.contains(&format!("\"uid\":{number}")), "{payload}");
        let printed = ok(d, &["jwt", "verify", "--pub", "p.pem", &token], b"");
        let printed = String::from_utf8(printed).unwrap();
        assert!(printed.contains(number), "{printed}");
    }
}

fn base64_url(part: &str) -> String {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

/// The limits the library defines hold in the command too: the JWKS we write, we read;
/// the leeway is capped as in Python.
#[test]
fn limits_are_the_librarys() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    let most = ucrypto::rsa::MAX_JWKS_KEYS;
    let mut args = vec!["key", "jwk", "--jwks"];
    args.extend(std::iter::repeat_n("p.pem", most + 1));
    let err = fails(d, &args, b"", 2);
    assert!(err.contains(&format!("more than {most} keys")), "{err}");
    args.pop();
    let jwks = ok(d, &args, b"");
    std::fs::write(d.join("jwks.json"), &jwks).unwrap();
    let jwks: serde_json::Value = serde_json::from_slice(&jwks).unwrap();
    let token = sign(d, &["--kid", jwks["keys"][0]["kid"].as_str().unwrap()]);
    ok(d, &["jwt", "verify", "--jwks", "jwks.json", &token], b"");
    let max = ucrypto::jwt::MAX_LEEWAY.to_string();
    let over = (ucrypto::jwt::MAX_LEEWAY + 1).to_string();
    ok(
        d,
        &["jwt", "verify", "--pub", "p.pem", "--leeway", &max, &token],
        b"",
    );
    let err = fails(
        d,
        &["jwt", "verify", "--pub", "p.pem", "--leeway", &over, &token],
        b"",
        2,
    );
    assert!(err.contains("--leeway"), "{err}");
}

/// A JWKS whose only key has no `kid` does not stand in for a `kid` it lacks.
#[test]
fn a_kid_the_jwks_lacks_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    let mut jwk: serde_json::Value =
        serde_json::from_slice(&ok(d, &["key", "jwk", "p.pem"], b"")).unwrap();
    jwk.as_object_mut().unwrap().remove("kid");
    let set = serde_json::json!({ "keys": [jwk] });
    std::fs::write(d.join("jwks.json"), set.to_string()).unwrap();
    let named = sign(d, &["--kid", "another-key"]);
    let err = fails(d, &["jwt", "verify", "--jwks", "jwks.json", &named], b"", 1);
    assert!(err.contains("no key with kid \"another-key\""), "{err}");
    ok(
        d,
        &["jwt", "verify", "--jwks", "jwks.json", &sign(d, &[])],
        b"",
    );
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
    assert!(err.contains("--kidd") && err.contains("--kid"), "{err}");
    // a token where a key file belongs
    let token = sign(d, &[]);
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
