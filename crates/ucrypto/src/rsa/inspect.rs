//! What a key file is, without needing its password: for `ucrypto key info`.

use super::input::{self, Want};
use super::key_format::KeyFormat;
use crate::error::{Error, Result};

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
    Ok(KeyFile {
        format: decoded.format,
        pem: decoded.pem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Named;

    #[test]
    fn the_device_takes_unencrypted_pkcs8_and_public_keys_as_pem() {
        let accepted = [KeyFormat::Pkcs8, KeyFormat::Spki, KeyFormat::Pkcs1Public];
        for &format in KeyFormat::ALL {
            let expected = accepted.contains(&format);
            assert_eq!(
                KeyFile { format, pem: true }.device_accepts(),
                expected,
                "{format:?} as PEM"
            );
            assert!(
                !KeyFile { format, pem: false }.device_accepts(),
                "{format:?} as DER"
            );
        }
    }
}
