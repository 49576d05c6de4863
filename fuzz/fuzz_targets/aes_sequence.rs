//! Sequences of AES calls of fuzzer-chosen lengths, checked against a plain reference
//! model written from the mode definitions with single-block calls of the `aes` crate.
#![no_main]
use aes::cipher::{BlockCipherEncrypt, BlockCipherDecrypt, KeyInit};
use libfuzzer_sys::fuzz_target;
use ucrypto::aes::{BLOCK_SIZE, Engine, StartValue};
use ucrypto::{Aes, Error, Mode, Named};

/// The reference: one block-cipher call at a time, straight from SP 800-38A.
struct Reference {
    key: Vec<u8>,
    mode: Mode,
    iv: [u8; 16],
    pos: usize,
    /// CFB128: ciphertext bytes of the block in progress.
    next: [u8; 16],
}

impl Reference {
    fn block(&self, input: [u8; 16], encrypt: bool) -> [u8; 16] {
        let mut b = aes::Block::from(input);
        macro_rules! run {
            ($c:ty) => {{
                let c = <$c>::new_from_slice(&self.key).unwrap();
                if encrypt { c.encrypt_block(&mut b) } else { c.decrypt_block(&mut b) }
            }};
        }
        match self.key.len() {
            16 => run!(aes::Aes128),
            24 => run!(aes::Aes192),
            _ => run!(aes::Aes256),
        }
        b.into()
    }

    fn process(&mut self, data: &[u8], encrypt: bool) -> Vec<u8> {
        let mut out = Vec::new();
        match self.mode {
            Mode::Ecb => {
                for chunk in data.chunks(16) {
                    out.extend(self.block(chunk.try_into().unwrap(), encrypt));
                }
            }
            Mode::Cbc => {
                for chunk in data.chunks(16) {
                    let c: [u8; 16] = chunk.try_into().unwrap();
                    if encrypt {
                        let x: [u8; 16] = std::array::from_fn(|i| c[i] ^ self.iv[i]);
                        self.iv = self.block(x, true);
                        out.extend(self.iv);
                    } else {
                        let d = self.block(c, false);
                        out.extend((0..16).map(|i| d[i] ^ self.iv[i]));
                        self.iv = c;
                    }
                }
            }
            Mode::Cfb8 => {
                for &byte in data {
                    let ks = self.block(self.iv, true)[0];
                    let (o, c) = if encrypt { (byte ^ ks, byte ^ ks) } else { (byte ^ ks, byte) };
                    out.push(o);
                    self.iv.rotate_left(1);
                    self.iv[15] = c;
                }
            }
            Mode::Cfb128 => {
                // iv holds the previous ciphertext block; pos bytes of the current one are done.
                for &byte in data {
                    let ks = self.block(self.iv, true)[self.pos];
                    let c = if encrypt { byte ^ ks } else { byte };
                    out.push(byte ^ ks);
                    self.pending(c);
                }
            }
            _ => {
                // CTR
                for &byte in data {
                    let ks = self.block(self.iv, true)[self.pos];
                    out.push(byte ^ ks);
                    self.pos += 1;
                    if self.pos == 16 {
                        self.pos = 0;
                        self.iv = (u128::from_be_bytes(self.iv).wrapping_add(1)).to_be_bytes();
                    }
                }
            }
        }
        out
    }

    fn pending(&mut self, c: u8) {
        self.next[self.pos] = c;
        self.pos += 1;
        if self.pos == 16 {
            self.pos = 0;
            self.iv = self.next;
        }
    }
}
fuzz_target!(|data: &[u8]| {
    if data.len() < 3 + 32 + 16 {
        return;
    }
    let key_len = [16, 24, 32][data[0] as usize % 3];
    let mode = Mode::ALL[data[1] as usize % Mode::ALL.len()];
    let encrypt = data[2] & 1 == 0;
    // The engines this CPU picks, or either engine forced for every length.
    let engine = [None, Some(Engine::RustCrypto), Some(Engine::AwsLc)][(data[2] >> 1) as usize % 3];
    let key = data[3..3 + key_len].to_vec();
    let iv: [u8; 16] = data[35..51].try_into().unwrap();
    let mut rest = &data[51..];
    let start = (mode.start_value() != StartValue::None).then_some(&iv[..]);
    let mut ours = match engine {
        None => Aes::new(&key, mode, start),
        Some(engine) => Aes::with_engine(&key, mode, start, engine),
    }
    .unwrap();
    let mut reference = Reference { key, mode, iv, pos: 0, next: [0; 16] };
    let whole_blocks = mode.needs_whole_blocks();
    while let Some((&len, tail)) = rest.split_first() {
        let len = (len as usize).min(tail.len());
        let (piece, next) = tail.split_at(len);
        rest = next;
        let got = if encrypt { ours.encrypt(piece) } else { ours.decrypt(piece) };
        if whole_blocks && len % BLOCK_SIZE != 0 {
            // rejected, and the state must be untouched: the reference does not advance
            assert_eq!(got, Err(Error::NotBlockMultiple { len }));
            continue;
        }
        assert_eq!(got.unwrap(), reference.process(piece, encrypt), "mode {mode}, engine {engine:?}");
    }
});
