//! `crypto.getrandbits`.

use crate::errors::PyResult;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// getrandbits(bits) -> bytes
///
/// `bits` random bits from the operating system's CSPRNG, rounded up to a multiple of 32.
#[pyfunction]
pub(crate) fn getrandbits(py: Python<'_>, bits: i64) -> PyResult<Bound<'_, PyBytes>> {
    let len = ucrypto::getrandbits_len(bits)?;
    // Python allocates the result, so a huge request is a MemoryError, not an abort.
    Ok(PyBytes::new_with(py, len, |out| {
        ucrypto::fill_random(out).map_err(|e| crate::errors::to_exception(&e))
    })?)
}
