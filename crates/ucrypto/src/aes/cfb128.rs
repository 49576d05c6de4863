//! CFB with 128-bit segments; the position inside a partial block is kept between calls.
//!
//! `cfb-mode`'s buffered encryptor and decryptor keep the same state shape (a block that
//! holds ciphertext before `pos` and keystream from `pos` on), which lets one object serve
//! both directions with one shared state, as the device's does.

use super::{AesAlg, Iv, ModeCore};
use cfb_mode::{BufDecryptor, BufEncryptor};

pub(super) struct Cfb128<C> {
    cipher: C,
    iv: Iv,
    pos: usize,
}

impl<C: AesAlg> Cfb128<C> {
    pub(super) fn new(cipher: C, iv: &Iv) -> Self {
        // The buffered modes hold the next keystream block, E(IV), at position 0.
        let mut ks = *iv;
        cipher.encrypt_block(&mut ks);
        Self {
            cipher,
            iv: ks,
            pos: 0,
        }
    }
}

impl<C: AesAlg> ModeCore for Cfb128<C> {
    fn encrypt(&mut self, buf: &mut [u8]) {
        let mut mode = BufEncryptor::<&C>::from_state(&self.cipher, &self.iv, self.pos);
        mode.encrypt(buf);
        let (iv, pos) = mode.get_state();
        (self.iv, self.pos) = (*iv, pos);
    }

    fn decrypt(&mut self, buf: &mut [u8]) {
        let mut mode = BufDecryptor::<&C>::from_state(&self.cipher, &self.iv, self.pos);
        mode.decrypt(buf);
        let (iv, pos) = mode.get_state();
        (self.iv, self.pos) = (*iv, pos);
    }
}
