//! `crypto.AES`: the device's cipher type, named `AESCipher`.

use crate::data::{bytes_of, optional_bytes_of, secret_of};
use crate::errors::{Failure, PyResult};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::sync::Mutex;
use ucrypto::aes::{self as modes, Aes, Mode};

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
        let iv = optional_bytes_of(IV, "IV")?;
        let counter = optional_bytes_of(counter, "counter")?;
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

    fn __repr__(&self) -> String {
        let mode = self.inner.lock().map(|aes| aes.mode()).ok();
        let name = match mode {
            Some(Mode::Ecb) => "MODE_ECB",
            Some(Mode::Cbc) => "MODE_CBC",
            Some(Mode::Cfb8) => "MODE_CFB, segment_size=8",
            Some(Mode::Cfb128) => "MODE_CFB, segment_size=128",
            Some(Mode::Ctr) => "MODE_CTR",
            _ => "unknown",
        };
        format!("<AESCipher AES-{} {name}>", self.key_bits)
    }
}

type Step = fn(&mut Aes, &[u8], &mut [u8]) -> ucrypto::Result<()>;

impl AesCipher {
    /// Transforms `data` straight into a new `bytes` (no intermediate copy), with the GIL
    /// released for long inputs. The lock is taken and dropped inside the released section,
    /// so a thread waiting for it never holds the GIL that the owner needs to return.
    fn run<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        step: Step,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let input = bytes_of(data, "data")?;
        let input: &[u8] = &input;
        let work = |out: &mut [u8]| -> Result<(), Failure> {
            let mut aes = self.inner.lock().map_err(|_| {
                PyRuntimeError::new_err("AES object is unusable after a crash in another thread")
            })?;
            Ok(step(&mut aes, input, out)?)
        };
        let bytes = PyBytes::new_with(py, input.len(), |out| {
            let result = if out.len() >= DETACH_THRESHOLD {
                py.detach(|| work(out))
            } else {
                work(out)
            };
            result.map_err(PyErr::from)
        })?;
        Ok(bytes)
    }
}
