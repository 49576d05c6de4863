//! CBC with the chaining value kept between calls.
//!
//! The device keeps one IV buffer per object and both directions update it to the last
//! ciphertext block, so we keep that block and start a mode from it on every call.
//!
//! Encryption is serial (each block waits for the one before); decryption is parallel.
//! RustCrypto's `cbc` crate does either; AWS-LC's assembly does either for inputs the engine
//! table gives it (`engine.rs`).

use super::aws_lc::AwsLc;
use super::{AesAlg, Iv, ModeCore, last_block, xor_into};
use aes::cipher::consts::U16;
use aes::cipher::inout::InOutBuf;
use aes::cipher::{BlockCipherDecBackend, BlockCipherDecClosure, BlockSizeUser, ParBlocks};
use aws_lc_rs::cipher::{DecryptionContext, EncryptionContext};
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit};

pub(super) struct Cbc<C> {
    cipher: C,
    iv: Iv,
    aws_lc: AwsLc,
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

    fn decrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        let Some(next) = last_block(input) else {
            return;
        };
        if self.aws_lc.decrypting(input.len()).is_some() {
            if let Ok(data) = InOutBuf::new(input, output) {
                self.decrypt(data);
            }
            return;
        }
        let (from, _) = aes::Block::slice_as_chunks(input);
        let (to, _) = aes::Block::slice_as_chunks_mut(output);
        let prev = self.iv;
        self.cipher
            .decrypt_with_backend(DecryptInto { prev, from, to });
        self.iv = next;
    }
}

/// CBC decryption from one buffer into another: the cipher decrypts batches of ciphertext
/// straight into the output, then the previous ciphertext blocks (read where they lie) are
/// XORed over them, in the same pieces the cipher stored.
struct DecryptInto<'i, 'o> {
    prev: Iv,
    from: &'i [Iv],
    to: &'o mut [Iv],
}

impl BlockSizeUser for DecryptInto<'_, '_> {
    type BlockSize = U16;
}

impl BlockCipherDecClosure for DecryptInto<'_, '_> {
    #[inline(always)]
    fn call<B: BlockCipherDecBackend<BlockSize = U16>>(self, backend: &B) {
        let Self { prev, from, to } = self;
        let (inputs, input_tail) = ParBlocks::<B>::slice_as_chunks(from);
        let (outputs, output_tail) = ParBlocks::<B>::slice_as_chunks_mut(to);
        // Each block's chaining value: the ciphertext block before it (the IV for the first).
        let mut chain = prev;
        for (input, output) in inputs.iter().zip(outputs) {
            backend.decrypt_par_blocks((input, &mut *output).into());
            xor_chained(output, input, &chain);
            chain = input[input.len() - 1];
        }
        output_tail.copy_from_slice(input_tail);
        backend.decrypt_tail_blocks_inplace(output_tail);
        xor_chained(output_tail, input_tail, &chain);
    }
}

/// `blocks[j] ^= ciphertext[j - 1]` for a run of decrypted blocks, with `before` as
/// `ciphertext[-1]`.
#[inline(always)]
fn xor_chained(blocks: &mut [Iv], ciphertext: &[Iv], before: &Iv) {
    if let Some((first, rest)) = blocks.split_first_mut() {
        xor_into(first, before);
        let chained = &ciphertext[..rest.len()];
        xor_into(
            Iv::slice_as_flattened_mut(rest),
            Iv::slice_as_flattened(chained),
        );
    }
}
