//! The device constructor's rules and its own known answers (Pycom firmware test suite:
//! key `pycomisthekey...`, IV `thisisthetestIV `).
#![allow(clippy::unwrap_used)]

use ucrypto::aes::{MODE_CBC, MODE_CFB, MODE_CTR, MODE_ECB, SEGMENT_8, SEGMENT_128};
use ucrypto::{Aes, Error, Mode};

const KEY: &[u8] = b"pycomisthekey...";
const IV: &[u8] = b"thisisthetestIV ";

#[test]
fn device_known_answers() {
    let mut ecb = Aes::from_device_args(KEY, MODE_ECB, None, None, SEGMENT_8).unwrap();
    assert_eq!(
        ecb.encrypt(b"testing ecb 123.").unwrap(),
        b"\x9f03\xbc^\x7f\xef\xa5\xf1\xd6P\x1d\x07)\xe6R"
    );
    let mut cbc = Aes::from_device_args(KEY, MODE_CBC, Some(IV), None, SEGMENT_8).unwrap();
    assert_eq!(
        cbc.encrypt(b"testing cbc 123.").unwrap(),
        b"Jzv\x9c\x17\xfa\x9c\xbd\xbe/\xc943\x81t\x19"
    );
    let mut ctr =
        Aes::from_device_args(KEY, MODE_CTR, None, Some(b"0123456789012345"), SEGMENT_8).unwrap();
    assert_eq!(
        ctr.encrypt(b"this is a ctr test").unwrap(),
        b"\xb8\x17\xef\xceau\x97\xb6\xe1\xcbJQ\xc1wW\xc0-z"
    );
}

fn err(key: &[u8], mode: i64, iv: Option<&[u8]>, counter: Option<&[u8]>, seg: i64) -> Error {
    Aes::from_device_args(key, mode, iv, counter, seg).unwrap_err()
}

#[test]
fn constructor_checks_in_device_order() {
    let c16: Option<&[u8]> = Some(b"0123456789012345");
    assert_eq!(
        err(b"short", 99, None, c16, 0),
        Error::AesKeyLength { len: 5 }
    );
    assert_eq!(err(KEY, -1, Some(b"x"), c16, 0), Error::UnknownMode(-1));
    assert_eq!(err(KEY, 4, None, None, 8), Error::UnknownMode(4));
    assert_eq!(
        err(KEY, MODE_CBC, Some(b"short"), c16, 0),
        Error::IvLength { len: 5 }
    );
    assert_eq!(err(KEY, MODE_CFB, None, None, 8), Error::IvRequired);
    assert_eq!(err(KEY, MODE_CBC, None, None, 8), Error::IvRequired);
    assert_eq!(
        err(KEY, MODE_CTR, None, Some(b"short"), 8),
        Error::CounterLength { len: 5 }
    );
    assert_eq!(
        err(KEY, MODE_CTR, Some(IV), None, 8),
        Error::CounterRequired
    );
    assert_eq!(err(KEY, MODE_ECB, None, c16, 8), Error::CounterWithoutCtr);
    assert_eq!(
        err(KEY, MODE_CBC, Some(IV), c16, 8),
        Error::CounterWithoutCtr
    );
    assert_eq!(
        err(KEY, MODE_CFB, Some(IV), None, 16),
        Error::SegmentSize(16)
    );
    assert_eq!(
        err(KEY, MODE_CFB, Some(IV), c16, 16),
        Error::CounterWithoutCtr
    );
}

#[test]
fn ignored_arguments_are_ignored() {
    // An IV in ECB or CTR is not even checked; segment_size matters only for CFB.
    let ecb = Aes::from_device_args(KEY, MODE_ECB, Some(b"bad"), None, 12345).unwrap();
    assert_eq!(ecb.mode(), Mode::Ecb);
    let ctr = Aes::from_device_args(KEY, MODE_CTR, Some(b"bad"), Some(IV), 7).unwrap();
    assert_eq!(ctr.mode(), Mode::Ctr);
    let cbc = Aes::from_device_args(KEY, MODE_CBC, Some(IV), None, 7).unwrap();
    assert_eq!(cbc.mode(), Mode::Cbc);
    assert_eq!(
        Aes::from_device_args(KEY, MODE_CFB, Some(IV), None, SEGMENT_8)
            .unwrap()
            .mode(),
        Mode::Cfb8
    );
    assert_eq!(
        Aes::from_device_args(KEY, MODE_CFB, Some(IV), None, SEGMENT_128)
            .unwrap()
            .mode(),
        Mode::Cfb128
    );
}

#[test]
fn getrandbits_rounds_up_to_words() {
    for (bits, len) in [
        (0, 0),
        (1, 4),
        (31, 4),
        (32, 4),
        (33, 8),
        (128, 16),
        (129, 20),
    ] {
        assert_eq!(
            ucrypto::getrandbits(bits).unwrap().len(),
            len,
            "bits {bits}"
        );
    }
    assert_eq!(ucrypto::getrandbits(u64::MAX), Err(Error::OutOfMemory));
    let a = ucrypto::getrandbits(256).unwrap();
    let b = ucrypto::getrandbits(256).unwrap();
    assert_ne!(a, b, "two 256-bit draws were equal");
}
