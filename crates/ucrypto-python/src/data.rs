//! Turning Python arguments into bytes, the device's way: any buffer, or `str` as UTF-8.
//!
//! `bytes` and `str` are read where they lie. Every other object with the buffer protocol
//! (`bytearray`, `memoryview`, `array.array`, `mmap`, NumPy arrays) is read in place too,
//! through a buffer export that [`Data`] holds until the call is done: while it is held,
//! Python refuses to resize or free the memory (`BufferError`), so nothing can pull it from
//! under us. A view that is not contiguous is copied, which the caller cannot tell.
//!
//! One thing the export cannot stop is another thread or process *writing into* the memory
//! while we read it with the GIL released; a read-only export says only that *we* may not
//! write (a `memoryview(bytearray).toreadonly()`, a shared `mmap`). Bulk data (what AES
//! encrypts, what is signed) is read in place, and gives whatever bytes were read, as with
//! pyca/cryptography and OpenSSL: do not change a buffer while a call reads it. Keys,
//! passwords and tokens are read exactly once into memory we own ([`stable_data_of`]), since
//! they are hashed for the key cache, parsed and then used: every step must see one text.

use crate::errors::buffer_type_error;
use pyo3::buffer::PyUntypedBuffer;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use std::borrow::Cow;

/// The bytes of an argument, borrowed, exported in place, or (rarely) copied.
pub(crate) struct Data<'a>(View<'a>);

enum View<'a> {
    Borrowed(&'a [u8]),
    Exported(PyUntypedBuffer),
    Copied(Vec<u8>),
}

impl core::ops::Deref for Data<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match &self.0 {
            View::Borrowed(bytes) => bytes,
            View::Exported(buffer) => exported_bytes(buffer),
            View::Copied(bytes) => bytes,
        }
    }
}

/// The bytes of a C-contiguous buffer export, valid for as long as the export is held.
#[allow(unsafe_code)]
fn exported_bytes(buffer: &PyUntypedBuffer) -> &[u8] {
    let len = buffer.len_bytes();
    if len == 0 {
        return &[];
    }
    // SAFETY: `buffer` is a held, C-contiguous export (checked in `data_of`), so `buf_ptr()`
    // points to `len_bytes()` initialised bytes that stay allocated and unmoved until the
    // export is released, which happens only when `buffer` drops; the returned slice
    // borrows `buffer`, so it cannot outlive it. Bytes have no alignment or validity
    // requirements. Concurrent writes by another thread are the caller's to avoid (module
    // docs), as with every buffer-protocol consumer.
    unsafe { std::slice::from_raw_parts(buffer.buf_ptr().cast::<u8>(), len) }
}

/// The bytes of a buffer-protocol object or of a `str` (as UTF-8).
///
/// `what` names the argument in the error for an object of another type. Errors Python
/// itself raises on export (a released `memoryview`, a closed `mmap`) are passed on as they
/// are, since they say what is wrong.
pub(crate) fn data_of<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Data<'a>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Data(View::Borrowed(b.as_bytes())));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Data(match s.to_cow()? {
            Cow::Borrowed(s) => View::Borrowed(s.as_bytes()),
            Cow::Owned(s) => View::Copied(s.into_bytes()),
        }));
    }
    let buffer = PyUntypedBuffer::get(obj).map_err(|err| {
        if err.is_instance_of::<PyTypeError>(obj.py()) {
            let name = obj
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default();
            buffer_type_error(what, &name)
        } else {
            err
        }
    })?;
    if buffer.is_c_contiguous() {
        return Ok(Data(View::Exported(buffer)));
    }
    // A strided view: let Python gather it.
    let copy = obj
        .py()
        .import("builtins")?
        .getattr("memoryview")?
        .call1((obj,))?
        .call_method0("tobytes")?;
    Ok(Data(View::Copied(
        copy.cast::<PyBytes>()?.as_bytes().to_vec(),
    )))
}

/// [`data_of`] for values that are parsed, hashed or looked up (keys, passwords, tokens):
/// anything but an immutable `bytes` or `str` is copied once, so that what is checked is
/// what is used. A key parsed from one text and cached under the digest of another is a
/// forgery's way in, and a read-only view can still change under us.
pub(crate) fn stable_data_of<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Data<'a>> {
    let data = data_of(obj, what)?;
    Ok(match data.0 {
        View::Exported(buffer) => Data(View::Copied(exported_bytes(&buffer).to_vec())),
        view => Data(view),
    })
}

/// Like [`data_of`], with `None` passed through as "not given".
pub(crate) fn optional_data_of<'a>(
    obj: Option<&'a Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Option<Data<'a>>> {
    match obj {
        Some(o) if !o.is_none() => data_of(o, what).map(Some),
        _ => Ok(None),
    }
}

/// Key material or a password taken from Python: read in place where Python owns the bytes,
/// and wiped on drop when we had to copy them (a non-ASCII `str`, or any buffer other than
/// `bytes`: see [`stable_data_of`]).
pub(crate) struct Secret<'a>(Data<'a>);

impl core::ops::Deref for Secret<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Secret<'_> {
    fn drop(&mut self) {
        if let View::Copied(copy) = &mut self.0.0 {
            zeroize::Zeroize::zeroize(copy);
        }
    }
}

/// [`stable_data_of`] for secrets: the same rules, with any copy wiped when dropped.
pub(crate) fn secret_of<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Secret<'a>> {
    stable_data_of(obj, what).map(Secret)
}

/// [`secret_of`], with `None` passed through as "not given".
pub(crate) fn optional_secret_of<'a>(
    obj: Option<&'a Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Option<Secret<'a>>> {
    match obj {
        Some(o) if !o.is_none() => secret_of(o, what).map(Some),
        _ => Ok(None),
    }
}
