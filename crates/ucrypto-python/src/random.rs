//! `crypto.getrandbits`.

use crate::errors::PyResult;
use pyo3::exceptions::PyMemoryError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// getrandbits(bits) -> bytes
///
/// `bits` random bits from the operating system's CSPRNG, rounded up to a multiple of 32.
#[pyfunction]
pub(crate) fn getrandbits(py: Python<'_>, bits: i64) -> PyResult<Bound<'_, PyBytes>> {
    // The device's count is signed; a negative one wraps there, and is refused here.
    let bits = u64::try_from(bits).map_err(|_| ucrypto::Error::NegativeBits)?;
    let len = ucrypto::getrandbits_len(bits)?;
    // Python allocates the result, so a huge request is a MemoryError, not an abort; say
    // what was asked for, since Python's own MemoryError is blank.
    PyBytes::new_with(py, len, |out| {
        ucrypto::fill_random(out).map_err(|e| crate::errors::to_exception(&e))
    })
    .map_err(|e| {
        if e.is_instance_of::<PyMemoryError>(py) {
            PyMemoryError::new_err(format!(
                "cannot allocate {len} bytes for getrandbits({bits})"
            ))
            .into()
        } else {
            e.into()
        }
    })
}
