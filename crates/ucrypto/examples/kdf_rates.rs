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
use ucrypto::rsa::{MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_WORK};

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
    // N * r * p counts 128-byte block mixes: the unit of MAX_SCRYPT_WORK. The rate falls
    // as N * r outgrows the caches, so it is measured at the limit itself (r = 8, p = 1: the
    // most memory the limit allows) as well as at OpenSSL's default.
    let at_limit = (MAX_SCRYPT_WORK / 8).ilog2();
    for (log_n, r, p) in [(14, 8, 1), (at_limit, 8, 1)] {
        let seconds = seconds_to_decrypt(scrypt(log_n, r, p));
        let work = f64::from(1u32 << log_n) * f64::from(r) * f64::from(p);
        println!(
            "scrypt N=2^{log_n} r={r} p={p} ({} MiB): {seconds:.3} s, N*r*p {:.0}/s",
            ((128u64 << log_n) * u64::from(r)) >> 20,
            work / seconds
        );
    }
    println!("limits: N*r*p <= {MAX_SCRYPT_WORK}, PBKDF2 iterations <= {MAX_PBKDF2_ITERATIONS}");
}
