//! CTR with the whole 16-byte block as one big-endian counter that wraps at 2^128.
//!
//! Encryption and decryption are the same keystream XOR, so one state serves both
//! directions; unused keystream of a partial block is kept for the next call.
//!
//! Whole blocks are done in batches: 64 counter blocks, one `encrypt_blocks` call (the
//! cipher's widest parallel path, VAES where the CPU has it), then one XOR pass. On the
//! project machine this runs at 14.9 GiB/s against 10.8 GiB/s for the `ctr` crate and
//! 10.7 GiB/s for AWS-LC (`cargo bench -p ucrypto --bench engines`, 1 MiB).

use super::{AesAlg, BLOCK_SIZE, Iv, ModeCore};

/// Counter blocks per `encrypt_blocks` call: a multiple of every backend's parallel width.
const BATCH: usize = 64;

pub(super) struct Ctr<C> {
    cipher: C,
    /// The counter value of the next keystream block to make.
    next: u128,
    /// Keystream of the current partial block; bytes before `used` are spent.
    ks: Iv,
    used: usize,
}

impl<C: AesAlg> Ctr<C> {
    pub(super) fn new(cipher: C, counter: &Iv) -> Self {
        let next = u128::from_be_bytes((*counter).into());
        Self {
            cipher,
            next,
            ks: Iv::default(),
            used: BLOCK_SIZE,
        }
    }

    /// Makes `len` bytes of keystream, continuing the stream, and hands it out piece by
    /// piece as `(offset, keystream)`; `apply` XORs each piece wherever the data lives.
    fn keystream(&mut self, len: usize, mut apply: impl FnMut(usize, &[u8])) {
        let spare = (BLOCK_SIZE - self.used).min(len);
        apply(0, &self.ks[self.used..self.used + spare]);
        self.used += spare;
        let mut offset = spare;
        let whole_end = offset + (len - offset) / BLOCK_SIZE * BLOCK_SIZE;
        let mut batch = [Iv::default(); BATCH];
        while offset < whole_end {
            let n = ((whole_end - offset) / BLOCK_SIZE).min(BATCH);
            for block in &mut batch[..n] {
                *block = self.next.to_be_bytes().into();
                self.next = self.next.wrapping_add(1);
            }
            self.cipher.encrypt_blocks(&mut batch[..n]);
            apply(offset, Iv::slice_as_flattened(&batch[..n]));
            offset += n * BLOCK_SIZE;
        }
        if offset < len {
            self.ks = self.next.to_be_bytes().into();
            self.next = self.next.wrapping_add(1);
            self.cipher.encrypt_block(&mut self.ks);
            self.used = len - offset;
            apply(offset, &self.ks[..self.used]);
        }
    }

    fn apply(&mut self, buf: &mut [u8]) {
        self.keystream(buf.len(), |at, ks| {
            for (byte, k) in buf[at..at + ks.len()].iter_mut().zip(ks) {
                *byte ^= k;
            }
        });
    }

    fn apply_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        self.keystream(input.len(), |at, ks| {
            let end = at + ks.len();
            for ((out, byte), k) in output[at..end].iter_mut().zip(&input[at..end]).zip(ks) {
                *out = byte ^ k;
            }
        });
    }
}

impl<C: AesAlg> ModeCore for Ctr<C> {
    fn encrypt(&mut self, buf: &mut [u8]) {
        self.apply(buf);
    }

    fn decrypt(&mut self, buf: &mut [u8]) {
        self.apply(buf);
    }

    fn encrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        self.apply_b2b(input, output);
    }

    fn decrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        self.apply_b2b(input, output);
    }
}
