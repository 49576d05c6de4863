//! The two RSA encryption paddings: the device's PKCS#1 v1.5 and OAEP with SHA-256.

use crate::names::named;

/// How an RSA encryption is padded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Padding {
    /// RSAES-PKCS1-v1_5, what the device uses. Legacy: safe only while decryption failures
    /// stay indistinguishable.
    #[default]
    Pkcs1v15,
    /// RSAES-OAEP with SHA-256 and MGF1-SHA-256 and an empty label; resists chosen-ciphertext
    /// attacks. An extension: the device cannot decrypt it.
    OaepSha256,
}

named!(Padding, "padding" {
    Pkcs1v15 => ("pkcs1v15", "RSAES-PKCS1-v1_5, what the device uses"),
    OaepSha256 => ("oaep", "RSAES-OAEP with SHA-256 and MGF1-SHA-256 (not readable by the device)"),
});

impl Padding {
    /// Bytes the padding takes from the modulus: the longest message is modulus bytes
    /// minus this.
    #[must_use]
    pub fn overhead(self) -> usize {
        match self {
            // 0x00 0x02, at least 8 non-zero random bytes, 0x00
            Self::Pkcs1v15 => 11,
            // 2 * hash length + 2 (RFC 8017, 7.1.1)
            Self::OaepSha256 => 2 * 32 + 2,
        }
    }
}
