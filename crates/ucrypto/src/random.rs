//! Random bytes from the operating system's CSPRNG.
//!
//! The device reads its hardware RNG; we read `getrandom(2)` (or the platform's equivalent)
//! on every call and keep no user-space generator that could be forked or seeded badly.

use crate::error::{Error, Result};

/// Fills `buf` with bytes from the operating system's CSPRNG.
///
/// # Errors
/// [`Error::Random`] if the operating system cannot supply random bytes.
pub fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| Error::Random)
}

/// The number of bytes `getrandbits(bits)` returns: `bits` rounded up to a multiple of 32,
/// divided by 8 (the device hands out whole 32-bit words).
///
/// # Errors
/// [`Error::OutOfMemory`] where the result could not be addressed on this platform.
pub fn getrandbits_len(bits: u64) -> Result<usize> {
    let bytes = bits.div_ceil(32).checked_mul(4).ok_or(Error::OutOfMemory)?;
    usize::try_from(bytes).map_err(|_| Error::OutOfMemory)
}

/// Returns `bits` random bits rounded up to whole 32-bit words, as the device's
/// `crypto.getrandbits` does: `getrandbits(0)` is empty, `getrandbits(1)` is 4 bytes.
///
/// ```
/// assert_eq!(ucrypto::getrandbits(128).unwrap().len(), 16);
/// assert_eq!(ucrypto::getrandbits(1).unwrap().len(), 4);
/// ```
///
/// The device takes a signed count and returns nothing for a negative one (its unsigned
/// arithmetic wraps); adapters with signed integers refuse it with [`Error::NegativeBits`].
///
/// # Errors
/// As [`getrandbits_len`] and [`fill_random`]; a result too large to allocate gives
/// [`Error::OutOfMemory`] rather than aborting.
pub fn getrandbits(bits: u64) -> Result<Vec<u8>> {
    let len = getrandbits_len(bits)?;
    let mut out = Vec::new();
    out.try_reserve_exact(len).map_err(|_| Error::OutOfMemory)?;
    out.resize(len, 0);
    fill_random(&mut out)?;
    Ok(out)
}
