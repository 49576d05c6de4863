//! Block padding for ECB and CBC, which take whole blocks only.
//!
//! The device adds and removes no padding (its callers pad); this is for the command line's
//! `--pad` and for Rust callers who want what `openssl enc` writes by default.

use super::BLOCK_SIZE;
use crate::error::{Error, Result};
use crate::names::named;
use subtle::{ConstantTimeEq, ConstantTimeGreater};

/// A way of padding the last block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BlockPadding {
    /// PKCS#7 (RFC 5652 section 6.3): n bytes of value n, 1 to 16; a whole block of padding
    /// when the data is block-aligned. What `openssl enc` adds by default.
    Pkcs7,
}

named!(BlockPadding, "block padding" {
    Pkcs7 => ("pkcs7", "PKCS#7, as openssl enc pads by default"),
});

impl BlockPadding {
    /// Pads the final piece of a message in place: afterwards its length is a multiple of
    /// [`BLOCK_SIZE`] (one to 16 bytes longer).
    ///
    /// ```
    /// use ucrypto::aes::BlockPadding;
    /// let mut last = b"seventeen bytes!!".to_vec();
    /// BlockPadding::Pkcs7.pad(&mut last);
    /// assert_eq!(last.len(), 32);
    /// assert_eq!(BlockPadding::Pkcs7.unpadded_len(&last)?, 17);
    /// # Ok::<(), ucrypto::Error>(())
    /// ```
    pub fn pad(self, last: &mut Vec<u8>) {
        let fill = BLOCK_SIZE - last.len() % BLOCK_SIZE;
        // `fill` is 1..=16, so the cast is exact.
        last.resize(last.len() + fill, fill as u8);
    }

    /// The length of the decrypted final piece `last` without its padding.
    ///
    /// The check reads every byte of the last block and takes the same path whatever it
    /// finds, so its time does not depend on where the padding is wrong.
    ///
    /// # Errors
    /// [`Error::BadPadding`] when `last` is not whole blocks ending in valid padding: the one
    /// error for every cause.
    pub fn unpadded_len(self, last: &[u8]) -> Result<usize> {
        let len = last.len();
        if len < BLOCK_SIZE || !len.is_multiple_of(BLOCK_SIZE) {
            return Err(Error::BadPadding);
        }
        let block = &last[len - BLOCK_SIZE..];
        let n = block[BLOCK_SIZE - 1];
        let mut bad = n.ct_eq(&0) | n.ct_gt(&(BLOCK_SIZE as u8));
        for (i, &byte) in block.iter().enumerate() {
            // The byte's distance from the end, 1..=16.
            let from_end = (BLOCK_SIZE - i) as u8;
            let in_padding = !from_end.ct_gt(&n);
            bad |= in_padding & !byte.ct_eq(&n);
        }
        if bool::from(bad) {
            Err(Error::BadPadding)
        } else {
            Ok(len - usize::from(n))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn pads_one_to_sixteen_bytes() {
        for len in 0..40 {
            let mut data = vec![0xaa; len];
            BlockPadding::Pkcs7.pad(&mut data);
            let fill = 16 - len % 16;
            assert_eq!(data.len(), len + fill);
            assert!(data[len..].iter().all(|&b| usize::from(b) == fill));
            assert_eq!(BlockPadding::Pkcs7.unpadded_len(&data).unwrap(), len);
        }
    }

    #[test]
    fn every_malformed_last_block_is_one_error() {
        let mut block = [16u8; 16];
        assert_eq!(BlockPadding::Pkcs7.unpadded_len(&block).unwrap(), 0);
        block[15] = 0;
        assert_eq!(
            BlockPadding::Pkcs7.unpadded_len(&block),
            Err(Error::BadPadding)
        );
        block[15] = 17;
        assert_eq!(
            BlockPadding::Pkcs7.unpadded_len(&block),
            Err(Error::BadPadding)
        );
        for wrong_at in 0..15 {
            let mut block = [0u8; 16];
            block[16 - 15..].fill(15);
            assert_eq!(BlockPadding::Pkcs7.unpadded_len(&block).unwrap(), 1);
            block[16 - 15 + wrong_at % 15] ^= 1;
            assert_eq!(
                BlockPadding::Pkcs7.unpadded_len(&block),
                Err(Error::BadPadding)
            );
        }
        assert_eq!(
            BlockPadding::Pkcs7.unpadded_len(&[1; 15]),
            Err(Error::BadPadding)
        );
        assert_eq!(
            BlockPadding::Pkcs7.unpadded_len(&[]),
            Err(Error::BadPadding)
        );
    }
}
