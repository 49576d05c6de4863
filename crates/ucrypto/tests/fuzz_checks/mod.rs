//! The properties the fuzz targets check, defined once: each target in `fuzz/` calls one of
//! these on the fuzzer's bytes, and `fuzz_regressions.rs` calls the same on every committed
//! seed and crash reproducer. Each must hold for any input; a failure panics.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;
use ucrypto::jwt::{self, Policy};
use ucrypto::rsa::{KeySet, Padding};
use ucrypto::{Error, RsaPrivateKey, RsaPublicKey};

const PRIVATE_PEM: &[u8] = include_bytes!("../data/rsa2048_pkcs8.pem");
const PUBLIC_PEM: &[u8] = include_bytes!("../data/rsa2048_spki.pem");

fn private() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::from_pem_or_der(PRIVATE_PEM).expect("test key"))
}

/// Private-key parsing (PEM and DER, plain and password-protected) never panics, and a key
/// that parses signs and decrypts. The first byte picks whether a password is given.
pub fn private_key(data: &[u8]) {
    let (password, input) = match data.split_first() {
        Some((&flag, rest)) if flag & 1 == 1 => (Some(&b"pw"[..]), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    if let Ok(key) = RsaPrivateKey::from_pem_or_der_with_password(input, password) {
        assert!((2048..=8192).contains(&key.bits()));
        let sig = key.sign_rs256(b"m").expect("a parsed key signs");
        assert_eq!(sig.len(), key.size());
        let _ = key.decrypt_pkcs1v15(&sig);
    }
}

/// Public-key parsing never panics; a key that parses encrypts and rejects a bad signature.
pub fn public_key(data: &[u8]) {
    if let Ok(key) = RsaPublicKey::from_pem_or_der(data) {
        assert!((2048..=8192).contains(&key.bits()));
        let ct = key.encrypt_pkcs1v15(b"m").expect("a parsed key encrypts");
        assert_eq!(ct.len(), key.size());
        assert!(!key.verify_rs256(b"m", &ct[..ct.len() - 1]));
        assert_eq!(key.jwk_thumbprint().len(), 43);
    }
}

/// RSA decryption of arbitrary bytes with a fixed key: only the uniform error, and any
/// plaintext within the padding's limits.
pub fn rsa_decrypt(data: &[u8]) {
    let key = private();
    for padding in [Padding::Pkcs1v15, Padding::OaepSha256] {
        match key.decrypt(data, padding) {
            Ok(plain) => assert!(plain.len() <= key.size() - padding.overhead()),
            Err(e) => assert_eq!(e, Error::DecryptFailed),
        }
    }
}

/// PEM block selection: arbitrary text around a real key block never changes which key is
/// read, as long as the text holds no BEGIN line of its own; and any input is classified or
/// refused without a panic.
pub fn pem_blocks(data: &[u8]) {
    let _ = ucrypto::rsa::inspect(data);
    let _ = RsaPrivateKey::from_pem_or_der(data);
    let _ = RsaPublicKey::from_pem_or_der(data);
    let cut = data.first().map_or(0, |&b| usize::from(b)).min(data.len());
    let (before, after) = data.split_at(cut);
    let mut bundle = before.to_vec();
    bundle.push(b'\n');
    bundle.extend_from_slice(PRIVATE_PEM);
    bundle.extend_from_slice(after);
    let begins = bundle.windows(11).filter(|w| *w == b"-----BEGIN ").count();
    let parsed = RsaPrivateKey::from_pem_or_der(&bundle);
    if begins == 1 {
        let key = parsed.expect("a key block with nothing else that looks like one must parse");
        assert_eq!(
            key.sign_rs256(b"m").unwrap(),
            private().sign_rs256(b"m").unwrap()
        );
    }
    if let Err(e) = ucrypto::rsa::inspect(&bundle) {
        assert!(begins > 1, "the bundle's key was not found: {e}");
    }
}

/// Token verification never panics; whatever verifies was signed by the key, so it can only
/// be a token this function made from the input.
pub fn jwt_verify(data: &[u8]) {
    static KEYS: OnceLock<KeySet> = OnceLock::new();
    let keys =
        KEYS.get_or_init(|| KeySet::single(RsaPublicKey::from_pem_or_der(PUBLIC_PEM).unwrap()));
    let text = String::from_utf8_lossy(data);
    let policy = Policy {
        require: vec![],
        ..Policy::default()
    };
    assert!(
        jwt::verify_at(&text, keys, &policy, 0.0)
            .is_err_and(|e| matches!(e, Error::InvalidToken(_))),
        "arbitrary input verified, or failed with another error"
    );
    // The input as claims: a token made from it verifies, in both forms, unless a claim
    // fails the policy.
    if let Ok(serde_json::Value::Object(claims)) = serde_json::from_slice(data) {
        for form in [jwt::Form::Compact, jwt::Form::Device] {
            let token = jwt::sign(&claims, private(), &Default::default(), form).unwrap();
            match jwt::verify_at(&token, keys, &policy, 0.0) {
                Ok(verified) => assert_eq!(verified.claims, claims),
                Err(Error::InvalidToken(problem)) => assert!(
                    !matches!(
                        problem,
                        jwt::TokenProblem::BadSignature | jwt::TokenProblem::NotBase64(_)
                    ),
                    "{problem}"
                ),
                Err(other) => panic!("{other}"),
            }
        }
    }
    // ... and as a JWKS document.
    if let Ok(document) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = KeySet::from_jwks(&document);
        let _ = RsaPublicKey::from_jwk(&document);
    }
}
