//! CFB with 128-bit segments; the position inside a partial block is kept between calls.
//!
//! State: `ks` with `pos`, in the shape `cfb-mode`'s buffered modes use — ciphertext bytes
//! before `pos`, keystream bytes from `pos` on; at `pos == 0` it is the next keystream block
//! E(previous ciphertext block). Both directions share it, as on the device.
//!
//! A partial block at either end goes through the buffered modes; whole blocks in between
//! go through `cfb-mode`'s block modes, whose decryptor runs the cipher on many blocks at
//! once (every input of it is known ciphertext). Those modes start from the previous
//! ciphertext block, which is D(ks) since AES is a permutation.

use super::{AesAlg, BLOCK_SIZE, Iv, ModeCore};
use cfb_mode::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit};
use cfb_mode::{BufDecryptor, BufEncryptor, Decryptor, Encryptor};

pub(super) struct Cfb128<C> {
    cipher: C,
    ks: Iv,
    pos: usize,
}

impl<C: AesAlg> Cfb128<C> {
    pub(super) fn new(cipher: C, iv: &Iv) -> Self {
        let mut ks = *iv;
        cipher.encrypt_block(&mut ks);
        Self { cipher, ks, pos: 0 }
    }

    fn buffered(&mut self, buf: &mut [u8], encrypt: bool) {
        if buf.is_empty() {
            return;
        }
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

    /// Whole blocks, starting at a block boundary (`pos == 0`).
    fn blocks(&mut self, buf: &mut [u8], encrypt: bool) {
        let (blocks, _) = aes::Block::slice_as_chunks_mut(buf);
        let Some(&last_in) = blocks.last() else {
            return;
        };
        let mut prev = self.ks;
        self.cipher.decrypt_block(&mut prev);
        let last_ct = if encrypt {
            Encryptor::<&C>::inner_iv_init(&self.cipher, &prev).encrypt_blocks(blocks);
            blocks.last().copied().unwrap_or(last_in)
        } else {
            Decryptor::<&C>::inner_iv_init(&self.cipher, &prev).decrypt_blocks(blocks);
            last_in
        };
        self.ks = last_ct;
        self.cipher.encrypt_block(&mut self.ks);
    }

    fn run(&mut self, buf: &mut [u8], encrypt: bool) {
        let head_len = ((BLOCK_SIZE - self.pos) % BLOCK_SIZE).min(buf.len());
        let (head, rest) = buf.split_at_mut(head_len);
        self.buffered(head, encrypt);
        let whole = rest.len() / BLOCK_SIZE * BLOCK_SIZE;
        let (middle, tail) = rest.split_at_mut(whole);
        self.blocks(middle, encrypt);
        self.buffered(tail, encrypt);
    }
}

impl<C: AesAlg> ModeCore for Cfb128<C> {
    fn encrypt(&mut self, buf: &mut [u8]) {
        self.run(buf, true);
    }

    fn decrypt(&mut self, buf: &mut [u8]) {
        self.run(buf, false);
    }

    /// Decryption into a separate buffer: output block i is E(input block i-1) XOR input
    /// block i, so one `encrypt_blocks_b2b` over the input shifted by a block, then one
    /// XOR pass, in chunks that stay in cache — no copy, and the widest cipher path.
    fn decrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        let head = ((BLOCK_SIZE - self.pos) % BLOCK_SIZE).min(input.len());
        output[..head].copy_from_slice(&input[..head]);
        self.buffered(&mut output[..head], false);
        let whole_end = head + (input.len() - head) / BLOCK_SIZE * BLOCK_SIZE;
        let (from, _) = aes::Block::slice_as_chunks(&input[head..whole_end]);
        let (to, _) = aes::Block::slice_as_chunks_mut(&mut output[head..whole_end]);
        for start in (0..from.len()).step_by(CHUNK_BLOCKS) {
            let end = (start + CHUNK_BLOCKS).min(from.len());
            // Here pos == 0 and ks = E(previous ciphertext block).
            to[start] = self.ks;
            let _ = self
                .cipher
                .encrypt_blocks_b2b(&from[start..end - 1], &mut to[start + 1..end]);
            let out = aes::Block::slice_as_flattened_mut(&mut to[start..end]);
            for (o, c) in out
                .iter_mut()
                .zip(aes::Block::slice_as_flattened(&from[start..end]))
            {
                *o ^= c;
            }
            self.ks = from[end - 1];
            self.cipher.encrypt_block(&mut self.ks);
        }
        output[whole_end..].copy_from_slice(&input[whole_end..]);
        self.buffered(&mut output[whole_end..], false);
    }
}

/// Blocks per pass of `decrypt_b2b` (32 KiB): smaller chunks measured slower, since each
/// `encrypt_blocks_b2b` call sets up the cipher's wide registers anew.
const CHUNK_BLOCKS: usize = 2048;
