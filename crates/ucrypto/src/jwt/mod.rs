//! RS256 JSON Web Tokens (RFC 7519 over RFC 7515 compact JWS), as the device's cloud sign-in
//! uses them, made and checked with the policy PyJWT applies (stricter where PyJWT is lax).
//!
//! Tokens made by Pycom's own device library are not in compact form: each part is standard
//! base64 with padding and a newline (MicroPython's `binascii.b2a_base64`), and the signature
//! covers the first two parts exactly as sent. [`verify`] reads them (unless
//! [`Policy::strict`]) and says so in [`Verified::form`]; [`sign`] can write them.
//!
//! Only RS256 is accepted: never `none`, never an HMAC keyed with the public key.
//!
//! ```
//! # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
//! # let private_pem = std::fs::read(format!("{dir}rsa2048_pkcs8.pem")).unwrap();
//! # let public_pem = std::fs::read(format!("{dir}rsa2048_spki.pem")).unwrap();
//! use ucrypto::jwt::{self, Form, Policy};
//! use ucrypto::rsa::KeySet;
//! use ucrypto::{RsaPrivateKey, RsaPublicKey};
//! let key = RsaPrivateKey::from_pem_or_der(&private_pem)?;
//! let claims = serde_json::json!({"sub": "device-1", "aud": "my-project", "exp": 4102444800u64});
//! let token = jwt::sign(claims.as_object().unwrap(), &key, &Default::default(), Form::Compact)?;
//! let keys = KeySet::single(RsaPublicKey::from_pem_or_der(&public_pem)?);
//! let policy = Policy { audience: vec!["my-project".into()], ..Policy::default() };
//! let verified = jwt::verify(&token, &keys, &policy)?;
//! assert_eq!(verified.claims["sub"], "device-1");
//! # Ok::<(), ucrypto::Error>(())
//! ```

mod claims;
mod encoding;

pub use crate::error::TokenProblem;
use crate::error::{Error, Result};
use crate::names::{clip, named};
use crate::rsa::{KeySet, RsaPrivateKey};
use serde_json::{Map, Value};

pub use claims::{EPOCH_2000, MAX_LEEWAY, Policy};

/// How a token's parts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Form {
    /// RFC 7515 compact serialisation: base64url without padding, compact JSON.
    #[default]
    Compact,
    /// What Pycom's device library writes: standard base64 with padding and a trailing
    /// newline per part, JSON as `json.dumps` writes it.
    Device,
}

named!(Form, "token form" {
    Compact => ("compact", "RFC 7515 compact form (base64url, no padding)"),
    Device => ("device", "the device library's form (standard base64, padded, newline-terminated parts)"),
});

fn rejected(problem: TokenProblem) -> Error {
    Error::InvalidToken(problem)
}

/// Header members for [`sign`] beyond `alg` and `typ`.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// The `kid` member: which key signed (see [`crate::RsaPublicKey::jwk_thumbprint`]).
    pub kid: Option<String>,
    /// Further members; an `alg` among them must be `"RS256"`.
    pub extra: Map<String, Value>,
}

/// Signs `claims` with RS256 and returns the token, in `form`.
///
/// The header is `{"alg": "RS256", "typ": "JWT"}` plus `header`'s members (`typ` may be
/// replaced).
///
/// # Errors
/// [`Error::InvalidToken`] if `header` sets `alg` to anything but RS256, a `kid` that is not
/// a string, or `crit` (a token [`verify`] would refuse); [`Error::SignFailed`] if the RSA
/// engine fails.
pub fn sign(
    claims: &Map<String, Value>,
    key: &RsaPrivateKey,
    header: &Header,
    form: Form,
) -> Result<String> {
    let mut head = Map::new();
    head.insert("alg".into(), "RS256".into());
    head.insert("typ".into(), "JWT".into());
    // Nothing is signed that `verify` would refuse: another alg, a kid that is not a string,
    // critical extensions.
    for (name, value) in &header.extra {
        match name.as_str() {
            "alg" if value.as_str() != Some("RS256") => {
                return Err(rejected(TokenProblem::Algorithm(clip(&value.to_string()))));
            }
            "kid" if !value.is_string() => return Err(rejected(TokenProblem::BadHeader("kid"))),
            "crit" => return Err(rejected(TokenProblem::Critical)),
            _ => {}
        }
        head.insert(name.clone(), value.clone());
    }
    if let Some(kid) = &header.kid {
        head.insert("kid".into(), kid.clone().into());
    }
    let signing_input = format!(
        "{}.{}",
        encoding::encode_part(&encoding::json_text(&Value::Object(head), form), form),
        encoding::encode_part(
            &encoding::json_text(&Value::Object(claims.clone()), form),
            form
        )
    );
    let signature = key.sign_rs256(signing_input.as_bytes())?;
    Ok(format!(
        "{signing_input}.{}",
        encoding::encode_part(&signature, form)
    ))
}

/// A token that passed every check.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The token's header.
    pub header: Map<String, Value>,
    /// The token's claims.
    pub claims: Map<String, Value>,
    /// The form its parts were written in.
    pub form: Form,
}

