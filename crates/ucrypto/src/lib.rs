//! The algorithms of the Pycom MicroPython `crypto` module, byte for byte, for desktops and
//! servers: OS randomness, AES in ECB/CBC/CFB8/CFB128/CTR with state kept across calls,
//! RS256 signatures and RSAES-PKCS1-v1_5; and for the servers that talk to the devices, RSA
//! keys in every common format (generated, converted, password-protected), OAEP, RS256 JSON
//! Web Tokens in compact and device form ([`jwt`]), and keys as JWKs and JWK sets
//! ([`rsa::KeySet`]).
//!
//! # Misuse warnings
//! - AES here is **unauthenticated**: ECB leaks equal blocks, and CBC, CFB and CTR let an
//!   attacker change ciphertext undetected. Add a MAC or signature, and never reuse an IV or
//!   counter with the same key.
//! - PKCS#1 v1.5 encryption is a legacy scheme kept for the device; it is safe only because
//!   decryption fails uniformly ([`Error::DecryptFailed`]) — do not add your own error
//!   reporting around it.
//!
//! # Example
//! ```
//! let key = ucrypto::getrandbits(128)?;
//! let iv = ucrypto::getrandbits(128)?;
//! let mut enc = ucrypto::Aes::new_cfb8(&key, &iv)?;
//! let ct = enc.encrypt(b"hello device")?;
//! let mut dec = ucrypto::Aes::new_cfb8(&key, &iv)?;
//! assert_eq!(dec.decrypt(&ct)?, b"hello device");
//! # Ok::<(), ucrypto::Error>(())
//! ```

#![forbid(unsafe_code)]

pub mod aes;
pub mod cache;
mod device;
mod error;
mod facts;
pub mod jwt;
pub mod names;
mod random;
pub mod rsa;

pub use crate::aes::{Aes, Mode};
pub use crate::device::{generate_rsa_signature, rsa_decrypt, rsa_encrypt};
pub use crate::error::{Error, KeyProblem, Result};
pub use crate::names::Named;
pub use crate::random::{fill_random, getrandbits, getrandbits_len};
pub use crate::rsa::{RsaPrivateKey, RsaPublicKey};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
