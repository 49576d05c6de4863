//! Criterion benchmarks of the core: every AES mode at 16 B, 1 KiB and 1 MiB, and RSA
//! parse, sign, encrypt and decrypt, with a parsed key and with key text on every call.
//!
//! `cargo bench -p ucrypto --bench core` (add `-- 'aes/ctr'` to pick). Not a test: it
//! reports times, it asserts nothing.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use ucrypto::{Aes, Mode, Named, RsaPrivateKey, RsaPublicKey};

const KEY: [u8; 16] = [7; 16];
const IV: [u8; 16] = [9; 16];

fn cipher(mode: Mode) -> Aes {
    let start = mode.start(&IV);
    Aes::new(&KEY, mode, start).unwrap()
}

fn aes(c: &mut Criterion) {
    for &mode in Mode::ALL {
        let mut group = c.benchmark_group(format!("aes/{mode}"));
        for size in [16usize, 1024, 1 << 20] {
            let mut buf = vec![0u8; size];
            group.throughput(Throughput::Bytes(size as u64));
            group.bench_with_input(BenchmarkId::new("new+encrypt", size), &size, |b, _| {
                b.iter(|| cipher(mode).encrypt_in_place(black_box(&mut buf)).unwrap())
            });
            group.bench_with_input(BenchmarkId::new("new+decrypt", size), &size, |b, _| {
                b.iter(|| cipher(mode).decrypt_in_place(black_box(&mut buf)).unwrap())
            });
        }
        group.finish();
    }
}

fn rsa(c: &mut Criterion) {
    let pem = include_bytes!("../tests/data/rsa2048_pkcs8.pem");
    let public_pem = include_bytes!("../tests/data/rsa2048_spki.pem");
    let key = RsaPrivateKey::from_pem_or_der(pem).unwrap();
    let public = RsaPublicKey::from_pem_or_der(public_pem).unwrap();
    let ct = public
        .encrypt_pkcs1v15(b"0123456789abcdef0123456789abcdef")
        .unwrap();
    let mut group = c.benchmark_group("rsa2048");
    group.bench_function("parse private PEM", |b| {
        b.iter(|| RsaPrivateKey::from_pem_or_der(black_box(pem)).unwrap())
    });
    group.bench_function("parse public PEM", |b| {
        b.iter(|| RsaPublicKey::from_pem_or_der(black_box(public_pem)).unwrap())
    });
    group.bench_function("sign, parsed key", |b| {
        b.iter(|| key.sign_rs256(black_box(b"header.payload")).unwrap())
    });
    group.bench_function("sign, PEM each call (cached)", |b| {
        b.iter(|| ucrypto::generate_rsa_signature(black_box(b"header.payload"), pem).unwrap())
    });
    group.bench_function("sign, PEM each call (parsed)", |b| {
        b.iter(|| {
            RsaPrivateKey::from_pem_or_der(pem)
                .unwrap()
                .sign_rs256(black_box(b"header.payload"))
                .unwrap()
        })
    });
    group.bench_function("decrypt, parsed key", |b| {
        b.iter(|| key.decrypt_pkcs1v15(black_box(&ct)).unwrap())
    });
    group.bench_function("decrypt, invalid ciphertext", |b| {
        b.iter(|| key.decrypt_pkcs1v15(black_box(&ct[1..])).unwrap_err())
    });
    group.bench_function("encrypt, parsed key", |b| {
        b.iter(|| public.encrypt_pkcs1v15(black_box(b"m")).unwrap())
    });
    group.bench_function("encrypt, PEM each call (cached)", |b| {
        b.iter(|| ucrypto::rsa_encrypt(black_box(b"m"), public_pem).unwrap())
    });
    group.finish();
}

criterion_group!(benches, aes, rsa);
criterion_main!(benches);
