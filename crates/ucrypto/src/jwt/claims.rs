//! The claim checks, as PyJWT 2.x makes them, stricter where PyJWT is lax: a time claim must
//! be a JSON number (PyJWT also takes numeric strings), and an expected subject must be
//! present (PyJWT lets a token without `sub` through).

use super::TokenProblem;
use serde_json::{Map, Value};

/// The most leeway a policy may allow, in seconds (about 31.7 million years): any more is a
/// mistake, and would overflow the time arithmetic of other JWT libraries.
pub const MAX_LEEWAY: u64 = 1_000_000_000_000_000;

pub use crate::facts::EPOCH_2000;

/// How far an `exp` may sit from [`EPOCH_2000`] in the past to be read as a clock from 2000:
/// up to a week later (a token's lifetime, a day by default on the device) and a day earlier.
const EPOCH_2000_LIFETIME: i64 = 7 * 86_400;
const EPOCH_2000_EARLY: i64 = 86_400;

/// What a token's claims must satisfy.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Audiences accepted in `aud`. Empty: none expected, and a token that names one is
    /// refused (PyJWT's rule).
    pub audience: Vec<String>,
    /// The issuer `iss` must be, if any.
    pub issuer: Option<String>,
    /// The subject `sub` must be, if any.
    pub subject: Option<String>,
    /// Seconds of clock difference allowed for `exp`, `nbf` and `iat`, at most
    /// [`MAX_LEEWAY`] (more counts as [`MAX_LEEWAY`]).
    pub leeway: u64,
    /// Claims that must be present and not null.
    pub require: Vec<String>,
    /// Refuse tokens that are not in RFC 7515 compact form (such as the device library's).
    pub strict: bool,
}

/// A time claim: its whole seconds for comparing (a value beyond 64 bits saturates, being
/// beyond any clock either way), and the number as JSON reads it, for messages.
struct Time {
    seconds: i64,
    written: String,
}

/// A time claim's value, if present.
fn time(claims: &Map<String, Value>, name: &'static str) -> Result<Option<Time>, TokenProblem> {
    match claims.get(name) {
        None => Ok(None),
        // As PyJWT: int(value), which truncates a fraction.
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|t| t.is_finite())
                    .map(|t| t.trunc() as i64)
            })
            .map(|seconds| {
                Some(Time {
                    seconds,
                    written: n.to_string(),
                })
            })
            .ok_or(TokenProblem::BadClaim(name, "a number of seconds")),
        Some(_) => Err(TokenProblem::BadClaim(name, "a number of seconds")),
    }
}

fn string<'a>(
    claims: &'a Map<String, Value>,
    name: &'static str,
) -> Result<Option<&'a str>, TokenProblem> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(TokenProblem::BadClaim(name, "a string")),
    }
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

impl Policy {
    /// Checks `claims` at `now` (seconds since the epoch).
    pub(super) fn check(&self, claims: &Map<String, Value>, now: f64) -> Result<(), TokenProblem> {
        for name in &self.require {
            if claims.get(name).is_none_or(Value::is_null) {
                return Err(TokenProblem::Missing(crate::names::clip(name)));
            }
        }
        let leeway = self.leeway.min(MAX_LEEWAY) as f64;
        let whole_now = now.trunc() as i64;
        for claim in ["iat", "nbf"] {
            if let Some(at) = time(claims, claim)?
                && at.seconds as f64 > now + leeway
            {
                return Err(TokenProblem::NotYetValid {
                    claim,
                    at: at.written,
                    now: whole_now,
                });
            }
        }
        if let Some(exp) = time(claims, "exp")?
            && exp.seconds as f64 <= now - leeway
        {
            let behind = whole_now.saturating_sub(exp.seconds);
            let from_2000 = (EPOCH_2000 - EPOCH_2000_LIFETIME..=EPOCH_2000 + EPOCH_2000_EARLY)
                .contains(&behind);
            return Err(TokenProblem::Expired {
                exp: exp.written,
                now: whole_now,
                from_2000,
            });
        }
        if let Some(issuer) = &self.issuer {
            match string(claims, "iss")? {
                None => return Err(TokenProblem::Missing("iss".into())),
                Some(iss) if iss != issuer => return Err(TokenProblem::WrongIssuer),
                Some(_) => {}
            }
        }
        self.check_audience(claims)?;
        let sub = string(claims, "sub")?;
        if let Some(subject) = &self.subject {
            match sub {
                None => return Err(TokenProblem::Missing("sub".into())),
                Some(sub) if sub != subject => return Err(TokenProblem::WrongSubject),
                Some(_) => {}
            }
        }
        string(claims, "jti")?;
        Ok(())
    }

