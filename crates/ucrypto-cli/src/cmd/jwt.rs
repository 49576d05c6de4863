//! `ucrypto jwt sign|verify`: RS256 JWTs through the core's `jwt` module.

use crate::error::{CliError, Result};
use crate::flags::{JwtSignArgs, JwtVerifyArgs};
use crate::io;
use serde_json::{Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};
use ucrypto::jwt::{self, Form, Header, Policy};
use ucrypto::rsa::KeySet;

/// The latest `exp` we write: the last second of year 9999, which every JWT library reads.
const LATEST_EXP: u64 = 253_402_300_799;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// "90s", "15m", "1h", "7d" or plain seconds.
pub(crate) fn parse_duration(text: &str) -> Result<u64> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c),
        _ => (text, 's'),
    };
    let scale = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86400,
        _ => 0,
    };
    number
        .parse::<u64>()
        .ok()
        .filter(|_| scale > 0)
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| {
            CliError::input(format!(
                "--exp-in {:?}: use e.g. 90s, 15m, 1h, 7d or seconds",
                ucrypto::names::clip(text)
            ))
        })
}

/// `exp` for a token issued at `issued` and valid for `duration`, checked.
pub(crate) fn expiry(issued: u64, duration: &str) -> Result<u64> {
    issued
        .checked_add(parse_duration(duration)?)
        .filter(|exp| *exp <= LATEST_EXP)
        .ok_or_else(|| {
            CliError::input("--exp-in is too long: the token would expire after the year 9999")
        })
}

fn claims(args: &JwtSignArgs) -> Result<Map<String, Value>> {
    let mut claims = match &args.claims_json {
        Some(json) => {
            let text = io::value_arg(json, io::JSON_LIMIT, "the claims")?;
            match serde_json::from_slice(&text) {
                Ok(Value::Object(map)) => map,
                _ => {
                    return Err(CliError::input(
                        "--claims must be a JSON object (or @FILE holding one), e.g. \
                         '{\"sub\":\"device-1\"}'",
                    ));
                }
            }
        }
        None => Map::new(),
    };
    for claim in &args.claims {
        let (name, value) = if let Some((k, json)) = claim.split_once(":=") {
            let value = serde_json::from_str(json).map_err(|e| {
                CliError::input(format!(
                    "--claim {}:=...: not JSON ({e})",
                    ucrypto::names::clip(k)
                ))
            })?;
            (k, value)
        } else if let Some((k, v)) = claim.split_once('=') {
            (k, Value::String(v.to_owned()))
        } else {
            return Err(CliError::input("--claim takes NAME=TEXT or NAME:=JSON"));
        };
        claims.insert(name.to_owned(), value);
    }
    let issued = now();
    if args.iat {
        claims.insert("iat".into(), issued.into());
    }
    if let Some(d) = &args.exp_in {
        claims.insert("exp".into(), expiry(issued, d)?.into());
    }
    if let Some(aud) = &args.aud {
        claims.insert("aud".into(), aud.clone().into());
    }
    Ok(claims)
}

pub fn sign(args: &JwtSignArgs) -> Result {
    let key = io::private_key(&args.key.key, args.key.passin.as_deref())?;
    let kid = match args.kid.as_deref() {
        None => None,
        Some("auto") => Some(key.public_key()?.jwk_thumbprint()),
        Some(kid) => Some(kid.to_owned()),
    };
    let header = Header {
        kid,
        ..Header::default()
    };
    let token = jwt::sign(&claims(args)?, &key, &header, args.form())?;
    // A device-form token already ends in a newline.
    let end = if token.ends_with('\n') { "" } else { "\n" };
    io::write_stdout(format!("{token}{end}").as_bytes())
}

/// The token: the argument itself (exactly as given), `-` for standard input, or the file
/// `--token-file` names. A file or standard input may end in one line ending, which is not
/// part of the token (`echo "$TOKEN" > token.txt` writes one); anything else around a token
/// is refused. The argument is never read as `@FILE`: it often comes from whoever sent the
/// token, who must not be able to name a local file to be verified in its place.
fn token_text(args: &JwtVerifyArgs) -> Result<String> {
    let mut bytes = match (&args.token_file, args.token.as_deref()) {
        (Some(path), _) => io::read_bounded(Some(path), io::TOKEN_LIMIT, "the token file")?,
        (None, Some("-")) => io::read_bounded(None, io::TOKEN_LIMIT, "the token")?,
        (None, Some(token)) if token.starts_with('@') => {
            return Err(CliError::input(
                "a token never starts with '@'; to read one from a file, use --token-file FILE",
            ));
        }
        (None, Some(token)) => {
            if token.len() > io::TOKEN_LIMIT {
                return Err(CliError::input(format!(
                    "the token is longer than {} bytes, more than it can be",
                    io::TOKEN_LIMIT
                )));
            }
            return utf8_token(token.as_bytes().to_vec());
        }
        (None, None) => return Err(CliError::input("give the token, - or --token-file FILE")),
    };
    let keep = bytes
        .strip_suffix(b"\r\n")
        .or_else(|| bytes.strip_suffix(b"\n"))
        .map_or(bytes.len(), <[u8]>::len);
    bytes.truncate(keep);
    utf8_token(bytes.to_vec())
}

/// Text that is not UTF-8 cannot be base64: the same problem, and words, as in Python.
fn utf8_token(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| ucrypto::Error::InvalidToken(jwt::TokenProblem::NotBase64("token")).into())
}

fn key_set(args: &JwtVerifyArgs) -> Result<KeySet> {
    if let Some(path) = &args.jwks {
        let text = io::read_bounded(Some(path), io::JSON_LIMIT, "the JWKS file")?;
        let document: Value = serde_json::from_slice(&text)
            .map_err(|e| CliError::input(format!("{path} is not JSON: {e}")))?;
        return Ok(KeySet::from_jwks(&document)?);
    }
    match &args.public {
        Some(path) => Ok(KeySet::single(io::public_key(path)?.as_ref().clone())),
        None => Err(CliError::input("give --pub or --jwks")),
    }
}

pub fn verify(args: &JwtVerifyArgs) -> Result {
    let keys = key_set(args)?;
    let token = token_text(args)?;
    let policy = Policy {
        audience: args.aud.clone(),
        issuer: args.iss.clone(),
        subject: args.sub.clone(),
        leeway: args.leeway,
        require: args.require.clone(),
        strict: args.strict,
    };
    let verified = jwt::verify(&token, &keys, &policy)?;
    if verified.form != Form::Compact {
        io::note(
            "ucrypto: note: the token is not in RFC 7515 compact form (its parts are padded \
             standard base64 with newlines, as Pycom's device library writes them); it \
             verified as sent; --strict refuses such tokens",
        );
    }
    io::write_json(&Value::Object(verified.claims))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{LATEST_EXP, expiry, parse_duration};

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90").unwrap(), 90);
        assert_eq!(parse_duration("90s").unwrap(), 90);
        assert_eq!(parse_duration("15m").unwrap(), 900);
        assert_eq!(parse_duration("1h").unwrap(), 3600);
        assert_eq!(parse_duration("7d").unwrap(), 604_800);
        for bad in ["", "h", "1w", "-1", "1.5h", "99999999999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn expiry_never_wraps() {
        assert_eq!(expiry(1000, "1h").unwrap(), 4600);
        assert!(expiry(1000, &u64::MAX.to_string()).is_err());
        assert!(expiry(LATEST_EXP, "1").is_err());
        assert_eq!(expiry(LATEST_EXP - 1, "1").unwrap(), LATEST_EXP);
    }
}
