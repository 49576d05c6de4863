//! Every AES mode and direction through each engine (`Aes::with_engine`) at 1 MiB, buffer to
//! buffer, with the `ctr` crate as an outside baseline for CTR: the criterion form of the
//! measurement behind `aes/engine.rs` (the `aes_rates` example prints the same as a table).
//! `cargo bench -p ucrypto --bench engines`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use aes::cipher::{InnerIvInit, KeyInit, StreamCipher, StreamCipherCoreWrapper};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use ucrypto::aes::{Direction, Engine};
use ucrypto::{Aes, Mode, Named};

const KEY: [u8; 16] = [7; 16];
const IV: [u8; 16] = [9; 16];
const LEN: usize = 1 << 20;

fn engines(c: &mut Criterion) {
    let input = vec![3u8; LEN];
    let mut out = vec![0u8; LEN];
    let mut g = c.benchmark_group("engine 1 MiB");
    g.throughput(Throughput::Bytes(LEN as u64));
    for &mode in Mode::ALL {
        let start = mode.start(&IV);
        for &direction in Direction::ALL {
            for &engine in Engine::ALL {
                g.bench_function(format!("{mode} {direction}: {engine}"), |b| {
                    b.iter(|| {
                        let mut aes = Aes::with_engine(&KEY, mode, start, engine).unwrap();
                        aes.apply_into(direction, black_box(&input), &mut out)
                            .unwrap();
                    })
                });
            }
        }
    }
    let cipher = aes::Aes128::new(&KEY.into());
    g.bench_function("ctr: the ctr crate (baseline)", |b| {
        b.iter(|| {
            out.copy_from_slice(&input);
            let mut c = StreamCipherCoreWrapper::from_core(ctr::CtrCore::<
                &aes::Aes128,
                ctr::flavors::Ctr128BE,
            >::inner_iv_init(
                &cipher, &IV.into()
            ));
            c.apply_keystream(black_box(&mut out));
        })
    });
    g.finish();
}

criterion_group!(benches, engines);
criterion_main!(benches);
