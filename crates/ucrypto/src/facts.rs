//! The numbers and names the crate's messages quote, each defined once, here: the modules
//! that enforce them and the error module that quotes them both import this one, which
//! imports nothing of the crate, so the error module depends on nothing above it. Each is
//! re-exported where a user looks for it (`aes::BLOCK_SIZE`, `rsa::MIN_BITS`, ...).

/// The AES block size in bytes.
pub const BLOCK_SIZE: usize = 16;

/// The lengths an AES key has, in bytes (AES-128, AES-192, AES-256).
pub const KEY_LENGTHS: [usize; 3] = [16, 24, 32];

/// The device's `AES.MODE_ECB`.
pub const MODE_ECB: i64 = 1;
/// The device's `AES.MODE_CBC`.
pub const MODE_CBC: i64 = 2;
/// The device's `AES.MODE_CFB`.
pub const MODE_CFB: i64 = 3;
/// The device's `AES.MODE_CTR`.
pub const MODE_CTR: i64 = 6;
/// The device's `AES.SEGMENT_8`: CFB with 8-bit segments.
pub const SEGMENT_8: i64 = 8;
/// The device's `AES.SEGMENT_128`: CFB with 128-bit segments.
pub const SEGMENT_128: i64 = 128;

/// Smallest RSA modulus we accept, in bits (the device documents 2048-bit keys; smaller keys
/// are below current guidance).
pub const MIN_BITS: usize = 2048;
/// Largest RSA modulus we accept, in bits (the RSA engine's limit).
pub const MAX_BITS: usize = 8192;
/// The size a new key has unless another is asked for, in bits: the device's.
pub const DEFAULT_BITS: usize = MIN_BITS;

/// The PEM labels of the key structures (`-----BEGIN <label>-----`).
pub const LABEL_PKCS8: &str = "PRIVATE KEY";
/// PKCS#1 `RSAPrivateKey`, and what OpenSSL writes around legacy encryption.
pub const LABEL_PKCS1: &str = "RSA PRIVATE KEY";
/// PKCS#8 `EncryptedPrivateKeyInfo`.
pub const LABEL_ENCRYPTED_PKCS8: &str = "ENCRYPTED PRIVATE KEY";
/// X.509 `SubjectPublicKeyInfo`.
pub const LABEL_SPKI: &str = "PUBLIC KEY";
/// PKCS#1 `RSAPublicKey`.
pub const LABEL_PKCS1_PUBLIC: &str = "RSA PUBLIC KEY";

/// The most time one password attempt may take, on one core of a current server: what a
/// crafted key file can make a verifier spend, and still far above what real key files
/// ask (OpenSSL's defaults cost a few milliseconds).
pub const KDF_BUDGET_MILLIS: u64 = 1000;
/// PBKDF2 iterations per second of one core with the slowest PRF we accept (HMAC-SHA512),
/// measured by `cargo run --release -p ucrypto --example kdf_rates` (docs/security.md, the KDF budget).
pub(crate) const PBKDF2_ITERATIONS_PER_SECOND: u64 = 1_300_000;
/// scrypt work per second of one core, in the units of r * p * (N + lane overhead),
/// measured by the same example at the limit's own shapes.
pub(crate) const SCRYPT_WORK_PER_SECOND: u64 = 3_300_000;
/// The most PBKDF2 iterations an encrypted key may ask for: [`KDF_BUDGET_MILLIS`] of work.
#[allow(
    clippy::cast_possible_truncation,
    reason = "a constant that fits, checked by a test"
)]
pub const MAX_PBKDF2_ITERATIONS: u32 =
    (PBKDF2_ITERATIONS_PER_SECOND * KDF_BUDGET_MILLIS / 1000) as u32;
/// The most scrypt work an encrypted key may ask for, r * p * (N + lane overhead):
/// [`KDF_BUDGET_MILLIS`] of work.
pub const MAX_SCRYPT_WORK: u64 = SCRYPT_WORK_PER_SECOND * KDF_BUDGET_MILLIS / 1000;
/// The most memory scrypt's array may take, 128 * N * r bytes: sixteen times what
/// `openssl pkcs8 -scrypt` asks by default. (The lanes' own 128 * r * p bytes are bounded
/// by the work: under 90 MB.)
pub const MAX_SCRYPT_MEMORY: u64 = 256 << 20;

/// Seconds from 1970-01-01 to 2000-01-01. MicroPython's ESP32 port counts `time.time()`
/// from 2000, so a device there that writes `iat` and `exp` from it makes tokens that look
/// this much older than they are.
pub const EPOCH_2000: i64 = 946_684_800;

/// How an RSA encryption is padded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Padding {
    /// RSAES-PKCS1-v1_5, what the device uses. Legacy: safe only while decryption failures
    /// stay indistinguishable.
    #[default]
    Pkcs1v15,
    /// RSAES-OAEP with SHA-256 and MGF1-SHA-256 and an empty label; resists chosen-ciphertext
    /// attacks. An extension: the device cannot decrypt it.
    OaepSha256,
}

impl Padding {
    /// Bytes the padding takes from the modulus: the longest message is modulus bytes
    /// minus this.
    #[must_use]
    pub fn overhead(self) -> usize {
        match self {
            // 0x00 0x02, at least 8 non-zero random bytes, 0x00
            Self::Pkcs1v15 => 11,
            // 2 * hash length + 2 (RFC 8017, 7.1.1)
            Self::OaepSha256 => 2 * 32 + 2,
        }
    }
}
