//! `crypto.generate_rsa_signature`, `crypto.rsa_encrypt`, `crypto.rsa_decrypt`.

use crate::data::bytes_of;
use crate::errors::{Failure, PyResult};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

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

/// generate_rsa_signature(message, private_key, *, pers="esp32-tls") -> bytes
///
/// RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over every byte of `message`.
#[pyfunction]
#[pyo3(signature = (message, private_key, *, pers = None))]
#[pyo3(text_signature = "(message, private_key, *, pers='esp32-tls')")]
pub(crate) fn generate_rsa_signature<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
    private_key: &Bound<'py, PyAny>,
    pers: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    // `pers` seeds the device's DRBG; PKCS#1 v1.5 signatures use no randomness, so it
    // cannot change the result. It is still type-checked, as the device does.
    if let Some(p) = pers
        && !(p.is_instance_of::<PyString>()
            || p.is_instance_of::<PyBytes>()
            || p.is_instance_of::<PyByteArray>())
    {
        return Err(PyTypeError::new_err("pers must be str or bytes").into());
    }
    let message = bytes_of(message, "message")?;
    let key = bytes_of(private_key, "private_key")?;
    let sig = py.detach(|| ucrypto::generate_rsa_signature(&message, &key))?;
    Ok(PyBytes::new(py, &sig))
}

/// rsa_encrypt(message, public_key) -> bytes
#[pyfunction]
#[pyo3(signature = (message, public_key = None, *, key = None))]
pub(crate) fn rsa_encrypt<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
    public_key: Option<&Bound<'py, PyAny>>,
    key: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let key = bytes_of(
        one_key("rsa_encrypt", "public_key", public_key, key)?,
        "public_key",
    )?;
    let message = bytes_of(message, "message")?;
    let ct = py.detach(|| ucrypto::rsa_encrypt(&message, &key))?;
    Ok(PyBytes::new(py, &ct))
}

/// rsa_decrypt(message, private_key) -> bytes
#[pyfunction]
#[pyo3(signature = (message, private_key = None, *, key = None))]
pub(crate) fn rsa_decrypt<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
    private_key: Option<&Bound<'py, PyAny>>,
    key: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let key = bytes_of(
        one_key("rsa_decrypt", "private_key", private_key, key)?,
        "private_key",
    )?;
    let message = bytes_of(message, "message")?;
    // Every failure leaves here as the same exception, built in one place.
    let plain = py
        .detach(|| ucrypto::rsa_decrypt(&message, &key))
        .map_err(Failure::from)?;
    Ok(PyBytes::new(py, &plain))
}
