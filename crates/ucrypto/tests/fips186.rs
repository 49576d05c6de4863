//! NIST FIPS 186-3 SigGen15 (RSASSA-PKCS1-v1_5) vectors with SHA-256, for the key sizes we
//! accept. The file gives n, e and the signatures but no private exponent, so here they
//! check that our verifier accepts every signature NIST generated (and rejects it for a
//! changed message); generation from the 186-2 file, which has d, is checked in pytest
//! with the primes recovered by pyca/cryptography. Source: NIST CAVP "RSA SigGen15",
//! via `cryptography-vectors` 50.0.2 (`asymmetric/RSA/FIPS_186-2/SigGen15_186-3.rsp`).
#![allow(clippy::unwrap_used)]

mod common;
use common::{unhex, vector_path};
use der::Encode;
use der::asn1::UintRef;
use ucrypto::RsaPublicKey;

#[test]
fn sigver_of_siggen15_sha256() {
    let text = std::fs::read_to_string(vector_path("fips186/SigGen15_186-3.rsp")).unwrap();
    let (mut n, mut e, mut sha, mut msg) = (Vec::new(), Vec::new(), String::new(), Vec::new());
    let mut checked = 0;
    for line in text.lines() {
        let Some((name, value)) = line.split_once(" = ") else {
            continue;
        };
        match name.trim() {
            "n" => n = unhex(value),
            "e" => e = unhex(value),
            "SHAAlg" => sha = value.trim().to_owned(),
            "Msg" => msg = unhex(value),
            "S" if sha == "SHA256" && n.len() * 8 >= 2048 => {
                // PKCS#1 RSAPublicKey from n and e, encoded by the der crate
                let key = pkcs1::RsaPublicKey {
                    modulus: UintRef::new(&n).unwrap(),
                    public_exponent: UintRef::new(&e).unwrap(),
                };
                let key = RsaPublicKey::from_pkcs1_der(&key.to_der().unwrap()).unwrap();
                let sig = unhex(value);
                assert!(
                    key.verify_rs256(&msg, &sig),
                    "mod {} msg {}",
                    n.len() * 8,
                    hex::encode(&msg[..8])
                );
                let mut other = msg.clone();
                other[0] ^= 1;
                assert!(!key.verify_rs256(&other, &sig));
                checked += 1;
            }
            _ => {}
        }
    }
    println!("SigGen15_186-3 SHA-256, 2048-4096 bits: {checked} signatures verified");
    assert_eq!(checked, 30);
}
