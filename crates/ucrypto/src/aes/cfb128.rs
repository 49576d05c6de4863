//! CFB with 128-bit segments; the position inside a partial block is kept between calls.
//!
//! State: `ks` with `pos`, in the shape `cfb-mode`'s buffered modes use — ciphertext bytes
//! before `pos`, keystream bytes from `pos` on; at `pos == 0` it is the next keystream block
//! E(previous ciphertext block). Both directions share it, as on the device.
//!
//! A partial block at either end goes through the buffered modes; whole blocks in between
//! go through the bulk engines. Encryption is serial: `cfb-mode` or AWS-LC. Decryption is
//! parallel (every input of the cipher is known ciphertext): our kernel runs the cipher's
//! widest batches and XORs in the same pass. The block-mode engines start from the previous
//! ciphertext block, which is D(ks) since AES is a permutation.

use super::aws_lc::AwsLc;
use super::whole_blocks;
use super::{AesAlg, BLOCK_SIZE, Iv, ModeCore, last_block, xor_into};
use aes::cipher::consts::U16;
use aes::cipher::inout::InOutBuf;
use aes::cipher::{BlockCipherEncBackend, BlockCipherEncClosure, BlockSizeUser, ParBlocks};
use aws_lc_rs::cipher::{DecryptionContext, EncryptionContext};
use cfb_mode::cipher::{BlockModeEncrypt, InnerIvInit};
use cfb_mode::{BufDecryptor, BufEncryptor, Encryptor};

pub(super) struct Cfb128<C> {
    cipher: C,
    ks: Iv,
    pos: usize,
    aws_lc: AwsLc,
}

impl<C: AesAlg> Cfb128<C> {
    pub(super) fn new(cipher: C, iv: Iv, aws_lc: AwsLc) -> Self {
        let mut ks = iv;
        cipher.encrypt_block(&mut ks);
        Self {
            cipher,
            ks,
            pos: 0,
            aws_lc,
        }
    }

    /// Part of a block, through `cfb-mode`'s buffered modes.
    fn buffered(&mut self, data: InOutBuf<'_, '_, u8>, encrypt: bool) {
        if data.is_empty() {
            return;
        }
        let buf = data.into_out_with_copied_in();
        let (ks, pos) = if encrypt {
            let mut mode = BufEncryptor::<&C>::from_state(&self.cipher, &self.ks, self.pos);
            mode.encrypt(buf);
            let (ks, pos) = mode.get_state();
            (*ks, pos)
        } else {
            let mut mode = BufDecryptor::<&C>::from_state(&self.cipher, &self.ks, self.pos);
            mode.decrypt(buf);
            let (ks, pos) = mode.get_state();
            (*ks, pos)
        };
        (self.ks, self.pos) = (ks, pos);
    }

    /// The ciphertext block before the next one, which the block-mode engines start from.
    fn previous_block(&self) -> Iv {
        let mut prev = self.ks;
        self.cipher.decrypt_block(&mut prev);
        prev
    }

    /// Whole blocks, starting at a block boundary (`pos == 0`).
    fn encrypt_blocks(&mut self, data: InOutBuf<'_, '_, u8>) {
        if data.is_empty() {
            return;
        }
        let prev = self.previous_block();
        let last = match self.aws_lc.encrypting(data.len()) {
            Some(key) => {
                let buf = data.into_out_with_copied_in();
                if key
                    .less_safe_encrypt(buf, EncryptionContext::Iv128(prev.0.into()))
                    .is_err()
                {
                    Encryptor::<&C>::inner_iv_init(&self.cipher, &prev)
                        .encrypt_blocks_inout(InOutBuf::from(&mut *buf).into_chunks::<U16>().0);
                }
                last_block(buf)
            }
            None => {
                let mut data = data;
                Encryptor::<&C>::inner_iv_init(&self.cipher, &prev)
                    .encrypt_blocks_inout(data.reborrow().into_chunks::<U16>().0);
                last_block(data.get_out())
            }
        };
        if let Some(last) = last {
            self.ks = last;
            self.cipher.encrypt_block(&mut self.ks);
        }
    }

    /// Whole blocks, starting at a block boundary (`pos == 0`).
    fn decrypt_blocks(&mut self, data: InOutBuf<'_, '_, u8>) {
        let Some(last) = last_block(data.get_in()) else {
            return;
        };
        let prev = self.previous_block();
        match self.aws_lc.decrypting(data.len()) {
            Some(key) => {
                let buf = data.into_out_with_copied_in();
                if key
                    .decrypt(buf, DecryptionContext::Iv128(prev.0.into()))
                    .is_err()
                {
                    let ks = &mut self.ks;
                    let blocks = InOutBuf::from(&mut *buf).into_chunks::<U16>().0;
                    self.cipher
                        .encrypt_with_backend(DecryptBlocks { ks, blocks });
                }
                self.ks = last;
                self.cipher.encrypt_block(&mut self.ks);
            }
            None => {
                let blocks = data.into_chunks::<U16>().0;
                let ks = &mut self.ks;
                self.cipher
                    .encrypt_with_backend(DecryptBlocks { ks, blocks });
            }
        }
    }

    fn run(&mut self, data: InOutBuf<'_, '_, u8>, encrypt: bool) {
        let head_len = ((BLOCK_SIZE - self.pos) % BLOCK_SIZE).min(data.len());
        let (head, rest) = data.split_at(head_len);
        self.buffered(head, encrypt);
        let whole = whole_blocks(rest.len());
        let (middle, tail) = rest.split_at(whole);
        if encrypt {
            self.encrypt_blocks(middle);
        } else {
            self.decrypt_blocks(middle);
        }
        self.buffered(tail, encrypt);
    }
}

