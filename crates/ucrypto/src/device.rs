//! The device module's RSA functions, taking key text the way the device does.
//!
//! Keys are parsed through the [`crate::cache`], so repeated calls with the same key text
//! (the device API's normal use) parse it once.

use crate::cache;
use crate::error::Result;

/// `crypto.generate_rsa_signature(message, private_key)`: RS256 over every byte of
/// `message` with a PEM or DER private key.
///
/// The device stops hashing at the first NUL byte of the message (a C-string bug); we sign
/// the whole message. Its `pers` argument has no counterpart: PKCS#1 v1.5 signatures are
/// deterministic.
///
/// # Errors
/// [`crate::Error::InvalidPrivateKey`] for a key that cannot be used.
pub fn generate_rsa_signature(message: &[u8], private_key: &[u8]) -> Result<Vec<u8>> {
    cache::private_key(private_key, None)?.sign_rs256(message)
}

/// `crypto.rsa_encrypt(message, public_key)`: RSAES-PKCS1-v1_5.
///
/// # Errors
/// [`crate::Error::InvalidPublicKey`], or [`crate::Error::MessageTooLong`] beyond modulus
/// bytes - 11.
pub fn rsa_encrypt(message: &[u8], public_key: &[u8]) -> Result<Vec<u8>> {
    cache::public_key(public_key)?.encrypt_pkcs1v15(message)
}

/// `crypto.rsa_decrypt(message, private_key)`: RSAES-PKCS1-v1_5.
///
/// # Errors
/// [`crate::Error::InvalidPrivateKey`] for an unusable key, and the one uniform
/// [`crate::Error::DecryptFailed`] for any ciphertext that does not decrypt.
pub fn rsa_decrypt(message: &[u8], private_key: &[u8]) -> Result<Vec<u8>> {
    cache::private_key(private_key, None)?.decrypt_pkcs1v15(message)
}
