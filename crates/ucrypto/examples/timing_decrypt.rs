//! dudect-style timing of RSA PKCS#1 v1.5 decryption in the core, below Python: valid
//! ciphertexts against ciphertexts of the right length whose padding is broken, randomly
//! interleaved, Welch's t over cropped samples. A measurement, not a test:
//!
//! `cargo run --release -p ucrypto --example timing_decrypt -- [SAMPLES]`
//!
//! Invalid ciphertexts are PKCS#1 v1.5 ciphertexts made for another key of the same size,
//! kept only when they are below this key's modulus (so that they reach the private-key
//! operation) and decrypt to broken padding.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use der::Decode;
use std::time::Instant;
use ucrypto::rsa::Padding;
use ucrypto::{Error, RsaPrivateKey};

fn welch_t(a: &[f64], b: &[f64]) -> f64 {
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let var =
        |v: &[f64], m: f64| v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
    let (ma, mb) = (mean(a), mean(b));
    (ma - mb) / (var(a, ma) / a.len() as f64 + var(b, mb) / b.len() as f64).sqrt()
}

fn main() {
    let samples: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let key = RsaPrivateKey::generate(ucrypto::rsa::KeySize::Rsa2048).unwrap();
    let public = key.public_key().unwrap();
    let other = RsaPrivateKey::generate(ucrypto::rsa::KeySize::Rsa2048)
        .unwrap()
        .public_key()
        .unwrap();
    let valid: Vec<Vec<u8>> = (0..256)
        .map(|i| public.encrypt(&[i as u8; 32], Padding::Pkcs1v15).unwrap())
        .collect();
    let modulus = {
        let pem = public.to_spki_pem().unwrap();
        let (_, der) = pem_rfc7468::decode_vec(pem.as_bytes()).unwrap();
        let spki = spki::SubjectPublicKeyInfoRef::from_der(&der).unwrap();
        let rsa =
            pkcs1::RsaPublicKeyRef::from_der(spki.subject_public_key.as_bytes().unwrap()).unwrap();
        let mut n = rsa.modulus.as_bytes().to_vec();
        while n.len() < 256 {
            n.insert(0, 0);
        }
        n
    };
    let invalid: Vec<Vec<u8>> = (0..4096)
        .map(|i| other.encrypt(&[i as u8; 32], Padding::Pkcs1v15).unwrap())
        .filter(|ct| ct.as_slice() < modulus.as_slice())
        .filter(|ct| key.decrypt_pkcs1v15(ct) == Err(Error::DecryptFailed))
        .take(256)
        .collect();
    assert_eq!(invalid.len(), 256);
    let mut rng_state = 0x9e37_79b9_7f4a_7c15u64;
    let mut coin = || {
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        rng_state
    };
    let (mut tv, mut ti) = (Vec::new(), Vec::new());
    for _ in 0..2000 {
        let _ = key.decrypt_pkcs1v15(&valid[0]);
        let _ = key.decrypt_pkcs1v15(&invalid[0]);
    }
    for _ in 0..samples {
        let r = coin();
        let is_valid = r & 1 == 0;
        let ct = if is_valid {
            &valid[(r >> 8) as usize % 256]
        } else {
            &invalid[(r >> 8) as usize % 256]
        };
        let start = Instant::now();
        let result = std::hint::black_box(key.decrypt_pkcs1v15(std::hint::black_box(ct)));
        let elapsed = start.elapsed().as_nanos() as f64;
        assert_eq!(result.is_ok(), is_valid);
        if is_valid {
            tv.push(elapsed)
        } else {
            ti.push(elapsed)
        }
    }
    let mut all: Vec<f64> = tv.iter().chain(&ti).copied().collect();
    all.sort_by(f64::total_cmp);
    let pct = |v: &[f64], p: usize| {
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        s[s.len() * p / 100] / 1000.0
    };
    println!(
        "core decrypt_pkcs1v15, RSA-2048, {samples} interleaved samples ({} valid, {} invalid padding)",
        tv.len(),
        ti.len()
    );
    for (name, v) in [("valid", &tv), ("invalid", &ti)] {
        println!(
            "  {name:8} p10 {:.1} us, median {:.1} us, p90 {:.1} us",
            pct(v, 10),
            pct(v, 50),
            pct(v, 90)
        );
    }
    println!("  crop percentile   Welch t");
    for pct in [100usize, 99, 95, 90, 75, 50] {
        let limit = all[(all.len() * pct / 100).max(1) - 1];
        let a: Vec<f64> = tv.iter().copied().filter(|x| *x <= limit).collect();
        let b: Vec<f64> = ti.iter().copied().filter(|x| *x <= limit).collect();
        println!("  {pct:14}%   {:+8.2}", welch_t(&a, &b));
    }
}
