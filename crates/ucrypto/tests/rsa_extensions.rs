//! The extensions beyond the device against the real `openssl` command line: RS256
//! verification, key generation, OAEP both ways, and password-protected keys.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::openssl::{keys, openssl};
use ucrypto::rsa::{KeySize, Padding};
use ucrypto::{Error, KeyProblem, Named, RsaPrivateKey, RsaPublicKey};

const OAEP: [&str; 6] = [
    "-pkeyopt",
    "rsa_padding_mode:oaep",
    "-pkeyopt",
    "rsa_oaep_md:sha256",
    "-pkeyopt",
    "rsa_mgf1_md:sha256",
];

#[test]
fn verify_agrees_with_openssl_dgst_verify() {
    let k = keys(2048);
    let d = k.dir.path();
    std::fs::write(d.join("m.txt"), b"header.payload").unwrap();
    let sig = openssl(d, &["dgst", "-sha256", "-sign", "p8.pem", "m.txt"], b"");
    for public in ["spki.pem", "spki.der"] {
        let key = RsaPublicKey::from_pem_or_der(&k.read(public)).unwrap();
        assert!(key.verify_rs256(b"header.payload", &sig), "{public}");
        assert!(!key.verify_rs256(b"header.payloaD", &sig));
        let mut bad = sig.clone();
        bad[0] ^= 0x80;
        assert!(!key.verify_rs256(b"header.payload", &bad));
        assert!(!key.verify_rs256(b"header.payload", &sig[..255]));
        assert!(!key.verify_rs256(b"header.payload", b""));
    }
}

#[test]
fn generated_keys_load_in_openssl_and_sign_like_it() {
    for bits in [2048, 3072] {
        let key = RsaPrivateKey::generate(KeySize::parse(&bits.to_string()).unwrap()).unwrap();
        assert_eq!(key.bits(), bits as usize);
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("k.pem"), key.to_pkcs8_pem().unwrap().as_bytes()).unwrap();
        let public_pem = key.public_key().unwrap().to_spki_pem().unwrap();
        let text = String::from_utf8(openssl(
            d,
            &["pkey", "-in", "k.pem", "-check", "-noout", "-text"],
            b"",
        ))
        .unwrap();
        assert!(
            text.contains(&format!("Private-Key: ({bits} bit, 2 primes)")),
            "{text}"
        );
        assert_eq!(
            String::from_utf8(openssl(d, &["pkey", "-in", "k.pem", "-pubout"], b"")).unwrap(),
            public_pem
        );
        std::fs::write(d.join("m"), b"m").unwrap();
        let theirs = openssl(d, &["dgst", "-sha256", "-sign", "k.pem", "m"], b"");
        assert_eq!(key.sign_rs256(b"m").unwrap(), theirs);
    }
    for bad in ["0", "1024", "2047", "4095", "16384", "-1", "2048 "] {
        let err = KeySize::parse(bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("key size must be '2048', '3072', '4096' or '8192', not {bad:?}")
        );
    }
}

#[test]
fn oaep_sha256_both_ways_with_openssl() {
    for bits in [2048, 4096] {
        let k = keys(bits);
        let d = k.dir.path();
        let public = RsaPublicKey::from_pem_or_der(&k.read("spki.pem")).unwrap();
        let private = RsaPrivateKey::from_pem_or_der(&k.read("p8.pem")).unwrap();
        let max = bits as usize / 8 - 66;
        assert_eq!(public.max_message_len(Padding::OaepSha256), max);
        let msg = vec![0x5a; max];
        std::fs::write(
            d.join("oaep.bin"),
            public.encrypt(&msg, Padding::OaepSha256).unwrap(),
        )
        .unwrap();
        let mut args = vec!["pkeyutl", "-decrypt", "-inkey", "p8.pem", "-in", "oaep.bin"];
        args.extend(OAEP);
        assert_eq!(openssl(d, &args, b""), msg);
        let mut args = vec!["pkeyutl", "-encrypt", "-pubin", "-inkey", "spki.pem"];
        args.extend(OAEP);
        let theirs = openssl(d, &args, b"from openssl");
        assert_eq!(
            private.decrypt(&theirs, Padding::OaepSha256).unwrap(),
            b"from openssl"
        );
        assert_eq!(
            private.decrypt(&theirs, Padding::Pkcs1v15),
            Err(Error::DecryptFailed)
        );
        assert!(matches!(
            public.encrypt(&vec![0; max + 1], Padding::OaepSha256),
            Err(Error::MessageTooLong {
                padding: Padding::OaepSha256,
                ..
            })
        ));
    }
}

