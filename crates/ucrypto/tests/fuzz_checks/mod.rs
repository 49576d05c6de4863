//! The properties the fuzz targets check, defined once: each target in `fuzz/` calls one of
//! these on the fuzzer's bytes, and `fuzz_regressions.rs` calls the same on every committed
//! seed and crash reproducer. Each must hold for any input; a failure panics.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use std::sync::OnceLock;
use ucrypto::aes::{BLOCK_SIZE, Engine, KEY_LENGTHS};
use ucrypto::jwt::{self, Policy};
use ucrypto::rsa::{KeySet, MAX_BITS, MIN_BITS, Padding};
use ucrypto::{Aes, Error, Mode, Named, RsaPrivateKey, RsaPublicKey};

const PRIVATE_PEM: &[u8] = include_bytes!("../data/rsa2048_pkcs8.pem");
const PUBLIC_PEM: &[u8] = include_bytes!("../data/rsa2048_spki.pem");

fn private() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::from_pem_or_der(PRIVATE_PEM).expect("test key"))
}

/// Private-key parsing (PEM and DER, plain and password-protected) never panics, and a key
/// that parses signs and decrypts. The first byte picks whether a password is given.
pub fn private_key(data: &[u8]) {
    let (password, input) = match data.split_first() {
        Some((&flag, rest)) if flag & 1 == 1 => (Some(&b"pw"[..]), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    if let Ok(key) = RsaPrivateKey::from_pem_or_der_with_password(input, password) {
        assert!((MIN_BITS..=MAX_BITS).contains(&key.bits()));
        let sig = key.sign_rs256(b"m").expect("a parsed key signs");
        assert_eq!(sig.len(), key.size());
        let _ = key.decrypt_pkcs1v15(&sig);
    }
}

/// Encrypted keys (PKCS#8 PBES2 with PBKDF2 or scrypt, OpenSSL's legacy `DEK-Info` PEM)
/// opened with a password: any input gives a key or an error, never a panic, and within
/// the KDF budget rather than unbounded work; a key that opens is usable. The first byte
/// picks the password: the seeds' own, a wrong one, or none.
pub fn encrypted_key(data: &[u8]) {
    let (password, input) = match data.split_first() {
        Some((&pick, rest)) => match pick % 3 {
            0 => (Some(&b"pw"[..]), rest),
            1 => (Some(&b"wrong"[..]), rest),
            _ => (None, rest),
        },
        None => (None, data),
    };
    let _ = ucrypto::rsa::inspect(input);
    if let Ok(key) = RsaPrivateKey::from_pem_or_der_with_password(input, password) {
        assert!((MIN_BITS..=MAX_BITS).contains(&key.bits()));
        let sig = key.sign_rs256(b"m").expect("a parsed key signs");
        assert_eq!(sig.len(), key.size());
    }
}

/// Public-key parsing never panics; a key that parses encrypts and rejects a bad signature.
pub fn public_key(data: &[u8]) {
    if let Ok(key) = RsaPublicKey::from_pem_or_der(data) {
        assert!((MIN_BITS..=MAX_BITS).contains(&key.bits()));
        let ct = key.encrypt_pkcs1v15(b"m").expect("a parsed key encrypts");
        assert_eq!(ct.len(), key.size());
        assert!(!key.verify_rs256(b"m", &ct[..ct.len() - 1]));
        assert_eq!(key.jwk_thumbprint().len(), 43);
    }
}

/// RSA decryption of arbitrary bytes with a fixed key: only the uniform error, and any
/// plaintext within the padding's limits.
pub fn rsa_decrypt(data: &[u8]) {
    let key = private();
    for padding in [Padding::Pkcs1v15, Padding::OaepSha256] {
        match key.decrypt(data, padding) {
            Ok(plain) => assert!(plain.len() <= key.size() - padding.overhead()),
            Err(e) => assert_eq!(e, Error::DecryptFailed),
        }
    }
}

/// PEM block selection: arbitrary text around a real key block never changes which key is
/// read, as long as the text holds no BEGIN line of its own; and any input is classified or
/// refused without a panic.
pub fn pem_blocks(data: &[u8]) {
    let _ = ucrypto::rsa::inspect(data);
    let _ = RsaPrivateKey::from_pem_or_der(data);
    let _ = RsaPublicKey::from_pem_or_der(data);
    let cut = data.first().map_or(0, |&b| usize::from(b)).min(data.len());
    let (before, after) = data.split_at(cut);
    let mut bundle = before.to_vec();
    bundle.push(b'\n');
    bundle.extend_from_slice(PRIVATE_PEM);
    bundle.extend_from_slice(after);
    let begins = bundle.windows(11).filter(|w| *w == b"-----BEGIN ").count();
    let parsed = RsaPrivateKey::from_pem_or_der(&bundle);
    if begins == 1 {
        let key = parsed.expect("a key block with nothing else that looks like one must parse");
        assert_eq!(
            key.sign_rs256(b"m").unwrap(),
            private().sign_rs256(b"m").unwrap()
        );
    }
    if let Err(e) = ucrypto::rsa::inspect(&bundle) {
        assert!(begins > 1, "the bundle's key was not found: {e}");
    }
}

/// Token verification never panics; whatever verifies was signed by the key, so it can only
/// be a token this function made from the input.
pub fn jwt_verify(data: &[u8]) {
    static KEYS: OnceLock<KeySet> = OnceLock::new();
    let keys =
        KEYS.get_or_init(|| KeySet::single(RsaPublicKey::from_pem_or_der(PUBLIC_PEM).unwrap()));
    let text = String::from_utf8_lossy(data);
    let policy = Policy {
        require: vec![],
        ..Policy::default()
    };
    assert!(
        jwt::verify_at(&text, keys, &policy, 0.0)
            .is_err_and(|e| matches!(e, Error::InvalidToken(_))),
        "arbitrary input verified, or failed with another error"
    );
    // The input as claims: a token made from it verifies, in both forms, unless a claim
    // fails the policy.
    if let Ok(serde_json::Value::Object(claims)) = serde_json::from_slice(data) {
        for form in [jwt::Form::Compact, jwt::Form::Device] {
            let token = jwt::sign(&claims, private(), &Default::default(), form).unwrap();
            match jwt::verify_at(&token, keys, &policy, 0.0) {
                Ok(verified) => assert_eq!(verified.claims, claims),
                Err(Error::InvalidToken(problem)) => assert!(
                    !matches!(
                        problem,
                        jwt::TokenProblem::BadSignature | jwt::TokenProblem::NotBase64(_)
                    ),
                    "{problem}"
                ),
                Err(other) => panic!("{other}"),
            }
        }
    }
    // ... and as a JWKS document.
    if let Ok(document) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = KeySet::from_jwks(&document);
        let _ = RsaPublicKey::from_jwk(&document);
    }
}

type Block = [u8; BLOCK_SIZE];

/// The AES reference for [`aes_sequence`]: one block-cipher call at a time, written from the
/// mode definitions (SP 800-38A) and sharing no code with the crate's modes.
struct Reference {
    key: Vec<u8>,
    mode: Mode,
    /// CBC, CFB8: the chaining value. CFB128: the previous ciphertext block. CTR: the counter.
    iv: Block,
    /// CFB128 and CTR: bytes of the current block already used.
    pos: usize,
    /// CFB128: ciphertext bytes of the block in progress.
    next: Block,
}

impl Reference {
    fn block(&self, input: Block, encrypt: bool) -> Block {
        let mut b = aes::Block::from(input);
        macro_rules! run {
            ($c:ty) => {{
                let c = <$c>::new_from_slice(&self.key).unwrap();
                if encrypt {
                    c.encrypt_block(&mut b)
                } else {
                    c.decrypt_block(&mut b)
                }
            }};
        }
        match self.key.len() {
            16 => run!(aes::Aes128),
            24 => run!(aes::Aes192),
            32 => run!(aes::Aes256),
            other => panic!("no AES key is {other} bytes"),
        }
        b.into()
    }

    fn process(&mut self, data: &[u8], encrypt: bool) -> Vec<u8> {
        let mut out = Vec::new();
        match self.mode {
            Mode::Ecb => {
                for chunk in data.chunks(BLOCK_SIZE) {
                    out.extend(self.block(chunk.try_into().unwrap(), encrypt));
                }
            }
            Mode::Cbc => {
                for chunk in data.chunks(BLOCK_SIZE) {
                    let c: Block = chunk.try_into().unwrap();
                    if encrypt {
                        let x: Block = std::array::from_fn(|i| c[i] ^ self.iv[i]);
                        self.iv = self.block(x, true);
                        out.extend(self.iv);
                    } else {
                        let d = self.block(c, false);
                        out.extend(d.iter().zip(self.iv).map(|(d, v)| d ^ v));
                        self.iv = c;
                    }
                }
            }
            Mode::Cfb8 => {
                for &byte in data {
                    let ks = self.block(self.iv, true)[0];
                    let c = if encrypt { byte ^ ks } else { byte };
                    out.push(byte ^ ks);
                    self.iv.rotate_left(1);
                    self.iv[BLOCK_SIZE - 1] = c;
                }
            }
            Mode::Cfb128 => {
                for &byte in data {
                    let ks = self.block(self.iv, true)[self.pos];
                    let c = if encrypt { byte ^ ks } else { byte };
                    out.push(byte ^ ks);
                    self.next[self.pos] = c;
                    self.pos += 1;
                    if self.pos == BLOCK_SIZE {
                        self.pos = 0;
                        self.iv = self.next;
                    }
                }
            }
            Mode::Ctr => {
                for &byte in data {
                    let ks = self.block(self.iv, true)[self.pos];
                    out.push(byte ^ ks);
                    self.pos += 1;
                    if self.pos == BLOCK_SIZE {
                        self.pos = 0;
                        self.iv = u128::from_be_bytes(self.iv).wrapping_add(1).to_be_bytes();
                    }
                }
            }
            other => panic!("the reference does not know {other}"),
        }
        out
    }
}

/// Sequences of AES calls of input-chosen lengths, in every mode and key size, through the
/// engines this CPU picks or either engine forced, agree with [`Reference`]; a call ECB or
/// CBC must refuse leaves the state as it was.
pub fn aes_sequence(data: &[u8]) {
    // Three bytes of choices, room for the longest key, the IV; then the calls.
    const IV_AT: usize = 3 + KEY_LENGTHS[2];
    const HEAD: usize = IV_AT + BLOCK_SIZE;
    if data.len() < HEAD {
        return;
    }
    let key_len = KEY_LENGTHS[data[0] as usize % KEY_LENGTHS.len()];
    let mode = Mode::ALL[data[1] as usize % Mode::ALL.len()];
    let encrypt = data[2] & 1 == 0;
    let engine = [None, Some(Engine::RustCrypto), Some(Engine::AwsLc)][(data[2] >> 1) as usize % 3];
    let key = data[3..3 + key_len].to_vec();
    let iv: Block = data[IV_AT..HEAD].try_into().unwrap();
    let start = mode.start(&iv);
    let mut ours = match engine {
        None => Aes::new(&key, mode, start),
        Some(engine) => Aes::with_engine(&key, mode, start, engine),
    }
    .unwrap();
    let mut reference = Reference {
        key,
        mode,
        iv,
        pos: 0,
        next: [0; BLOCK_SIZE],
    };
    let mut rest = &data[HEAD..];
    while let Some((&len, tail)) = rest.split_first() {
        let len = (len as usize).min(tail.len());
        let (piece, next) = tail.split_at(len);
        rest = next;
        let got = if encrypt {
            ours.encrypt(piece)
        } else {
            ours.decrypt(piece)
        };
        if mode.needs_whole_blocks() && !len.is_multiple_of(BLOCK_SIZE) {
            // Refused, and the state untouched: the reference does not advance.
            assert_eq!(got, Err(Error::NotBlockMultiple { len }));
            continue;
        }
        assert_eq!(
            got.unwrap(),
            reference.process(piece, encrypt),
            "mode {mode}, engine {engine:?}"
        );
    }
}
