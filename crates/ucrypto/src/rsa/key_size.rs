//! RSA key sizes: the range of keys we read, and the sizes we generate.

use crate::error::KeyProblem;
use crate::names::named;
use aws_lc_rs::rsa::KeySize as EngineKeySize;

pub use crate::facts::{MAX_BITS, MIN_BITS};

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

    pub(super) fn engine(self) -> EngineKeySize {
        match self {
            Self::Rsa2048 => EngineKeySize::Rsa2048,
            Self::Rsa3072 => EngineKeySize::Rsa3072,
            Self::Rsa4096 => EngineKeySize::Rsa4096,
            Self::Rsa8192 => EngineKeySize::Rsa8192,
        }
    }
}

/// The bit length of a big-endian modulus, checked against the sizes we accept.
pub(super) fn check_modulus(modulus: &[u8]) -> Result<usize, KeyProblem> {
    let trimmed = match modulus.iter().position(|&b| b != 0) {
        Some(i) => &modulus[i..],
        None => &[],
    };
    let bits = match trimmed.first() {
        Some(&top) => trimmed.len() * 8 - top.leading_zeros() as usize,
        None => 0,
    };
    if bits < MIN_BITS {
        Err(KeyProblem::TooSmall { bits })
    } else if bits > MAX_BITS {
        Err(KeyProblem::TooLarge { bits })
    } else {
        Ok(bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Named;

    #[test]
    fn each_size_has_its_bits_and_name() {
        let bits: Vec<usize> = KeySize::ALL.iter().map(|s| s.bits()).collect();
        assert_eq!(bits, [2048, 3072, 4096, 8192]);
        for size in KeySize::ALL {
            assert_eq!(size.name(), size.bits().to_string());
        }
        assert_eq!(KeySize::default().bits(), MIN_BITS);
        assert_eq!(KeySize::default().bits(), crate::facts::DEFAULT_BITS);
        assert_eq!(KeySize::Rsa8192.bits(), MAX_BITS);
    }

    #[test]
    fn modulus_bits_are_counted_exactly() {
        let zeros = |n: usize| vec![0u8; n];
        assert_eq!(
            check_modulus(&zeros(256)),
            Err(KeyProblem::TooSmall { bits: 0 })
        );
        // A leading zero byte, then a top byte of 0x01: 256 bytes of which 7 bits are zero.
        let mut short = zeros(257);
        short[1] = 0x01;
        assert_eq!(
            check_modulus(&short),
            Err(KeyProblem::TooSmall { bits: 2041 })
        );
        assert_eq!(check_modulus(&[0x80; MIN_BITS / 8]), Ok(MIN_BITS));
        assert_eq!(check_modulus(&[0xff; MAX_BITS / 8]), Ok(MAX_BITS));
        let mut long = vec![0xff; MAX_BITS / 8 + 1];
        long[0] = 0x01;
        assert_eq!(
            check_modulus(&long),
            Err(KeyProblem::TooLarge { bits: MAX_BITS + 1 })
        );
    }
}
