//! OpenSSL's legacy encrypted PEM: a traditional (PKCS#1) key whose block carries
//! `Proc-Type: 4,ENCRYPTED` and `DEK-Info: CIPHER,IV` headers, as `openssl genrsa -des3`
//! wrote before OpenSSL 3 and `openssl rsa -traditional -des3|-aes256` still writes.
//!
//! The cipher key comes from OpenSSL's `EVP_BytesToKey` with MD5 and one iteration, salted
//! with the first 8 bytes of the IV: a weak scheme, read here only so that such keys can be
//! converted to the unencrypted PKCS#8 the device wants (or re-encrypted with PBES2).

use super::key_format::KeyFormat;
use crate::error::{Error, KeyProblem, Result};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
use md5::{Digest, Md5};
use zeroize::Zeroizing;

/// A cipher OpenSSL names in `DEK-Info`.
#[derive(Clone, Copy)]
/// (All of them in CBC mode.)
enum CbcCipher {
    DesEde3,
    Aes128,
    Aes192,
    Aes256,
}

impl CbcCipher {
    fn from_dek_info(name: &str) -> Option<Self> {
        match name {
            "DES-EDE3-CBC" => Some(Self::DesEde3),
            "AES-128-CBC" => Some(Self::Aes128),
            "AES-192-CBC" => Some(Self::Aes192),
            "AES-256-CBC" => Some(Self::Aes256),
            _ => None,
        }
    }

    /// Key and IV lengths.
    fn sizes(self) -> (usize, usize) {
        match self {
            Self::DesEde3 => (24, 8),
            Self::Aes128 => (16, 16),
            Self::Aes192 => (24, 16),
            Self::Aes256 => (32, 16),
        }
    }

    /// Decrypts `data` and removes its PKCS#7 padding; `None` when the padding is bad.
    fn decrypt(self, key: &[u8], iv: &[u8], data: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        fn run<C: KeyIvInit + BlockModeDecrypt>(
            key: &[u8],
            iv: &[u8],
            buf: &mut [u8],
        ) -> Option<usize> {
            let mode = C::new_from_slices(key, iv).ok()?;
            mode.decrypt_padded::<Pkcs7>(buf).ok().map(<[u8]>::len)
        }
        let mut buf = Zeroizing::new(data.to_vec());
        let len = match self {
            Self::DesEde3 => run::<cbc::Decryptor<des::TdesEde3>>(key, iv, &mut buf),
            Self::Aes128 => run::<cbc::Decryptor<aes::Aes128>>(key, iv, &mut buf),
            Self::Aes192 => run::<cbc::Decryptor<aes::Aes192>>(key, iv, &mut buf),
            Self::Aes256 => run::<cbc::Decryptor<aes::Aes256>>(key, iv, &mut buf),
        }?;
        buf.truncate(len);
        Some(buf)
    }
}

/// OpenSSL's `EVP_BytesToKey` with MD5 and one iteration: `D_i = MD5(D_{i-1} || password ||
/// salt)`, concatenated until `len` bytes.
fn bytes_to_key(password: &[u8], salt: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut key = Zeroizing::new(Vec::with_capacity(len + 16));
    let mut previous = Zeroizing::new(Vec::new());
    while key.len() < len {
        let mut md5 = Md5::new();
        md5.update(&*previous);
        md5.update(password);
        md5.update(salt);
        *previous = md5.finalize().to_vec();
        key.extend_from_slice(&previous);
    }
    key.truncate(len);
    key
}

fn unsupported() -> Error {
    Error::InvalidPrivateKey(KeyProblem::UnsupportedEncryption)
}

/// Decrypts a legacy encrypted PEM block with `password` to what it holds (the key's DER).
pub(super) fn decrypt(block: &[u8], password: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let pem = pem::parse(block).map_err(|_| Error::InvalidPrivateKey(KeyProblem::MalformedPem))?;
    // Either private label: tools put PKCS#8 under OpenSSL's legacy encryption too, and the
    // caller reads whichever structure the plaintext holds.
    if !matches!(
        KeyFormat::from_pem_label(pem.tag()),
        Some(KeyFormat::Pkcs1 | KeyFormat::Pkcs8)
    ) {
        return Err(Error::InvalidPrivateKey(KeyProblem::UnexpectedLabel(
            crate::names::clip(pem.tag()),
        )));
    }
    let headers = pem.headers();
    if headers.get("Proc-Type").map(str::trim) != Some("4,ENCRYPTED") {
        return Err(unsupported());
    }
    let (name, iv_hex) = headers
        .get("DEK-Info")
        .and_then(|v| v.split_once(','))
        .ok_or_else(unsupported)?;
    let cipher = CbcCipher::from_dek_info(name.trim()).ok_or_else(unsupported)?;
    let iv = hex::decode(iv_hex.trim()).map_err(|_| unsupported())?;
    let (key_len, iv_len) = cipher.sizes();
    if iv.len() != iv_len {
        return Err(unsupported());
    }
    let key = bytes_to_key(password, &iv[..8], key_len);
    cipher
        .decrypt(&key, &iv, pem.contents())
        .ok_or(Error::WrongPassword)
}

#[cfg(test)]
mod tests {
    use super::bytes_to_key;

    #[test]
    fn bytes_to_key_matches_openssl() {
        // `openssl enc -aes-256-cbc -md md5 -pass pass:password -S 0102030405060708 -P`
        // (OpenSSL 3.0) prints this key, then these 16 bytes as the IV (the next MD5 round).
        let derived = bytes_to_key(b"password", &[1, 2, 3, 4, 5, 6, 7, 8], 48);
        assert_eq!(
            hex::encode_upper(&derived[..]),
            "E7B0971E52CA5CC8D0539FB3412F6316F7BA2E6EE293D9F3457B99436B51CE02\
             8D450E2ED75A84A923D4EAC9FE49226B"
        );
    }
}