#[test]
fn password_protected_pkcs8_from_openssl() {
    let k = keys(2048);
    let d = k.dir.path();
    openssl(
        d,
        &[
            "pkey",
            "-in",
            "p8.pem",
            "-aes256",
            "-passout",
            "pass:pw",
            "-out",
            "e_aes.pem",
        ],
        b"",
    );
    openssl(
        d,
        &[
            "pkcs8",
            "-topk8",
            "-scrypt",
            "-in",
            "p8.pem",
            "-passout",
            "pass:pw",
            "-out",
            "e_scrypt.pem",
        ],
        b"",
    );
    openssl(
        d,
        &[
            "pkcs8",
            "-topk8",
            "-v2",
            "des3",
            "-in",
            "p8.pem",
            "-passout",
            "pass:pw",
            "-out",
            "e_des3.pem",
        ],
        b"",
    );
    openssl(
        d,
        &[
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-128-cbc",
            "-v2prf",
            "hmacWithSHA1",
            "-in",
            "p8.pem",
            "-passout",
            "pass:pw",
            "-out",
            "e_sha1.pem",
        ],
        b"",
    );
    openssl(
        d,
        &[
            "pkcs8",
            "-topk8",
            "-v1",
            "PBE-SHA1-3DES",
            "-in",
            "p8.pem",
            "-passout",
            "pass:pw",
            "-out",
            "e_pbes1.pem",
        ],
        b"",
    );
    let reference = RsaPrivateKey::from_pem_or_der(&k.read("p8.pem"))
        .unwrap()
        .sign_rs256(b"m")
        .unwrap();
    for file in ["e_aes.pem", "e_scrypt.pem", "e_des3.pem", "e_sha1.pem"] {
        let key = RsaPrivateKey::from_pem_or_der_with_password(&k.read(file), Some(b"pw")).unwrap();
        assert_eq!(key.sign_rs256(b"m").unwrap(), reference, "{file}");
        let wrong = RsaPrivateKey::from_pem_or_der_with_password(&k.read(file), Some(b"pW"));
        assert_eq!(wrong.unwrap_err(), Error::WrongPassword, "{file}");
        let none = RsaPrivateKey::from_pem_or_der(&k.read(file));
        assert_eq!(
            none.unwrap_err(),
            Error::InvalidPrivateKey(KeyProblem::EncryptedPkcs8),
            "{file}"
        );
    }
    let pbes1 = RsaPrivateKey::from_pem_or_der_with_password(&k.read("e_pbes1.pem"), Some(b"pw"));
    assert_eq!(
        pbes1.unwrap_err(),
        Error::InvalidPrivateKey(KeyProblem::UnsupportedEncryption)
    );
    let needless = RsaPrivateKey::from_pem_or_der_with_password(&k.read("p8.pem"), Some(b"pw"));
    assert_eq!(needless.unwrap_err(), Error::PasswordNotNeeded);
}

#[test]
fn key_cache_returns_working_keys() {
    let k = keys(2048);
    let pem = k.read("p8.pem");
    let first = ucrypto::generate_rsa_signature(b"m", &pem).unwrap();
    let again = ucrypto::generate_rsa_signature(b"m", &pem).unwrap();
    assert_eq!(first, again);
    let public = ucrypto::cache::public_key(&k.read("spki.pem")).unwrap();
    assert!(public.verify_rs256(b"m", &first));
}

#[test]
fn rs256_in_pieces_equals_whole() {
    let k = keys(2048);
    let private = RsaPrivateKey::from_pem_or_der(&k.read("p8.pem")).unwrap();
    let public = RsaPublicKey::from_pem_or_der(&k.read("spki.pem")).unwrap();
    let message: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let mut digest = ucrypto::rsa::Rs256Digest::new();
    for piece in message.chunks(4099) {
        digest.update(piece);
    }
    let sig = private.sign_rs256_digest(digest.clone()).unwrap();
    assert_eq!(sig, private.sign_rs256(&message).unwrap());
    assert!(public.verify_rs256_digest(digest, &sig));
    let mut other = ucrypto::rsa::Rs256Digest::new();
    other.update(&message[1..]);
    assert!(!public.verify_rs256_digest(other, &sig));
}

/// The test key's encrypted PKCS#8 (PBES2 with PBKDF2 and AES-256-CBC, password
/// `test-only`): its PBKDF2 parameters, and its DER with another key derivation put in.
mod test_key_kdf {
    use der::{Decode, Encode};
    use pkcs8::EncryptedPrivateKeyInfoRef;
    use pkcs8::pkcs5::{EncryptionScheme, pbes2};

