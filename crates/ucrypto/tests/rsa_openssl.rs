//! RSA against the real `openssl` command line, with keys it makes at test time:
//! RS256 signatures byte for byte, PKCS#1 v1.5 encryption both ways, every key form, and the
//! reasons given for keys we cannot use.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::openssl::{keys, openssl};
use ucrypto::rsa::Padding;
use ucrypto::{Error, KeyProblem, RsaPrivateKey, RsaPublicKey};

const SIZES: [u32; 3] = [2048, 3072, 4096];

#[test]
fn rs256_equals_openssl_dgst_sign_for_pkcs8_and_pkcs1() {
    let message = b"eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UifQ\0with a NUL and more";
    for bits in SIZES {
        let k = keys(bits);
        std::fs::write(k.path("msg"), message).unwrap();
        for file in ["p8.pem", "p1.pem", "p8.der", "p1.der"] {
            let ours = ucrypto::generate_rsa_signature(message, &k.read(file)).unwrap();
            let form = if file.ends_with("der") { "DER" } else { "PEM" };
            let theirs = openssl(
                k.dir.path(),
                &["dgst", "-sha256", "-keyform", form, "-sign", file, "msg"],
                b"",
            );
            assert_eq!(ours, theirs, "{bits}-bit {file}");
            assert_eq!(ours.len() * 8, bits as usize);
        }
    }
}

#[test]
fn our_signature_verifies_with_openssl() {
    let k = keys(2048);
    let sig = RsaPrivateKey::from_pem_or_der(&k.read("p8.pem"))
        .unwrap()
        .sign_rs256(b"hello")
        .unwrap();
    std::fs::write(k.path("hello"), b"hello").unwrap();
    std::fs::write(k.path("hello.sig"), &sig).unwrap();
    let out = openssl(
        k.dir.path(),
        &[
            "dgst",
            "-sha256",
            "-verify",
            "spki.pem",
            "-signature",
            "hello.sig",
            "hello",
        ],
        b"",
    );
    assert!(String::from_utf8_lossy(&out).contains("Verified OK"));
}

#[test]
fn our_ciphertext_decrypts_with_openssl_and_theirs_with_ours() {
    for bits in SIZES {
        let k = keys(bits);
        // (our public key, its openssl SPKI twin, the private key)
        for (pubfile, spki, privfile) in [
            ("spki.pem", "spki.pem", "p8.pem"),
            ("pkcs1pub.pem", "p1spki.pem", "p1.pem"),
            ("spki.der", "spki.pem", "p8.der"),
        ] {
            let msg = format!("secret for {bits} via {pubfile}").into_bytes();
            let ct = ucrypto::rsa_encrypt(&msg, &k.read(pubfile)).unwrap();
            assert_eq!(ct.len() * 8, bits as usize);
            std::fs::write(k.path("ct.bin"), &ct).unwrap();
            let plain = openssl(
                k.dir.path(),
                &["pkeyutl", "-decrypt", "-inkey", privfile, "-in", "ct.bin"],
                b"",
            );
            assert_eq!(plain, msg, "{bits} {pubfile}");
            let theirs = openssl(
                k.dir.path(),
                &["pkeyutl", "-encrypt", "-pubin", "-inkey", spki],
                &msg,
            );
            assert_eq!(
                ucrypto::rsa_decrypt(&theirs, &k.read(privfile)).unwrap(),
                msg,
                "{bits} {privfile}"
            );
        }
    }
}

#[test]
fn longest_message_fits_and_one_more_byte_fails_clearly() {
    for bits in SIZES {
        let k = keys(bits);
        let key = RsaPublicKey::from_pem_or_der(&k.read("spki.pem")).unwrap();
        let max = bits as usize / 8 - 11;
        assert_eq!(key.max_message_len(Padding::Pkcs1v15), max);
        let msg = vec![0xa5; max];
        let ct = key.encrypt_pkcs1v15(&msg).unwrap();
        std::fs::write(k.path("max.bin"), &ct).unwrap();
        let plain = openssl(
            k.dir.path(),
            &["pkeyutl", "-decrypt", "-inkey", "p8.pem", "-in", "max.bin"],
            b"",
        );
        assert_eq!(plain, msg);
        let err = key.encrypt_pkcs1v15(&vec![0; max + 1]).unwrap_err();
        assert_eq!(
            err,
            Error::MessageTooLong {
                len: max + 1,
                max,
                padding: Padding::Pkcs1v15
            }
        );
        assert!(err.to_string().contains(&format!("at most {max} bytes")));
        // empty messages are valid too
        let empty = key.encrypt_pkcs1v15(b"").unwrap();
        assert_eq!(
            ucrypto::rsa_decrypt(&empty, &k.read("p8.pem")).unwrap(),
            b""
        );
    }
}

#[test]
fn every_bad_ciphertext_fails_the_same_way() {
    let k = keys(2048);
    let key = RsaPrivateKey::from_pem_or_der(&k.read("p8.pem")).unwrap();
    let good = ucrypto::rsa_encrypt(b"x", &k.read("spki.pem")).unwrap();
    let mut flipped = good.clone();
    flipped[100] ^= 1;
    let cases: Vec<Vec<u8>> = vec![
        vec![],
        vec![0; 255],
        vec![0; 257],
        vec![0; 256],
        vec![0xff; 256],
        flipped,
        good[..255].to_vec(),
    ];
    for (i, ct) in cases.iter().enumerate() {
        assert_eq!(
            key.decrypt_pkcs1v15(ct),
            Err(Error::DecryptFailed),
            "case {i}"
        );
    }
    assert_eq!(key.decrypt_pkcs1v15(&good).unwrap(), b"x");
}

