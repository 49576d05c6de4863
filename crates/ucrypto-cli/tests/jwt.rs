//! `ucrypto jwt sign|verify` and `key jwk`: tokens in both forms, the claim policy, JWKS
//! and `kid`, tokens taken exactly as given, exact numbers, and the limits shared with the
//! library.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{fails, jwt_sign, keypair, ok, ucrypto};

fn base64_url(part: &str) -> String {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    String::from_utf8(bytes).unwrap()
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

/// Row 12: `jwt verify` follows PyJWT where it is stricter: a token naming an audience is
/// refused when none is expected, and claims can be required.
#[test]
fn jwt_verify_policy() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["keygen", "--out", "k.pem", "--pub", "p.pem"], b"");
    let token = String::from_utf8(ok(
        d,
        &[
            "jwt", "sign", "--key", "k.pem", "--aud", "proj", "--claim", "iss=me",
        ],
        b"",
    ))
    .unwrap();
    let token = token.trim();
    let err = fails(d, &["jwt", "verify", "--pub", "p.pem", token], b"", 1);
    assert!(err.contains("names an audience"), "{err}");
    ok(
        d,
        &["jwt", "verify", "--pub", "p.pem", token, "--aud", "proj"],
        b"",
    );
    let err = fails(
        d,
        &[
            "jwt",
            "verify",
            "--pub",
            "p.pem",
            token,
            "--aud",
            "proj",
            "--require",
            "exp",
        ],
        b"",
        1,
    );
    assert!(err.contains("\"exp\" is missing"), "{err}");
    let err = fails(
        d,
        &[
            "jwt", "verify", "--pub", "p.pem", token, "--aud", "proj", "--iss", "you",
        ],
        b"",
        1,
    );
    assert!(err.contains("issuer"), "{err}");
    let err = fails(
        d,
        &[
            "jwt", "verify", "--pub", "p.pem", token, "--aud", "proj", "--sub", "s",
        ],
        b"",
        1,
    );
    assert!(err.contains("\"sub\" is missing"), "{err}");
}

/// Row 7: a lifetime that would overflow is refused instead of wrapping into the past.
#[test]
fn exp_in_overflow_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["keygen", "--out", "k.pem"], b"");
    for huge in [
        "18446744073709551615",
        "18446744073709551615s",
        "999999999999999d",
    ] {
        let err = fails(
            d,
            &["jwt", "sign", "--key", "k.pem", "--exp-in", huge],
            b"",
            2,
        );
        assert!(err.contains("--exp-in"), "{err}");
    }
}

/// `--strict` takes a token exactly as given; the lenient form only the device library's
/// newline after a part. A file or standard input may end in one line ending, not more.
#[test]
fn tokens_are_taken_exactly_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    let token = jwt_sign(d, &[]);
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
    ok(
        d,
        &["jwt", "verify", "--strict", "--pub", "p.pem", "-"],
        newline.as_bytes(),
    );
    let from_file = ["jwt", "verify", "--strict", "--pub", "p.pem"];
    ok(
        d,
        &[&from_file[..], &["--token-file", "token.txt"]].concat(),
        b"",
    );
    std::fs::write(d.join("two.txt"), format!("{token}\n\n")).unwrap();
    fails(
        d,
        &[&from_file[..], &["--token-file", "two.txt"]].concat(),
        b"",
        1,
    );
}

/// The token argument comes from whoever sent the token: nothing in it can make `jwt verify`
/// exit 0 without verifying, nor name a local file to verify instead (`--token-file` does
/// that, and only when the caller writes it).
#[test]
fn a_token_argument_is_only_ever_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair(d);
    std::fs::write(d.join("theirs.txt"), jwt_sign(d, &["--claim", "sub=admin"])).unwrap();
    for hostile in ["-h", "--help", "-V", "--version", "-hacked.eyJ.sig"] {
        let out = ucrypto(d, &["jwt", "verify", "--pub", "p.pem", hostile], b"");
        assert_ne!(out.status.code(), Some(0), "{hostile} passed as verified");
    }
    let out = ucrypto(
        d,
        &["verify", "--pub", "p.pem", "--signature", "AAAA", "-h"],
        b"",
    );
    assert_ne!(out.status.code(), Some(0));
    let err = fails(
        d,
        &["jwt", "verify", "--pub", "p.pem", "@theirs.txt"],
        b"",
        2,
    );
    assert!(err.contains("--token-file"), "{err}");
    // asked for by the caller, help is still help
    let help = ucrypto(d, &["jwt", "verify", "--help"], b"");
    assert!(String::from_utf8_lossy(&help.stdout).contains("--token-file"));
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
        let token = jwt_sign(d, &["--claim", &claim]);
        let payload = token.split('.').nth(1).unwrap();
        let payload = base64_url(payload);
        assert!(payload.contains(&format!("\"uid\":{number}")), "{payload}");
        let printed = ok(d, &["jwt", "verify", "--pub", "p.pem", &token], b"");
        let printed = String::from_utf8(printed).unwrap();
        assert!(printed.contains(number), "{printed}");
    }
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
    let token = jwt_sign(d, &["--kid", jwks["keys"][0]["kid"].as_str().unwrap()]);
    ok(d, &["jwt", "verify", "--jwks", "jwks.json", &token], b"");
    let max = ucrypto::jwt::MAX_LEEWAY.to_string();
    let over = (ucrypto::jwt::MAX_LEEWAY + 1).to_string();
    ok(
        d,
        &["jwt", "verify", "--pub", "p.pem", "--leeway", &max, &token],
        b"",
    );
    for refused in [over.as_str(), "1.5", "99999999999999999999999"] {
        let err = fails(
            d,
            &[
                "jwt", "verify", "--pub", "p.pem", "--leeway", refused, &token,
            ],
            b"",
            2,
        );
        // The limit is said, and the value given is not repeated.
        assert!(
            err.contains(&format!(
                "--leeway <LEEWAY>: a whole number of seconds from 0 to {max}"
            )),
            "{err}"
        );
        assert!(!err.contains(refused), "{err}");
    }
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
    let named = jwt_sign(d, &["--kid", "another-key"]);
    let err = fails(d, &["jwt", "verify", "--jwks", "jwks.json", &named], b"", 1);
    assert!(err.contains("no key with kid \"another-key\""), "{err}");
    ok(
        d,
        &["jwt", "verify", "--jwks", "jwks.json", &jwt_sign(d, &[])],
        b"",
    );
}
