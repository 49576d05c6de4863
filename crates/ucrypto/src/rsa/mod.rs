//! RSA keys parsed once into typed values: RS256 signatures and RSAES-PKCS1-v1_5.
//!
//! Keys come as PEM text or DER bytes, PKCS#8 / SubjectPublicKeyInfo or PKCS#1, and must be
//! 2048 to 8192 bits. The arithmetic is aws-lc-rs's (constant time); PKCS#1 forms are
//! re-wrapped into PKCS#8 / SPKI with the RustCrypto `pkcs1`, `pkcs8` and `spki` types.
//!
//! **PKCS#1 v1.5 encryption is a legacy scheme**: it is what the device speaks, but new
//! protocols should prefer OAEP, and a decryption oracle must never tell padding errors
//! apart from other failures (this crate returns one [`crate::Error::DecryptFailed`] for all).

mod algorithm;
mod digest;
mod encrypted_key;
mod input;
mod inspect;
mod jwk;
mod key_format;
mod key_size;
mod legacy_pem;
mod padding;
mod private_key;
mod public_key;

pub use digest::Rs256Digest;
pub use encrypted_key::{
    KDF_BUDGET_MILLIS, MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_MEMORY, MAX_SCRYPT_WORK,
};
pub use inspect::{KeyFile, inspect};
pub use jwk::{KeySet, MAX_JWKS_KEYS};
pub use key_format::KeyFormat;
pub use key_size::{KeySize, MAX_BITS, MIN_BITS};
pub use padding::Padding;
pub use private_key::RsaPrivateKey;
pub use public_key::RsaPublicKey;
