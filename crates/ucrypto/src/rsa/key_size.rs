//! RSA key sizes: the range of keys we read, and the sizes we generate.

use crate::error::{Error, Result};
use crate::names::{Named, named};
use aws_lc_rs::rsa::KeySize as EngineKeySize;

/// Smallest RSA modulus we accept, in bits (the device documents 2048-bit keys; smaller keys
/// are below current guidance).
pub const MIN_BITS: usize = 2048;
/// Largest RSA modulus we accept, in bits (the RSA engine's limit).
pub const MAX_BITS: usize = 8192;

/// A key size that key generation offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum KeySize {
    /// 2048 bits: what the device documents, and the default.
    #[default]
    Rsa2048,
    /// 3072 bits.
    Rsa3072,
    /// 4096 bits.
    Rsa4096,
    /// 8192 bits (slow to generate and to use).
    Rsa8192,
}

named!(KeySize, "key size" {
    Rsa2048 => ("2048", "2048 bits, what the device documents"),
    Rsa3072 => ("3072", "3072 bits"),
    Rsa4096 => ("4096", "4096 bits"),
    Rsa8192 => ("8192", "8192 bits (slow to generate and to use)"),
});

impl KeySize {
    /// The modulus size in bits.
    #[must_use]
    pub fn bits(self) -> usize {
        match self {
            Self::Rsa2048 => 2048,
            Self::Rsa3072 => 3072,
            Self::Rsa4096 => 4096,
            Self::Rsa8192 => 8192,
        }
    }

    /// The size of `bits` bits. Signed, because every face of this crate reads a signed
    /// integer and the message for `-2048` should be the same as for `1024`.
    ///
    /// # Errors
    /// [`Error::UnsupportedKeySize`] for any size not offered.
    pub fn from_bits(bits: i64) -> Result<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|size| i64::try_from(size.bits()) == Ok(bits))
            .ok_or(Error::UnsupportedKeySize(bits))
    }

    pub(super) fn engine(self) -> EngineKeySize {
        match self {
            Self::Rsa2048 => EngineKeySize::Rsa2048,
            Self::Rsa3072 => EngineKeySize::Rsa3072,
            Self::Rsa4096 => EngineKeySize::Rsa4096,
            Self::Rsa8192 => EngineKeySize::Rsa8192,
        }
    }
}
