//! ECB: every 16-byte block through the cipher on its own.
//!
//! The `ecb` crate would only wrap these same block calls, so the cipher is used directly;
//! its `*_blocks_inout` calls run the backend's widest batches.

use super::{AesAlg, ModeCore};
use aes::cipher::consts::U16;
use aes::cipher::inout::InOutBuf;

pub(super) struct Ecb<C>(C);

impl<C: AesAlg> Ecb<C> {
    pub(super) fn new(cipher: C) -> Self {
        Self(cipher)
    }
}

impl<C: AesAlg> ModeCore for Ecb<C> {
    fn encrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        self.0.encrypt_blocks_inout(data.into_chunks::<U16>().0);
    }

    fn decrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        self.0.decrypt_blocks_inout(data.into_chunks::<U16>().0);
    }
}
