//! Extensions: `generate_jwt` and `verify_jwt`, RS256 JWTs over the core's `jwt` module
//! (their failures raise `errors::InvalidTokenError`).
//!
//! Claims cross the boundary as JSON text written and read by Python's own `json` module,
//! so every value means in Python what it means to PyJWT.

use crate::data::{optional_secret_of, secret_of, stable_data_of};
use crate::errors::{Failure, InvalidTokenError, PyResult};
use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde_json::{Map, Value};
use ucrypto::jwt::{self, Form, Header, Policy};
use ucrypto::rsa::KeySet;
use ucrypto::{RsaPublicKey, cache};

/// The claims `verify_jwt` requires unless told otherwise: a token that never expires is
/// rarely what a server means to accept. (The core's `Policy::default()` requires none, as
/// PyJWT's `decode` and `ucrypto jwt verify` do.)
const DEFAULT_REQUIRED: &[&str] = &["exp"];

/// A Python value as JSON, written by Python's own `json.dumps` so that every value means
/// what it means to PyJWT.
///
/// NaN and the infinities are refused by `json.dumps` itself (`allow_nan=False`): they are
/// not JSON, and PyJWT's output for them is read as JSON by no one else.
fn python_json(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Option<Value>> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("allow_nan", false)?;
    let text: String = py
        .import("json")?
        .call_method("dumps", (obj,), Some(&kwargs))?
        .extract()?;
    Ok(serde_json::from_str(&text).ok())
}

/// A dict as a JSON object, through [`python_json`]; `datetime` values of `exp`, `iat` and
/// `nbf` become whole seconds since the epoch, as PyJWT makes them.
fn to_json(py: Python<'_>, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Map<String, Value>> {
    let dict = obj
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a dict")))?;
    let datetime = py.import("datetime")?.getattr("datetime")?;
    let copy = dict.copy()?;
    for name in ["exp", "iat", "nbf"] {
        if let Some(value) = copy.get_item(name)?
            && value.is_instance(&datetime)?
        {
            let seconds = py
                .import("calendar")?
                .call_method1("timegm", (value.call_method0("utctimetuple")?,))?;
            copy.set_item(name, seconds)?;
        }
    }
    match python_json(py, &copy)? {
        Some(Value::Object(map)) => Ok(map),
        _ => Err(PyTypeError::new_err(format!("{what} must be a JSON object")).into()),
    }
}

/// generate_jwt(claims, private_key, *, password=None, headers=None) -> str
///
/// Extension: an RS256 JWT in RFC 7515 compact form over `claims` (a dict).
#[pyfunction]
#[pyo3(signature = (claims, private_key, *, password = None, headers = None))]
pub(crate) fn generate_jwt<'py>(
    py: Python<'py>,
    claims: &Bound<'py, PyAny>,
    private_key: &Bound<'py, PyAny>,
    password: Option<&Bound<'py, PyAny>>,
    headers: Option<&Bound<'py, PyAny>>,
) -> PyResult<String> {
    let claims = to_json(py, claims, "claims")?;
    let mut header = Header::default();
    if let Some(h) = headers.filter(|h| !h.is_none()) {
        header.extra = to_json(py, h, "headers")?;
    }
    let key = secret_of(private_key, "private_key")?;
    let password = optional_secret_of(password, "password")?;
    Ok(py.detach(|| {
        let key = cache::private_key(&key, password.as_deref())?;
        jwt::sign(&claims, &key, &header, Form::Compact)
    })?)
}

/// The keys `public_key` names: key text (PEM or DER), or a dict holding a JWK or a JWKS.
fn key_set(py: Python<'_>, public_key: &Bound<'_, PyAny>) -> PyResult<KeySet> {
    if public_key.is_instance_of::<PyDict>() {
        let document = python_json(py, public_key)?
            .ok_or_else(|| PyValueError::new_err("public_key must be a JWK or JWKS dict"))?;
        if document.get("keys").is_some() {
            return Ok(KeySet::from_jwks(&document)?);
        }
        return Ok(KeySet::single(RsaPublicKey::from_jwk(&document)?));
    }
    let text = stable_data_of(public_key, "public_key")?;
    Ok(KeySet::single(cache::public_key(&text)?.as_ref().clone()))
}

