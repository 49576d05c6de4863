//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod openssl;

use std::path::{Path, PathBuf};
use ucrypto::aes::{BLOCK_SIZE, Engine};
use ucrypto::{Aes, Mode, Named};

/// The unit a mode's inputs come in: whole blocks or single bytes.
pub fn unit(mode: Mode) -> usize {
    if mode.needs_whole_blocks() {
        BLOCK_SIZE
    } else {
        1
    }
}

/// Decodes hex, failing the test on bad input.
pub fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.trim()).unwrap_or_else(|e| panic!("bad hex {s:?}: {e}"))
}

/// A test-vector file under `tests/vectors`.
pub fn vector_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(rel)
}

/// One record of a NIST `.rsp` (or RFC 3686 `.txt`) file.
#[derive(Debug, Clone)]
pub struct Record {
    pub encrypt: bool,
    pub key: Vec<u8>,
    pub iv: Vec<u8>,
    pub plaintext: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

/// Parses the `[ENCRYPT]`/`[DECRYPT]` sections and their `KEY/IV/PLAINTEXT/CIPHERTEXT`
/// records.
pub fn parse_records(path: &Path) -> Vec<Record> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut encrypt = true;
    let mut cur: Option<Record> = None;
    let flush = |cur: &mut Option<Record>, out: &mut Vec<Record>| {
        if let Some(r) = cur.take() {
            out.push(r);
        }
    };
    for line in text.lines().map(str::trim) {
        if line == "[ENCRYPT]" || line == "[DECRYPT]" {
            flush(&mut cur, &mut out);
            encrypt = line == "[ENCRYPT]";
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if name == "COUNT" {
            flush(&mut cur, &mut out);
            cur = Some(Record {
                encrypt,
                key: vec![],
                iv: vec![],
                plaintext: vec![],
                ciphertext: vec![],
            });
            continue;
        }
        let Some(r) = cur.as_mut() else { continue };
        match name {
            "KEY" => r.key = unhex(value),
            "IV" => r.iv = unhex(value),
            "PLAINTEXT" => r.plaintext = unhex(value),
            "CIPHERTEXT" => r.ciphertext = unhex(value),
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Every way a cipher can be built: the engines this CPU's table picks (`None`), then each
/// engine forced for all work, so that every vector runs through every engine.
pub fn engines() -> Vec<Option<Engine>> {
    std::iter::once(None)
        .chain(Engine::ALL.iter().copied().map(Some))
        .collect()
}

/// A fresh cipher in `mode` with `iv` as IV or counter (ignored for ECB), on `engine`.
pub fn cipher_on(engine: Option<Engine>, mode: Mode, key: &[u8], iv: &[u8]) -> Aes {
    let start = mode.start(iv);
    match engine {
        None => Aes::new(key, mode, start),
        Some(engine) => Aes::with_engine(key, mode, start, engine),
    }
    .unwrap()
}

/// A fresh cipher with the engines this CPU's table picks.
pub fn cipher(mode: Mode, key: &[u8], iv: &[u8]) -> Aes {
    cipher_on(None, mode, key, iv)
}

/// The same cipher run over `data` in pieces whose sizes follow `sizes` (cycled), each a
/// multiple of `unit`; the result must not depend on the split.
pub fn run_chunked(
    aes: &mut Aes,
    data: &[u8],
    encrypt: bool,
    sizes: &[usize],
    unit: usize,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut rest = data;
    for &size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let take = (size * unit).min(rest.len());
        let (piece, tail) = rest.split_at(take);
        let done = if encrypt {
            aes.encrypt(piece)
        } else {
            aes.decrypt(piece)
        };
        out.extend(done.unwrap());
        rest = tail;
    }
    out
}

/// Deterministic pseudo-random chunk sizes (xorshift), 0 included, so empty calls are
/// exercised too.
pub fn chunk_sizes(seed: u64, count: usize, max: usize) -> Vec<usize> {
    let mut x = seed | 1;
    (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % (max as u64 + 1)) as usize
        })
        .collect()
}
