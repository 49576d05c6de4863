//! Which AES engine is fastest for each serial or bulk job on this machine: the RustCrypto
//! mode crates, our batched CTR over the RustCrypto block cipher, and AWS-LC's assembly
//! through aws-lc-rs. The evidence for the choices in `src/aes/` (see the README's
//! Performance section). `cargo bench -p ucrypto --bench engines`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use aes::cipher::{
    BlockCipherEncrypt, BlockModeEncrypt, InnerIvInit, KeyInit, StreamCipher,
    StreamCipherCoreWrapper,
};
use aws_lc_rs::cipher::{AES_128, EncryptingKey, EncryptionContext, UnboundCipherKey};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const KEY: [u8; 16] = [7; 16];
const IV: [u8; 16] = [9; 16];
const LEN: usize = 1 << 20;

/// CTR from its definition, in batches: counter blocks, one `encrypt_blocks`, then XOR.
fn batched_ctr(cipher: &aes::Aes128, counter: u128, buf: &mut [u8]) {
    const BATCH: usize = 64;
    let mut ks = [aes::Block::default(); BATCH];
    let mut ctr = counter;
    for chunk in buf.chunks_mut(BATCH * 16) {
        let n = chunk.len().div_ceil(16);
        for block in &mut ks[..n] {
            *block = ctr.to_be_bytes().into();
            ctr = ctr.wrapping_add(1);
        }
        cipher.encrypt_blocks(&mut ks[..n]);
        let flat = aes::Block::slice_as_flattened(&ks[..n]);
        for (d, k) in chunk.iter_mut().zip(flat) {
            *d ^= k;
        }
    }
}

fn engines(c: &mut Criterion) {
    let mut buf = vec![0u8; LEN];
    let rc = aes::Aes128::new(&KEY.into());
    let mut g = c.benchmark_group("engine 1 MiB");
    g.throughput(Throughput::Bytes(LEN as u64));

    g.bench_function("ctr: RustCrypto ctr crate", |b| {
        b.iter(|| {
            let mut c = StreamCipherCoreWrapper::from_core(ctr::CtrCore::<
                &aes::Aes128,
                ctr::flavors::Ctr128BE,
            >::inner_iv_init(
                &rc, &IV.into()
            ));
            c.apply_keystream(black_box(&mut buf));
        })
    });
    g.bench_function("ctr: batched over RustCrypto aes", |b| {
        b.iter(|| batched_ctr(&rc, u128::from_be_bytes(IV), black_box(&mut buf)))
    });
    let lc_ctr = EncryptingKey::ctr(UnboundCipherKey::new(&AES_128, &KEY).unwrap()).unwrap();
    g.bench_function("ctr: AWS-LC", |b| {
        b.iter(|| {
            lc_ctr
                .less_safe_encrypt(black_box(&mut buf), EncryptionContext::Iv128(IV.into()))
                .unwrap()
        })
    });

    g.bench_function("cbc encrypt: RustCrypto cbc crate", |b| {
        b.iter(|| {
            let (blocks, _) = aes::Block::slice_as_chunks_mut(black_box(&mut buf));
            cbc::Encryptor::<&aes::Aes128>::inner_iv_init(&rc, &IV.into()).encrypt_blocks(blocks);
        })
    });
    let lc_cbc = EncryptingKey::cbc(UnboundCipherKey::new(&AES_128, &KEY).unwrap()).unwrap();
    g.bench_function("cbc encrypt: AWS-LC", |b| {
        b.iter(|| {
            lc_cbc
                .less_safe_encrypt(black_box(&mut buf), EncryptionContext::Iv128(IV.into()))
                .unwrap()
        })
    });

    g.bench_function("cfb128 encrypt: RustCrypto cfb-mode", |b| {
        b.iter(|| {
            let (blocks, _) = aes::Block::slice_as_chunks_mut(black_box(&mut buf));
            cfb_mode::Encryptor::<&aes::Aes128>::inner_iv_init(&rc, &IV.into())
                .encrypt_blocks(blocks);
        })
    });
    let lc_cfb = EncryptingKey::cfb128(UnboundCipherKey::new(&AES_128, &KEY).unwrap()).unwrap();
    g.bench_function("cfb128 encrypt: AWS-LC", |b| {
        b.iter(|| {
            lc_cfb
                .less_safe_encrypt(black_box(&mut buf), EncryptionContext::Iv128(IV.into()))
                .unwrap()
        })
    });
    g.finish();

    let mut small = vec![0u8; 64 << 10];
    let mut g = c.benchmark_group("engine 64 KiB, CFB8");
    g.throughput(Throughput::Bytes(small.len() as u64));
    g.bench_function("cfb8 encrypt: RustCrypto cfb8 crate", |b| {
        b.iter(|| {
            let (bytes, _) = aes::cipher::array::Array::slice_as_chunks_mut(black_box(&mut small));
            cfb8::Encryptor::<&aes::Aes128>::inner_iv_init(&rc, &IV.into()).encrypt_blocks(bytes);
        })
    });
    let lc_cfb8 = EncryptingKey::cfb8(UnboundCipherKey::new(&AES_128, &KEY).unwrap()).unwrap();
    g.bench_function("cfb8 encrypt: AWS-LC", |b| {
        b.iter(|| {
            lc_cfb8
                .less_safe_encrypt(black_box(&mut small), EncryptionContext::Iv128(IV.into()))
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, engines);
criterion_main!(benches);