/// Seconds from a number or a `timedelta`, whole seconds down, never negative.
fn leeway_seconds(leeway: &Bound<'_, PyAny>) -> PyResult<u64> {
    let out_of_range = || {
        PyValueError::new_err(format!(
            "leeway must be between 0 and {} seconds",
            jwt::MAX_LEEWAY
        ))
    };
    let value = if leeway.hasattr("total_seconds")? {
        leeway.call_method0("total_seconds")?
    } else {
        leeway.clone()
    };
    // An int too large for a float is out of range too, not an OverflowError.
    let seconds: f64 = match value.extract() {
        Ok(seconds) => seconds,
        Err(e) if e.is_instance_of::<PyOverflowError>(leeway.py()) => {
            return Err(out_of_range().into());
        }
        Err(e) => return Err(e.into()),
    };
    if !(0.0..=jwt::MAX_LEEWAY as f64).contains(&seconds) {
        return Err(out_of_range().into());
    }
    // Whole seconds down: never more lenient than asked.
    Ok(seconds.floor() as u64)
}

/// A string, or an iterable of strings, as a list.
fn strings(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(vec![s.to_str()?.to_owned()]);
    }
    let wrong =
        || PyTypeError::new_err(format!("{what} must be a string or an iterable of strings"));
    let mut out = Vec::new();
    for item in obj.try_iter().map_err(|_| wrong())? {
        out.push(item?.extract::<String>().map_err(|_| wrong())?);
    }
    Ok(out)
}

/// verify_jwt(token, public_key, *, audience=None, issuer=None, leeway=0, require=("exp",),
/// strict=False) -> dict
///
/// Extension: checks an RS256 JWT and returns its claims; raises `InvalidTokenError`.
/// `leeway=None` means 0 and `require=None` the default, `DEFAULT_REQUIRED` (PyO3 defaults
/// are Rust values, so the Python defaults are written in `text_signature`); `require=()`
/// requires nothing.
#[pyfunction]
#[pyo3(signature = (token, public_key, *, audience = None, issuer = None, leeway = None, require = None, strict = false))]
#[pyo3(
    text_signature = "(token, public_key, *, audience=None, issuer=None, leeway=0, require=('exp',), strict=False)"
)]
#[allow(clippy::too_many_arguments)] // the keyword arguments PyJWT users know
pub(crate) fn verify_jwt<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyAny>,
    public_key: &Bound<'py, PyAny>,
    audience: Option<&Bound<'py, PyAny>>,
    issuer: Option<String>,
    leeway: Option<&Bound<'py, PyAny>>,
    require: Option<&Bound<'py, PyAny>>,
    strict: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let token = stable_data_of(token, "token")?;
    let token = std::str::from_utf8(&token).map_err(|_| {
        Failure::from(ucrypto::Error::InvalidToken(jwt::TokenProblem::NotBase64(
            "token",
        )))
    })?;
    let keys = key_set(py, public_key)?;
    let require = match require {
        None => DEFAULT_REQUIRED.iter().map(|&c| c.to_owned()).collect(),
        Some(r) => strings(Some(r), "require")?,
    };
    let policy = Policy {
        audience: strings(audience, "audience")?,
        issuer,
        subject: None,
        leeway: leeway.map(leeway_seconds).transpose()?.unwrap_or(0),
        require,
        strict,
    };
    let verified = py.detach(|| jwt::verify(token, &keys, &policy))?;
    let text = serde_json::to_string(&verified.claims)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    // A signed payload Python cannot hold (an integer past its digit limit) is still a token
    // refused, not some other ValueError.
    py.import("json")?
        .call_method1("loads", (text,))
        .map_err(|e| {
            InvalidTokenError::new_err(format!(
                "token rejected: the payload holds a value Python cannot read: {}",
                e.value(py)
            ))
            .into()
        })
}
