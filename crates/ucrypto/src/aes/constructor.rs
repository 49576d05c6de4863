//! The device's `AES(key, mode, IV, counter, segment_size)` constructor rules.
//!
//! The checks run in the device's order so that the first error reported is the one the
//! device would report (SPEC.md, "class AES"). The mode and segment numbers are whatever
//! integers the caller passed (as `i64`, wider than any the device takes), and an unknown
//! one is reported back as given.

use super::{Aes, Cipher, Mode, Plan, start_block};
use crate::error::{Error, Result};
use crate::facts::{MODE_CBC, MODE_CFB, MODE_CTR, MODE_ECB, SEGMENT_8, SEGMENT_128};

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
        // ECB ignores an IV, as the device does; every other mode checks its start value.
        let (mode, given) = match mode {
            MODE_ECB => (Mode::Ecb, None),
            MODE_CBC => (Mode::Cbc, iv),
            MODE_CFB => (Mode::Cfb8, iv),
            MODE_CTR => (Mode::Ctr, counter),
            other => return Err(Error::UnknownMode(other)),
        };
        let start = start_block(mode, given)?;
        if counter.is_some() && mode != Mode::Ctr {
            return Err(Error::CounterWithoutCtr);
        }
        let mode = match (mode, segment_size) {
            (Mode::Cfb8, SEGMENT_8) => Mode::Cfb8,
            (Mode::Cfb8, SEGMENT_128) => Mode::Cfb128,
            (Mode::Cfb8, other) => return Err(Error::SegmentSize(other)),
            (mode, _) => mode,
        };
        Ok(Self::from_parts(cipher, mode, start, key, Plan::auto(mode)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn device_names_follow_the_constructor_arguments() {
        let iv = [0u8; 16];
        for (mode, segment, name) in [
            (MODE_ECB, SEGMENT_8, "MODE_ECB"),
            (MODE_CBC, SEGMENT_8, "MODE_CBC"),
            (MODE_CFB, SEGMENT_8, "MODE_CFB, segment_size=8"),
            (MODE_CFB, SEGMENT_128, "MODE_CFB, segment_size=128"),
            (MODE_CTR, SEGMENT_8, "MODE_CTR"),
        ] {
            let (start, counter) = if mode == MODE_CTR {
                (None, Some(&iv[..]))
            } else {
                (Some(&iv[..]), None)
            };
            let aes = Aes::from_device_args(&[1; 16], mode, start, counter, segment).unwrap();
            assert_eq!(aes.mode().device_name(), name);
        }
    }
}