    pub const PEM: &[u8] = include_bytes!("data/rsa2048_pkcs8_aes256.pem");

    fn with<T>(f: impl FnOnce(EncryptedPrivateKeyInfoRef<'_>, pbes2::Parameters) -> T) -> T {
        let (_, der) = pem_rfc7468::decode_vec(PEM).unwrap();
        let info = EncryptedPrivateKeyInfoRef::from_der(&der).unwrap();
        let EncryptionScheme::Pbes2(params) = info.encryption_algorithm.clone() else {
            panic!("the test key is PBES2");
        };
        f(info, params)
    }

    pub fn pbkdf2() -> pbes2::Pbkdf2Params {
        with(|_, params| *params.kdf.pbkdf2().unwrap())
    }

    /// `plain`, whatever it is, encrypted as the test key is (same scheme and password).
    pub fn sealing(plain: &[u8]) -> Vec<u8> {
        with(|info, _| {
            let sealed = info
                .encryption_algorithm
                .encrypt(b"test-only", plain)
                .unwrap();
            EncryptedPrivateKeyInfoRef {
                encryption_algorithm: info.encryption_algorithm.clone(),
                encrypted_data: der::asn1::OctetStringRef::new(&sealed).unwrap(),
            }
            .to_der()
            .unwrap()
        })
    }

    pub fn reencoded(kdf: pbes2::Kdf) -> Vec<u8> {
        with(|info, params| {
            EncryptedPrivateKeyInfoRef {
                encryption_algorithm: EncryptionScheme::Pbes2(pbes2::Parameters {
                    kdf,
                    encryption: params.encryption,
                }),
                encrypted_data: info.encrypted_data,
            }
            .to_der()
            .unwrap()
        })
    }
}

/// An encrypted key's own parameters choose the key derivation's cost: a crafted key must
/// not make us spin for minutes (PBKDF2) or ask for a petabyte (scrypt, which would abort).
#[test]
fn costly_key_derivation_is_refused_before_it_runs() {
    use pkcs8::pkcs5::pbes2;
    use test_key_kdf::reencoded;
    let salt = test_key_kdf::pbkdf2().salt;
    let mut pbkdf2 = test_key_kdf::pbkdf2();
    pbkdf2.iteration_count = u32::MAX;
    let scrypt = pbes2::ScryptParams {
        salt,
        cost_parameter: 1 << 40,
        block_size: 8,
        parallelization: 1,
        key_length: Some(32),
    };
    let parallel = pbes2::ScryptParams {
        cost_parameter: 1 << 10,
        parallelization: 1000,
        ..scrypt
    };
    for kdf in [
        pbes2::Kdf::Pbkdf2(pbkdf2),
        pbes2::Kdf::Scrypt(scrypt),
        pbes2::Kdf::Scrypt(parallel),
    ] {
        let started = std::time::Instant::now();
        let err = RsaPrivateKey::from_pem_or_der_with_password(&reencoded(kdf), Some(b"test-only"))
            .unwrap_err();
        assert_eq!(err, Error::InvalidPrivateKey(KeyProblem::KdfTooCostly));
        assert!(started.elapsed().as_secs() < 2);
    }
    // the original parameters still work
    assert!(
        RsaPrivateKey::from_pem_or_der_with_password(test_key_kdf::PEM, Some(b"test-only")).is_ok()
    );
}

/// Key-derivation parameters outside their domain are a damaged key, refused before the
/// KDF runs: an scrypt N of 0 made the `pkcs5` crate panic ("should always fit"), which
/// crossed into Python as `PanicException` and ended the command with exit 101. The N = 0
/// key is also `data/rsa2048_scrypt_n0.pem`, for the CLI and Python tests; this test
/// checks that file is exactly that key.
#[test]
fn kdf_parameters_outside_their_domain_are_refused_not_panicked() {
    use pkcs8::pkcs5::pbes2;
    use test_key_kdf::reencoded;
    let salt = test_key_kdf::pbkdf2().salt;
    let scrypt = |cost_parameter, block_size, parallelization| {
        pbes2::Kdf::Scrypt(pbes2::ScryptParams {
            salt,
            cost_parameter,
            block_size,
            parallelization,
            key_length: Some(32),
        })
    };
    let mut no_iterations = test_key_kdf::pbkdf2();
    no_iterations.iteration_count = 0;
    for kdf in [
        scrypt(0, 8, 1),
        scrypt(1, 8, 1),
        scrypt(3, 8, 1),
        scrypt(1 << 10, 0, 1),
        scrypt(1 << 10, 8, 0),
        pbes2::Kdf::Pbkdf2(no_iterations),
    ] {
        let key = reencoded(kdf.clone());
        let err =
            RsaPrivateKey::from_pem_or_der_with_password(&key, Some(b"test-only")).unwrap_err();
        assert_eq!(
            err,
            Error::InvalidPrivateKey(KeyProblem::BadKdfParameters),
            "{kdf:?}"
        );
    }
    let n0 = pem_rfc7468::encode_string(
        "ENCRYPTED PRIVATE KEY",
        pem_rfc7468::LineEnding::LF,
        &reencoded(scrypt(0, 8, 1)),
    )
    .unwrap();
    assert_eq!(n0, include_str!("data/rsa2048_scrypt_n0.pem"));
}

/// OpenSSL's legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`) with each cipher `openssl rsa
/// -traditional` offers, and with a PKCS#8 body under the same headers (which other tools
/// write): each gives the key with the right password and `WrongPassword` with another.
#[test]
fn legacy_encrypted_pem_with_every_cipher() {
    use base64::Engine as _;
    let k = keys(2048);
    let d = k.dir.path();
    let reference = RsaPrivateKey::from_pem_or_der(&k.read("p8.pem"))
        .unwrap()
        .sign_rs256(b"m")
        .unwrap();
    let check = |pem: &[u8], what: &str| {
        let key = RsaPrivateKey::from_pem_or_der_with_password(pem, Some(b"pw")).unwrap();
        assert_eq!(key.sign_rs256(b"m").unwrap(), reference, "{what}");
        let wrong = RsaPrivateKey::from_pem_or_der_with_password(pem, Some(b"pW"));
        assert_eq!(wrong.unwrap_err(), Error::WrongPassword, "{what}");
    };
    for cipher in ["-des3", "-aes128", "-aes192", "-aes256"] {
        let pem = openssl(
            d,
            &[
                "rsa",
                "-in",
                "p8.pem",
                "-traditional",
                cipher,
                "-passout",
                "pass:pw",
            ],
            b"",
        );
        check(&pem, cipher);
    }
    // The same encryption over PKCS#8 DER: OpenSSL derives the key (EVP_BytesToKey, MD5,
    // the IV's first 8 bytes as salt) and encrypts; the PEM is assembled here.
    let iv = "00112233445566778899AABBCCDDEEFF";
    let derived = String::from_utf8(openssl(
        d,
        &[
            "enc",
            "-aes-128-cbc",
            "-md",
            "md5",
            "-S",
            &iv[..16],
            "-pass",
            "pass:pw",
            "-P",
        ],
        b"",
    ))
    .unwrap();
    let key_hex = derived
        .lines()
        .find_map(|l| l.strip_prefix("key="))
        .unwrap()
        .trim()
        .to_owned();
    // (`pkey -outform DER` writes PKCS#1 in OpenSSL 3.0; `pkcs8 -topk8` writes PKCS#8.)
    let der = openssl(
        d,
        &[
            "pkcs8", "-topk8", "-nocrypt", "-in", "p8.pem", "-outform", "DER",
        ],
        b"",
    );
    let body = openssl(d, &["enc", "-aes-128-cbc", "-K", &key_hex, "-iv", iv], &der);
    let b64 = base64::engine::general_purpose::STANDARD.encode(body);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{iv}\n\n{}\n-----END PRIVATE KEY-----\n",
        lines.join("\n")
    );
    check(pem.as_bytes(), "PKCS#8 under legacy headers");
    // Either label over either structure: what the password decrypts is read as what it is.
    let relabel = |pem: &str, from: &str, to: &str| pem.replace(from, to).into_bytes();
    check(
        &relabel(&pem, "PRIVATE KEY-----", "RSA PRIVATE KEY-----"),
        "PKCS#8 under legacy headers, labelled RSA PRIVATE KEY",
    );
    let pkcs1 = String::from_utf8(openssl(
        d,
        &[
            "rsa",
            "-in",
            "p8.pem",
            "-traditional",
            "-des3",
            "-passout",
            "pass:pw",
        ],
        b"",
    ))
    .unwrap();
    check(
        &relabel(&pkcs1, "RSA PRIVATE KEY-----", "PRIVATE KEY-----"),
        "PKCS#1 under legacy headers, labelled PRIVATE KEY",
    );
}

