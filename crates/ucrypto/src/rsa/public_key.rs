//! RSA public keys: parsing and PKCS#1 v1.5 encryption.

use super::input::{self, Kind};
use crate::error::{Error, KeyProblem, Result};
use aws_lc_rs::rsa::{Pkcs1PublicEncryptingKey, PublicEncryptingKey};
use der::{Decode, Encode, asn1::BitStringRef};

/// Bytes of PKCS#1 v1.5 encryption padding: at least 8 random bytes plus 3 fixed ones.
const PKCS1_OVERHEAD: usize = 11;

/// An RSA public key of 2048 to 8192 bits.
pub struct RsaPublicKey {
    encrypting: Pkcs1PublicEncryptingKey,
    bits: usize,
}

impl core::fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RsaPublicKey")
            .field("bits", &self.bits)
            .finish_non_exhaustive()
    }
}

fn invalid(problem: KeyProblem) -> Error {
    Error::InvalidPublicKey(problem)
}

impl RsaPublicKey {
    /// Parses a public key from PEM text (`BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC KEY`) or
    /// from DER bytes (SubjectPublicKeyInfo or PKCS#1).
    ///
    /// # Errors
    /// [`Error::InvalidPublicKey`] with the reason.
    pub fn from_pem_or_der(input: &[u8]) -> Result<Self> {
        let decoded = input::decode(input).map_err(invalid)?;
        match decoded.kind {
            Kind::Spki => Self::from_spki_der(&decoded.der),
            Kind::Pkcs1Public => Self::from_pkcs1_der(&decoded.der),
            Kind::Pkcs8 | Kind::Pkcs1Private | Kind::EncryptedPkcs8 => {
                Err(invalid(KeyProblem::PrivateGivenForPublic))
            }
        }
    }

    /// Parses an X.509 `SubjectPublicKeyInfo` holding an RSA key.
    ///
    /// # Errors
    /// As [`RsaPublicKey::from_pem_or_der`].
    pub fn from_spki_der(der: &[u8]) -> Result<Self> {
        let info = spki::SubjectPublicKeyInfoRef::from_der(der)
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        input::require_rsa(&info.algorithm.oid).map_err(invalid)?;
        let pkcs1 = info
            .subject_public_key
            .as_bytes()
            .ok_or(invalid(KeyProblem::MalformedDer))?;
        let rsa = pkcs1::RsaPublicKeyRef::from_der(pkcs1)
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        let bits = input::check_modulus(rsa.modulus.as_bytes()).map_err(invalid)?;
        Self::from_checked_spki(der, bits)
    }

    /// Parses a PKCS#1 `RSAPublicKey`.
    ///
    /// # Errors
    /// As [`RsaPublicKey::from_pem_or_der`].
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        let rsa =
            pkcs1::RsaPublicKeyRef::from_der(der).map_err(|_| invalid(KeyProblem::MalformedDer))?;
        let bits = input::check_modulus(rsa.modulus.as_bytes()).map_err(invalid)?;
        // aws-lc-rs reads SubjectPublicKeyInfo; wrap the PKCS#1 structure in one.
        let key = BitStringRef::from_bytes(der).map_err(|_| invalid(KeyProblem::MalformedDer))?;
        let info = spki::SubjectPublicKeyInfoRef {
            algorithm: pkcs1::ALGORITHM_ID,
            subject_public_key: key,
        };
        let spki = info
            .to_der()
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        Self::from_checked_spki(&spki, bits)
    }

    fn from_checked_spki(spki: &[u8], bits: usize) -> Result<Self> {
        let encrypting = PublicEncryptingKey::from_der(spki)
            .ok()
            .and_then(|k| Pkcs1PublicEncryptingKey::new(k).ok())
            .ok_or(invalid(KeyProblem::Inconsistent))?;
        Ok(Self { encrypting, bits })
    }

    /// The modulus size in bits.
    #[must_use]
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The modulus size in bytes: the length of every ciphertext.
    #[must_use]
    pub fn size(&self) -> usize {
        self.encrypting.ciphertext_size()
    }

    /// The longest message [`RsaPublicKey::encrypt_pkcs1v15`] takes: modulus bytes - 11.
    #[must_use]
    pub fn max_message_len(&self) -> usize {
        self.size() - PKCS1_OVERHEAD
    }

    /// RSAES-PKCS1-v1_5 encryption with fresh random padding: each call gives a different
    /// ciphertext of [`RsaPublicKey::size`] bytes.
    ///
    /// # Errors
    /// [`Error::MessageTooLong`] beyond [`RsaPublicKey::max_message_len`] bytes;
    /// [`Error::EncryptFailed`] if the RSA engine fails.
    pub fn encrypt_pkcs1v15(&self, message: &[u8]) -> Result<Vec<u8>> {
        let max = self.max_message_len();
        if message.len() > max {
            return Err(Error::MessageTooLong {
                len: message.len(),
                max,
            });
        }
        let mut out = vec![0; self.size()];
        let len = self
            .encrypting
            .encrypt(message, &mut out)
            .map_err(|_| Error::EncryptFailed)?
            .len();
        out.truncate(len);
        Ok(out)
    }
}