fn json_object(bytes: &[u8], what: &'static str) -> Result<Map<String, Value>> {
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(rejected(TokenProblem::NotJsonObject(what))),
    }
}

/// Checks `token` (see [`verify_at`]) at the current time.
///
/// # Errors
/// As [`verify_at`].
pub fn verify(token: &str, keys: &KeySet, policy: &Policy) -> Result<Verified> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    verify_at(token, keys, policy, now)
}

/// Checks a token's form, header, RS256 signature (over the first two parts exactly as
/// sent) and claims against `policy`, at `now` (seconds since the epoch).
///
/// The token is taken exactly as given: no whitespace is trimmed. In strict mode it must be
/// the compact form and nothing else; otherwise each part may also be written as the device
/// library writes it (standard base64, padded, and one `\n`), and nothing more.
///
/// # Errors
/// [`Error::InvalidToken`] saying what is wrong; the first problem found, in the order:
/// form, header, key, signature, claims.
pub fn verify_at(token: &str, keys: &KeySet, policy: &Policy, now: f64) -> Result<Verified> {
    if !now.is_finite() {
        return Err(rejected(TokenProblem::BadClock));
    }
    let mut parts = token.split('.');
    let (Some(head_part), Some(body_part), Some(sig_part), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(rejected(TokenProblem::NotThreeParts));
    };
    let (head_bytes, head_compact) =
        encoding::decode_part(head_part, "header").map_err(rejected)?;
    let (body_bytes, body_compact) =
        encoding::decode_part(body_part, "payload").map_err(rejected)?;
    let (signature, sig_compact) =
        encoding::decode_part(sig_part, "signature").map_err(rejected)?;
    let form = if head_compact && body_compact && sig_compact {
        Form::Compact
    } else {
        Form::Device
    };
    if policy.strict && form != Form::Compact {
        return Err(rejected(TokenProblem::NotCompact));
    }
    let header = json_object(&head_bytes, "header")?;
    match header.get("alg") {
        Some(Value::String(alg)) if alg == "RS256" => {}
        Some(other) => return Err(rejected(TokenProblem::Algorithm(clip(&other.to_string())))),
        None => return Err(rejected(TokenProblem::Algorithm("(none given)".into()))),
    }
    if header.contains_key("crit") {
        return Err(rejected(TokenProblem::Critical));
    }
    let kid = match header.get("kid") {
        None => None,
        Some(Value::String(kid)) => Some(kid.as_str()),
        Some(_) => return Err(rejected(TokenProblem::BadHeader("kid"))),
    };
    let key = keys
        .select(kid)
        .map_err(|why| rejected(TokenProblem::NoKey(why)))?;
    let signing_input = &token[..head_part.len() + 1 + body_part.len()];
    if !key.verify_rs256(signing_input.as_bytes(), &signature) {
        return Err(rejected(TokenProblem::BadSignature));
    }
    let claims = json_object(&body_bytes, "payload")?;
    policy.check(&claims, now).map_err(rejected)?;
    Ok(Verified {
        header,
        claims,
        form,
    })
}

#[cfg(test)]
mod tests {
    use super::TokenProblem;
    use std::collections::HashSet;

    #[test]
    fn every_token_problem_has_its_own_message() {
        let problems = [
            (TokenProblem::NotThreeParts, "header.payload.signature"),
            (TokenProblem::NotBase64("payload"), "payload is not base64"),
            (
                TokenProblem::NotJsonObject("header"),
                "header is not a JSON",
            ),
            (
                TokenProblem::Algorithm("HS256".into()),
                "alg HS256 is not RS256",
            ),
            (TokenProblem::Critical, "\"crit\""),
            (TokenProblem::BadHeader("kid"), "\"kid\" must be a string"),
            (
                TokenProblem::NoKey("no kid".into()),
                "check it with: no kid",
            ),
            (TokenProblem::BadSignature, "bad signature"),
            (TokenProblem::NotCompact, "compact form is required"),
            (
                TokenProblem::Missing("exp".into()),
                "claim \"exp\" is missing",
            ),
            (
                TokenProblem::BadClaim("exp", "a number"),
                "\"exp\" must be a number",
            ),
            (
                TokenProblem::Expired {
                    exp: "5".into(),
                    now: 9,
                    from_2000: false,
                },
                "expired at 5 (now 9)",
            ),
            (
                TokenProblem::NotYetValid {
                    claim: "nbf",
                    at: "9".into(),
                    now: 5,
                },
                "before 9 (nbf; now 5)",
            ),
            (TokenProblem::UnexpectedAudience, "none is expected"),
            (TokenProblem::WrongAudience, "an expected audience"),
            (TokenProblem::WrongIssuer, "expected issuer"),
            (TokenProblem::WrongSubject, "expected subject"),
            (TokenProblem::BadClock, "not a finite number"),
        ];
        let mut seen = HashSet::new();
        for (problem, hint) in problems {
            let message = problem.to_string();
            assert!(message.contains(hint), "{problem:?}: {message}");
            assert!(seen.insert(message), "{problem:?} repeats another message");
        }
    }
}
