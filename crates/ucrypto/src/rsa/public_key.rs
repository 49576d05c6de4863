//! RSA public keys: parsing, encryption (PKCS#1 v1.5 or OAEP) and RS256 verification.

use super::input::{self, Want};
use super::key_format::KeyFormat;
use super::{Padding, Rs256Digest, algorithm, key_size};
use crate::error::{Error, KeyProblem, Result};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{
    OAEP_SHA256_MGF1SHA256, OaepPublicEncryptingKey, Pkcs1PublicEncryptingKey, PublicEncryptingKey,
};
use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use der::{Decode, Encode, asn1::BitStringRef};

/// An RSA public key of 2048 to 8192 bits.
///
/// ```
/// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
/// # let private_pem = std::fs::read(format!("{dir}rsa2048_pkcs8.pem")).unwrap();
/// # let public_pem = std::fs::read(format!("{dir}rsa2048_spki.pem")).unwrap();
/// use ucrypto::{RsaPrivateKey, RsaPublicKey, rsa::Padding};
/// let public = RsaPublicKey::from_pem_or_der(&public_pem)?;
/// let ct = public.encrypt(b"for the server only", Padding::OaepSha256)?;
/// let private = RsaPrivateKey::from_pem_or_der(&private_pem)?;
/// assert_eq!(private.decrypt(&ct, Padding::OaepSha256)?, b"for the server only");
/// let sig = private.sign_rs256(b"token")?;
/// assert!(public.verify_rs256(b"token", &sig));
/// assert!(!public.verify_rs256(b"tokeN", &sig));
/// # Ok::<(), ucrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct RsaPublicKey {
    key: PublicEncryptingKey,
    /// PKCS#1 `RSAPublicKey` DER, the form the signature verifier reads.
    pkcs1: Vec<u8>,
    /// The modulus and public exponent, big-endian without leading zeros.
    n: Vec<u8>,
    e: Vec<u8>,
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
        let decoded = input::decode(input, Want::Public).map_err(invalid)?;
        match decoded.format {
            KeyFormat::Spki => Self::from_spki_der(&decoded.der),
            KeyFormat::Pkcs1Public => Self::from_pkcs1_der(&decoded.der),
            KeyFormat::Pkcs8
            | KeyFormat::Pkcs1
            | KeyFormat::EncryptedPkcs8
            | KeyFormat::LegacyEncrypted => Err(invalid(KeyProblem::PrivateGivenForPublic)),
        }
    }

    /// Parses an X.509 `SubjectPublicKeyInfo` holding an RSA key.
    ///
    /// # Errors
    /// As [`RsaPublicKey::from_pem_or_der`].
    pub fn from_spki_der(der: &[u8]) -> Result<Self> {
        let info = spki::SubjectPublicKeyInfoRef::from_der(der)
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        algorithm::require_rsa(&info.algorithm.oid).map_err(invalid)?;
        let pkcs1 = info
            .subject_public_key
            .as_bytes()
            .ok_or(invalid(KeyProblem::MalformedDer))?;
        Self::from_parts(der, pkcs1)
    }

    /// Parses a PKCS#1 `RSAPublicKey`.
    ///
    /// # Errors
    /// As [`RsaPublicKey::from_pem_or_der`].
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        // aws-lc-rs reads SubjectPublicKeyInfo; wrap the PKCS#1 structure in one.
        let key = BitStringRef::from_bytes(der).map_err(|_| invalid(KeyProblem::MalformedDer))?;
        let info = spki::SubjectPublicKeyInfoRef {
            algorithm: pkcs1::ALGORITHM_ID,
            subject_public_key: key,
        };
        let spki = info
            .to_der()
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        Self::from_parts(&spki, der)
    }

    /// The key from its SubjectPublicKeyInfo and the PKCS#1 structure inside it: the size
    /// is checked before the RSA engine sees the key.
    fn from_parts(spki: &[u8], pkcs1: &[u8]) -> Result<Self> {
        let rsa = pkcs1::RsaPublicKeyRef::from_der(pkcs1)
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        let bits = key_size::check_modulus(rsa.modulus.as_bytes()).map_err(invalid)?;
        let key =
            PublicEncryptingKey::from_der(spki).map_err(|_| invalid(KeyProblem::Inconsistent))?;
        Ok(Self {
            key,
            pkcs1: pkcs1.to_vec(),
            n: rsa.modulus.as_bytes().to_vec(),
            e: rsa.public_exponent.as_bytes().to_vec(),
            bits,
        })
    }

    /// The modulus and the public exponent, big-endian without leading zeros.
    pub(super) fn n_e(&self) -> (&[u8], &[u8]) {
        (&self.n, &self.e)
    }

    /// The public exponent, when it fits in 64 bits (it is 65537 for almost every key).
    #[must_use]
    pub fn public_exponent(&self) -> Option<u64> {
        if self.e.len() > 8 {
            return None;
        }
        Some(
            self.e
                .iter()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
        )
    }

    /// The key as PKCS#1 `RSAPublicKey` DER.
    #[must_use]
    pub fn to_pkcs1_der(&self) -> &[u8] {
        &self.pkcs1
    }

    /// The key as X.509 `SubjectPublicKeyInfo` DER, the form `openssl pkey -pubout` writes.
    ///
    /// # Errors
    /// [`Error::KeyEncodingFailed`] only if the RSA engine cannot encode its own key.
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        self.key
            .as_der()
            .map(|d| d.as_ref().to_vec())
            .map_err(|_| Error::KeyEncodingFailed)
    }

    /// SHA-256 of the `SubjectPublicKeyInfo` DER: a fingerprint that names the key whatever
    /// file format it came in.
    ///
    /// # Errors
    /// As [`RsaPublicKey::to_spki_der`].
    pub fn spki_sha256(&self) -> Result<[u8; 32]> {
        let der = self.to_spki_der()?;
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &der);
        let mut out = [0; 32];
        out.copy_from_slice(digest.as_ref());
        Ok(out)
    }

    /// The modulus size in bits.
    #[must_use]
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The modulus size in bytes: the length of every ciphertext and signature.
    #[must_use]
    pub fn size(&self) -> usize {
        self.key.key_size_bytes()
    }

    /// The longest message [`RsaPublicKey::encrypt`] takes with `padding`.
    #[must_use]
    pub fn max_message_len(&self, padding: Padding) -> usize {
        self.size().saturating_sub(padding.overhead())
    }

    /// Encrypts `message` with fresh random padding: each call gives a different ciphertext
    /// of [`RsaPublicKey::size`] bytes.
    ///
    /// # Errors
    /// [`Error::MessageTooLong`] beyond [`RsaPublicKey::max_message_len`] bytes;
    /// [`Error::EncryptFailed`] if the RSA engine fails.
    pub fn encrypt(&self, message: &[u8], padding: Padding) -> Result<Vec<u8>> {
        let max = self.max_message_len(padding);
        if message.len() > max {
            return Err(Error::MessageTooLong {
                len: message.len(),
                max,
                padding,
            });
        }
        let mut out = vec![0; self.size()];
        let len = match padding {
            Padding::Pkcs1v15 => Pkcs1PublicEncryptingKey::new(self.key.clone())
                .and_then(|k| k.encrypt(message, &mut out).map(|c| c.len())),
            Padding::OaepSha256 => OaepPublicEncryptingKey::new(self.key.clone()).and_then(|k| {
                k.encrypt(&OAEP_SHA256_MGF1SHA256, message, &mut out, None)
                    .map(|c| c.len())
            }),
        }
        .map_err(|_| Error::EncryptFailed)?;
        out.truncate(len);
        Ok(out)
    }

    /// RSAES-PKCS1-v1_5 encryption, the device's scheme; see [`RsaPublicKey::encrypt`].
    ///
    /// # Errors
    /// As [`RsaPublicKey::encrypt`].
    pub fn encrypt_pkcs1v15(&self, message: &[u8]) -> Result<Vec<u8>> {
        self.encrypt(message, Padding::Pkcs1v15)
    }

    /// Whether `signature` is a valid RS256 (RSASSA-PKCS1-v1_5, SHA-256) signature of
    /// `message` under this key. Any signature that does not verify — wrong length, wrong
    /// key, tampered — is simply `false`.
    #[must_use]
    pub fn verify_rs256(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.pkcs1)
            .verify(message, signature)
            .is_ok()
    }

    /// [`RsaPublicKey::verify_rs256`] for a message fed in pieces to an [`Rs256Digest`].
    #[must_use]
    pub fn verify_rs256_digest(&self, digest: Rs256Digest, signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.pkcs1)
            .verify_digest(&digest.finish(), signature)
            .is_ok()
    }

    /// The key as `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo) PEM text.
    ///
    /// # Errors
    /// [`Error::KeyEncodingFailed`] only if the RSA engine cannot encode its own key.
    pub fn to_spki_pem(&self) -> Result<String> {
        pem_rfc7468::encode_string(
            KeyFormat::Spki.pem_label(),
            pem_rfc7468::LineEnding::LF,
            &self.to_spki_der()?,
        )
        .map_err(|_| Error::KeyEncodingFailed)
    }
}
