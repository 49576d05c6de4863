//! A bounded, thread-safe cache of parsed RSA keys, keyed by a SHA-256 of the key text.
//!
//! The device API passes key *text* on every call, and parsing plus checking an RSA key
//! costs more than a signature. Calls with text seen recently reuse the parsed key. The
//! index is a digest, so the cache holds no copy of the text; parsed keys wipe their DER
//! when evicted and dropped. Failed parses are never cached.

use crate::error::Result;
use crate::rsa::{RsaPrivateKey, RsaPublicKey};
use aws_lc_rs::digest::{Context, SHA256};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};

/// How many keys of each kind stay parsed.
pub const CAPACITY: usize = 32;

type Digest = [u8; 32];

struct Bounded<K> {
    map: HashMap<Digest, Arc<K>>,
    order: VecDeque<Digest>,
}

impl<K> Bounded<K> {
    fn new() -> Self {
        Self {
            map: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    fn insert(&mut self, digest: Digest, key: Arc<K>) {
        if self.map.insert(digest, key).is_none() {
            self.order.push_back(digest);
        }
        while self.order.len() > CAPACITY {
            if let Some(old) = self.order.pop_front() {
                self.map.remove(&old);
            }
        }
    }
}

fn digest(domain: &[u8], password: Option<&[u8]>, text: &[u8]) -> Digest {
    let mut ctx = Context::new(&SHA256);
    ctx.update(domain);
    // Length-prefix the password so (password, text) pairs cannot collide by shifting bytes.
    match password {
        Some(pw) => {
            ctx.update(&[1]);
            ctx.update(&(pw.len() as u64).to_be_bytes());
            ctx.update(pw);
        }
        None => ctx.update(&[0]),
    }
    ctx.update(text);
    let mut out = [0; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

fn lookup<K>(
    cache: &Mutex<Bounded<K>>,
    digest: Digest,
    parse: impl FnOnce() -> Result<K>,
) -> Result<Arc<K>> {
    if let Some(hit) = cache.lock().ok().and_then(|c| c.map.get(&digest).cloned()) {
        return Ok(hit);
    }
    // Parse outside the lock: other threads keep using the cache meanwhile.
    let key = Arc::new(parse()?);
    if let Ok(mut c) = cache.lock() {
        c.insert(digest, Arc::clone(&key));
    }
    Ok(key)
}

/// The parsed private key for `text` (PEM or DER, optionally encrypted with `password`),
/// from the cache when it was parsed recently.
///
/// # Errors
/// As [`RsaPrivateKey::from_pem_or_der_with_password`].
pub fn private_key(text: &[u8], password: Option<&[u8]>) -> Result<Arc<RsaPrivateKey>> {
    static CACHE: OnceLock<Mutex<Bounded<RsaPrivateKey>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(Bounded::new()));
    lookup(cache, digest(b"private", password, text), || {
        RsaPrivateKey::from_pem_or_der_with_password(text, password)
    })
}

/// The parsed public key for `text` (PEM or DER), from the cache when it was parsed
/// recently.
///
/// # Errors
/// As [`RsaPublicKey::from_pem_or_der`].
pub fn public_key(text: &[u8]) -> Result<Arc<RsaPublicKey>> {
    static CACHE: OnceLock<Mutex<Bounded<RsaPublicKey>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(Bounded::new()));
    lookup(cache, digest(b"public", None, text), || {
        RsaPublicKey::from_pem_or_der(text)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn bounded_evicts_oldest() {
        let mut b = Bounded::new();
        for i in 0..(CAPACITY + 5) {
            b.insert([i as u8; 32], Arc::new(i));
        }
        assert_eq!(b.map.len(), CAPACITY);
        assert!(!b.map.contains_key(&[0; 32]));
        assert!(b.map.contains_key(&[(CAPACITY + 4) as u8; 32]));
        b.insert([(CAPACITY + 4) as u8; 32], Arc::new(0));
        assert_eq!(
            b.order.len(),
            CAPACITY,
            "re-inserting a key must not grow the order"
        );
    }

    #[test]
    fn password_is_part_of_the_key() {
        assert_ne!(
            digest(b"private", None, b"x"),
            digest(b"private", Some(b""), b"x")
        );
        assert_ne!(
            digest(b"private", Some(b"ab"), b"c"),
            digest(b"private", Some(b"a"), b"bc")
        );
        assert_ne!(
            digest(b"private", None, b"x"),
            digest(b"public", None, b"x")
        );
    }

    #[test]
    fn same_text_gives_the_same_parsed_key() {
        let pem = include_bytes!("../tests/data/rsa2048_pkcs8.pem");
        let a = private_key(pem, None).unwrap();
        let b = private_key(pem, None).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(private_key(b"garbage", None).is_err());
        assert!(
            private_key(b"garbage", None).is_err(),
            "errors are not cached as keys"
        );
    }
}
