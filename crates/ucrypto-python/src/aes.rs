//! `crypto.AES`: the device's cipher type, named `AESCipher`.

use crate::data::{data_of, optional_data_of, secret_of};
use crate::errors::{Failure, PyResult};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::MutexExt;
use pyo3::types::PyBytes;
use std::sync::{Mutex, MutexGuard, PoisonError};
use ucrypto::aes::{self as modes, Aes};

/// Inputs at least this long are processed with the GIL released, so other Python threads
/// run meanwhile; below it the release costs more than it frees.
const DETACH_THRESHOLD: usize = 4096;

/// AES(key, mode=AES.MODE_ECB, IV=None, counter=None, segment_size=8)
///
/// An AES cipher object; encrypt and decrypt share one chaining state.
#[pyclass(name = "AESCipher", module = "ucrypto", frozen)]
pub(crate) struct AesCipher {
    // Serialises threads that share one object: the state is one stream and cannot be
    // advanced by two callers at once.
    inner: Mutex<Aes>,
    key_bits: usize,
}

#[pymethods]
impl AesCipher {
    #[classattr]
    const MODE_ECB: i64 = modes::MODE_ECB;
    #[classattr]
    const MODE_CBC: i64 = modes::MODE_CBC;
    #[classattr]
    const MODE_CFB: i64 = modes::MODE_CFB;
    #[classattr]
    const MODE_CTR: i64 = modes::MODE_CTR;
    #[classattr]
    const SEGMENT_8: i64 = modes::SEGMENT_8;
    #[classattr]
    const SEGMENT_128: i64 = modes::SEGMENT_128;

    #[new]
    #[pyo3(text_signature = "(key, mode=1, IV=None, counter=None, segment_size=8)")]
    #[pyo3(signature = (key, mode = modes::MODE_ECB, IV = None, counter = None, segment_size = modes::SEGMENT_8))]
    #[allow(non_snake_case)] // the device's keyword is spelled `IV`
    fn new(
        key: &Bound<'_, PyAny>,
        mode: i64,
        IV: Option<&Bound<'_, PyAny>>,
        counter: Option<&Bound<'_, PyAny>>,
        segment_size: i64,
    ) -> PyResult<Self> {
        let key = secret_of(key, "key")?;
        let iv = optional_data_of(IV, "IV")?;
        let counter = optional_data_of(counter, "counter")?;
        let aes =
            Aes::from_device_args(&key, mode, iv.as_deref(), counter.as_deref(), segment_size)?;
        Ok(Self {
            inner: Mutex::new(aes),
            key_bits: key.len() * 8,
        })
    }

    /// encrypt(data) -> bytes
    fn encrypt<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        self.run(py, data, Aes::encrypt_into)
    }

    /// decrypt(data) -> bytes
    fn decrypt<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        self.run(py, data, Aes::decrypt_into)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let mode = self
            .inner
            .lock_py_attached(py)
            .map(|aes| aes.mode().device_name());
        format!(
            "<AESCipher AES-{} {}>",
            self.key_bits,
            mode.unwrap_or("(unusable)")
        )
    }
}

type Step = fn(&mut Aes, &[u8], &mut [u8]) -> ucrypto::Result<()>;

fn unusable<T>(_: PoisonError<T>) -> Failure {
    PyRuntimeError::new_err("AES object is unusable after a crash in another thread").into()
}

impl AesCipher {
    /// Transforms `data` straight into a new `bytes`, reading it in place (no copy either
    /// way). Long inputs run with the GIL released. No thread ever waits for the object's
    /// lock while holding the GIL: long calls wait inside the released section, short ones
    /// release the GIL if they have to wait (`lock_py_attached`).
    fn run<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        step: Step,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let input = data_of(data, "data")?;
        let input: &[u8] = &input;
        let apply = |mut aes: MutexGuard<'_, Aes>, out: &mut [u8]| -> Result<(), Failure> {
            Ok(step(&mut aes, input, out)?)
        };
        let bytes = PyBytes::new_with(py, input.len(), |out| {
            let result = if out.len() >= DETACH_THRESHOLD {
                py.detach(|| apply(self.inner.lock().map_err(unusable)?, out))
            } else {
                apply(self.inner.lock_py_attached(py).map_err(unusable)?, out)
            };
            result.map_err(PyErr::from)
        })?;
        Ok(bytes)
    }
}

/// _engines() -> dict
///
/// Which engine serves each AES mode and direction on this CPU, and the CPU class that
/// chose them (for `make bench`, and for anyone asking why a machine is fast or slow).
#[pyfunction]
#[pyo3(name = "_engines")]
pub(crate) fn engines(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyDict>> {
    use ucrypto::Named;
    use ucrypto::aes::{CpuClass, Direction, Mode, engine_for};
    let report = pyo3::types::PyDict::new(py);
    let class = CpuClass::current();
    report.set_item("cpu_class", class.name())?;
    report.set_item("detected", CpuClass::detect().name())?;
    let table = pyo3::types::PyDict::new(py);
    for &mode in Mode::ALL {
        for &direction in Direction::ALL {
            table.set_item(
                format!("{mode} {direction}"),
                engine_for(class, mode, direction).name(),
            )?;
        }
    }
    report.set_item("engines", table)?;
    Ok(report)
}
