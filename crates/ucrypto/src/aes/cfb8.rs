//! CFB with 8-bit segments: any length.
//!
//! Encryption is inherently serial (each keystream byte depends on the ciphertext byte
//! before it) and uses the `cfb8` crate, or AWS-LC where the engine table says so.
//! Decryption is not serial: keystream byte i is the first byte of E(the 16 ciphertext bytes
//! before i), and all of those are known up front, so it runs the block cipher over a batch
//! of windows at once (the backend's widest path) instead of one dependent call per byte.

use super::aws_lc::AwsLc;
use super::{AesAlg, BLOCK_SIZE, Iv, ModeCore};
use aes::cipher::consts::U1;
use aes::cipher::inout::InOutBuf;
use aws_lc_rs::cipher::{DecryptionContext, EncryptionContext};
use cfb8::cipher::{BlockModeEncrypt, InnerIvInit, IvState};

/// Bytes decrypted per batch: 4 KiB of blocks on the stack, enough to fill the pipeline.
const BATCH: usize = 256;

pub(super) struct Cfb8<C> {
    cipher: C,
    /// The last 16 ciphertext bytes (the IV before any).
    iv: Iv,
    aws_lc: AwsLc,
}

/// The chaining value after `ciphertext`: the last 16 bytes of `iv` followed by it.
fn advanced(iv: &Iv, ciphertext: &[u8]) -> Iv {
    let mut window = [0u8; 2 * BLOCK_SIZE];
    let n = ciphertext.len().min(BLOCK_SIZE);
    window[..BLOCK_SIZE].copy_from_slice(iv);
    window[BLOCK_SIZE..BLOCK_SIZE + n].copy_from_slice(&ciphertext[ciphertext.len() - n..]);
    let mut next = Iv::default();
    next.copy_from_slice(&window[n..n + BLOCK_SIZE]);
    next
}

impl<C: AesAlg> Cfb8<C> {
    pub(super) fn new(cipher: C, iv: Iv, aws_lc: AwsLc) -> Self {
        Self { cipher, iv, aws_lc }
    }

    fn rust_encrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        let mut mode = cfb8::Encryptor::<&C>::inner_iv_init(&self.cipher, &self.iv);
        mode.encrypt_blocks_inout(data.into_chunks::<U1>().0);
        self.iv = mode.iv_state();
    }

    fn rust_decrypt(&mut self, mut data: InOutBuf<'_, '_, u8>) {
        let mut window = [0u8; BLOCK_SIZE + BATCH];
        let mut blocks = [aes::Block::default(); BATCH];
        let mut keystream = [0u8; BATCH];
        while !data.is_empty() {
            let n = data.len().min(BATCH);
            let (mut chunk, rest) = data.split_at(n);
            window[..BLOCK_SIZE].copy_from_slice(&self.iv);
            window[BLOCK_SIZE..BLOCK_SIZE + n].copy_from_slice(chunk.get_in());
            for (block, start) in blocks.iter_mut().zip(0..n) {
                block.copy_from_slice(&window[start..start + BLOCK_SIZE]);
            }
            self.cipher.encrypt_blocks(&mut blocks[..n]);
            for (k, block) in keystream.iter_mut().zip(&blocks[..n]) {
                *k = block[0];
            }
            chunk.xor_in2out(&keystream[..n]);
            self.iv.copy_from_slice(&window[n..n + BLOCK_SIZE]);
            data = rest;
        }
    }
}

impl<C: AesAlg> ModeCore for Cfb8<C> {
    fn encrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        let context = EncryptionContext::Iv128(self.iv.0.into());
        match self.aws_lc.encrypting(data.len()) {
            Some(key) => {
                let buf = data.into_out_with_copied_in();
                if key.less_safe_encrypt(buf, context).is_ok() {
                    self.iv = advanced(&self.iv, buf);
                } else {
                    self.rust_encrypt(buf.into());
                }
            }
            None => self.rust_encrypt(data),
        }
    }

    fn decrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        let context = DecryptionContext::Iv128(self.iv.0.into());
        match self.aws_lc.decrypting(data.len()) {
            Some(key) => {
                let buf = data.into_out_with_copied_in();
                // The chaining value comes from the ciphertext, before it is overwritten.
                let next = advanced(&self.iv, buf);
                if key.decrypt(buf, context).is_ok() {
                    self.iv = next;
                } else {
                    self.rust_decrypt(buf.into());
                }
            }
            None => self.rust_decrypt(data),
        }
    }
}
