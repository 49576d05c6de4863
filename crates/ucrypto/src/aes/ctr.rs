//! CTR with the whole 16-byte block as one big-endian counter that wraps at 2^128.
//!
//! Encryption and decryption are the same keystream XOR, so one `ctr` stream serves both
//! directions; it keeps unused keystream of a partial block for the next call.

use super::{AesAlg, Iv, ModeCore};
use ctr::cipher::{InnerIvInit, StreamCipher, StreamCipherCoreWrapper};

pub(super) struct Ctr<C: AesAlg>(ctr::Ctr128BE<C>);

impl<C: AesAlg> Ctr<C> {
    pub(super) fn new(cipher: C, counter: &Iv) -> Self {
        Self(StreamCipherCoreWrapper::from_core(
            ctr::CtrCore::inner_iv_init(cipher, counter),
        ))
    }
}

impl<C: AesAlg> ModeCore for Ctr<C> {
    fn encrypt(&mut self, buf: &mut [u8]) {
        // A 128-bit counter never runs out within addressable memory, so this cannot fail.
        self.0.apply_keystream(buf);
    }

    fn decrypt(&mut self, buf: &mut [u8]) {
        self.0.apply_keystream(buf);
    }
}
