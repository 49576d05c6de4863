//! The structures a key file can hold, with their PEM labels: what is read, and what is
//! written.

use crate::facts::{
    LABEL_ENCRYPTED_PKCS8, LABEL_PKCS1, LABEL_PKCS1_PUBLIC, LABEL_PKCS8, LABEL_SPKI,
};
use crate::names::{Named, named};

/// The structure a key file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyFormat {
    /// PKCS#8 `PrivateKeyInfo` (`BEGIN PRIVATE KEY`): what the device takes.
    Pkcs8,
    /// PKCS#1 `RSAPrivateKey` (`BEGIN RSA PRIVATE KEY`).
    Pkcs1,
    /// PKCS#8 `EncryptedPrivateKeyInfo` (`BEGIN ENCRYPTED PRIVATE KEY`).
    EncryptedPkcs8,
    /// OpenSSL's legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`).
    LegacyEncrypted,
    /// X.509 `SubjectPublicKeyInfo` (`BEGIN PUBLIC KEY`).
    Spki,
    /// PKCS#1 `RSAPublicKey` (`BEGIN RSA PUBLIC KEY`).
    Pkcs1Public,
}

named!(KeyFormat, "key format" {
    Pkcs8 => ("pkcs8", "PKCS#8 private key (BEGIN PRIVATE KEY)"),
    Pkcs1 => ("pkcs1", "PKCS#1 private key (BEGIN RSA PRIVATE KEY)"),
    EncryptedPkcs8 => ("encrypted-pkcs8", "encrypted PKCS#8 private key (BEGIN ENCRYPTED PRIVATE KEY)"),
    LegacyEncrypted => ("legacy-encrypted-pem", "OpenSSL legacy encrypted PEM (Proc-Type: 4,ENCRYPTED)"),
    Spki => ("spki", "SubjectPublicKeyInfo public key (BEGIN PUBLIC KEY)"),
    Pkcs1Public => ("pkcs1-public", "PKCS#1 public key (BEGIN RSA PUBLIC KEY)"),
});

impl KeyFormat {
    /// Whether the format holds a private key.
    #[must_use]
    pub fn is_private(self) -> bool {
        !matches!(self, Self::Spki | Self::Pkcs1Public)
    }

    /// Whether the key is encrypted with a password.
    #[must_use]
    pub fn is_encrypted(self) -> bool {
        matches!(self, Self::EncryptedPkcs8 | Self::LegacyEncrypted)
    }

    /// The label of its PEM block (`-----BEGIN <label>-----`). Legacy encrypted PEM has the
    /// label of the structure inside it, which OpenSSL writes as PKCS#1's.
    #[must_use]
    pub fn pem_label(self) -> &'static str {
        match self {
            Self::Pkcs8 => LABEL_PKCS8,
            Self::Pkcs1 | Self::LegacyEncrypted => LABEL_PKCS1,
            Self::EncryptedPkcs8 => LABEL_ENCRYPTED_PKCS8,
            Self::Spki => LABEL_SPKI,
            Self::Pkcs1Public => LABEL_PKCS1_PUBLIC,
        }
    }

    /// The format a PEM block with `label` holds, read as RFC 7468 PEM (legacy encrypted
    /// PEM is told apart by its headers, not its label).
    pub(crate) fn from_pem_label(label: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| *f != Self::LegacyEncrypted && f.pem_label() == label)
    }
}
