//! What a key file is, without needing its password: for `ucrypto key info`.

use super::input::{self, Kind, Want};
use crate::error::{Error, Result};
use crate::names::named;

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
}

/// What [`inspect`] found: the key's format, and whether it came as PEM or DER.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyFile {
    /// The structure.
    pub format: KeyFormat,
    /// PEM text (else raw DER).
    pub pem: bool,
}

impl KeyFile {
    /// Whether the device's `crypto` functions take the key as it is: unencrypted PKCS#8
    /// PEM for a private key (its documentation insists on it), SubjectPublicKeyInfo or
    /// PKCS#1 PEM for a public key.
    #[must_use]
    pub fn device_accepts(&self) -> bool {
        self.pem
            && matches!(
                self.format,
                KeyFormat::Pkcs8 | KeyFormat::Spki | KeyFormat::Pkcs1Public
            )
    }
}

/// Says which key `input` holds (a private key first, in a file with several blocks), and
/// how, without decrypting it.
///
/// # Errors
/// [`Error::InvalidPrivateKey`] when no RSA key can be found.
pub fn inspect(input: &[u8]) -> Result<KeyFile> {
    let decoded = input::decode(input, Want::Private).map_err(Error::InvalidPrivateKey)?;
    let format = match decoded.kind {
        Kind::Pkcs8 => KeyFormat::Pkcs8,
        Kind::Pkcs1Private => KeyFormat::Pkcs1,
        Kind::EncryptedPkcs8 => KeyFormat::EncryptedPkcs8,
        Kind::LegacyEncrypted => KeyFormat::LegacyEncrypted,
        Kind::Spki => KeyFormat::Spki,
        Kind::Pkcs1Public => KeyFormat::Pkcs1Public,
    };
    Ok(KeyFile {
        format,
        pem: decoded.pem,
    })
}
