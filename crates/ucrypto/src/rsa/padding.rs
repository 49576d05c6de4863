//! The two RSA encryption paddings: the device's PKCS#1 v1.5 and OAEP with SHA-256.

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

    pub(crate) fn overhead_text(self) -> &'static str {
        match self {
            Self::Pkcs1v15 => "modulus bytes - 11 for PKCS#1 v1.5",
            Self::OaepSha256 => "modulus bytes - 66 for OAEP with SHA-256",
        }
    }

    /// Parses the names used by the Python and command-line faces: `pkcs1v15` or `oaep`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "pkcs1v15" => Some(Self::Pkcs1v15),
            "oaep" => Some(Self::OaepSha256),
            _ => None,
        }
    }
}
