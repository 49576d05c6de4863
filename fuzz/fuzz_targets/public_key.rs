//! Public-key parsing must never panic; a key that parses must encrypt and verify.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucrypto::RsaPublicKey;

fuzz_target!(|data: &[u8]| {
    if let Ok(key) = RsaPublicKey::from_pem_or_der(data) {
        assert!((2048..=8192).contains(&key.bits()));
        let ct = key.encrypt_pkcs1v15(b"m").expect("a parsed key encrypts");
        assert_eq!(ct.len(), key.size());
        assert!(!key.verify_rs256(b"m", &ct[..ct.len() - 1]));
    }
});
