//! CTR with the whole 16-byte block as one big-endian counter that wraps at 2^128.
//!
//! Encryption and decryption are the same keystream XOR, so one state serves both
//! directions; unused keystream of a partial block is kept for the next call.
//!
//! Whole blocks go to the engine the table picks: AWS-LC's CTR (whose counter also carries
//! through all 128 bits), or our kernel over the cipher's backend, which writes a batch of
//! counter blocks, encrypts them in the backend's widest batches and XORs them into the data
//! in one pass while they are in cache.

use super::aws_lc::AwsLc;
use super::{AesAlg, BLOCK_SIZE, Iv, ModeCore, xor_into};
use super::{Direction, whole_blocks};
use aes::cipher::array::{Array, ArraySize};
use aes::cipher::consts::{U4, U16};
use aes::cipher::inout::{InOut, InOutBuf};
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
        if data.is_empty() {
            return;
        }
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

    /// [`Ctr::apply`] from one buffer into another: whole blocks go through the kernel that
    /// writes keystream straight into the output.
    fn apply_b2b(&mut self, input: &[u8], output: &mut [u8], direction: Direction) {
        let spare = (BLOCK_SIZE - self.used).min(input.len());
        let whole_end = spare + whole_blocks(input.len() - spare);
        if self
            .aws_lc
            .keystream(direction, whole_end - spare)
            .is_some()
            || whole_end == spare
        {
            if let Ok(data) = InOutBuf::new(input, output) {
                self.apply(data, direction);
            }
            return;
        }
        let (head_in, rest_in) = input.split_at(spare);
        let (middle_in, tail_in) = rest_in.split_at(whole_end - spare);
        let (head_out, rest_out) = output.split_at_mut(spare);
        let (middle_out, tail_out) = rest_out.split_at_mut(whole_end - spare);
        if !head_in.is_empty()
            && let Ok(head) = InOutBuf::new(head_in, head_out)
        {
            self.apply(head, direction);
        }
        let (from, _) = Iv::slice_as_chunks(middle_in);
        let (to, _) = Iv::slice_as_chunks_mut(middle_out);
        let next = self.next;
        self.cipher
            .encrypt_with_backend(KeystreamInto { next, from, to });
        self.next = self.next.wrapping_add(from.len() as u128);
        if !tail_in.is_empty()
            && let Ok(tail) = InOutBuf::new(tail_in, tail_out)
        {
            self.apply(tail, direction);
        }
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

    fn encrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        self.apply_b2b(input, output, Direction::Encrypt);
    }

    fn decrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        self.apply_b2b(input, output, Direction::Decrypt);
    }
}

/// Blocks per piece of [`Ctr::apply_b2b`]: 8 KiB, inside L1 with its input.
const KEYSTREAM_BLOCKS: usize = 512;

/// The keystream of counters `next`, `next + 1`, ... written straight into `to` by the
/// cipher, batch by batch, then `from` XORed over it while that piece of `to` is still in
/// L1: the keystream never makes a round trip through a separate buffer.
struct KeystreamInto<'i, 'o> {
    next: u128,
    from: &'i [Iv],
    to: &'o mut [Iv],
}

impl BlockSizeUser for KeystreamInto<'_, '_> {
    type BlockSize = U16;
}

impl BlockCipherEncClosure for KeystreamInto<'_, '_> {
    #[inline(always)]
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let Self { mut next, from, to } = self;
        // In pieces that stay in L1, three tight loops, each vectorised at the backend's
        // width: counters written straight into the output, encrypted there in the
        // backend's batches, then the input XORed over them.
        for (to, from) in to
            .chunks_mut(KEYSTREAM_BLOCKS)
            .zip(from.chunks(KEYSTREAM_BLOCKS))
        {
            fill_counters(to, next);
            next = next.wrapping_add(to.len() as u128);
            let (batches, tail) = ParBlocks::<B>::slice_as_chunks_mut(to);
            for batch in batches {
                backend.encrypt_par_blocks_inplace(batch);
            }
            backend.encrypt_tail_blocks_inplace(tail);
            xor_into(Iv::slice_as_flattened_mut(to), Iv::slice_as_flattened(from));
        }
    }
}

/// XORs a batch of keystream into a batch of data, four blocks (64 bytes) at a time: the
/// width the cipher's widest backend stores, so each load of keystream comes straight from
/// one of its stores.
#[inline(always)]
pub(super) fn xor_batch<N: ArraySize>(batch: InOut<'_, '_, Array<Iv, N>>, ks: &Array<Iv, N>) {
    let (quads, rest) = batch.into_buf().into_chunks::<U4>();
    let (ks_quads, ks_rest) = Array::<Iv, U4>::slice_as_chunks(ks);
    for (mut quad, k) in quads.into_iter().zip(ks_quads) {
        quad.xor_in2out(k);
    }
    for (mut block, k) in rest.into_iter().zip(ks_rest) {
        block.xor_in2out(k);
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
        // Two batches of counter blocks: the next one is written while the cipher works on
        // this one, so the cipher's wide loads never wait on the narrower stores that just
        // wrote the counters.
        let mut ks = ParBlocks::<B>::default();
        let mut ahead = ParBlocks::<B>::default();
        let (batches, tail) = self.blocks.into_chunks::<B::ParBlocksSize>();
        let mut batches = batches.into_iter().peekable();
        if batches.peek().is_some() {
            fill_counters(&mut ahead, next);
            next = next.wrapping_add(ahead.len() as u128);
        }
        while let Some(batch) = batches.next() {
            core::mem::swap(&mut ks, &mut ahead);
            if batches.peek().is_some() {
                fill_counters(&mut ahead, next);
                next = next.wrapping_add(ahead.len() as u128);
            }
            backend.encrypt_par_blocks((&mut ks).into());
            xor_batch(batch, &ks);
        }
        let n = tail.len();
        if n > 0 {
            fill_counters(&mut ks[..n], next);
            backend.encrypt_tail_blocks_inplace(&mut ks[..n]);
            for (mut block, k) in tail.into_iter().zip(ks.iter()) {
                block.xor_in2out(k);
            }
        }
    }
}
