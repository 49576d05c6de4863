//! RSA decryption of arbitrary bytes with a fixed key: only the uniform error, never a
//! panic, and any plaintext fits the padding's limits.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use ucrypto::rsa::Padding;
use ucrypto::{Error, RsaPrivateKey};

fn key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        RsaPrivateKey::from_pem_or_der(include_bytes!("../../crates/ucrypto/tests/data/rsa2048_pkcs8.pem"))
            .expect("test key")
    })
}

fuzz_target!(|data: &[u8]| {
    let key = key();
    for padding in [Padding::Pkcs1v15, Padding::OaepSha256] {
        match key.decrypt(data, padding) {
            Ok(plain) => assert!(plain.len() <= key.size() - padding.overhead()),
            Err(e) => assert_eq!(e, Error::DecryptFailed),
        }
    }
});
