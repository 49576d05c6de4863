//! RSA public keys as JSON Web Keys (RFC 7517/7518), their RFC 7638 thumbprints, and key
//! sets (JWKS) for picking a verification key by `kid`.

use super::RsaPublicKey;
use crate::error::{Error, KeyProblem, Result};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use der::Encode;
use serde_json::{Map, Value, json};

/// The big-endian bytes of an unsigned integer, without leading zeros (RFC 7518 6.3.1).
fn minimal(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(minimal(bytes))
}

impl RsaPublicKey {
    /// The RFC 7638 thumbprint: SHA-256 over `{"e":..,"kty":"RSA","n":..}` (members in
    /// lexicographic order, no whitespace), base64url. The conventional `kid`.
    #[must_use]
    pub fn jwk_thumbprint(&self) -> String {
        let (n, e) = self.n_e();
        let canonical = format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, b64(e), b64(n));
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, canonical.as_bytes());
        URL_SAFE_NO_PAD.encode(digest.as_ref())
    }

    /// The key as a JWK for RS256 signatures: `kty`, `n`, `e`, `alg`, `use` and `kid` (the
    /// thumbprint, unless `kid` gives another).
    #[must_use]
    pub fn to_jwk(&self, kid: Option<&str>) -> Value {
        let (n, e) = self.n_e();
        let kid = kid.map_or_else(|| self.jwk_thumbprint(), str::to_owned);
        json!({"kty": "RSA", "n": b64(n), "e": b64(e), "alg": "RS256", "use": "sig", "kid": kid})
    }

    /// Reads an RSA public key from a JWK object (`kty` must be `RSA`; `n` and `e` base64url).
    /// The members RFC 7517 defines must have their defined types when present (`kid`,
    /// `alg`, `use`, `x5u`, `x5t` and `x5t#S256` strings, `key_ops` and `x5c` lists of
    /// strings), and `n` and `e` must not be empty.
    ///
    /// # Errors
    /// [`Error::InvalidPublicKey`] for anything else, or a key outside 2048..=8192 bits.
    pub fn from_jwk(jwk: &Value) -> Result<Self> {
        let bad = |what: &str| Error::InvalidPublicKey(KeyProblem::BadJwk(what.to_owned()));
        let jwk = jwk.as_object().ok_or_else(|| bad("not a JSON object"))?;
        let text = |name: &str| -> Result<Option<&str>> {
            match jwk.get(name) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s)),
                Some(_) => Err(bad(&format!("\"{name}\" is not a string"))),
            }
        };
        let number = |name: &str| -> Result<Vec<u8>> {
            let value = text(name)?.ok_or_else(|| bad(&format!("no \"{name}\" string")))?;
            let bytes = URL_SAFE_NO_PAD
                .decode(value.trim_end_matches('='))
                .map_err(|_| bad(&format!("\"{name}\" is not base64url")))?;
            if bytes.is_empty() {
                return Err(bad(&format!("\"{name}\" is empty")));
            }
            Ok(bytes)
        };
        if text("kty")? != Some("RSA") {
            return Err(bad("\"kty\" is not \"RSA\""));
        }
        for name in ["kid", "x5u", "x5t", "x5t#S256"] {
            text(name)?;
        }
        if jwk.get("x5c").is_some_and(|chain| {
            !chain
                .as_array()
                .is_some_and(|c| c.iter().all(Value::is_string))
        }) {
            return Err(bad("\"x5c\" is not a list of strings"));
        }
        if text("use")?.is_some_and(|u| u != "sig") {
            return Err(bad("\"use\" is not \"sig\""));
        }
        if let Some(ops) = jwk.get("key_ops") {
            let ops = ops
                .as_array()
                .filter(|ops| ops.iter().all(Value::is_string))
                .ok_or_else(|| bad("\"key_ops\" is not a list of strings"))?;
            if !ops.iter().any(|op| op.as_str() == Some("verify")) {
                return Err(bad("\"key_ops\" does not include \"verify\""));
            }
        }
        if text("alg")?.is_some_and(|alg| alg != "RS256") {
            return Err(bad("\"alg\" is not \"RS256\""));
        }
        let (n, e) = (number("n")?, number("e")?);
        let key = pkcs1::RsaPublicKey {
            modulus: der::asn1::UintRef::new(&n).map_err(|_| bad("\"n\" is not a number"))?,
            public_exponent: der::asn1::UintRef::new(&e)
                .map_err(|_| bad("\"e\" is not a number"))?,
        };
        let der = key.to_der().map_err(|_| bad("the numbers do not encode"))?;
        Self::from_pkcs1_der(&der)
    }
}

