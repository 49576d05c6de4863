//! The device's `AES(key, mode, IV, counter, segment_size)` constructor rules.
//!
//! The checks run in the device's order so that the first error reported is the one the
//! device would report (SPEC.md, "class AES"). The mode and segment numbers are the device's
//! own machine-word integers, and are reported back as given.

use super::{Aes, Cipher, Iv, Mode, Plan};
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

impl Mode {
    /// How the device names this mode: its constant, and the segment size for CFB
    /// (`"MODE_CFB, segment_size=8"`).
    #[must_use]
    pub fn device_name(self) -> &'static str {
        match self {
            Self::Ecb => "MODE_ECB",
            Self::Cbc => "MODE_CBC",
            Self::Cfb8 => "MODE_CFB, segment_size=8",
            Self::Cfb128 => "MODE_CFB, segment_size=128",
            Self::Ctr => "MODE_CTR",
        }
    }
}

/// The checked IV of CBC and CFB.
fn device_iv(iv: Option<&[u8]>) -> Result<Iv> {
    let iv = iv.ok_or(Error::IvRequired)?;
    Iv::try_from(iv).map_err(|_| Error::IvLength { len: iv.len() })
}

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
        let cipher = Cipher::new(key)?;
        let (mode, start) = match mode {
            MODE_ECB => (Mode::Ecb, None),
            MODE_CBC => (Mode::Cbc, Some(device_iv(iv)?)),
            MODE_CFB => (Mode::Cfb8, Some(device_iv(iv)?)),
            MODE_CTR => {
                let counter = counter.ok_or(Error::CounterRequired)?;
                let block = Iv::try_from(counter)
                    .map_err(|_| Error::CounterLength { len: counter.len() })?;
                (Mode::Ctr, Some(block))
            }
            other => return Err(Error::UnknownMode(other)),
        };
        if counter.is_some() && mode != Mode::Ctr {
            return Err(Error::CounterWithoutCtr);
        }
        let mode = match (mode, segment_size) {
            (Mode::Cfb8, SEGMENT_8) => Mode::Cfb8,
            (Mode::Cfb8, SEGMENT_128) => Mode::Cfb128,
            (Mode::Cfb8, other) => return Err(Error::SegmentSize(other)),
            (mode, _) => mode,
        };
        let start = start.unwrap_or_default();
        Ok(Self::from_parts(cipher, mode, start, key, Plan::auto(mode)))
    }
}
