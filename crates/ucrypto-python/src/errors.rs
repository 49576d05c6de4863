//! The one place where errors become Python exceptions.
//!
//! The device's exception types and exact message strings live here and nowhere else
//! (SPEC.md). Where the device has no message of its own, ours says what to do.

use pyo3::PyErr;
use pyo3::exceptions::{PyMemoryError, PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use ucrypto::Error;

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

fn padding_name(padding: ucrypto::rsa::Padding) -> &'static str {
    match padding {
        ucrypto::rsa::Padding::OaepSha256 => "'oaep'",
        _ => "'pkcs1v15'",
    }
}

/// The device's exception for each of our errors.
pub(crate) fn to_exception(err: &Error) -> PyErr {
    match err {
        Error::AesKeyLength { .. } => {
            PyValueError::new_err("AES key must be either 16, 24, or 32 bytes long")
        }
        Error::UnknownMode(mode) => {
            PyValueError::new_err(format!("Unknown cipher feedback mode {mode}"))
        }
        Error::IvLength { .. } => PyValueError::new_err("IV must be 16 bytes long"),
        Error::IvRequired => PyValueError::new_err(
            "IV is required for MODE_CBC and MODE_CFB: pass IV= a 16-byte value (random, never \
             reused with the same key)",
        ),
        Error::CounterLength { .. } => {
            PyValueError::new_err("Initial counter value must be 16 bytes long")
        }
        Error::CounterRequired => PyValueError::new_err(
            "counter is required for MODE_CTR: pass counter= a 16-byte initial counter block \
             (never reused with the same key)",
        ),
        Error::CounterWithoutCtr => {
            PyValueError::new_err("'counter' parameter only useful with CTR mode")
        }
        Error::SegmentSize(_) => PyValueError::new_err("segment_size must be 8 or 128"),
        Error::NotBlockMultiple { .. } => {
            PyValueError::new_err("Input strings must be a multiple of 16 in length")
        }
        Error::NegativeBits => PyValueError::new_err("bits must not be negative"),
        Error::Random => PyOSError::new_err("the operating system's random generator failed"),
        Error::OutOfMemory => PyMemoryError::new_err("not enough memory for the result"),
        Error::InvalidPrivateKey(problem) => {
            PyValueError::new_err(format!("Invalid Private Key: {problem}"))
        }
        Error::InvalidPublicKey(problem) => {
            PyValueError::new_err(format!("Invalid public key: {problem}"))
        }
        Error::MessageTooLong { len, max, padding } => PyRuntimeError::new_err(format!(
            "Encrypt failed: the message is {len} bytes but this key takes at most {max} bytes \
             with {} padding; encrypt a random AES key with RSA and the data with AES",
            padding_name(*padding)
        )),
        Error::WrongPassword => PyValueError::new_err(
            "wrong password: the encrypted private key could not be decrypted with it",
        ),
        Error::PasswordNotNeeded => PyTypeError::new_err(
            "password was given, but the private key is not encrypted; drop password=",
        ),
        Error::UnsupportedKeySize(bits) => PyValueError::new_err(format!(
            "cannot generate a {bits}-bit RSA key: bits must be 2048, 3072, 4096 or 8192"
        )),
        Error::EncryptFailed => PyRuntimeError::new_err("Encrypt failed"),
        // One message for every cause, so that no caller can build a padding oracle.
        Error::DecryptFailed => PyRuntimeError::new_err("Decrypt failed"),
        Error::SignFailed => PyRuntimeError::new_err("Signing failed"),
        // The core's enum is non-exhaustive; a new variant keeps its own message.
        other => PyRuntimeError::new_err(other.to_string()),
    }
}