/// Public keys to verify tokens with, each with an optional `kid`.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    keys: Vec<(Option<String>, RsaPublicKey)>,
    /// A key given on its own, not in a JWKS: used whatever `kid` a token names, as PyJWT
    /// uses a key passed to `decode`.
    single: bool,
}

/// The most keys a JWKS may hold, read or written.
pub const MAX_JWKS_KEYS: usize = 256;

fn bad_jwks(what: &str) -> Error {
    Error::InvalidPublicKey(KeyProblem::BadJwks(what.to_owned()))
}

impl KeySet {
    /// A set of one key, used whatever `kid` a token names.
    #[must_use]
    pub fn single(key: RsaPublicKey) -> Self {
        Self {
            keys: vec![(None, key)],
            single: true,
        }
    }

    /// The RSA signing keys of a JWKS document (`{"keys": [...]}`); keys of other types or
    /// uses, or with members of the wrong type, are skipped, as RFC 7517 section 5 asks.
    ///
    /// # Errors
    /// [`Error::InvalidPublicKey`] when the document is not a JWKS, holds no usable RSA key
    /// (the first key's problem is named), or holds more than [`MAX_JWKS_KEYS`] keys.
    pub fn from_jwks(document: &Value) -> Result<Self> {
        let keys = document
            .get("keys")
            .and_then(Value::as_array)
            .ok_or_else(|| bad_jwks("not a JWKS: no \"keys\" list"))?;
        if keys.len() > MAX_JWKS_KEYS {
            return Err(bad_jwks(&format!("more than {MAX_JWKS_KEYS} keys")));
        }
        let mut set = Self::default();
        let mut first_problem = None;
        // RFC 7517 section 5: members a reader does not understand or cannot use are
        // skipped, so one odd key (EC, PS256, 1024 bits) does not take the others down.
        for jwk in keys {
            match RsaPublicKey::from_jwk(jwk) {
                Ok(key) => {
                    let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_owned);
                    set.keys.push((kid, key));
                }
                Err(problem) => {
                    first_problem.get_or_insert(problem);
                }
            }
        }
        match first_problem {
            Some(Error::InvalidPublicKey(problem)) if set.keys.is_empty() => {
                let why = match problem {
                    KeyProblem::BadJwk(what) => what,
                    other => other.to_string(),
                };
                Err(bad_jwks(&format!(
                    "no usable RSA signing key in the set (the first: {why})"
                )))
            }
            _ if set.keys.is_empty() => Err(bad_jwks("no usable RSA signing key in the set")),
            _ => Ok(set),
        }
    }

    /// A JWKS document of `keys`, each with its thumbprint as `kid`.
    ///
    /// # Errors
    /// [`Error::InvalidPublicKey`] for more than [`MAX_JWKS_KEYS`] keys, a set no reader
    /// of ours would take.
    pub fn to_jwks(keys: &[RsaPublicKey]) -> Result<Value> {
        if keys.len() > MAX_JWKS_KEYS {
            return Err(bad_jwks(&format!("more than {MAX_JWKS_KEYS} keys")));
        }
        let list: Vec<Value> = keys.iter().map(|k| k.to_jwk(None)).collect();
        let mut doc = Map::new();
        doc.insert("keys".into(), Value::Array(list));
        Ok(Value::Object(doc))
    }

    /// The key for a token whose header names `kid`: the key given on its own, else the
    /// key of the set with that `kid` — a token that names none matching only a key that
    /// has none, as in PyJWT's JWKS lookup, and only one such key, since two would leave
    /// the choice to their order.
    pub(crate) fn select(&self, kid: Option<&str>) -> std::result::Result<&RsaPublicKey, String> {
        if let ([(_, key)], true) = (self.keys.as_slice(), self.single) {
            return Ok(key);
        }
        match kid {
            Some(kid) => self
                .keys
                .iter()
                .find(|(k, _)| k.as_deref() == Some(kid))
                .map(|(_, key)| key)
                .ok_or_else(|| {
                    format!(
                        "no key with kid {:?} in the key set",
                        crate::names::clip(kid)
                    )
                }),
            None => {
                let mut unnamed = self.keys.iter().filter(|(k, _)| k.is_none());
                match (unnamed.next(), unnamed.next()) {
                    (Some((_, key)), None) => Ok(key),
                    (None, _) => Err(
                        "the token names no kid and every key in the key set has one".to_owned(),
                    ),
                    (Some(_), Some(_)) => Err(format!(
                        "the token names no kid and the key set holds {} keys without one",
                        2 + unnamed.count()
                    )),
                }
            }
        }
    }
}
