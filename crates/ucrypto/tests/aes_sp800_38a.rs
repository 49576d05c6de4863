//! NIST SP 800-38A appendix F examples, one line per mode, key size and direction
//! (the vectors are the publication's; F.3.7-F.3.12 CFB8, F.3.13-F.3.18 CFB128).
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use ucrypto::Mode;

const K128: &str = "2b7e151628aed2a6abf7158809cf4f3c";
const K192: &str = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
const K256: &str = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
const PT: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
                  30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const IV: &str = "000102030405060708090a0b0c0d0e0f";
const CTR0: &str = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

/// Checks one example both ways, one-shot and in random chunks, through every engine.
fn both_ways(section: &str, mode: Mode, key: &str, iv: &str, pt: &str, ct: &str) {
    let (key, iv, pt, ct) = (unhex(key), unhex(iv), unhex(pt), unhex(ct));
    for engine in engines() {
        let fresh = || cipher_on(engine, mode, &key, &iv);
        assert_eq!(
            fresh().encrypt(&pt).unwrap(),
            ct,
            "{section} encrypt on {engine:?}"
        );
        assert_eq!(
            fresh().decrypt(&ct).unwrap(),
            pt,
            "{section} decrypt on {engine:?}"
        );
        let unit = unit(mode);
        for seed in 1..20 {
            let sizes = chunk_sizes(seed, 16, 3);
            assert_eq!(
                run_chunked(&mut fresh(), &pt, true, &sizes, unit),
                ct,
                "{section} chunked encrypt on {engine:?}"
            );
            assert_eq!(
                run_chunked(&mut fresh(), &ct, false, &sizes, unit),
                pt,
                "{section} chunked decrypt on {engine:?}"
            );
        }
    }
}

#[test]
fn f1_ecb() {
    both_ways(
        "F.1.1/F.1.2 ECB-AES128",
        Mode::Ecb,
        K128,
        IV,
        PT,
        "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4",
    );
    both_ways(
        "F.1.3/F.1.4 ECB-AES192",
        Mode::Ecb,
        K192,
        IV,
        PT,
        "bd334f1d6e45f25ff712a214571fa5cc974104846d0ad3ad7734ecb3ecee4eefef7afd2270e2e60adce0ba2face6444e9a4b41ba738d6c72fb16691603c18e0e",
    );
    both_ways(
        "F.1.5/F.1.6 ECB-AES256",
        Mode::Ecb,
        K256,
        IV,
        PT,
        "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7",
    );
}

#[test]
fn f2_cbc() {
    both_ways(
        "F.2.1/F.2.2 CBC-AES128",
        Mode::Cbc,
        K128,
        IV,
        PT,
        "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
    );
    both_ways(
        "F.2.3/F.2.4 CBC-AES192",
        Mode::Cbc,
        K192,
        IV,
        PT,
        "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
    );
    both_ways(
        "F.2.5/F.2.6 CBC-AES256",
        Mode::Cbc,
        K256,
        IV,
        PT,
        "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
    );
}

#[test]
fn f3_cfb8() {
    both_ways(
        "F.3.7/F.3.8 CFB8-AES128",
        Mode::Cfb8,
        K128,
        IV,
        &PT[..36],
        "3b79424c9c0dd436bace9e0ed4586a4f32b9",
    );
}

#[test]
fn f3_cfb128() {
    both_ways(
        "F.3.13/F.3.14 CFB128-AES128",
        Mode::Cfb128,
        K128,
        IV,
        PT,
        "3b3fd92eb72dad20333449f8e83cfb4ac8a64537a0b3a93fcde3cdad9f1ce58b26751f67a3cbb140b1808cf187a4f4dfc04b05357c5d1c0eeac4c66f9ff7f2e6",
    );
}

#[test]
fn f5_ctr() {
    both_ways(
        "F.5.1/F.5.2 CTR-AES128",
        Mode::Ctr,
        K128,
        CTR0,
        PT,
        "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
    );
    both_ways(
        "F.5.3/F.5.4 CTR-AES192",
        Mode::Ctr,
        K192,
        CTR0,
        PT,
        "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e941e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050",
    );
    both_ways(
        "F.5.5/F.5.6 CTR-AES256",
        Mode::Ctr,
        K256,
        CTR0,
        PT,
        "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
    );
}
