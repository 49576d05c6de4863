//! Rates of every AES mode and direction through each engine on this machine, next to the
//! engine this CPU's table picks: the measurement behind `aes/engine.rs` (docs/performance.md).
//!
//! `cargo run --release -p ucrypto --example aes_rates [-- SECONDS_PER_CELL]`
//!
//! Not a test: it prints MB/s (10^6 bytes per second), the median of five interleaved
//! rounds, and the ratio of the two engines.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;
use ucrypto::aes::{BLOCK_SIZE, CpuClass, Direction, Engine, engine_for};
use ucrypto::{Aes, Mode, Named};

fn cipher(mode: Mode, key: &[u8], engine: Engine) -> Aes {
    let start = mode.start(&[9u8; BLOCK_SIZE]);
    Aes::with_engine(key, mode, start, engine).unwrap()
}

/// MB/s of `direction` on `len` bytes into a separate buffer, the way the device API runs
/// (a new object per call, as device code makes one per message).
fn rate(
    mode: Mode,
    key: &[u8],
    engine: Engine,
    direction: Direction,
    input: &[u8],
    seconds: f64,
) -> f64 {
    let mut out = vec![0u8; input.len()];
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed().as_secs_f64() < seconds || calls < 3 {
        let mut aes = cipher(mode, key, engine);
        aes.apply_into(direction, black_box(input), &mut out)
            .unwrap();
        black_box(&out);
        calls += 1;
    }
    (calls as f64 * input.len() as f64) / start.elapsed().as_secs_f64() / 1e6
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.1);
    let class = CpuClass::current();
    println!(
        "# CPU class: {class} (detected: {}); MB/s, median of 5 interleaved rounds",
        CpuClass::detect()
    );
    let (rust, lc) = (Engine::RustCrypto, Engine::AwsLc);
    println!("| mode | direction | key | size | {rust} | {lc} | {lc} / {rust} | table picks |");
    println!("|---|---|---:|---:|---:|---:|---:|---|");
    for size in [16 << 10, 1 << 20] {
        let input: Vec<u8> = (0..size).map(|i| (i * 7) as u8).collect();
        for key_len in [16, 32] {
            let key = vec![7u8; key_len];
            for &mode in Mode::ALL {
                for &direction in Direction::ALL {
                    let data = if mode == Mode::Cfb8 && direction == Direction::Encrypt {
                        &input[..input.len().min(64 << 10)]
                    } else {
                        &input[..]
                    };
                    let mut rust = Vec::new();
                    let mut lc = Vec::new();
                    for _ in 0..5 {
                        rust.push(rate(
                            mode,
                            &key,
                            Engine::RustCrypto,
                            direction,
                            data,
                            seconds,
                        ));
                        lc.push(rate(mode, &key, Engine::AwsLc, direction, data, seconds));
                    }
                    let (rust, lc) = (median(rust), median(lc));
                    println!(
                        "| {mode} | {direction} | {} | {} KiB | {rust:.0} | {lc:.0} | {:.2} | {} |",
                        key_len * 8,
                        data.len() >> 10,
                        lc / rust,
                        engine_for(class, mode, direction)
                    );
                }
            }
        }
    }
}
