//! CBC with the chaining value kept between calls.
//!
//! The device keeps one IV buffer per object and both directions update it to the last
//! ciphertext block, so we keep that block and start a `cbc` mode from it on every call.

use super::{AesAlg, Iv, ModeCore};
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit};

pub(super) struct Cbc<C> {
    cipher: C,
    iv: Iv,
}

impl<C: AesAlg> Cbc<C> {
    pub(super) fn new(cipher: C, iv: &Iv) -> Self {
        Self { cipher, iv: *iv }
    }
}

impl<C: AesAlg> ModeCore for Cbc<C> {
    fn encrypt(&mut self, buf: &mut [u8]) {
        let (blocks, _) = aes::Block::slice_as_chunks_mut(buf);
        cbc::Encryptor::<&C>::inner_iv_init(&self.cipher, &self.iv).encrypt_blocks(blocks);
        if let Some(last) = blocks.last() {
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
}
