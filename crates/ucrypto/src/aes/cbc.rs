//! CBC with the chaining value kept between calls.
//!
//! The device keeps one IV buffer per object and both directions update it to the last
//! ciphertext block, so we keep that block and start a mode from it on every call.
//!
//! Encryption is serial (each block waits for the one before). For long inputs AWS-LC's
//! assembly is faster at it than the `cbc` crate: 1.41 against 1.13 GiB/s on the project
//! machine (`cargo bench -p ucrypto --bench engines`, 1 MiB); its key is made on first use,
//! so short messages never pay for it. Decryption is parallel, and `cbc`'s is fastest.

use super::{AesAlg, Iv, ModeCore};
use aws_lc_rs::cipher::{
    AES_128, AES_192, AES_256, EncryptingKey, EncryptionContext, UnboundCipherKey,
};
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit};
use zeroize::Zeroizing;

/// Inputs at least this long are encrypted by AWS-LC.
const AWS_LC_FROM: usize = 256;

pub(super) struct Cbc<C> {
    cipher: C,
    iv: Iv,
    /// The raw key, kept (wiped on drop) to make the AWS-LC key when first needed.
    key: Zeroizing<Vec<u8>>,
    aws_lc: Option<EncryptingKey>,
}

impl<C: AesAlg> Cbc<C> {
    pub(super) fn new(cipher: C, key: &[u8], iv: &Iv) -> Self {
        Self {
            cipher,
            iv: *iv,
            key: Zeroizing::new(key.to_vec()),
            aws_lc: None,
        }
    }

    fn aws_lc_key(&mut self) -> Option<&EncryptingKey> {
        if self.aws_lc.is_none() {
            let algorithm = match self.key.len() {
                16 => &AES_128,
                24 => &AES_192,
                _ => &AES_256,
            };
            self.aws_lc = UnboundCipherKey::new(algorithm, &self.key)
                .and_then(EncryptingKey::cbc)
                .ok();
        }
        self.aws_lc.as_ref()
    }
}

impl<C: AesAlg> ModeCore for Cbc<C> {
    fn encrypt(&mut self, buf: &mut [u8]) {
        let iv = self.iv;
        let done = buf.len() >= AWS_LC_FROM
            && self.aws_lc_key().is_some_and(|k| {
                k.less_safe_encrypt(buf, EncryptionContext::Iv128(iv.0.into()))
                    .is_ok()
            });
        if !done {
            let (blocks, _) = aes::Block::slice_as_chunks_mut(buf);
            cbc::Encryptor::<&C>::inner_iv_init(&self.cipher, &self.iv).encrypt_blocks(blocks);
        }
        if let Some(last) = aes::Block::slice_as_chunks(buf).0.last() {
            self.iv = *last;
        }
    }

    fn decrypt(&mut self, buf: &mut [u8]) {
        let (blocks, _) = aes::Block::slice_as_chunks_mut(buf);
        let Some(next_iv) = blocks.last().copied() else {
            return;
        };
        cbc::Decryptor::<&C>::inner_iv_init(&self.cipher, &self.iv).decrypt_blocks(blocks);
        self.iv = next_iv;
    }

    fn decrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        let (from, _) = aes::Block::slice_as_chunks(input);
        let (to, _) = aes::Block::slice_as_chunks_mut(output);
        let Some(&next_iv) = from.last() else {
            return;
        };
        let mut mode = cbc::Decryptor::<&C>::inner_iv_init(&self.cipher, &self.iv);
        let _ = mode.decrypt_blocks_b2b(from, to);
        self.iv = next_iv;
    }
}
