//! How fast this machine derives keys for encrypted PKCS#8 files, per PBKDF2 PRF and for
//! scrypt, and what one attempt at the core's limits costs here: the measurement behind
//! `KDF_BUDGET_MILLIS` in `rsa/encrypted_key.rs` (docs/security.md, the KDF budget).
//!
//! `cargo run --release -p ucrypto --example kdf_rates`
//!
//! Not a test: it prints rates (the best of three runs) and seconds per attempt.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use pkcs8::pkcs5::pbes2::{self, Kdf, Pbkdf2Params, Pbkdf2Prf, Salt, ScryptParams};
use std::time::Instant;
use ucrypto::rsa::{MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_MEMORY, MAX_SCRYPT_WORK};

fn seconds_to_decrypt(kdf: Kdf) -> f64 {
    let params = pbes2::Parameters {
        kdf,
        encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [7; 16] },
    };
    let ciphertext = params.encrypt(b"password", b"sixteen byte msg").unwrap();
    (0..3)
        .map(|_| {
            let start = Instant::now();
            params.decrypt(b"password", &ciphertext).unwrap();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn pbkdf2(prf: Pbkdf2Prf, iterations: u32) -> Kdf {
    Kdf::Pbkdf2(Pbkdf2Params {
        salt: Salt::try_from(&b"saltsaltsaltsalt"[..]).unwrap(),
        iteration_count: iterations,
        key_length: None,
        prf,
    })
}

fn scrypt(log_n: u32, r: u16, p: u16) -> Kdf {
    Kdf::Scrypt(ScryptParams {
        salt: Salt::try_from(&b"saltsaltsaltsalt"[..]).unwrap(),
        cost_parameter: 1 << log_n,
        block_size: r,
        parallelization: p,
        key_length: None,
    })
}

fn main() {
    const SAMPLE_ITERATIONS: u32 = 200_000;
    println!("PBKDF2 (iterations per second, and seconds at {MAX_PBKDF2_ITERATIONS} iterations):");
    for (name, prf) in [
        ("HMAC-SHA1", Pbkdf2Prf::HmacWithSha1),
        ("HMAC-SHA224", Pbkdf2Prf::HmacWithSha224),
        ("HMAC-SHA256", Pbkdf2Prf::HmacWithSha256),
        ("HMAC-SHA384", Pbkdf2Prf::HmacWithSha384),
        ("HMAC-SHA512", Pbkdf2Prf::HmacWithSha512),
    ] {
        let seconds = seconds_to_decrypt(pbkdf2(prf, SAMPLE_ITERATIONS));
        let rate = f64::from(SAMPLE_ITERATIONS) / seconds;
        println!(
            "  {name:12} {rate:>12.0}/s  {:.2} s",
            f64::from(MAX_PBKDF2_ITERATIONS) / rate
        );
    }
    // The unit of MAX_SCRYPT_WORK is r * p * (N + 3): each lane's 2 * N block mixes and the
    // PBKDF2 that spreads and gathers it. Measured at the shapes the limit admits that cost
    // the most per unit: the most memory (N = 2^18, r = 8), and a tiny N with the most lanes
    // and block sizes the work allows; and at OpenSSL's default.
    let work = |n: u64, r: u64, p: u64| r * p * (n + 3);
    let shapes: [(u32, u16, u16); 5] = [
        (14, 8, 1),
        (18, 8, 1),
        (1, 10, 65_535),
        (1, 65_535, 10),
        (15, 8, 12),
    ];
    for (log_n, r, p) in shapes {
        let units = work(1 << log_n, u64::from(r), u64::from(p));
        let seconds = seconds_to_decrypt(scrypt(log_n, r, p));
        println!(
            "scrypt N=2^{log_n} r={r} p={p}: {seconds:.3} s for {units} units ({:.0}/s){}",
            units as f64 / seconds,
            if units > MAX_SCRYPT_WORK {
                " (over the limit)"
            } else {
                ""
            }
        );
    }
    println!(
        "limits: scrypt work <= {MAX_SCRYPT_WORK} and 128*N*r <= {} MiB; PBKDF2 iterations <= \
         {MAX_PBKDF2_ITERATIONS}",
        MAX_SCRYPT_MEMORY >> 20
    );
}