/// PBES2 over the key's PEM text rather than its DER (some tools encrypt the file they
/// have): the right password gives the key, a wrong one is a wrong password.
#[test]
fn pbes2_over_pem_text_reads_the_key() {
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/rsa2048_pkcs8.pem"
    ))
    .unwrap();
    let der = test_key_kdf::sealing(&text);
    let pem =
        pem_rfc7468::encode_string("ENCRYPTED PRIVATE KEY", pem_rfc7468::LineEnding::LF, &der)
            .unwrap();
    let reference = RsaPrivateKey::from_pem_or_der(&text)
        .unwrap()
        .sign_rs256(b"m")
        .unwrap();
    for encrypted in [pem.as_bytes(), &der[..]] {
        let key =
            RsaPrivateKey::from_pem_or_der_with_password(encrypted, Some(b"test-only")).unwrap();
        assert_eq!(key.sign_rs256(b"m").unwrap(), reference);
        let wrong = RsaPrivateKey::from_pem_or_der_with_password(encrypted, Some(b"test-Only"));
        assert_eq!(wrong.unwrap_err(), Error::WrongPassword);
    }
}

/// A key's debug form names its size and nothing of the key.
#[test]
fn key_debug_shows_only_the_size() {
    let key = RsaPrivateKey::from_pem_or_der(&keys(2048).read("p8.pem")).unwrap();
    assert_eq!(format!("{key:?}"), "RsaPrivateKey { bits: 2048, .. }");
    let public = key.public_key().unwrap();
    assert_eq!(format!("{public:?}"), "RsaPublicKey { bits: 2048, .. }");
}

