//! SHA-256 fed piece by piece, for RS256 over data too large to hold in memory.

use aws_lc_rs::digest::{Context, Digest, SHA256};

/// The SHA-256 state of a message being signed or verified with RS256 in pieces.
///
/// ```
/// # let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rsa2048_pkcs8.pem")).unwrap();
/// use ucrypto::{RsaPrivateKey, rsa::Rs256Digest};
/// let key = RsaPrivateKey::from_pem_or_der(&pem)?;
/// let mut digest = Rs256Digest::new();
/// digest.update(b"header.");
/// digest.update(b"payload");
/// assert_eq!(key.sign_rs256_digest(digest)?, key.sign_rs256(b"header.payload")?);
/// # Ok::<(), ucrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct Rs256Digest(Context);

impl Rs256Digest {
    /// An empty message.
    #[must_use]
    pub fn new() -> Self {
        Self(Context::new(&SHA256))
    }

    /// Appends `data` to the message.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    pub(super) fn finish(self) -> Digest {
        self.0.finish()
    }
}

impl Default for Rs256Digest {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Debug for Rs256Digest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Rs256Digest { .. }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_state() {
        let mut digest = Rs256Digest::new();
        digest.update(b"secret claims");
        assert_eq!(format!("{digest:?}"), "Rs256Digest { .. }");
    }
}
