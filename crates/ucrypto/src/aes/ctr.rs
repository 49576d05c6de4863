//! CTR with the whole 16-byte block as one big-endian counter that wraps at 2^128.
//!
//! Encryption and decryption are the same keystream XOR, so one state serves both
//! directions; unused keystream of a partial block is kept for the next call.
//!
//! Whole blocks go to the engine the table picks: AWS-LC's CTR (whose counter also carries
//! through all 128 bits), or our kernel over the cipher's backend, which writes a batch of
//! counter blocks, encrypts them in the backend's widest batches and XORs them into the data
//! in one pass while they are in cache.

use super::engine::{AwsLc, Direction, whole_blocks};
use super::{AesAlg, BLOCK_SIZE, Iv, ModeCore};
use aes::cipher::consts::U16;
use aes::cipher::inout::InOutBuf;
use aes::cipher::{BlockCipherEncBackend, BlockCipherEncClosure, BlockSizeUser, ParBlocks};
use aws_lc_rs::cipher::EncryptionContext;

pub(super) struct Ctr<C> {
    cipher: C,
    /// The counter value of the next keystream block to make.
    next: u128,
    /// Keystream of the current partial block; bytes before `used` are spent.
    ks: Iv,
    used: usize,
    aws_lc: AwsLc,
}

impl<C: AesAlg> Ctr<C> {
    pub(super) fn new(cipher: C, counter: Iv, aws_lc: AwsLc) -> Self {
        Self {
            cipher,
            next: u128::from_be_bytes(counter.into()),
            ks: Iv::default(),
            used: BLOCK_SIZE,
            aws_lc,
        }
    }

    fn whole_blocks(&mut self, data: InOutBuf<'_, '_, u8>, direction: Direction) {
        let count = (data.len() / BLOCK_SIZE) as u128;
        let counter = self.next.to_be_bytes();
        match self.aws_lc.keystream(direction, data.len()) {
            Some(key) => {
                let buf = data.into_out_with_copied_in();
                if key
                    .less_safe_encrypt(buf, EncryptionContext::Iv128(counter.into()))
                    .is_err()
                {
                    let blocks = InOutBuf::from(buf).into_chunks::<U16>().0;
                    let next = self.next;
                    self.cipher
                        .encrypt_with_backend(XorKeystream { next, blocks });
                }
            }
            None => {
                let blocks = data.into_chunks::<U16>().0;
                let next = self.next;
                self.cipher
                    .encrypt_with_backend(XorKeystream { next, blocks });
            }
        }
        self.next = self.next.wrapping_add(count);
    }

    fn apply(&mut self, data: InOutBuf<'_, '_, u8>, direction: Direction) {
        let spare = (BLOCK_SIZE - self.used).min(data.len());
        let (mut head, rest) = data.split_at(spare);
        head.xor_in2out(&self.ks[self.used..self.used + spare]);
        self.used += spare;
        let whole = whole_blocks(rest.len());
        let (middle, mut tail) = rest.split_at(whole);
        self.whole_blocks(middle, direction);
        if !tail.is_empty() {
            self.ks = self.next.to_be_bytes().into();
            self.next = self.next.wrapping_add(1);
            self.cipher.encrypt_block(&mut self.ks);
            self.used = tail.len();
            tail.xor_in2out(&self.ks[..self.used]);
        }
    }
}

impl<C: AesAlg> ModeCore for Ctr<C> {
    fn encrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        self.apply(data, Direction::Encrypt);
    }

    fn decrypt(&mut self, data: InOutBuf<'_, '_, u8>) {
        self.apply(data, Direction::Decrypt);
    }
}

/// XORs the keystream of counters `next`, `next + 1`, ... (mod 2^128) into whole blocks,
/// a batch of the backend's parallel width at a time.
struct XorKeystream<'i, 'o> {
    next: u128,
    blocks: InOutBuf<'i, 'o, Iv>,
}

impl BlockSizeUser for XorKeystream<'_, '_> {
    type BlockSize = U16;
}

/// Writes counter blocks `next`, `next + 1`, ... into `blocks`.
#[inline(always)]
fn fill_counters(blocks: &mut [Iv], next: u128) {
    let (high, low) = ((next >> 64) as u64, next as u64);
    if low.checked_add(blocks.len() as u64).is_some() {
        // No carry into the high half within this batch: the common case, kept simple
        // enough for the compiler to vectorise.
        let high = high.to_be_bytes();
        for (i, block) in blocks.iter_mut().enumerate() {
            block[..8].copy_from_slice(&high);
            block[8..].copy_from_slice(&(low + i as u64).to_be_bytes());
        }
    } else {
        for (i, block) in blocks.iter_mut().enumerate() {
            *block = next.wrapping_add(i as u128).to_be_bytes().into();
        }
    }
}

impl BlockCipherEncClosure for XorKeystream<'_, '_> {
    #[inline(always)]
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let mut next = self.next;
        let (batches, mut tail) = self.blocks.into_chunks::<B::ParBlocksSize>();
        for mut batch in batches {
            let mut ks = ParBlocks::<B>::default();
            fill_counters(&mut ks, next);
            next = next.wrapping_add(ks.len() as u128);
            backend.encrypt_par_blocks((&mut ks).into());
            batch.xor_in2out(&ks);
        }
        if !tail.is_empty() {
            let mut ks = ParBlocks::<B>::default();
            let n = tail.len();
            fill_counters(&mut ks[..n], next);
            backend.encrypt_tail_blocks_inplace(&mut ks[..n]);
            for (i, k) in ks[..n].iter().enumerate() {
                tail.get(i).xor_in2out(k);
            }
        }
    }
}
