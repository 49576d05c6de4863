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

use super::engine::{AwsLc, whole_blocks};
use super::{AesAlg, BLOCK_SIZE, Iv, ModeCore};
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

fn last_block(data: &[u8]) -> Option<Iv> {
    aes::Block::slice_as_chunks(data).0.last().copied()
}

impl<C: AesAlg> ModeCore for Cfb128<C> {
    fn encrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        self.run(data, true);
    }

    fn decrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        self.run(data, false);
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
        for mut batch in batches {
            let mut ks: ParBlocks<B> = batch.clone_in();
            backend.encrypt_par_blocks((&mut ks).into());
            // Rotate by one block: the keystream of block j is E(block j-1).
            let last = ks.len() - 1;
            let next = ks[last];
            ks.copy_within(..last, 1);
            ks[0] = carry;
            carry = next;
            batch.xor_in2out(&ks);
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
