//! CFB with 8-bit segments: one block-cipher call per byte, any length.

use super::{AesAlg, Iv, ModeCore};
use cfb8::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, IvState, array::Array};

pub(super) struct Cfb8<C> {
    cipher: C,
    iv: Iv,
}

impl<C: AesAlg> Cfb8<C> {
    pub(super) fn new(cipher: C, iv: &Iv) -> Self {
        Self { cipher, iv: *iv }
    }
}

impl<C: AesAlg> ModeCore for Cfb8<C> {
    fn encrypt(&mut self, buf: &mut [u8]) {
        let (bytes, _) = Array::slice_as_chunks_mut(buf);
        let mut mode = cfb8::Encryptor::<&C>::inner_iv_init(&self.cipher, &self.iv);
        mode.encrypt_blocks(bytes);
        self.iv = mode.iv_state();
    }

    fn decrypt(&mut self, buf: &mut [u8]) {
        let (bytes, _) = Array::slice_as_chunks_mut(buf);
        let mut mode = cfb8::Decryptor::<&C>::inner_iv_init(&self.cipher, &self.iv);
        mode.decrypt_blocks(bytes);
        self.iv = mode.iv_state();
    }
}
