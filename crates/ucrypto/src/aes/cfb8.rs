//! CFB with 8-bit segments: any length.
//!
//! Encryption is inherently serial (each keystream byte depends on the ciphertext byte
//! before it) and uses the `cfb8` crate. Decryption is not: keystream byte i is the first
//! byte of E(the 16 ciphertext bytes before i), and all of those are known up front, so
//! it runs the block cipher over a batch of windows at once (the pipelined AES-NI/VAES
//! path of `encrypt_blocks`) instead of one dependent call per byte.

use super::{AesAlg, Iv, ModeCore};
use cfb8::cipher::{BlockModeEncrypt, InnerIvInit, IvState, array::Array};

/// Bytes decrypted per batch: 4 KiB of blocks on the stack, enough to fill the pipeline.
const BATCH: usize = 256;

pub(super) struct Cfb8<C> {
    cipher: C,
    /// The last 16 ciphertext bytes (the IV before any).
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
        let mut window = [0u8; 16 + BATCH];
        let mut blocks = [aes::Block::default(); BATCH];
        for chunk in buf.chunks_mut(BATCH) {
            let n = chunk.len();
            window[..16].copy_from_slice(&self.iv);
            window[16..16 + n].copy_from_slice(chunk);
            for (block, start) in blocks.iter_mut().zip(0..n) {
                block.copy_from_slice(&window[start..start + 16]);
            }
            self.cipher.encrypt_blocks(&mut blocks[..n]);
            for (byte, block) in chunk.iter_mut().zip(&blocks) {
                *byte ^= block[0];
            }
            self.iv.copy_from_slice(&window[n..n + 16]);
        }
    }
}
