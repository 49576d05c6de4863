//! RS256 JWTs in the core: both forms byte for byte, every header and claim check with its
//! problem, key selection from a JWKS, JWK round trips and the RFC 7638 thumbprint.
#![allow(clippy::unwrap_used, clippy::panic)]

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Map, Value, json};
use ucrypto::jwt::{self, Form, Header, Policy, TokenProblem};
use ucrypto::rsa::KeySet;
use ucrypto::{Error, RsaPrivateKey, RsaPublicKey};

fn private() -> RsaPrivateKey {
    RsaPrivateKey::from_pem_or_der(include_bytes!("data/rsa2048_pkcs8.pem")).unwrap()
}

fn public() -> RsaPublicKey {
    RsaPublicKey::from_pem_or_der(include_bytes!("data/rsa2048_spki.pem")).unwrap()
}

fn claims(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

fn problem(result: ucrypto::Result<jwt::Verified>) -> TokenProblem {
    match result {
        Err(Error::InvalidToken(p)) => p,
        other => panic!("expected a token problem, got {other:?}"),
    }
}

const NOW: f64 = 1_700_000_000.0;

fn verify(token: &str, policy: &Policy) -> ucrypto::Result<jwt::Verified> {
    jwt::verify_at(token, &KeySet::single(public()), policy, NOW)
}

#[test]
fn compact_tokens_are_rfc_7515_and_verify() {
    let body = claims(json!({"sub": "device-1", "n": 3}));
    let token = jwt::sign(&body, &private(), &Header::default(), Form::Compact).unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(
        URL_SAFE_NO_PAD.decode(parts[0]).unwrap(),
        br#"{"alg":"RS256","typ":"JWT"}"#
    );
    assert_eq!(
        URL_SAFE_NO_PAD.decode(parts[1]).unwrap(),
        br#"{"sub":"device-1","n":3}"#
    );
    let signing_input = format!("{}.{}", parts[0], parts[1]);
    assert_eq!(
        URL_SAFE_NO_PAD.decode(parts[2]).unwrap(),
        private().sign_rs256(signing_input.as_bytes()).unwrap()
    );
    let verified = verify(&token, &Policy::default()).unwrap();
    assert_eq!(verified.claims, body);
    assert_eq!(verified.form, Form::Compact);
    assert_eq!(verified.header["typ"], "JWT");
}

/// A token is taken exactly as given: whitespace around it is never trimmed (a service that
/// keys a replay list on the token's text must not see two texts pass as one). Strict mode
/// takes the compact form only; the lenient form adds exactly the device library's one
/// `\n` after a part.
#[test]
fn whitespace_is_never_part_of_a_token() {
    let token = jwt::sign(&Map::new(), &private(), &Header::default(), Form::Compact).unwrap();
    let strict = Policy {
        strict: true,
        ..Policy::default()
    };
    for (variant, lenient_form) in [
        (format!("{token}\n"), Some(Form::Device)),
        (format!(" {token}"), None),
        (format!("{token} "), None),
        (format!("\n{token}"), None),
        (format!("{token}\r\n"), None),
        (format!("{token}\n\n"), None),
        (format!("{token}\t"), None),
        (format!("{token}\u{3000}"), None),
        (format!("{token}\u{2028}"), None),
        (format!("\u{feff}{token}"), None),
        // a newline inside the signed parts is signed: this one was not
        (token.replacen('.', "\n.", 1), None),
        (token.replacen('.', " .", 1), None),
    ] {
        assert!(
            verify(&variant, &strict).is_err(),
            "strict took {variant:?}"
        );
        let lenient = verify(&variant, &Policy::default()).map(|v| v.form).ok();
        assert_eq!(lenient, lenient_form, "{variant:?}");
    }
    assert_eq!(verify(&token, &strict).unwrap().form, Form::Compact);
}

#[test]
fn device_tokens_are_what_the_device_library_writes() {
    let body = claims(json!({"iat": 1, "exp": 2, "aud": "p"}));
    let token = jwt::sign(&body, &private(), &Header::default(), Form::Device).unwrap();
    // binascii.b2a_base64(json.dumps(...)) of each part, joined with "."
    let head = format!("{}\n", STANDARD.encode(r#"{"alg": "RS256", "typ": "JWT"}"#));
    let payload = format!(
        "{}\n",
        STANDARD.encode(r#"{"iat": 1, "exp": 2, "aud": "p"}"#)
    );
    let to_sign = format!("{head}.{payload}");
    let sig = private().sign_rs256(to_sign.as_bytes()).unwrap();
    assert_eq!(token, format!("{to_sign}.{}\n", STANDARD.encode(sig)));
    // nested values are spaced as json.dumps spaces them too
    let nested = claims(json!({"aud": ["a", "b"], "x": {"y": [1, {}], "z": []}}));
    let spaced = jwt::sign(&nested, &private(), &Header::default(), Form::Device).unwrap();
    let spaced_payload = spaced.split('.').nth(1).unwrap();
    assert_eq!(
        STANDARD.decode(spaced_payload.trim_end()).unwrap(),
        br#"{"aud": ["a", "b"], "x": {"y": [1, {}], "z": []}}"#
    );
    let policy = Policy {
        audience: vec!["p".into()],
        leeway: u64::MAX / 2,
        ..Policy::default()
    };
    let verified = verify(&token, &policy).unwrap();
    assert_eq!(verified.form, Form::Device);
    let strict = Policy {
        strict: true,
        ..policy.clone()
    };
    assert_eq!(problem(verify(&token, &strict)), TokenProblem::NotCompact);
    // the newline is part of what was signed
    let moved = token.replacen("\n.", ".", 1);
    assert_eq!(problem(verify(&moved, &policy)), TokenProblem::BadSignature);
    // each part may be url-safe or standard, padded or not: only the signature decides
    let mixed = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg": "RS256", "typ": "JWT"}"#),
        payload.trim_end(),
        STANDARD
            .encode(
                private()
                    .sign_rs256(
                        format!(
                            "{}.{}",
                            URL_SAFE_NO_PAD.encode(r#"{"alg": "RS256", "typ": "JWT"}"#),
                            payload.trim_end()
                        )
                        .as_bytes()
                    )
                    .unwrap()
            )
            .trim_end_matches('=')
    );
    assert_eq!(verify(&mixed, &policy).unwrap().form, Form::Device);
    // one device-form part is enough to make the token device form, wherever it is
    let head = URL_SAFE_NO_PAD.encode(r#"{"alg": "RS256", "typ": "JWT"}"#);
    let input = format!("{head}.{}", payload.trim_end());
    let sig = URL_SAFE_NO_PAD.encode(private().sign_rs256(input.as_bytes()).unwrap());
    let only_payload = format!("{input}.{sig}");
    assert_eq!(verify(&only_payload, &policy).unwrap().form, Form::Device);
    assert_eq!(
        problem(verify(&only_payload, &strict)),
        TokenProblem::NotCompact
    );
}

#[test]
fn headers_are_checked_before_the_signature() {
    let good = jwt::sign(
        &claims(json!({})),
        &private(),
        &Header::default(),
        Form::Compact,
    )
    .unwrap();
    let sig = good.rsplit('.').next().unwrap();
    let body = URL_SAFE_NO_PAD.encode("{}");
    let with = |header: &str| format!("{}.{body}.{sig}", URL_SAFE_NO_PAD.encode(header));
    let p = Policy::default();
    assert!(
        matches!(problem(verify(&with(r#"{"alg":"none"}"#), &p)), TokenProblem::Algorithm(a) if a.contains("none"))
    );
    assert!(matches!(
        problem(verify(&with(r#"{"alg":"HS256"}"#), &p)),
        TokenProblem::Algorithm(_)
    ));
    assert!(matches!(
        problem(verify(&with(r#"{"typ":"JWT"}"#), &p)),
        TokenProblem::Algorithm(_)
    ));
    assert!(matches!(
        problem(verify(&with(r#"{"alg":5}"#), &p)),
        TokenProblem::Algorithm(_)
    ));
    assert_eq!(
        problem(verify(&with(r#"{"alg":"RS256","crit":["x"]}"#), &p)),
        TokenProblem::Critical
    );
    assert_eq!(
        problem(verify(&with(r#"{"alg":"RS256","kid":7}"#), &p)),
        TokenProblem::BadHeader("kid")
    );
    assert_eq!(
        problem(verify(&with("[]"), &p)),
        TokenProblem::NotJsonObject("header")
    );
    assert_eq!(
        problem(verify(&with(r#"{"alg":"RS256"}"#), &p)),
        TokenProblem::BadSignature
    );
    assert_eq!(problem(verify("a.b", &p)), TokenProblem::NotThreeParts);
    assert_eq!(problem(verify("a.b.c.d", &p)), TokenProblem::NotThreeParts);
    assert_eq!(
        problem(verify("!!.e30.e30", &p)),
        TokenProblem::NotBase64("header")
    );
    assert_eq!(
        problem(verify("e30.!!.e30", &p)),
        TokenProblem::NotBase64("payload")
    );
    assert_eq!(
        problem(verify("e30.e30.!!", &p)),
        TokenProblem::NotBase64("signature")
    );
    // a signed payload that is not an object
    let head = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#);
    let list = URL_SAFE_NO_PAD.encode("[1]");
    let input = format!("{head}.{list}");
    let signed = format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(private().sign_rs256(input.as_bytes()).unwrap())
    );
    assert_eq!(
        problem(verify(&signed, &p)),
        TokenProblem::NotJsonObject("payload")
    );
    // signing refuses another alg, and takes extra members and a kid
    let header = Header {
        kid: Some("k1".into()),
        extra: claims(json!({"alg": "HS256"})),
    };
    assert!(jwt::sign(&Map::new(), &private(), &header, Form::Compact).is_err());
    let header = Header {
        kid: Some("k1".into()),
        extra: claims(json!({"typ": "at+jwt", "x5t": "abc"})),
    };
    let token = jwt::sign(&Map::new(), &private(), &header, Form::Compact).unwrap();
    let verified = verify(&token, &p).unwrap();
    assert_eq!(
        (
            verified.header["kid"].as_str(),
            verified.header["typ"].as_str()
        ),
        (Some("k1"), Some("at+jwt"))
    );
}

#[test]
fn a_clock_that_is_not_a_number_is_refused() {
    let token = jwt::sign(
        &claims(json!({"exp": 1})),
        &private(),
        &Header::default(),
        Form::Compact,
    )
    .unwrap();
    for now in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(
            problem(jwt::verify_at(
                &token,
                &KeySet::single(public()),
                &Policy::default(),
                now
            )),
            TokenProblem::BadClock
        );
    }
}

#[test]
fn claims_policy_end_to_end() {
    let sign =
        |v: Value| jwt::sign(&claims(v), &private(), &Header::default(), Form::Compact).unwrap();
    let now = NOW as i64;
    let p = Policy::default();
    assert!(verify(&sign(json!({"exp": now + 1})), &p).is_ok());
    assert_eq!(
        problem(verify(&sign(json!({"exp": now})), &p)),
        TokenProblem::Expired {
            exp: now.to_string(),
            now,
            from_2000: false
        }
    );
    assert!(matches!(
        problem(verify(&sign(json!({"nbf": now + 10})), &p)),
        TokenProblem::NotYetValid { claim: "nbf", .. }
    ));
    assert!(matches!(
        problem(verify(&sign(json!({"iat": now + 10})), &p)),
        TokenProblem::NotYetValid { claim: "iat", .. }
    ));
    let lenient = Policy {
        leeway: 10,
        ..Policy::default()
    };
    assert!(verify(&sign(json!({"nbf": now + 10, "exp": now - 9})), &lenient).is_ok());
    let required = Policy {
        require: vec!["exp".into()],
        ..Policy::default()
    };
    assert_eq!(
        problem(verify(&sign(json!({})), &required)),
        TokenProblem::Missing("exp".into())
    );
    assert_eq!(
        problem(verify(&sign(json!({"aud": "x"})), &p)),
        TokenProblem::UnexpectedAudience
    );
    let audience = Policy {
        audience: vec!["x".into(), "y".into()],
        ..Policy::default()
    };
    assert!(verify(&sign(json!({"aud": ["z", "y"]})), &audience).is_ok());
    assert_eq!(
        problem(verify(&sign(json!({"aud": "z"})), &audience)),
        TokenProblem::WrongAudience
    );
}

/// The claim policy, case by case: each token is refused with the problem that names why
/// (the Python and command-line faces pass these messages on as they are).
#[test]
fn each_claim_problem_is_named() {
    let sign =
        |v: Value| jwt::sign(&claims(v), &private(), &Header::default(), Form::Compact).unwrap();
    let later = NOW as i64 + 3600;
    let policy = |audience: &[&str], issuer: Option<&str>| Policy {
        audience: audience.iter().map(|a| (*a).to_owned()).collect(),
        issuer: issuer.map(str::to_owned),
        ..Policy::default()
    };
    let cases = [
        (
            json!({"exp": later, "aud": "x"}),
            policy(&["y"], None),
            "does not name an expected audience",
        ),
        (
            json!({"exp": later}),
            policy(&["y"], None),
            "\"aud\" is missing",
        ),
        (
            json!({"exp": later, "iss": "a"}),
            policy(&[], Some("b")),
            "not the expected issuer",
        ),
        (
            json!({"exp": later}),
            policy(&[], Some("b")),
            "\"iss\" is missing",
        ),
        (
            json!({"exp": "soon"}),
            policy(&[], None),
            "\"exp\" must be a number",
        ),
        (
            json!({"exp": later, "sub": 5}),
            policy(&[], None),
            "\"sub\" must be a string",
        ),
        (
            json!({"exp": later, "aud": 5}),
            policy(&["x"], None),
            "\"aud\" must be a string or a list",
        ),
        (
            json!({"exp": later, "jti": []}),
            policy(&[], None),
            "\"jti\" must be a string",
        ),
    ];
    for (claims, policy, why) in cases {
        let message = verify(&sign(claims.clone()), &policy)
            .unwrap_err()
            .to_string();
        assert!(message.contains(why), "{claims}: {message}");
    }
}

#[test]
fn keys_are_picked_by_kid_from_a_jwks() {
    let mine = public();
    let other = RsaPrivateKey::generate(ucrypto::rsa::KeySize::Rsa2048)
        .unwrap()
        .public_key()
        .unwrap();
    let jwks = KeySet::to_jwks(&[mine.clone(), other]).unwrap();
    let kid = jwks["keys"][0]["kid"].as_str().unwrap().to_owned();
    assert_eq!(kid, mine.jwk_thumbprint());
    let set = KeySet::from_jwks(&jwks).unwrap();
    let sign_kid = |kid: Option<&str>| {
        let header = Header {
            kid: kid.map(str::to_owned),
            ..Header::default()
        };
        jwt::sign(&Map::new(), &private(), &header, Form::Compact).unwrap()
    };
    assert!(jwt::verify_at(&sign_kid(Some(&kid)), &set, &Policy::default(), NOW).is_ok());
    assert!(matches!(
        problem(jwt::verify_at(&sign_kid(Some("nope")), &set, &Policy::default(), NOW)),
        TokenProblem::NoKey(why) if why.contains("no key with kid")
    ));
    assert!(matches!(
        problem(jwt::verify_at(&sign_kid(None), &set, &Policy::default(), NOW)),
        TokenProblem::NoKey(why) if why.contains("every key in the key set has one")
    ));
    // A token that names no kid matches only a key that has none, as in PyJWT, even when
    // the set holds one key; and only one such key. A single key ignores kids.
    let one = KeySet::from_jwks(&KeySet::to_jwks(std::slice::from_ref(&mine)).unwrap()).unwrap();
    assert!(matches!(
        problem(jwt::verify_at(&sign_kid(None), &one, &Policy::default(), NOW)),
        TokenProblem::NoKey(why) if why.contains("every key in the key set has one")
    ));
    let unnamed = |key: &RsaPublicKey| {
        let mut jwk = key.to_jwk(None);
        jwk.as_object_mut().unwrap().remove("kid");
        jwk
    };
    let named_and_not = json!({"keys": [mine.to_jwk(Some("a")), unnamed(&mine)]});
    let set = KeySet::from_jwks(&named_and_not).unwrap();
    assert!(jwt::verify_at(&sign_kid(None), &set, &Policy::default(), NOW).is_ok());
    let two_unnamed = json!({"keys": [unnamed(&mine), unnamed(&mine)]});
    let set = KeySet::from_jwks(&two_unnamed).unwrap();
    assert!(matches!(
        problem(jwt::verify_at(&sign_kid(None), &set, &Policy::default(), NOW)),
        TokenProblem::NoKey(why) if why.contains("2 keys without one")
    ));
    assert!(verify(&sign_kid(Some("anything")), &Policy::default()).is_ok());
    // what a JWKS may not be
    for bad in [
        json!({}),
        json!({"keys": []}),
        json!({"keys": [{"kty": "EC"}]}),
        json!({"keys": "x"}),
    ] {
        assert!(
            matches!(KeySet::from_jwks(&bad), Err(Error::InvalidPublicKey(_))),
            "{bad}"
        );
    }
    // The bound admits its maximum and no more.
    let most = Value::Array(vec![mine.to_jwk(None); ucrypto::rsa::MAX_JWKS_KEYS]);
    assert!(KeySet::from_jwks(&json!({"keys": most})).is_ok());
    let too_many = Value::Array(vec![mine.to_jwk(None); ucrypto::rsa::MAX_JWKS_KEYS + 1]);
    assert!(KeySet::from_jwks(&json!({"keys": too_many})).is_err());
    // keys for other uses, or unusable ones, are skipped, not refused (RFC 7517 section 5)
    let mut enc = mine.to_jwk(None);
    enc["use"] = "enc".into();
    let mut ps256 = mine.to_jwk(Some("ps"));
    ps256["alg"] = "PS256".into();
    let small = json!({"kty": "RSA", "n": "AQAB", "e": "AQAB", "kid": "small"});
    let mixed = json!({"keys": [enc, ps256, small, {"kty": "EC"}, mine.to_jwk(Some("sig-key"))]});
    let set = KeySet::from_jwks(&mixed).unwrap();
    assert!(jwt::verify_at(&sign_kid(Some("sig-key")), &set, &Policy::default(), NOW).is_ok());
    assert!(matches!(
        problem(jwt::verify_at(
            &sign_kid(Some("ps")),
            &set,
            &Policy::default(),
            NOW
        )),
        TokenProblem::NoKey(_)
    ));
}

/// What `sign` writes, `verify` takes: a header it would refuse (a `kid` that is not a
/// string, critical extensions) is refused when signing.
#[test]
fn no_token_is_signed_that_verify_would_refuse() {
    for (name, value) in [
        ("kid", json!(5)),
        ("kid", json!(null)),
        ("crit", json!(["x"])),
    ] {
        let mut header = Header::default();
        header.extra.insert(name.into(), value.clone());
        let err = jwt::sign(&Map::new(), &private(), &header, Form::Compact).unwrap_err();
        assert!(
            matches!(err, Error::InvalidToken(_)),
            "{name}: {value}: {err}"
        );
    }
}

/// A JWKS names its keys: a token that names a `kid` needs a key with that `kid`, even when
/// the set's only key has none (PyJWT's JWKS lookup). A key given on its own, not in a set,
/// is used whatever the token names.
#[test]
fn a_kid_the_jwks_lacks_is_refused_even_with_one_key() {
    let mut unnamed = public().to_jwk(None);
    unnamed.as_object_mut().unwrap().remove("kid");
    let set = KeySet::from_jwks(&json!({ "keys": [unnamed] })).unwrap();
    let header = Header {
        kid: Some("some-other-key".into()),
        ..Header::default()
    };
    let named = jwt::sign(&Map::new(), &private(), &header, Form::Compact).unwrap();
    assert!(matches!(
        problem(jwt::verify_at(&named, &set, &Policy::default(), NOW)),
        TokenProblem::NoKey(why) if why.contains("some-other-key")
    ));
    let plain = jwt::sign(&Map::new(), &private(), &Header::default(), Form::Compact).unwrap();
    assert!(jwt::verify_at(&plain, &set, &Policy::default(), NOW).is_ok());
    assert!(verify(&named, &Policy::default()).is_ok());
}

/// A JWK member of the wrong type is refused with the member named; in a JWKS such a key is
/// skipped, and a set of nothing but such keys names the first one's problem.
#[test]
fn jwk_members_of_the_wrong_type_are_named() {
    for (member, value) in [
        ("alg", json!(5)),
        ("use", json!([])),
        ("kid", json!(7)),
        ("kty", json!(null)),
        ("n", json!(1)),
        ("e", json!({})),
        ("key_ops", json!("verify")),
        ("key_ops", json!(["verify", 1])),
        ("x5c", json!(5)),
        ("x5c", json!(["MIIB", 2])),
        ("x5t", json!(1)),
        ("x5t#S256", json!([])),
        ("x5u", json!({})),
        ("e", json!("")),
        ("n", json!("")),
    ] {
        let mut jwk = public().to_jwk(None);
        jwk[member] = value.clone();
        let Err(Error::InvalidPublicKey(why)) = RsaPublicKey::from_jwk(&jwk) else {
            panic!("{member}: {value} was accepted");
        };
        assert!(why.to_string().contains(&format!("\"{member}\"")), "{why}");
        assert!(!why.to_string().contains("DER"), "{why}");
        let Err(Error::InvalidPublicKey(why)) = KeySet::from_jwks(&json!({ "keys": [jwk] })) else {
            panic!("a JWKS of one key with {member}: {value} was accepted");
        };
        assert!(why.to_string().contains("the first: "), "{why}");
    }
    assert!(RsaPublicKey::from_jwk(&json!("RSA")).is_err());
}

/// What we write as a JWKS, we read: the writer has the reader's bound.
#[test]
fn jwks_are_written_within_the_bound_they_are_read_with() {
    let key = public();
    let most = vec![key.clone(); ucrypto::rsa::MAX_JWKS_KEYS];
    assert!(KeySet::from_jwks(&KeySet::to_jwks(&most).unwrap()).is_ok());
    let too_many = vec![key; ucrypto::rsa::MAX_JWKS_KEYS + 1];
    assert!(matches!(
        KeySet::to_jwks(&too_many),
        Err(Error::InvalidPublicKey(why)) if why.to_string().contains("more than 256 keys")
    ));
}

#[test]
fn jwk_round_trips_and_rfc_7638_thumbprint() {
    // RFC 7638 section 3.1: the example key and its thumbprint.
    let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    let key = RsaPublicKey::from_jwk(
        &json!({"kty": "RSA", "n": n, "e": "AQAB", "alg": "RS256", "kid": "2011-04-29"}),
    )
    .unwrap();
    assert_eq!(
        key.jwk_thumbprint(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
    let jwk = key.to_jwk(None);
    assert_eq!(
        (jwk["n"].as_str(), jwk["e"].as_str()),
        (Some(n), Some("AQAB"))
    );
    assert_eq!(
        (
            jwk["kty"].as_str(),
            jwk["alg"].as_str(),
            jwk["use"].as_str()
        ),
        (Some("RSA"), Some("RS256"), Some("sig"))
    );
    assert_eq!(key.public_exponent(), Some(65537));
    // ours round-trips to the same key
    let mine = public();
    let back = RsaPublicKey::from_jwk(&mine.to_jwk(Some("x"))).unwrap();
    assert_eq!(back.to_spki_pem().unwrap(), mine.to_spki_pem().unwrap());
    assert_eq!(mine.to_jwk(Some("x"))["kid"], "x");
    for bad in [
        json!({"kty": "EC", "n": n, "e": "AQAB"}),
        json!({"kty": "RSA", "e": "AQAB"}),
        json!({"kty": "RSA", "n": n}),
        json!({"kty": "RSA", "n": "!!", "e": "AQAB"}),
        json!({"kty": "RSA", "n": n, "e": "AQAB", "alg": "RS512"}),
        json!({"kty": "RSA", "n": "AQAB", "e": "AQAB"}),
        json!({"kty": "RSA", "n": n, "e": "AQAB", "use": "enc"}),
        json!({"kty": "RSA", "n": n, "e": "AQAB", "key_ops": ["encrypt"]}),
    ] {
        assert!(
            matches!(
                RsaPublicKey::from_jwk(&bad),
                Err(Error::InvalidPublicKey(_))
            ),
            "{bad}"
        );
    }
}