#[test]
fn key_problems_are_named() {
    let k = keys(2048);
    let d = k.dir.path();
    openssl(
        d,
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:1024",
            "-out",
            "small.pem",
        ],
        b"",
    );
    openssl(
        d,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            "ec.pem",
        ],
        b"",
    );
    openssl(
        d,
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "ec_trad.pem",
        ],
        b"",
    );
    openssl(
        d,
        &[
            "pkey", "-in", "p8.pem", "-aes256", "-passout", "pass:pw", "-out", "enc8.pem",
        ],
        b"",
    );
    openssl(
        d,
        &[
            "rsa",
            "-in",
            "p8.pem",
            "-traditional",
            "-des3",
            "-passout",
            "pass:pw",
            "-out",
            "des3.pem",
        ],
        b"",
    );
    let private = |f: &str| RsaPrivateKey::from_pem_or_der(&k.read(f)).unwrap_err();
    let public = |f: &str| RsaPublicKey::from_pem_or_der(&k.read(f)).unwrap_err();
    assert_eq!(
        private("small.pem"),
        Error::InvalidPrivateKey(KeyProblem::TooSmall { bits: 1024 })
    );
    assert!(matches!(
        private("ec.pem"),
        Error::InvalidPrivateKey(KeyProblem::NotRsa(_))
    ));
    assert!(matches!(
        private("ec_trad.pem"),
        Error::InvalidPrivateKey(KeyProblem::NotRsa(_))
    ));
    assert_eq!(
        private("enc8.pem"),
        Error::InvalidPrivateKey(KeyProblem::EncryptedPkcs8)
    );
    assert_eq!(
        private("des3.pem"),
        Error::InvalidPrivateKey(KeyProblem::EncryptedLegacyPem)
    );
    assert_eq!(
        private("spki.pem"),
        Error::InvalidPrivateKey(KeyProblem::PublicGivenForPrivate)
    );
    assert_eq!(
        public("p8.pem"),
        Error::InvalidPublicKey(KeyProblem::PrivateGivenForPublic)
    );
    assert_eq!(
        public("p1.pem"),
        Error::InvalidPublicKey(KeyProblem::PrivateGivenForPublic)
    );
    let pem = k.read("p8.pem");
    let truncated = &pem[..pem.len() / 2];
    assert_eq!(
        RsaPrivateKey::from_pem_or_der(truncated).unwrap_err(),
        Error::InvalidPrivateKey(KeyProblem::MalformedPem)
    );
    assert_eq!(
        RsaPrivateKey::from_pem_or_der(b"cert/private_key.pem").unwrap_err(),
        Error::InvalidPrivateKey(KeyProblem::NotPemOrDer)
    );
    // the message names the fix, and never carries key bytes
    let msg = private("des3.pem").to_string();
    assert!(msg.contains("ucrypto key convert"), "{msg}");
    // ... and with its password the legacy key reads, as the same key
    let legacy = RsaPrivateKey::from_pem_or_der_with_password(&k.read("des3.pem"), Some(b"pw"));
    assert!(legacy.is_ok(), "{:?}", legacy.err());
    let body = String::from_utf8_lossy(&pem)
        .lines()
        .nth(1)
        .unwrap()
        .to_owned();
    for e in [
        private("small.pem"),
        RsaPrivateKey::from_pem_or_der(truncated).unwrap_err(),
    ] {
        assert!(!e.to_string().contains(&body[..20]));
    }
}

#[test]
fn crlf_preamble_and_trailing_text_are_accepted() {
    let k = keys(2048);
    let pem = String::from_utf8(k.read("p8.pem")).unwrap();
    let crlf = pem.replace('\n', "\r\n");
    let with_preamble = format!("Bag Attributes\n    localKeyID: 01\n{pem}");
    let trailing_lines = format!("{pem}\n\n\n");
    let no_final_newline = pem.trim_end().to_owned();
    let then_a_public_key = format!("{pem}{}", String::from_utf8(k.read("spki.pem")).unwrap());
    let reference = ucrypto::generate_rsa_signature(b"m", pem.as_bytes()).unwrap();
    for text in [
        crlf,
        with_preamble,
        trailing_lines,
        no_final_newline,
        then_a_public_key,
    ] {
        let got = ucrypto::generate_rsa_signature(b"m", text.as_bytes());
        assert_eq!(got.unwrap(), reference, "{:?}", &text[text.len() - 30..]);
    }
}

#[test]
fn public_key_of_a_private_key_matches() {
    let k = keys(3072);
    let private = RsaPrivateKey::from_pem_or_der(&k.read("p1.pem")).unwrap();
    assert_eq!(private.bits(), 3072);
    let public = private.public_key().unwrap();
    let ct = public.encrypt_pkcs1v15(b"round trip").unwrap();
    assert_eq!(private.decrypt_pkcs1v15(&ct).unwrap(), b"round trip");
}
