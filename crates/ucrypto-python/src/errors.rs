//! Where the core's errors become Python exceptions.
//!
//! Each error gets the device's exception type. Its message is the core's, except where the
//! device's own string (SPEC.md) differs from it: those strings live here. The adapter's own
//! argument errors (a wrong type, a key given twice, a value out of range) are raised where
//! they are found, with Python's usual `TypeError` or `ValueError`. The one exception type
//! of our own, `InvalidTokenError`, is defined here too, beside the mapping that raises it.

use pyo3::PyErr;
use pyo3::exceptions::{PyMemoryError, PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use ucrypto::Error;

pyo3::create_exception!(
    ucrypto,
    InvalidTokenError,
    PyValueError,
    "A JSON Web Token that fails a check: its form, algorithm, signature or a claim; the \
     message says which. Extension."
);

/// A failure on its way to Python: one of ours, or one Python already raised.
pub(crate) enum Failure {
    Crypto(Error),
    Python(PyErr),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Self::Crypto(err)
    }
}

impl From<PyErr> for Failure {
    fn from(err: PyErr) -> Self {
        Self::Python(err)
    }
}

impl From<Failure> for PyErr {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Crypto(err) => to_exception(&err),
            Failure::Python(err) => err,
        }
    }
}

/// Results of the binding functions.
pub(crate) type PyResult<T> = Result<T, Failure>;

/// The device's message for data of the wrong type.
pub(crate) fn buffer_type_error(what: &str, type_name: &str) -> PyErr {
    PyTypeError::new_err(format!(
        "object with buffer protocol required: {what} must be bytes, bytearray, memoryview \
         or str, not {type_name}"
    ))
}

/// The message the device gives for an error, where it has one of its own.
fn device_message(err: &Error) -> Option<String> {
    Some(match err {
        Error::AesKeyLength { .. } => "AES key must be either 16, 24, or 32 bytes long".into(),
        Error::UnknownMode(mode) => format!("Unknown cipher feedback mode {mode}"),
        Error::IvLength { .. } => "IV must be 16 bytes long".into(),
        Error::CounterLength { .. } => "Initial counter value must be 16 bytes long".into(),
        Error::SegmentSize(_) => "segment_size must be 8 or 128".into(),
        Error::NotBlockMultiple { .. } => "Input strings must be a multiple of 16 in length".into(),
        // The device's prefixes, then the core's explanation.
        Error::InvalidPrivateKey(problem) => format!("Invalid Private Key: {problem}"),
        Error::InvalidPublicKey(problem) => format!("Invalid public key: {problem}"),
        Error::MessageTooLong { .. } => format!("Encrypt failed: {err}"),
        Error::EncryptFailed => "Encrypt failed".into(),
        // One message for every cause, so that no caller can build a padding oracle.
        Error::DecryptFailed => "Decrypt failed".into(),
        _ => return None,
    })
}

/// The exception for each of our errors: the device's type and, where the device has one,
/// its message; otherwise the core's message.
pub(crate) fn to_exception(err: &Error) -> PyErr {
    let message = device_message(err).unwrap_or_else(|| err.to_string());
    match err {
        Error::MessageTooLong { .. }
        | Error::EncryptFailed
        | Error::DecryptFailed
        | Error::SignFailed
        | Error::KeyGenerationFailed
        | Error::KeyEncodingFailed => PyRuntimeError::new_err(message),
        Error::PasswordNotNeeded => PyTypeError::new_err(message),
        Error::InvalidToken(_) => InvalidTokenError::new_err(message),
        Error::Random => PyOSError::new_err(message),
        Error::OutOfMemory => PyMemoryError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}
