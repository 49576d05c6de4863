//! ECB: every 16-byte block through the cipher on its own.
//!
//! The `ecb` crate would only wrap these same block calls, so the cipher is used directly.

use super::{AesAlg, ModeCore};

pub(super) struct Ecb<C>(C);

impl<C: AesAlg> Ecb<C> {
    pub(super) fn new(cipher: C) -> Self {
        Self(cipher)
    }
}

impl<C: AesAlg> ModeCore for Ecb<C> {
    fn encrypt(&mut self, buf: &mut [u8]) {
        let (blocks, _) = aes::Block::slice_as_chunks_mut(buf);
        self.0.encrypt_blocks(blocks);
    }

    fn decrypt(&mut self, buf: &mut [u8]) {
        let (blocks, _) = aes::Block::slice_as_chunks_mut(buf);
        self.0.decrypt_blocks(blocks);
    }

    fn encrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        let (from, _) = aes::Block::slice_as_chunks(input);
        let (to, _) = aes::Block::slice_as_chunks_mut(output);
        let _ = self.0.encrypt_blocks_b2b(from, to);
    }

    fn decrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        let (from, _) = aes::Block::slice_as_chunks(input);
        let (to, _) = aes::Block::slice_as_chunks_mut(output);
        let _ = self.0.decrypt_blocks_b2b(from, to);
    }
}
