//! `ucrypto jwt sign|verify`: compact RS256 JWS (RFC 7515/7519).

use super::sign::{private_key, public_key};
use crate::error::{CliError, Result};
use crate::flags::{JwtSignArgs, JwtVerifyArgs};
use crate::io;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};

const HEADER: &str = r#"{"alg":"RS256","typ":"JWT"}"#;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// "90s", "15m", "1h", "7d" or plain seconds.
fn parse_duration(text: &str) -> Result<u64> {
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
                "--exp-in {text:?}: use e.g. 90s, 15m, 1h, 7d or seconds"
            ))
        })
}

fn claims(args: &JwtSignArgs) -> Result<Map<String, Value>> {
    let mut claims = match &args.claims_json {
        Some(json) => match serde_json::from_str(json) {
            Ok(Value::Object(map)) => map,
            _ => {
                return Err(CliError::input(
                    "--claims must be a JSON object, e.g. '{\"sub\":\"device-1\"}'",
                ));
            }
        },
        None => Map::new(),
    };
    for claim in &args.claims {
        let (name, value) = if let Some((k, json)) = claim.split_once(":=") {
            let value = serde_json::from_str(json)
                .map_err(|e| CliError::input(format!("--claim {k}:=...: not JSON ({e})")))?;
            (k, value)
        } else if let Some((k, v)) = claim.split_once('=') {
            (k, Value::String(v.to_owned()))
        } else {
            return Err(CliError::input(format!(
                "--claim {claim:?}: use NAME=TEXT or NAME:=JSON"
            )));
        };
        claims.insert(name.to_owned(), value);
    }
    let issued = now();
    if args.iat {
        claims.insert("iat".into(), issued.into());
    }
    if let Some(d) = &args.exp_in {
        claims.insert("exp".into(), (issued + parse_duration(d)?).into());
    }
    if let Some(aud) = &args.aud {
        claims.insert("aud".into(), aud.clone().into());
    }
    Ok(claims)
}

pub fn sign(args: &JwtSignArgs) -> Result {
    let key = private_key(&args.key)?;
    let payload =
        serde_json::to_string(&claims(args)?).map_err(|e| CliError::input(e.to_string()))?;
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(HEADER),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let signature = key.sign_rs256(signing_input.as_bytes())?;
    io::write_stdout(format!("{signing_input}.{}\n", URL_SAFE_NO_PAD.encode(signature)).as_bytes())
}

fn invalid(reason: impl std::fmt::Display) -> CliError {
    CliError::failed(format!("token rejected: {reason}"))
}

fn json_part(part: &str, what: &str) -> Result<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| invalid(format!("the {what} is not base64url")))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(invalid(format!("the {what} is not a JSON object"))),
    }
}

fn time_claim(claims: &Map<String, Value>, name: &str) -> Result<Option<u64>> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|t| *t >= 0.0)
            .map(|t| Some(t as u64))
            .ok_or_else(|| invalid(format!("\"{name}\" is not a number of seconds"))),
    }
}

fn check_audience(claims: &Map<String, Value>, wanted: &str) -> Result {
    let found = match claims.get("aud") {
        Some(Value::String(s)) => s == wanted,
        Some(Value::Array(list)) => list.iter().any(|v| v.as_str() == Some(wanted)),
        _ => false,
    };
    if found {
        Ok(())
    } else {
        Err(invalid(format!("audience {wanted:?} not in \"aud\"")))
    }
}

pub fn verify(args: &JwtVerifyArgs) -> Result {
    let key = public_key(&args.public)?;
    let parts: Vec<&str> = args.token.trim().split('.').collect();
    let [header, payload, signature] = parts[..] else {
        return Err(invalid("not a compact JWS (header.payload.signature)"));
    };
    let head = json_part(header, "header")?;
    // Only RS256: never "none", never an HMAC keyed with the public key.
    match head.get("alg").and_then(Value::as_str) {
        Some("RS256") => {}
        other => return Err(invalid(format!("alg {other:?} is not RS256"))),
    }
    if head.contains_key("crit") {
        return Err(invalid(
            "the header has critical extensions (\"crit\") we do not understand",
        ));
    }
    let sig = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| invalid("the signature is not base64url"))?;
    if !key.verify_rs256(format!("{header}.{payload}").as_bytes(), &sig) {
        return Err(invalid("bad signature"));
    }
    let claims = json_part(payload, "payload")?;
    let t = now();
    if let Some(exp) = time_claim(&claims, "exp")?
        && t >= exp.saturating_add(args.leeway)
    {
        return Err(invalid(format!("expired at {exp} (now {t})")));
    }
    if let Some(nbf) = time_claim(&claims, "nbf")?
        && t.saturating_add(args.leeway) < nbf
    {
        return Err(invalid(format!("not valid before {nbf} (now {t})")));
    }
    if let Some(aud) = &args.aud {
        check_audience(&claims, aud)?;
    }
    let pretty =
        serde_json::to_string_pretty(&claims).map_err(|e| CliError::input(e.to_string()))?;
    io::write_stdout(format!("{pretty}\n").as_bytes())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::parse_duration;

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
}
