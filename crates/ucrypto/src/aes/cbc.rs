//! CBC with the chaining value kept between calls.
//!
//! The device keeps one IV buffer per object and both directions update it to the last
//! ciphertext block, so we keep that block and start a mode from it on every call.
//!
//! Encryption is serial (each block waits for the one before); decryption is parallel.
//! RustCrypto's `cbc` crate does either; AWS-LC's assembly does either for inputs the engine
//! table gives it (`engine.rs`).

use super::engine::AwsLc;
use super::{AesAlg, Iv, ModeCore};
use aes::cipher::consts::U16;
use aes::cipher::inout::InOutBuf;
use aws_lc_rs::cipher::{DecryptionContext, EncryptionContext};
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit};

pub(super) struct Cbc<C> {
    cipher: C,
    iv: Iv,
    aws_lc: AwsLc,
}

/// The last whole block of `data`: the next chaining value.
fn last_block(data: &[u8]) -> Option<Iv> {
    aes::Block::slice_as_chunks(data).0.last().copied()
}

impl<C: AesAlg> Cbc<C> {
    pub(super) fn new(cipher: C, iv: Iv, aws_lc: AwsLc) -> Self {
        Self { cipher, iv, aws_lc }
    }

    fn rust_encrypt(&self, data: InOutBuf<'_, '_, u8>) {
        let mut mode = cbc::Encryptor::<&C>::inner_iv_init(&self.cipher, &self.iv);
        mode.encrypt_blocks_inout(data.into_chunks::<U16>().0);
    }

    fn rust_decrypt(&self, data: InOutBuf<'_, '_, u8>) {
        let mut mode = cbc::Decryptor::<&C>::inner_iv_init(&self.cipher, &self.iv);
        mode.decrypt_blocks_inout(data.into_chunks::<U16>().0);
    }
}

impl<C: AesAlg> ModeCore for Cbc<C> {
    fn encrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        let context = EncryptionContext::Iv128(self.iv.0.into());
        let next = match self.aws_lc.encrypting(data.len()) {
            Some(key) => {
                // AWS-LC works in place.
                let buf = data.into_out_with_copied_in();
                if key.less_safe_encrypt(buf, context).is_err() {
                    self.rust_encrypt(buf.into());
                }
                last_block(buf)
            }
            None => {
                let mut data = data;
                self.rust_encrypt(data.reborrow());
                last_block(data.get_out())
            }
        };
        if let Some(next) = next {
            self.iv = next;
        }
    }

    fn decrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        let Some(next) = last_block(data.get_in()) else {
            return;
        };
        let context = DecryptionContext::Iv128(self.iv.0.into());
        match self.aws_lc.decrypting(data.len()) {
            Some(key) => {
                let buf = data.into_out_with_copied_in();
                if key.decrypt(buf, context).is_err() {
                    self.rust_decrypt(buf.into());
                }
            }
            None => self.rust_decrypt(data),
        }
        self.iv = next;
    }
}
