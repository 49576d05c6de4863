//! `ucrypto aes`: every mode against `openssl enc`, padding, usage errors, streaming in
//! bounded memory, and Wycheproof's AES-CBC-PKCS5 vectors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;
use ucrypto::aes::{BLOCK_SIZE, StartValue};
use ucrypto::{Mode, Named};

mod common;
use common::{bin, fails, ok, openssl};

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

#[test]
fn aes_equals_openssl_enc_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let iv = "000102030405060708090a0b0c0d0e0f";
    for (key, bits) in [
        ("2b7e151628aed2a6abf7158809cf4f3c", 128),
        (
            "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            256,
        ),
    ] {
        // openssl's name for each of our modes.
        for (mode, cipher) in [
            (Mode::Ecb, "ecb"),
            (Mode::Cbc, "cbc"),
            (Mode::Cfb8, "cfb8"),
            (Mode::Cfb128, "cfb"),
            (Mode::Ctr, "ctr"),
        ] {
            let len = if mode.needs_whole_blocks() {
                4096
            } else {
                4093
            };
            let plain = data(len);
            let name = format!("-aes-{bits}-{cipher}");
            let mut theirs_args = vec!["enc", name.as_str(), "-nopad", "-K", key];
            let mut ours_args = vec!["aes", "encrypt", "--mode", mode.name(), "--key", key];
            let flag = match mode.start_value() {
                StartValue::None => None,
                StartValue::Iv => Some("--iv"),
                StartValue::Counter => Some("--counter"),
            };
            if let Some(flag) = flag {
                theirs_args.extend(["-iv", iv]);
                ours_args.extend([flag, iv]);
            }
            let theirs = openssl(d, &theirs_args, &plain);
            assert_eq!(ok(d, &ours_args, &plain), theirs, "{mode}-{bits} encrypt");
            ours_args[1] = "decrypt";
            assert_eq!(ok(d, &ours_args, &theirs), plain, "{mode}-{bits} decrypt");
        }
    }
}

#[test]
fn aes_pkcs7_matches_openssl_default_padding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (key, iv) = (
        "2b7e151628aed2a6abf7158809cf4f3c",
        "000102030405060708090a0b0c0d0e0f",
    );
    for len in [0, 1, 15, 16, 17, 1 << 20, (1 << 20) + 5] {
        let plain = data(len);
        let theirs = openssl(d, &["enc", "-aes-128-cbc", "-K", key, "-iv", iv], &plain);
        let ours = ok(
            d,
            &[
                "aes", "encrypt", "--mode", "cbc", "--key", key, "--iv", iv, "--pad", "pkcs7",
            ],
            &plain,
        );
        assert_eq!(ours, theirs, "len {len}");
        let back = ok(
            d,
            &[
                "aes", "decrypt", "--mode", "cbc", "--key", key, "--iv", iv, "--pad", "pkcs7",
            ],
            &theirs,
        );
        assert_eq!(back, plain, "len {len}");
    }
    let ecb = openssl(d, &["enc", "-aes-128-ecb", "-K", key], b"seventeen bytes!!");
    assert_eq!(
        ok(
            d,
            &[
                "aes", "encrypt", "--mode", "ecb", "--key", key, "--pad", "pkcs7"
            ],
            b"seventeen bytes!!"
        ),
        ecb
    );
    // a wrong key gives bad padding (almost always): exit 1, and no output file is left
    let wrong = "2b7e151628aed2a6abf7158809cf4f3d";
    std::fs::write(
        d.join("ct"),
        openssl(
            d,
            &["enc", "-aes-128-cbc", "-K", key, "-iv", iv],
            &data(100),
        ),
    )
    .unwrap();
    let err = fails(
        d,
        &[
            "aes", "decrypt", "--mode", "cbc", "--key", wrong, "--iv", iv, "--pad", "pkcs7",
            "--in", "ct", "--out", "pt",
        ],
        b"",
        1,
    );
    assert!(err.contains("bad padding"), "{err}");
    assert!(!d.join("pt").exists() && !d.join("pt.ucrypto-partial").exists());
}