    fn check_audience(&self, claims: &Map<String, Value>) -> Result<(), TokenProblem> {
        let aud = claims.get("aud").filter(|v| truthy(v));
        let Some(aud) = aud else {
            return if self.audience.is_empty() {
                Ok(())
            } else {
                Err(TokenProblem::Missing("aud".into()))
            };
        };
        if self.audience.is_empty() {
            return Err(TokenProblem::UnexpectedAudience);
        }
        let named: Vec<&str> = match aud {
            Value::String(s) => vec![s.as_str()],
            Value::Array(list) => list
                .iter()
                .map(Value::as_str)
                .collect::<Option<_>>()
                .ok_or(TokenProblem::BadClaim(
                    "aud",
                    "a string or a list of strings",
                ))?,
            _ => {
                return Err(TokenProblem::BadClaim(
                    "aud",
                    "a string or a list of strings",
                ));
            }
        };
        if self.audience.iter().any(|a| named.contains(&a.as_str())) {
            Ok(())
        } else {
            Err(TokenProblem::WrongAudience)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use serde_json::json;

    fn check(policy: &Policy, claims: Value, now: f64) -> Result<(), TokenProblem> {
        policy.check(claims.as_object().unwrap(), now)
    }

    /// A device counting from 2000 makes tokens [`EPOCH_2000`] seconds old: the refusal says
    /// so when `exp` sits that far back (give or take a token's lifetime), and for no other
    /// expired token.
    #[test]
    fn tokens_from_a_clock_counting_from_2000_say_so() {
        let p = Policy::default();
        let now = 1_800_000_000;
        let device_now = now - EPOCH_2000;
        let from_2000 = |claims: Value| match check(&p, claims, now as f64) {
            Err(TokenProblem::Expired { from_2000, .. }) => from_2000,
            other => panic!("{other:?}"),
        };
        // as Pycom's library writes them: exp one day after iat
        assert!(from_2000(
            json!({"iat": device_now, "exp": device_now + 86_400})
        ));
        assert!(from_2000(json!({"exp": device_now})));
        assert!(from_2000(json!({"exp": device_now + EPOCH_2000_LIFETIME})));
        assert!(from_2000(json!({"exp": device_now - EPOCH_2000_EARLY})));
        assert!(!from_2000(
            json!({"exp": device_now + EPOCH_2000_LIFETIME + 1})
        ));
        assert!(!from_2000(
            json!({"exp": device_now - EPOCH_2000_EARLY - 1})
        ));
        assert!(!from_2000(json!({"exp": now - 3600, "iat": now - 7200})));
        // an old iat says nothing when exp itself is recent
        assert!(!from_2000(json!({"exp": now - 10, "iat": device_now})));
        assert!(!from_2000(json!({"exp": i64::MIN})));
        let message = TokenProblem::Expired {
            exp: "1".into(),
            now: 2,
            from_2000: true,
        }
        .to_string();
        assert!(message.contains("counts time from 2000-01-01"), "{message}");
        assert!(
            message.contains("add 946684800 to time.time()"),
            "{message}"
        );
    }

    /// Leeway beyond the bound counts as the bound, in every face.
    #[test]
    fn leeway_is_capped() {
        let huge = Policy {
            leeway: u64::MAX,
            ..Policy::default()
        };
        assert!(check(&huge, json!({"exp": 0}), 1e15 - 1.0).is_ok());
        assert!(check(&huge, json!({"exp": 0}), 1e15 + 2.0).is_err());
    }

    #[test]
    fn times_follow_pyjwt_boundaries() {
        let p = Policy::default();
        assert!(check(&p, json!({"exp": 100}), 99.5).is_ok());
        assert_eq!(
            check(&p, json!({"exp": 100}), 100.0),
            Err(TokenProblem::Expired {
                exp: "100".into(),
                now: 100,
                from_2000: false
            })
        );
        let lenient = Policy {
            leeway: 10,
            ..Policy::default()
        };
        assert!(check(&lenient, json!({"exp": 100}), 109.0).is_ok());
        assert!(check(&p, json!({"nbf": 100}), 100.0).is_ok());
        assert!(check(&p, json!({"nbf": 100}), 99.0).is_err());
        assert!(check(&p, json!({"iat": 100}), 99.0).is_err());
        assert!(check(&lenient, json!({"iat": 100}), 95.0).is_ok());
        // a time equal to now is not in the future; leeway is added to now, not multiplied
        assert!(check(&p, json!({"iat": 100, "nbf": 100}), 100.0).is_ok());
        assert!(check(&lenient, json!({"iat": 5, "nbf": 5}), 0.1).is_ok());
        assert!(check(&lenient, json!({"exp": 5}), 14.9).is_ok());
        assert_eq!(
            check(&p, json!({"exp": "100"}), 0.0),
            Err(TokenProblem::BadClaim("exp", "a number of seconds"))
        );
        assert!(check(&p, json!({"exp": 1e300}), 0.0).is_ok());
    }

    /// Times beyond 64 bits compare as beyond any clock, and messages give them as the
    /// token's JSON has them, never a saturated number.
    #[test]
    fn times_beyond_64_bits_are_named_as_written() {
        let p = Policy::default();
        let claims: Value = serde_json::from_str(
            r#"{"exp": -99999999999999999999999, "nbf": 1e30, "iat": 18446744073709551616}"#,
        )
        .unwrap();
        let expired = claims.as_object().unwrap().get("exp").unwrap().clone();
        assert_eq!(
            check(&p, json!({"exp": expired}), 5.0),
            Err(TokenProblem::Expired {
                exp: "-99999999999999999999999".into(),
                now: 5,
                from_2000: false
            })
        );
        for (claim, written) in [("nbf", "1e+30"), ("iat", "18446744073709551616")] {
            let value = claims.as_object().unwrap().get(claim).unwrap().clone();
            assert_eq!(
                check(&p, json!({ claim: value }), 5.0),
                Err(TokenProblem::NotYetValid {
                    claim,
                    at: written.into(),
                    now: 5
                })
            );
        }
        let far: Value = serde_json::from_str(r#"{"exp": 99999999999999999999999}"#).unwrap();
        assert!(check(&p, far, 1e12).is_ok());
    }

    #[test]
    fn audience_rules() {
        let none = Policy::default();
        assert_eq!(
            check(&none, json!({"aud": "x"}), 0.0),
            Err(TokenProblem::UnexpectedAudience)
        );
        assert!(check(&none, json!({"aud": ""}), 0.0).is_ok());
        let p = Policy {
            audience: vec!["a".into()],
            ..Policy::default()
        };
        assert!(check(&p, json!({"aud": "a"}), 0.0).is_ok());
        assert!(check(&p, json!({"aud": ["b", "a"]}), 0.0).is_ok());
        assert_eq!(
            check(&p, json!({"aud": ["b"]}), 0.0),
            Err(TokenProblem::WrongAudience)
        );
        assert_eq!(
            check(&p, json!({}), 0.0),
            Err(TokenProblem::Missing("aud".into()))
        );
        assert!(check(&p, json!({"aud": [1]}), 0.0).is_err());
        // PyJWT reads an empty audience as none at all, a non-empty object as a wrong type
        for empty in [json!(null), json!(false), json!(""), json!([]), json!({})] {
            assert_eq!(
                check(&p, json!({ "aud": empty }), 0.0),
                Err(TokenProblem::Missing("aud".into())),
                "{empty}"
            );
            assert!(
                check(&none, json!({ "aud": empty }), 0.0).is_ok(),
                "{empty}"
            );
        }
        assert_eq!(
            check(&p, json!({"aud": {"a": 1}}), 0.0),
            Err(TokenProblem::BadClaim(
                "aud",
                "a string or a list of strings"
            ))
        );
        assert_eq!(
            check(&p, json!({"aud": true}), 0.0),
            Err(TokenProblem::BadClaim(
                "aud",
                "a string or a list of strings"
            ))
        );
    }

    #[test]
    fn issuer_subject_and_required_claims() {
        let p = Policy {
            issuer: Some("i".into()),
            subject: Some("s".into()),
            require: vec!["exp".into()],
            ..Policy::default()
        };
        assert!(check(&p, json!({"iss": "i", "sub": "s", "exp": 1e12}), 0.0).is_ok());
        assert_eq!(
            check(&p, json!({"iss": "i", "sub": "s", "exp": null}), 0.0),
            Err(TokenProblem::Missing("exp".into()))
        );
        assert_eq!(
            check(&p, json!({"iss": "j", "sub": "s", "exp": 1e12}), 0.0),
            Err(TokenProblem::WrongIssuer)
        );
        assert_eq!(
            check(&p, json!({"iss": "i", "exp": 1e12}), 0.0),
            Err(TokenProblem::Missing("sub".into()))
        );
        assert_eq!(
            check(&p, json!({"iss": "i", "sub": "t", "exp": 1e12}), 0.0),
            Err(TokenProblem::WrongSubject)
        );
        assert!(check(&Policy::default(), json!({"sub": 5}), 0.0).is_err());
        assert!(check(&Policy::default(), json!({"jti": 5}), 0.0).is_err());
    }
}
