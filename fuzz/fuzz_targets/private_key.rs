//! Private-key parsing (PEM and DER, plain and password-protected) must never panic, and a
//! key that parses must sign and decrypt without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucrypto::RsaPrivateKey;

fuzz_target!(|data: &[u8]| {
    let (password, input) = match data.split_first() {
        Some((&flag, rest)) if flag & 1 == 1 => (Some(&b"pw"[..]), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    if let Ok(key) = RsaPrivateKey::from_pem_or_der_with_password(input, password) {
        assert!((2048..=8192).contains(&key.bits()));
        let sig = key.sign_rs256(b"m").expect("a parsed key signs");
        assert_eq!(sig.len(), key.size());
        let _ = key.decrypt_pkcs1v15(&sig);
    }
});