#[test]
fn aes_usage_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = "2b7e151628aed2a6abf7158809cf4f3c";
    let err = fails(
        d,
        &["aes", "encrypt", "--mode", "cbc", "--key", key, "--iv", key],
        &[0; 15],
        2,
    );
    assert!(
        err.contains("not a multiple of 16; pass --pad pkcs7"),
        "{err}"
    );
    let err = fails(
        d,
        &["aes", "encrypt", "--mode", "cbc", "--key", key],
        b"",
        2,
    );
    assert!(err.contains("--mode cbc needs --iv"), "{err}");
    let err = fails(
        d,
        &["aes", "encrypt", "--mode", "ctr", "--key", key, "--iv", key],
        b"",
        2,
    );
    assert!(err.contains("takes --counter"), "{err}");
    let err = fails(
        d,
        &[
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            "zz-secret-zz",
            "--counter",
            key,
        ],
        b"",
        2,
    );
    assert!(
        err.contains("--key is not a key") && !err.contains("zz-secret-zz"),
        "{err}"
    );
    let err = fails(
        d,
        &[
            "aes", "encrypt", "--mode", "cfb8", "--key", key, "--iv", key, "--pad", "pkcs7",
        ],
        b"",
        2,
    );
    assert!(
        err.contains("--pad applies only to --mode ecb or cbc;"),
        "{err}"
    );
    std::fs::write(d.join("aes.key"), [7u8; 32]).unwrap();
    let ct = ok(
        d,
        &[
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            "@aes.key",
            "--counter",
            key,
        ],
        b"file key",
    );
    assert_eq!(
        ok(
            d,
            &[
                "aes",
                "decrypt",
                "--mode",
                "ctr",
                "--key",
                "@aes.key",
                "--counter",
                key
            ],
            &ct
        ),
        b"file key"
    );
}

/// Peak resident memory (VmHWM) of a running process, in KiB, or 0 once it has exited.
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_256_mib_file_streams_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let size = 256 << 20;
    let mut input = vec![0u8; size];
    ucrypto::fill_random(&mut input[..1 << 20]).unwrap();
    for i in 1..256 {
        input.copy_within(..1 << 20, i << 20);
        input[i << 20] = i as u8; // no two MiB alike
    }
    std::fs::write(d.join("big"), &input).unwrap();
    let (key, counter) = (
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
    );
    let mut child = Command::new(bin())
        .args([
            "aes",
            "encrypt",
            "--mode",
            "ctr",
            "--key",
            key,
            "--counter",
            counter,
            "--in",
            "big",
            "--out",
            "big.enc",
        ])
        .current_dir(d)
        .spawn()
        .unwrap();
    let mut peak = 0;
    let status = loop {
        peak = peak.max(peak_kib(child.id()));
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    assert!(status.success());
    println!(
        "peak resident memory of `ucrypto aes encrypt` on 256 MiB: {} KiB",
        peak
    );
    assert!(peak > 0, "no memory reading was taken");
    assert!(
        peak < 64 * 1024,
        "peak memory {peak} KiB is not under 64 MiB"
    );
    let mut one_shot =
        ucrypto::Aes::new_ctr(&hex::decode(key).unwrap(), &hex::decode(counter).unwrap()).unwrap();
    one_shot.encrypt_in_place(&mut input).unwrap();
    assert!(
        std::fs::read(d.join("big.enc")).unwrap() == input,
        "streamed output differs from one-shot"
    );
}

/// Wycheproof AES-CBC-PKCS5 (see crates/ucrypto/tests/vectors/README.md): every valid case
/// decrypts to its message with `--pad pkcs7`, every bad-padding case exits 1 with the one
/// padding message.
#[test]
fn wycheproof_aes_cbc_pkcs5_through_the_cli() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ucrypto/tests/vectors/wycheproof/aes_cbc_pkcs5_test.json");
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (mut valid, mut invalid) = (0, 0);
    for group in data["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            let field = |name: &str| test[name].as_str().unwrap().to_owned();
            let ct = hex::decode(field("ct")).unwrap();
            let args = [
                "aes",
                "decrypt",
                "--mode",
                "cbc",
                "--key",
                &field("key"),
                "--iv",
                &field("iv"),
                "--pad",
                "pkcs7",
            ];
            if test["result"] == "valid" {
                assert_eq!(
                    ok(d, &args, &ct),
                    hex::decode(field("msg")).unwrap(),
                    "tc {}",
                    test["tcId"]
                );
                valid += 1;
            } else {
                let err = fails(
                    d,
                    &args,
                    &ct,
                    if ct.len().is_multiple_of(BLOCK_SIZE) {
                        1
                    } else {
                        2
                    },
                );
                assert!(
                    err.contains("bad padding") || err.contains("not a multiple of 16"),
                    "tc {}: {err}",
                    test["tcId"]
                );
                invalid += 1;
            }
        }
    }
    println!("wycheproof aes_cbc_pkcs5 via the CLI: {valid} valid, {invalid} invalid");
    assert_eq!((valid, invalid), (72, 144));
}