impl<C: AesAlg> ModeCore for Cfb128<C> {
    fn encrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        self.run(data, true);
    }

    fn decrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        self.run(data, false);
    }

    fn decrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        let head = ((BLOCK_SIZE - self.pos) % BLOCK_SIZE).min(input.len());
        let whole_end = head + whole_blocks(input.len() - head);
        let (output, tail_out) = output.split_at_mut(whole_end);
        let (head_out, middle_out) = output.split_at_mut(head);
        let (head_in, rest_in) = input.split_at(head);
        let (middle_in, tail_in) = rest_in.split_at(whole_end - head);
        if let Ok(data) = InOutBuf::new(head_in, head_out) {
            self.buffered(data, false);
        }
        if self.aws_lc.decrypting(middle_in.len()).is_some() {
            if let Ok(data) = InOutBuf::new(middle_in, middle_out) {
                self.decrypt_blocks(data);
            }
        } else {
            let (from, _) = aes::Block::slice_as_chunks(middle_in);
            let (to, _) = aes::Block::slice_as_chunks_mut(middle_out);
            if !from.is_empty() {
                // Block 0's keystream is the state; the kernel makes the rest.
                let first = self.ks;
                self.cipher.encrypt_with_backend(DecryptInto {
                    ks: &mut self.ks,
                    first,
                    from,
                    to,
                });
            }
        }
        if let Ok(data) = InOutBuf::new(tail_in, tail_out) {
            self.buffered(data, false);
        }
    }
}

/// CFB128 decryption of whole blocks from one buffer into another: the cipher reads batches
/// of ciphertext where they lie and writes their encryptions one block further on in the
/// output, where they are the next blocks' keystream; the XOR then runs over each batch
/// while it is still in cache. Output block 0 takes `first` (E of the previous ciphertext
/// block); afterwards `ks` is E(the last ciphertext block).
struct DecryptInto<'k, 'i, 'o> {
    ks: &'k mut Iv,
    first: Iv,
    from: &'i [Iv],
    to: &'o mut [Iv],
}

impl BlockSizeUser for DecryptInto<'_, '_, '_> {
    type BlockSize = U16;
}

impl BlockCipherEncClosure for DecryptInto<'_, '_, '_> {
    #[inline(always)]
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let Self {
            ks,
            first,
            from,
            to,
        } = self;
        let (Some((last, before_last)), Some((head, rest))) =
            (from.split_last(), to.split_first_mut())
        else {
            return;
        };
        // rest[j] = E(before_last[j]) XOR from[j + 1]: the cipher reads the ciphertext where
        // it lies and writes straight into the output, a batch at a time.
        let (inputs, input_tail) = ParBlocks::<B>::slice_as_chunks(before_last);
        let (outputs, output_tail) = ParBlocks::<B>::slice_as_chunks_mut(rest);
        let (nexts, next_tail) = ParBlocks::<B>::slice_as_chunks(&from[1..]);
        for ((input, output), next) in inputs.iter().zip(outputs).zip(nexts) {
            backend.encrypt_par_blocks((input, &mut *output).into());
            xor_into(
                Iv::slice_as_flattened_mut(output),
                Iv::slice_as_flattened(next),
            );
        }
        for ((input, output), next) in input_tail.iter().zip(output_tail).zip(next_tail) {
            backend.encrypt_block((input, &mut *output).into());
            xor_into(output, next);
        }
        *head = first;
        xor_into(head, &from[0]);
        let mut next = *last;
        backend.encrypt_block((&mut next).into());
        *ks = next;
    }
}

/// CFB128 decryption of whole blocks in one pass over the cipher's backend: output block i
/// is E(ciphertext block i-1) XOR ciphertext block i, where E(block -1) is `ks` on entry.
/// Afterwards `ks` is E(the last ciphertext block), the next keystream block.
///
/// The cipher runs on the backend's full parallel batches of ciphertext, and the XOR happens
/// while those blocks are still in cache; running inside the backend's closure also lets
/// the XOR use the backend's vector width.
struct DecryptBlocks<'k, 'i, 'o> {
    ks: &'k mut Iv,
    blocks: InOutBuf<'i, 'o, Iv>,
}

impl BlockSizeUser for DecryptBlocks<'_, '_, '_> {
    type BlockSize = U16;
}

impl BlockCipherEncClosure for DecryptBlocks<'_, '_, '_> {
    #[inline(always)]
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let mut carry = *self.ks;
        let (batches, tail) = self.blocks.into_chunks::<B::ParBlocksSize>();
        let mut ks = ParBlocks::<B>::default();
        for batch in batches {
            // The cipher reads the ciphertext where it lies and writes the keystream aside.
            backend.encrypt_par_blocks((batch.get_in(), &mut ks).into());
            // The keystream of block j is E(block j-1): the carry, then this batch shifted.
            for (j, mut block) in batch.into_buf().into_iter().enumerate() {
                block.xor_in2out(if j == 0 { &carry } else { &ks[j - 1] });
            }
            carry = ks[ks.len() - 1];
        }
        for mut block in tail {
            let mut next = block.clone_in();
            backend.encrypt_block((&mut next).into());
            block.xor_in2out(&carry);
            carry = next;
        }
        *self.ks = carry;
    }
}
