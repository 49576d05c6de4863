//! Turning Python arguments into bytes, the device's way: any buffer, or `str` as UTF-8.

use crate::errors::buffer_type_error;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyString};
use std::borrow::Cow;

/// The bytes of a buffer-protocol object or of a `str` (as UTF-8), borrowed where Python
/// allows it (`bytes`, `str`) and copied otherwise.
///
/// `what` names the argument in the error for an object of another type.
pub(crate) fn bytes_of<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(match s.to_cow()? {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        });
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Cow::Owned(b.to_vec()));
    }
    // memoryview, array.array, mmap and the rest: the limited API before 3.11 has no
    // buffer access, so copy through memoryview.tobytes().
    let view = PyMemoryView::from(obj).map_err(|_| {
        let name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        buffer_type_error(what, &name)
    })?;
    let copy = view.call_method0("tobytes")?;
    Ok(Cow::Owned(copy.cast::<PyBytes>()?.as_bytes().to_vec()))
}

/// Key material or a password taken from Python: borrowed when Python owns the bytes, and
/// wiped on drop when we had to copy them (bytearray, memoryview, array, non-ASCII str).
pub(crate) struct Secret<'a>(Cow<'a, [u8]>);

impl core::ops::Deref for Secret<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Secret<'_> {
    fn drop(&mut self) {
        if let Cow::Owned(copy) = &mut self.0 {
            zeroize::Zeroize::zeroize(copy);
        }
    }
}

/// [`bytes_of`] for secrets: the same rules, with any copy wiped when dropped.
pub(crate) fn secret_of<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Secret<'a>> {
    bytes_of(obj, what).map(Secret)
}

/// [`secret_of`], with `None` passed through as "not given".
pub(crate) fn optional_secret_of<'a>(
    obj: Option<&'a Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Option<Secret<'a>>> {
    Ok(optional_bytes_of(obj, what)?.map(Secret))
}

/// Like [`bytes_of`], with `None` passed through as "not given".
pub(crate) fn optional_bytes_of<'a>(
    obj: Option<&'a Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Option<Cow<'a, [u8]>>> {
    match obj {
        Some(o) if !o.is_none() => bytes_of(o, what).map(Some),
        _ => Ok(None),
    }
}
