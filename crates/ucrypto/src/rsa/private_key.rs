//! RSA private keys: parsing, RS256 signing, PKCS#1 v1.5 decryption.

use super::input::{self, Kind};
use super::public_key::RsaPublicKey;
use crate::error::{Error, KeyProblem, Result};
use aws_lc_rs::rsa::{KeyPair, Pkcs1PrivateDecryptingKey, PrivateDecryptingKey};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
use der::{Decode, Encode, asn1::OctetStringRef};
use std::sync::OnceLock;
use zeroize::Zeroizing;

/// An RSA private key of 2048 to 8192 bits, parsed and checked once.
///
/// ```
/// # let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rsa2048_pkcs8.pem")).unwrap();
/// let key = ucrypto::RsaPrivateKey::from_pem_or_der(pem.as_bytes())?;
/// assert_eq!(key.bits(), 2048);
/// let sig = key.sign_rs256(b"header.payload")?;
/// assert_eq!(sig.len(), 256);
/// # Ok::<(), ucrypto::Error>(())
/// ```
pub struct RsaPrivateKey {
    signing: KeyPair,
    /// PKCS#8 DER, kept (wiped on drop) to build the decrypting key on first use; most
    /// callers only sign, and parsing a key costs as much as several signatures.
    pkcs8: Zeroizing<Vec<u8>>,
    decrypting: OnceLock<Pkcs1PrivateDecryptingKey>,
    bits: usize,
}

impl core::fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RsaPrivateKey")
            .field("bits", &self.bits)
            .finish_non_exhaustive()
    }
}

fn invalid(problem: KeyProblem) -> Error {
    Error::InvalidPrivateKey(problem)
}

impl RsaPrivateKey {
    /// Parses a private key from PEM text (`BEGIN PRIVATE KEY` or `BEGIN RSA PRIVATE KEY`) or
    /// from DER bytes (PKCS#8 or PKCS#1).
    ///
    /// # Errors
    /// [`Error::InvalidPrivateKey`] with the reason: not a key, damaged, encrypted, not RSA,
    /// a public key, outside 2048..=8192 bits, or inconsistent.
    pub fn from_pem_or_der(input: &[u8]) -> Result<Self> {
        let decoded = input::decode(input).map_err(invalid)?;
        match decoded.kind {
            Kind::Pkcs8 => Self::from_pkcs8_der(&decoded.der),
            Kind::Pkcs1Private => Self::from_pkcs1_der(&decoded.der),
            Kind::EncryptedPkcs8 => Err(invalid(KeyProblem::EncryptedPkcs8)),
            Kind::Spki | Kind::Pkcs1Public => Err(invalid(KeyProblem::PublicGivenForPrivate)),
        }
    }

    /// Parses a PKCS#8 `PrivateKeyInfo` holding an RSA key.
    ///
    /// # Errors
    /// As [`RsaPrivateKey::from_pem_or_der`].
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let info = pkcs8::PrivateKeyInfoRef::from_der(der)
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        input::require_rsa(&info.algorithm.oid).map_err(invalid)?;
        let rsa = pkcs1::RsaPrivateKeyRef::from_der(info.private_key.as_bytes())
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        let bits = input::check_modulus(rsa.modulus.as_bytes()).map_err(invalid)?;
        Self::from_checked_pkcs8(Zeroizing::new(der.to_vec()), bits)
    }

    /// Parses a PKCS#1 `RSAPrivateKey`.
    ///
    /// # Errors
    /// As [`RsaPrivateKey::from_pem_or_der`].
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        let rsa = pkcs1::RsaPrivateKeyRef::from_der(der)
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        let bits = input::check_modulus(rsa.modulus.as_bytes()).map_err(invalid)?;
        // aws-lc-rs reads PKCS#8; wrap the PKCS#1 structure as PKCS#8's private-key octets.
        let octets = OctetStringRef::new(der).map_err(|_| invalid(KeyProblem::MalformedDer))?;
        let info = pkcs8::PrivateKeyInfoRef::new(pkcs1::ALGORITHM_ID, octets);
        let pkcs8 = info
            .to_der()
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        Self::from_checked_pkcs8(Zeroizing::new(pkcs8), bits)
    }

    fn from_checked_pkcs8(pkcs8: Zeroizing<Vec<u8>>, bits: usize) -> Result<Self> {
        let signing = KeyPair::from_pkcs8(&pkcs8).map_err(|_| invalid(KeyProblem::Inconsistent))?;
        Ok(Self {
            signing,
            pkcs8,
            decrypting: OnceLock::new(),
            bits,
        })
    }

    /// The modulus size in bits.
    #[must_use]
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The modulus size in bytes: the length of every signature and ciphertext.
    #[must_use]
    pub fn size(&self) -> usize {
        self.signing.public_modulus_len()
    }

    /// The matching public key.
    ///
    /// # Errors
    /// Only if the RSA engine fails to re-encode its own key, which does not happen for a key
    /// that parsed.
    pub fn public_key(&self) -> Result<RsaPublicKey> {
        RsaPublicKey::from_pkcs1_der(self.signing.public_key().as_ref())
    }

    /// RS256: RSASSA-PKCS1-v1_5 with SHA-256 over every byte of `message`.
    /// Deterministic; byte for byte what `openssl dgst -sha256 -sign key.pem` writes.
    ///
    /// # Errors
    /// [`Error::SignFailed`] if the RSA engine fails.
    pub fn sign_rs256(&self, message: &[u8]) -> Result<Vec<u8>> {
        let mut sig = vec![0; self.size()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        self.signing
            .sign(&RSA_PKCS1_SHA256, &rng, message, &mut sig)
            .map_err(|_| Error::SignFailed)?;
        Ok(sig)
    }

    fn decrypting(&self) -> Result<&Pkcs1PrivateDecryptingKey> {
        if let Some(key) = self.decrypting.get() {
            return Ok(key);
        }
        let key = PrivateDecryptingKey::from_pkcs8(&self.pkcs8)
            .ok()
            .and_then(|k| Pkcs1PrivateDecryptingKey::new(k).ok())
            .ok_or(invalid(KeyProblem::Inconsistent))?;
        Ok(self.decrypting.get_or_init(|| key))
    }

    /// RSAES-PKCS1-v1_5 decryption.
    ///
    /// Every failure — wrong length, a value not below the modulus, bad padding — is the one
    /// [`Error::DecryptFailed`]; the padding check inside AWS-LC runs in constant time.
    ///
    /// # Errors
    /// [`Error::DecryptFailed`].
    pub fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<Vec<u8>> {
        let key = self.decrypting().map_err(|_| Error::DecryptFailed)?;
        let mut out = Zeroizing::new(vec![0; key.min_output_size()]);
        let plain = key
            .decrypt(ciphertext, &mut out)
            .map_err(|_| Error::DecryptFailed)?;
        Ok(plain.to_vec())
    }
}
