//! `crypto.generate_rsa_signature`, `crypto.rsa_encrypt`, `crypto.rsa_decrypt`, and the
//! server-side extensions `verify_rsa_signature` and `generate_rsa_keypair`.
//!
//! RSA work runs with the GIL released; keys come from the core's parsed-key cache.

use crate::data::{data_of, optional_secret_of, secret_of, stable_data_of};
use crate::errors::{Failure, PyResult};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use ucrypto::rsa::{KeySize, Padding, RsaPrivateKey};
use ucrypto::{Named, cache};

/// Picks the key from its documented name (`public_key` / `private_key`) or the device's
/// keyword name (`key`); exactly one must be given.
fn one_key<'a, 'py>(
    function: &str,
    documented: &str,
    by_doc: Option<&'a Bound<'py, PyAny>>,
    by_device: Option<&'a Bound<'py, PyAny>>,
) -> PyResult<&'a Bound<'py, PyAny>> {
    match (by_doc, by_device) {
        (Some(k), None) | (None, Some(k)) => Ok(k),
        (Some(_), Some(_)) => Err(PyTypeError::new_err(format!(
            "{function}() got the key twice: pass either {documented}= or key=, not both"
        ))
        .into()),
        (None, None) => Err(PyTypeError::new_err(format!(
            "{function}() missing required argument '{documented}' (or 'key')"
        ))
        .into()),
    }
}

/// generate_rsa_signature(message, private_key, *, pers=None, password=None) -> bytes
///
/// RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over every byte of `message`. `pers` is accepted
/// as on the device (whose default is "esp32-tls") and cannot change the signature.
#[pyfunction]
#[pyo3(signature = (message, private_key, *, pers = None, password = None))]
pub(crate) fn generate_rsa_signature<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
    private_key: &Bound<'py, PyAny>,
    pers: Option<&Bound<'py, PyAny>>,
    password: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    // `pers` seeds the device's DRBG; PKCS#1 v1.5 signatures use no randomness, so it
    // cannot change the result. It is still type-checked, as the device does.
    if let Some(p) = pers
        && !(p.is_instance_of::<PyString>()
            || p.is_instance_of::<PyBytes>()
            || p.is_instance_of::<PyByteArray>())
    {
        return Err(PyTypeError::new_err("pers must be str, bytes or bytearray").into());
    }
    let message = data_of(message, "message")?;
    let key = secret_of(private_key, "private_key")?;
    let password = optional_secret_of(password, "password")?;
    let sig = py.detach(|| cache::private_key(&key, password.as_deref())?.sign_rs256(&message))?;
    Ok(PyBytes::new(py, &sig))
}

/// rsa_encrypt(message, public_key, *, padding="pkcs1v15") -> bytes
#[pyfunction]
#[pyo3(signature = (message, public_key = None, *, key = None, padding = "pkcs1v15"))]
pub(crate) fn rsa_encrypt<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
    public_key: Option<&Bound<'py, PyAny>>,
    key: Option<&Bound<'py, PyAny>>,
    padding: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let key = stable_data_of(
        one_key("rsa_encrypt", "public_key", public_key, key)?,
        "public_key",
    )?;
    let padding = Padding::parse(padding)?;
    let message = data_of(message, "message")?;
    let ct = py.detach(|| cache::public_key(&key)?.encrypt(&message, padding))?;
    Ok(PyBytes::new(py, &ct))
}

/// rsa_decrypt(message, private_key, *, padding="pkcs1v15", password=None) -> bytes
#[pyfunction]
#[pyo3(signature = (message, private_key = None, *, key = None, padding = "pkcs1v15", password = None))]
pub(crate) fn rsa_decrypt<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
    private_key: Option<&Bound<'py, PyAny>>,
    key: Option<&Bound<'py, PyAny>>,
    padding: &str,
    password: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let key = secret_of(
        one_key("rsa_decrypt", "private_key", private_key, key)?,
        "private_key",
    )?;
    let padding = Padding::parse(padding)?;
    let password = optional_secret_of(password, "password")?;
    let message = data_of(message, "message")?;
    // Every decryption failure leaves here as the same exception, built in one place.
    let plain = py
        .detach(|| cache::private_key(&key, password.as_deref())?.decrypt(&message, padding))
        .map_err(Failure::from)?;
    Ok(PyBytes::new(py, &plain))
}

/// verify_rsa_signature(message, signature, public_key) -> bool
///
/// Extension: whether `signature` is a valid RS256 signature of `message`.
#[pyfunction]
#[pyo3(signature = (message, signature, public_key))]
pub(crate) fn verify_rsa_signature<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
    signature: &Bound<'py, PyAny>,
    public_key: &Bound<'py, PyAny>,
) -> PyResult<bool> {
    let message = data_of(message, "message")?;
    let signature = data_of(signature, "signature")?;
    let key = stable_data_of(public_key, "public_key")?;
    Ok(py.detach(|| cache::public_key(&key).map(|k| k.verify_rs256(&message, &signature)))?)
}

/// generate_rsa_keypair(bits=2048) -> (private_pem, public_pem)
///
/// Extension: a new RSA key as PKCS#8 and SubjectPublicKeyInfo PEM text.
#[pyfunction]
// The Python default is written here because Python shows it; it is the core's
// `KeySize::default()`, and test_default_size_is_2048_and_keys_differ pins it.
#[pyo3(signature = (bits = 2048))]
pub(crate) fn generate_rsa_keypair(py: Python<'_>, bits: i64) -> PyResult<(String, String)> {
    // Sizes are named by their bits: one parser, one message, for every face.
    let size = KeySize::parse(&bits.to_string())?;
    let (private, public) = py.detach(|| -> ucrypto::Result<_> {
        let key = RsaPrivateKey::generate(size)?;
        let public = key.public_key()?.to_spki_pem()?;
        Ok((key.to_pkcs8_pem()?, public))
    })?;
    // The Python str is the caller's to keep; our copy is wiped when `private` drops.
    Ok((private.as_str().to_owned(), public))
}