/// Every export of a key is byte for byte what OpenSSL writes for the same key.
#[test]
fn exports_equal_openssl() {
    let k = keys(2048);
    let d = k.dir.path();
    let key = RsaPrivateKey::from_pem_or_der(&k.read("p8.pem")).unwrap();
    let public = key.public_key().unwrap();
    let theirs = |command: &str, args: &[&str]| {
        let mut all = vec![command, "-in", "p8.pem"];
        all.extend_from_slice(args);
        openssl(d, &all, b"")
    };
    let pkcs1 = ["-traditional"];
    let pkcs1_der = ["-traditional", "-outform", "DER"];
    let pkcs8_der = ["-topk8", "-nocrypt", "-outform", "DER"];
    assert_eq!(*key.to_pkcs8_der(), theirs("pkcs8", &pkcs8_der));
    assert_eq!(key.to_pkcs8_pem().unwrap().as_bytes(), theirs("pkey", &[]));
    assert_eq!(*key.to_pkcs1_der().unwrap(), theirs("rsa", &pkcs1_der));
    assert_eq!(
        key.to_pkcs1_pem().unwrap().as_bytes(),
        theirs("rsa", &pkcs1)
    );
    let spki_der = theirs("pkey", &["-pubout", "-outform", "DER"]);
    assert_eq!(public.to_spki_der().unwrap(), spki_der);
    let fingerprint = openssl(d, &["dgst", "-sha256", "-binary"], &spki_der);
    assert_eq!(public.spki_sha256().unwrap().to_vec(), fingerprint);
    assert_eq!(
        public.to_spki_pem().unwrap().as_bytes(),
        theirs("pkey", &["-pubout"])
    );
    let pkcs1_public = theirs("rsa", &["-RSAPublicKey_out", "-outform", "DER"]);
    assert_eq!(public.to_pkcs1_der(), pkcs1_public);
}

/// An encrypted PKCS#8 key in DER with a scheme we cannot read (PBES1, as `openssl pkcs8
/// -v1` writes) is named as such, as its PEM form is, not as bytes that are not a key.
#[test]
fn der_keys_with_an_unsupported_scheme_are_named_as_encrypted() {
    let k = keys(2048);
    let d = k.dir.path();
    let der = openssl(
        d,
        &[
            "pkcs8",
            "-topk8",
            "-in",
            "p8.pem",
            "-v1",
            "PBE-SHA1-3DES",
            "-passout",
            "pass:pw",
            "-outform",
            "DER",
        ],
        b"",
    );
    assert_eq!(
        RsaPrivateKey::from_pem_or_der_with_password(&der, Some(b"pw")).unwrap_err(),
        Error::InvalidPrivateKey(KeyProblem::UnsupportedEncryption)
    );
    assert_eq!(
        RsaPrivateKey::from_pem_or_der(&der).unwrap_err(),
        Error::InvalidPrivateKey(KeyProblem::EncryptedPkcs8)
    );
}
