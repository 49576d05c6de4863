//! The device's `AES(key, mode, IV, counter, segment_size)` constructor rules.
//!
//! The checks run in the device's order so that the first error reported is the one the
//! device would report (SPEC.md, "class AES").

use super::Aes;
use crate::error::{Error, Result};

/// The device's `AES.MODE_ECB`.
pub const MODE_ECB: i64 = 1;
/// The device's `AES.MODE_CBC`.
pub const MODE_CBC: i64 = 2;
/// The device's `AES.MODE_CFB`.
pub const MODE_CFB: i64 = 3;
/// The device's `AES.MODE_CTR`.
pub const MODE_CTR: i64 = 6;
/// The device's `AES.SEGMENT_8`: CFB with 8-bit segments.
pub const SEGMENT_8: i64 = 8;
/// The device's `AES.SEGMENT_128`: CFB with 128-bit segments.
pub const SEGMENT_128: i64 = 128;

impl Aes {
    /// Builds a cipher from the device constructor's arguments, checking them in the
    /// device's order: key length, mode, IV (CBC and CFB), counter, segment size (CFB).
    ///
    /// An IV given to ECB or CTR is ignored without a check, and `segment_size` matters only
    /// for CFB, as on the device. Unlike the device, a missing IV or counter is an error
    /// ([`Error::IvRequired`], [`Error::CounterRequired`]) rather than an all-zero IV.
    ///
    /// ```
    /// use ucrypto::{Aes, aes::{MODE_CTR, SEGMENT_8}};
    /// let mut c = Aes::from_device_args(b"pycomisthekey...", MODE_CTR, None,
    ///                                   Some(b"0123456789012345"), SEGMENT_8)?;
    /// assert_eq!(c.encrypt(b"this is a ctr test")?,
    ///            b"\xb8\x17\xef\xceau\x97\xb6\xe1\xcbJQ\xc1wW\xc0-z");
    /// # Ok::<(), ucrypto::Error>(())
    /// ```
    ///
    /// # Errors
    /// The first of [`Error::AesKeyLength`], [`Error::UnknownMode`], [`Error::IvRequired`],
    /// [`Error::IvLength`], [`Error::CounterRequired`], [`Error::CounterLength`],
    /// [`Error::CounterWithoutCtr`] and [`Error::SegmentSize`] that applies.
    pub fn from_device_args(
        key: &[u8],
        mode: i64,
        iv: Option<&[u8]>,
        counter: Option<&[u8]>,
        segment_size: i64,
    ) -> Result<Self> {
        Self::check_key(key)?;
        if !matches!(mode, MODE_ECB | MODE_CBC | MODE_CFB | MODE_CTR) {
            return Err(Error::UnknownMode(mode));
        }
        if mode == MODE_CTR {
            let counter = counter.ok_or(Error::CounterRequired)?;
            return Self::new_ctr(key, counter);
        }
        let iv = if mode == MODE_ECB {
            None
        } else {
            let iv = iv.ok_or(Error::IvRequired)?;
            if iv.len() != super::BLOCK_SIZE {
                return Err(Error::IvLength { len: iv.len() });
            }
            Some(iv)
        };
        if counter.is_some() {
            return Err(Error::CounterWithoutCtr);
        }
        match (mode, iv) {
            (MODE_CBC, Some(iv)) => Self::new_cbc(key, iv),
            (MODE_CFB, Some(iv)) => match segment_size {
                SEGMENT_8 => Self::new_cfb8(key, iv),
                SEGMENT_128 => Self::new_cfb128(key, iv),
                other => Err(Error::SegmentSize(other)),
            },
            _ => Self::new_ecb(key),
        }
    }
}
