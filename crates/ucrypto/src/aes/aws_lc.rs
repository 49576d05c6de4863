//! AWS-LC's keys for one cipher object: made on first use, and only when the object's plan
//! gives AWS-LC any work, from a copy of the raw key that is wiped on drop.

use super::engine::Plan;
use super::{Direction, MAX_KEY_LENGTH};
use aws_lc_rs::cipher::{Algorithm, DecryptingKey, EncryptingKey, OperatingMode, UnboundCipherKey};
use zeroize::Zeroizing;

/// The AWS-LC side of one cipher object: the raw key (wiped on drop), and AWS-LC's keys for
/// the mode, made on first use.
pub(super) struct AwsLc {
    plan: Plan,
    algorithm: &'static Algorithm,
    mode: OperatingMode,
    /// The raw key (its first `key_len` bytes), kept only when the plan uses AWS-LC at all;
    /// inline, so that making a cipher object allocates nothing for it.
    key: Option<Zeroizing<[u8; MAX_KEY_LENGTH]>>,
    key_len: usize,
    encrypting: Option<EncryptingKey>,
    decrypting: Option<DecryptingKey>,
}

impl AwsLc {
    pub(super) fn new(
        plan: Plan,
        algorithm: &'static Algorithm,
        mode: OperatingMode,
        key: &[u8],
    ) -> Self {
        let kept = plan.uses_aws_lc().then(|| {
            let mut copy = Zeroizing::new([0u8; MAX_KEY_LENGTH]);
            let len = key.len().min(MAX_KEY_LENGTH);
            copy[..len].copy_from_slice(&key[..len]);
            copy
        });
        Self {
            plan,
            algorithm,
            mode,
            key: kept,
            key_len: key.len().min(MAX_KEY_LENGTH),
            encrypting: None,
            decrypting: None,
        }
    }

    fn unbound(&self) -> Option<UnboundCipherKey> {
        let key = self.key.as_ref()?;
        UnboundCipherKey::new(self.algorithm, &key[..self.key_len]).ok()
    }

    /// AWS-LC's key for encrypting `len` bytes, when the plan gives them to AWS-LC.
    pub(super) fn encrypting(&mut self, len: usize) -> Option<&EncryptingKey> {
        self.keystream(Direction::Encrypt, len)
    }

    /// AWS-LC's encrypting key for `len` bytes in `direction`, when the plan gives them to
    /// AWS-LC: CTR decrypts with it too, since both directions are one keystream.
    pub(super) fn keystream(&mut self, direction: Direction, len: usize) -> Option<&EncryptingKey> {
        if !self.plan.aws_lc_for(direction, len) {
            return None;
        }
        if self.encrypting.is_none() {
            let key = self.unbound()?;
            self.encrypting = match self.mode {
                OperatingMode::CBC => EncryptingKey::cbc(key),
                OperatingMode::CTR => EncryptingKey::ctr(key),
                OperatingMode::CFB128 => EncryptingKey::cfb128(key),
                OperatingMode::CFB8 => EncryptingKey::cfb8(key),
                _ => return None,
            }
            .ok();
        }
        self.encrypting.as_ref()
    }

    /// AWS-LC's key for decrypting `len` bytes, when the plan gives them to AWS-LC.
    pub(super) fn decrypting(&mut self, len: usize) -> Option<&DecryptingKey> {
        if !self.plan.aws_lc_for(Direction::Decrypt, len) {
            return None;
        }
        if self.decrypting.is_none() {
            let key = self.unbound()?;
            self.decrypting = match self.mode {
                OperatingMode::CBC => DecryptingKey::cbc(key),
                OperatingMode::CFB128 => DecryptingKey::cfb128(key),
                OperatingMode::CFB8 => DecryptingKey::cfb8(key),
                _ => return None,
            }
            .ok();
        }
        self.decrypting.as_ref()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::aes::{BLOCK_SIZE, Engine};

    /// What AWS-LC keys a cipher object gets, per mode, under `plan`.
    fn keys(plan: Plan, mode: OperatingMode) -> (bool, bool, bool, bool) {
        let mut lc = AwsLc::new(plan, &aws_lc_rs::cipher::AES_128, mode, &[7; 16]);
        let kept = lc.key.is_some();
        let enc = lc.encrypting(BLOCK_SIZE).is_some();
        let ks = lc.keystream(Direction::Decrypt, BLOCK_SIZE).is_some();
        let dec = lc.decrypting(BLOCK_SIZE).is_some();
        (kept, enc, ks, dec)
    }

    // The engine tests run every vector through AWS-LC forced; this proves that forcing it
    // reaches AWS-LC's keys rather than falling back to RustCrypto, which would pass the
    // same vectors.
    #[test]
    fn forced_aws_lc_gets_aws_lc_keys_in_every_mode_it_serves() {
        let lc = Plan::forced(Engine::AwsLc);
        assert_eq!(keys(lc, OperatingMode::CBC), (true, true, true, true));
        assert_eq!(keys(lc, OperatingMode::CFB128), (true, true, true, true));
        assert_eq!(keys(lc, OperatingMode::CFB8), (true, true, true, true));
        // CTR decrypts with the encrypting key: the keystream is the same
        assert_eq!(keys(lc, OperatingMode::CTR), (true, true, true, false));
        let rust = Plan::forced(Engine::RustCrypto);
        for mode in [OperatingMode::CBC, OperatingMode::CTR, OperatingMode::CFB8] {
            assert_eq!(keys(rust, mode), (false, false, false, false));
        }
        // the raw key is kept when either direction may use AWS-LC, and only then
        let one_way = |encrypt, decrypt| Plan {
            encrypt,
            decrypt,
            aws_lc_from: 1,
        };
        let (kept, enc, ..) = keys(
            one_way(Engine::AwsLc, Engine::RustCrypto),
            OperatingMode::CBC,
        );
        assert!(kept && enc);
        let (kept, _, _, dec) = keys(
            one_way(Engine::RustCrypto, Engine::AwsLc),
            OperatingMode::CBC,
        );
        assert!(kept && dec);
    }
}
