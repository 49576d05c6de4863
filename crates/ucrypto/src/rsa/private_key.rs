//! RSA private keys: parsing (optionally with a password), generation, RS256 signing and
//! decryption.

use super::input::{self, Want};
use super::key_format::KeyFormat;
use super::public_key::RsaPublicKey;
use super::{KeySize, Padding, Rs256Digest};
use super::{algorithm, encrypted_key, key_size, legacy_pem};
use crate::error::{Error, KeyProblem, Result};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{
    KeyPair, OAEP_SHA256_MGF1SHA256, OaepPrivateDecryptingKey, Pkcs1PrivateDecryptingKey,
    PrivateDecryptingKey,
};
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
    decrypting: OnceLock<PrivateDecryptingKey>,
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
        Self::from_pem_or_der_with_password(input, None)
    }

    /// As [`RsaPrivateKey::from_pem_or_der`], and also reads encrypted PKCS#8
    /// (`BEGIN ENCRYPTED PRIVATE KEY`: PBES2 with PBKDF2 or scrypt and AES or 3DES, as
    /// `openssl genpkey -aes256`, `openssl pkcs8 -topk8` and OpenSSL 3's `genrsa -des3`
    /// write) with `password`.
    ///
    /// ```
    /// # let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rsa2048_pkcs8_aes256.pem")).unwrap();
    /// use ucrypto::{Error, RsaPrivateKey};
    /// // made with `openssl pkey -in rsa2048_pkcs8.pem -aes256 -passout pass:test-only`
    /// let key = RsaPrivateKey::from_pem_or_der_with_password(&pem, Some(b"test-only"))?;
    /// assert_eq!(key.bits(), 2048);
    /// let wrong = RsaPrivateKey::from_pem_or_der_with_password(&pem, Some(b"guess"));
    /// assert_eq!(wrong.unwrap_err(), Error::WrongPassword);
    /// # Ok::<(), ucrypto::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`RsaPrivateKey::from_pem_or_der`]; [`Error::WrongPassword`] when the password does
    /// not decrypt the key, [`Error::PasswordNotNeeded`] when the key is not encrypted.
    pub fn from_pem_or_der_with_password(input: &[u8], password: Option<&[u8]>) -> Result<Self> {
        let decoded = input::decode(input, Want::Private).map_err(invalid)?;
        match (decoded.format, password) {
            (KeyFormat::EncryptedPkcs8, None) => Err(invalid(KeyProblem::EncryptedPkcs8)),
            (KeyFormat::EncryptedPkcs8, Some(pw)) => {
                Self::from_decrypted(&encrypted_key::decrypt(&decoded.der, pw)?)
            }
            (KeyFormat::LegacyEncrypted, None) => Err(invalid(KeyProblem::EncryptedLegacyPem)),
            (KeyFormat::LegacyEncrypted, Some(pw)) => {
                Self::from_decrypted(&legacy_pem::decrypt(&decoded.der, pw)?)
            }
            (KeyFormat::Spki | KeyFormat::Pkcs1Public, _) => {
                Err(invalid(KeyProblem::PublicGivenForPrivate))
            }
            (_, Some(_)) => Err(Error::PasswordNotNeeded),
            (KeyFormat::Pkcs8, None) => Self::from_pkcs8_der(&decoded.der),
            (KeyFormat::Pkcs1, None) => Self::from_pkcs1_der(&decoded.der),
        }
    }

    /// A key as a password decrypted it: DER of either private structure, whatever the
    /// label around it claimed, or the PEM text of an unencrypted key (some tools encrypt
    /// that). Bytes that are none of these are what a wrong password leaves when the
    /// padding happens to check out.
    fn from_decrypted(plain: &[u8]) -> Result<Self> {
        match Self::from_pem_or_der(plain) {
            Err(Error::InvalidPrivateKey(KeyProblem::NotPemOrDer)) => Err(Error::WrongPassword),
            other => other,
        }
    }

    /// Parses a PKCS#8 `PrivateKeyInfo` holding an RSA key.
    ///
    /// # Errors
    /// As [`RsaPrivateKey::from_pem_or_der`].
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let info = pkcs8::PrivateKeyInfoRef::from_der(der)
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        algorithm::require_rsa(&info.algorithm.oid).map_err(invalid)?;
        let rsa = pkcs1::RsaPrivateKeyRef::from_der(info.private_key.as_bytes())
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        let bits = key_size::check_modulus(rsa.modulus.as_bytes()).map_err(invalid)?;
        Self::from_checked_pkcs8(Zeroizing::new(der.to_vec()), bits)
    }

    /// Parses a PKCS#1 `RSAPrivateKey`.
    ///
    /// # Errors
    /// As [`RsaPrivateKey::from_pem_or_der`].
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        let rsa = pkcs1::RsaPrivateKeyRef::from_der(der)
            .map_err(|_| invalid(KeyProblem::MalformedDer))?;
        let bits = key_size::check_modulus(rsa.modulus.as_bytes()).map_err(invalid)?;
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

    /// Generates a new key (public exponent 65537) from the OS CSPRNG.
    ///
    /// ```
    /// use ucrypto::{Named, RsaPrivateKey, rsa::KeySize};
    /// let key = RsaPrivateKey::generate(KeySize::Rsa2048)?;
    /// let private_pem = key.to_pkcs8_pem()?;              // BEGIN PRIVATE KEY
    /// let public_pem = key.public_key()?.to_spki_pem()?;  // BEGIN PUBLIC KEY
    /// let sig = ucrypto::generate_rsa_signature(b"m", private_pem.as_bytes())?;
    /// assert!(ucrypto::RsaPublicKey::from_pem_or_der(public_pem.as_bytes())?.verify_rs256(b"m", &sig));
    /// assert!(KeySize::parse("1024").is_err()); // sizes are named by their bits
    /// # Ok::<(), ucrypto::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::KeyGenerationFailed`] if the RSA engine fails.
    pub fn generate(size: KeySize) -> Result<Self> {
        let pair = KeyPair::generate(size.engine()).map_err(|_| Error::KeyGenerationFailed)?;
        let der = pair.as_der().map_err(|_| Error::KeyGenerationFailed)?;
        Self::from_pkcs8_der(der.as_ref())
    }

    /// The key as unencrypted `BEGIN PRIVATE KEY` (PKCS#8) PEM text, wiped when dropped.
    ///
    /// # Errors
    /// [`Error::KeyEncodingFailed`] only if PEM encoding fails, which it does not for a
    /// parsed key.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>> {
        pem_rfc7468::encode_string(
            KeyFormat::Pkcs8.pem_label(),
            pem_rfc7468::LineEnding::LF,
            &self.pkcs8,
        )
        .map(Zeroizing::new)
        .map_err(|_| Error::KeyEncodingFailed)
    }

    /// The key as unencrypted PKCS#8 `PrivateKeyInfo` DER, wiped when dropped.
    #[must_use]
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        self.pkcs8.clone()
    }

    /// The key as PKCS#1 `RSAPrivateKey` DER (what `BEGIN RSA PRIVATE KEY` holds), wiped
    /// when dropped.
    ///
    /// # Errors
    /// [`Error::KeyEncodingFailed`] only if the key's own PKCS#8 does not decode.
    pub fn to_pkcs1_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        let info = pkcs8::PrivateKeyInfoRef::from_der(&self.pkcs8)
            .map_err(|_| Error::KeyEncodingFailed)?;
        Ok(Zeroizing::new(info.private_key.as_bytes().to_vec()))
    }

    /// The key as unencrypted `BEGIN RSA PRIVATE KEY` (PKCS#1) PEM text, wiped when dropped.
    ///
    /// # Errors
    /// As [`RsaPrivateKey::to_pkcs1_der`].
    pub fn to_pkcs1_pem(&self) -> Result<Zeroizing<String>> {
        pem_rfc7468::encode_string(
            KeyFormat::Pkcs1.pem_label(),
            pem_rfc7468::LineEnding::LF,
            &self.to_pkcs1_der()?,
        )
        .map(Zeroizing::new)
        .map_err(|_| Error::KeyEncodingFailed)
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

    /// RS256 of a message fed in pieces to an [`Rs256Digest`]: the same signature as
    /// [`RsaPrivateKey::sign_rs256`] of the whole message.
    ///
    /// # Errors
    /// [`Error::SignFailed`] if the RSA engine fails.
    pub fn sign_rs256_digest(&self, digest: Rs256Digest) -> Result<Vec<u8>> {
        let mut sig = vec![0; self.size()];
        self.signing
            .sign_digest(&RSA_PKCS1_SHA256, &digest.finish(), &mut sig)
            .map_err(|_| Error::SignFailed)?;
        Ok(sig)
    }

    fn decrypting(&self) -> Result<&PrivateDecryptingKey> {
        if let Some(key) = self.decrypting.get() {
            return Ok(key);
        }
        let key = PrivateDecryptingKey::from_pkcs8(&self.pkcs8)
            .map_err(|_| invalid(KeyProblem::Inconsistent))?;
        Ok(self.decrypting.get_or_init(|| key))
    }

    /// Decrypts `ciphertext` padded with `padding`.
    ///
    /// Every failure — wrong length, a value not below the modulus, bad padding — is the one
    /// [`Error::DecryptFailed`]; the padding checks inside AWS-LC run in constant time, and
    /// this function takes the same path for all of them.
    ///
    /// # Errors
    /// [`Error::DecryptFailed`].
    pub fn decrypt(&self, ciphertext: &[u8], padding: Padding) -> Result<Vec<u8>> {
        let key = self.decrypting().map_err(|_| Error::DecryptFailed)?.clone();
        let mut out = Zeroizing::new(vec![0; self.size()]);
        let plain = match padding {
            Padding::Pkcs1v15 => Pkcs1PrivateDecryptingKey::new(key)
                .and_then(|k| k.decrypt(ciphertext, &mut out).map(|p| p.to_vec())),
            Padding::OaepSha256 => OaepPrivateDecryptingKey::new(key).and_then(|k| {
                k.decrypt(&OAEP_SHA256_MGF1SHA256, ciphertext, &mut out, None)
                    .map(|p| p.to_vec())
            }),
        };
        plain.map_err(|_| Error::DecryptFailed)
    }

    /// RSAES-PKCS1-v1_5 decryption, the device's scheme; see [`RsaPrivateKey::decrypt`].
    ///
    /// # Errors
    /// [`Error::DecryptFailed`].
    pub fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<Vec<u8>> {
        self.decrypt(ciphertext, Padding::Pkcs1v15)
    }
}
