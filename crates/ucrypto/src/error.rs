//! The one error type of this crate.
//!
//! Every message says what is wrong and, where there is one, how to fix it. No message
//! ever contains key bytes, plaintext or any other secret.

use crate::facts::{
    BLOCK_SIZE, DEFAULT_BITS, EPOCH_2000, KDF_BUDGET_MILLIS, KEY_LENGTHS, LABEL_PKCS1,
    LABEL_PKCS1_PUBLIC, LABEL_PKCS8, LABEL_SPKI, MAX_BITS, MAX_PBKDF2_ITERATIONS,
    MAX_SCRYPT_MEMORY, MAX_SCRYPT_WORK, MIN_BITS, MODE_CBC, MODE_CFB, MODE_CTR, MODE_ECB, Padding,
    SEGMENT_8, SEGMENT_128,
};
use core::fmt;

/// What is wrong with an RSA key given as text or DER.
///
/// Carried by [`Error::InvalidPrivateKey`] and [`Error::InvalidPublicKey`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyProblem {
    /// The input holds no PEM block and does not parse as DER either.
    NotPemOrDer,
    /// A PEM block was found but its base64 body or framing is broken (often a truncated
    /// copy-and-paste).
    MalformedPem,
    /// The DER structure is truncated or not the ASN.1 the label promises.
    MalformedDer,
    /// The PEM label names something that is not an RSA key of the expected kind.
    UnexpectedLabel(String),
    /// A PKCS#8 `ENCRYPTED PRIVATE KEY`: it needs a password.
    EncryptedPkcs8,
    /// A legacy OpenSSL PEM with `Proc-Type: 4,ENCRYPTED` (what `openssl genrsa -des3` writes)
    /// and no password given.
    EncryptedLegacyPem,
    /// The key is of another algorithm (EC, Ed25519, DSA, ...), named by its OID and, for
    /// algorithms people meet, its name ("1.2.840.10045.2.1, EC").
    NotRsa(String),
    /// A public key was given where a private key is needed.
    PublicGivenForPrivate,
    /// A private key was given where a public key is needed.
    PrivateGivenForPublic,
    /// The modulus is shorter than `MIN_BITS` (2048) bits.
    TooSmall {
        /// Size of the key's modulus in bits.
        bits: usize,
    },
    /// The modulus is longer than 8192 bits.
    TooLarge {
        /// Size of the key's modulus in bits.
        bits: usize,
    },
    /// An encrypted key uses a scheme we cannot decrypt (PKCS#8 PBES1, an unknown cipher or
    /// key-derivation function, or a legacy PEM cipher other than DES-EDE3-CBC and AES-CBC).
    UnsupportedEncryption,
    /// An encrypted key whose password derivation asks for more work than we allow per
    /// attempt (see `rsa::KDF_BUDGET_MILLIS`).
    KdfTooCostly,
    /// An encrypted key whose password derivation parameters are outside their domain (no
    /// PBKDF2 iterations; a scrypt N that is not a power of two above 1 and below
    /// 2^(16 r), or r or p of 0).
    BadKdfParameters,
    /// A JSON Web Key that is not a usable RSA key; says what is wrong.
    BadJwk(String),
    /// A JSON Web Key Set that cannot be used as a whole; says what is wrong.
    BadJwks(String),
    /// The numbers in the key are inconsistent (for example `n != p * q`) or otherwise
    /// unusable; the RSA engine refused it.
    Inconsistent,
}

/// How to turn a key we cannot decrypt into one we can.
const REENCRYPT: &str =
    "re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key_aes.pem`";

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotPemOrDer => f.write_str(
                "no PEM block ('-----BEGIN ...-----') found and the bytes are not DER; \
                 pass the key file's contents, not its path",
            ),
            Self::MalformedPem => f.write_str(
                "the PEM block is damaged (bad base64, a missing END line or a truncated copy); \
                 copy the whole file again, from the BEGIN line to the END line",
            ),
            Self::MalformedDer => f.write_str(
                "the key's DER structure is truncated or malformed; \
                 regenerate or re-export the key (e.g. `openssl pkey -in key.pem -out fixed.pem`)",
            ),
            Self::UnexpectedLabel(label) => write!(
                f,
                "a PEM block labelled '{label}' is not an RSA key; expected '{LABEL_PKCS8}', \
                 '{LABEL_PKCS1}', '{LABEL_SPKI}' or '{LABEL_PKCS1_PUBLIC}'"
            ),
            Self::EncryptedPkcs8 => f.write_str(
                "the key is encrypted with a passphrase (BEGIN ENCRYPTED PRIVATE KEY); \
                 pass password=, or export it unencrypted with \
                 `openssl pkey -in key.pem -out key_unencrypted.pem`",
            ),
            Self::UnsupportedEncryption => write!(
                f,
                "the key is encrypted with a scheme we cannot read (PKCS#8 PBES2 with PBKDF2 or \
                 scrypt and AES or 3DES, and legacy PEM with DES-EDE3-CBC or AES-CBC, are \
                 supported); {REENCRYPT}"
            ),
            Self::EncryptedLegacyPem => f.write_str(
                "the key is encrypted with a passphrase in OpenSSL's legacy PEM format \
                 (Proc-Type: 4,ENCRYPTED, as `openssl genrsa -des3` writes it); pass \
                 password=, or convert it to the unencrypted PKCS#8 the device takes with \
                 `ucrypto key convert private.pem --out private_pkcs8.pem --passin env:PASS`",
            ),
            Self::NotRsa(algorithm) => write!(
                f,
                "the key is not an RSA key (algorithm OID {algorithm}); only RSA keys are \
                 supported, make one with `openssl genpkey -algorithm RSA -pkeyopt \
                 rsa_keygen_bits:{DEFAULT_BITS}`"
            ),
            Self::PublicGivenForPrivate => write!(
                f,
                "this is a public key, but a private key is needed here; \
                 pass the private key file (BEGIN {LABEL_PKCS8} or BEGIN {LABEL_PKCS1})"
            ),
            Self::PrivateGivenForPublic => f.write_str(
                "this is a private key, but a public key is expected here; \
                 extract the public key with `openssl pkey -in private.pem -pubout -out public.pem`",
            ),
            Self::TooSmall { bits } => write!(
                f,
                "the key is {bits} bits, shorter than the smallest accepted size of \
                 {MIN_BITS} bits; make a new key with \
                 `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:{DEFAULT_BITS}`"
            ),
            Self::TooLarge { bits } => write!(
                f,
                "the key is {bits} bits, longer than the largest supported size of \
                 {MAX_BITS} bits"
            ),
            Self::KdfTooCostly => write!(
                f,
                "the key's password derivation asks for more than {KDF_BUDGET_MILLIS} ms of \
                 work or {} MiB of memory per attempt (PBKDF2 over {MAX_PBKDF2_ITERATIONS} \
                 iterations, or scrypt with r*p*(N+3) over {MAX_SCRYPT_WORK} or 128*N*r bytes \
                 over that memory); {REENCRYPT}",
                MAX_SCRYPT_MEMORY >> 20
            ),
            Self::BadKdfParameters => write!(
                f,
                "the key's password derivation parameters are invalid (PBKDF2 needs at least \
                 one iteration; scrypt an N that is a power of two above 1 and below 2^(16*r), \
                 and r and p of at \
                 least 1); {REENCRYPT}"
            ),
            Self::BadJwk(what) => write!(
                f,
                "the JWK is not a usable RSA signing key: {what}; a JWK for RS256 has \
                 \"kty\": \"RSA\" and base64url \"n\" and \"e\""
            ),
            Self::BadJwks(what) => write!(f, "the JWKS is not a usable key set: {what}"),
            Self::Inconsistent => f.write_str(
                "the key's numbers are inconsistent or unusable (the RSA engine rejected it); \
                 check it with `openssl pkey -in key.pem -check -noout` and regenerate it",
            ),
        }
    }
}

/// What is wrong with a JSON Web Token (`crate::jwt`). Carried by [`Error::InvalidToken`]; a bad signature and a bad
/// claim differ only here, never in the error's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenProblem {
    /// Not three dot-separated parts.
    NotThreeParts,
    /// A part is not base64 (the part named).
    NotBase64(&'static str),
    /// A part is not a JSON object (the part named).
    NotJsonObject(&'static str),
    /// The header's `alg` is not RS256 (what it is, shortened).
    Algorithm(String),
    /// The header lists critical extensions (`crit`), none of which we implement.
    Critical,
    /// A header member has the wrong type (which one).
    BadHeader(&'static str),
    /// No key in the key set fits the token (why).
    NoKey(String),
    /// The signature does not verify with the key.
    BadSignature,
    /// The token is not in RFC 7515 compact form, and compact form was required.
    NotCompact,
    /// A claim the policy requires is absent (or null).
    Missing(String),
    /// A claim has the wrong type (the claim, and what it must be).
    BadClaim(&'static str, &'static str),
    /// `exp` has passed.
    Expired {
        /// The token's `exp`, the number as its JSON has it.
        exp: String,
        /// The time of the check.
        now: i64,
        /// The token's `exp` is about [`EPOCH_2000`] seconds in the past (within a token's
        /// lifetime): the device that made it probably counts time from 2000, not 1970.
        from_2000: bool,
    },
    /// `nbf` or `iat` is still in the future (which claim, and its value).
    NotYetValid {
        /// `nbf` or `iat`.
        claim: &'static str,
        /// The claim's value, the number as the token's JSON has it.
        at: String,
        /// The time of the check.
        now: i64,
    },
    /// The token names an audience but none was expected (PyJWT's rule).
    UnexpectedAudience,
    /// `aud` does not name an expected audience.
    WrongAudience,
    /// `iss` is not the expected issuer.
    WrongIssuer,
    /// `sub` is not the expected subject.
    WrongSubject,
    /// The time to check against is not a finite number (a caller's mistake).
    BadClock,
}

impl fmt::Display for TokenProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotThreeParts => f.write_str("not a JWS: expected header.payload.signature"),
            Self::NotBase64(part) => write!(f, "the {part} is not base64"),
            Self::NotJsonObject(part) => write!(f, "the {part} is not a JSON object"),
            Self::Algorithm(alg) => write!(f, "alg {alg} is not RS256 (the only one accepted)"),
            Self::Critical => {
                f.write_str("the header has critical extensions (\"crit\") that are not understood")
            }
            Self::BadHeader(member) => write!(f, "the header's \"{member}\" must be a string"),
            Self::NoKey(why) => write!(f, "no key to check it with: {why}"),
            Self::BadSignature => f.write_str("bad signature"),
            Self::NotCompact => f.write_str(
                "not in RFC 7515 compact form (parts are standard base64 with padding or \
                 newlines, as the device library writes them), and compact form is required",
            ),
            Self::Missing(claim) => write!(f, "the required claim \"{claim}\" is missing"),
            Self::BadClaim(claim, must) => write!(f, "\"{claim}\" must be {must}"),
            Self::Expired {
                exp,
                now,
                from_2000: false,
            } => write!(f, "expired at {exp} (now {now})"),
            Self::Expired {
                exp,
                now,
                from_2000: true,
            } => write!(
                f,
                "expired at {exp} (now {now}); its times are {EPOCH_2000} s (30 years) behind, \
                 so the device that made it probably counts time from 2000-01-01 (MicroPython's \
                 ESP32 port does), not 1970: add {EPOCH_2000} to time.time() on the device \
                 (documentation: docs/device.md, \"time.time() counts from 2000\")"
            ),
            Self::NotYetValid { claim, at, now } => {
                write!(f, "not valid before {at} ({claim}; now {now})")
            }
            Self::UnexpectedAudience => f.write_str(
                "the token names an audience (\"aud\") but none is expected; give the audience \
                 to accept",
            ),
            Self::WrongAudience => f.write_str("\"aud\" does not name an expected audience"),
            Self::WrongIssuer => f.write_str("\"iss\" is not the expected issuer"),
            Self::WrongSubject => f.write_str("\"sub\" is not the expected subject"),
            Self::BadClock => f.write_str("the time to check against is not a finite number"),
        }
    }
}

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An AES key was not 16, 24 or 32 bytes long.
    AesKeyLength {
        /// The length that was given.
        len: usize,
    },
    /// A device mode number that is not one of `MODE_ECB` (1), `MODE_CBC` (2), `MODE_CFB` (3)
    /// or `MODE_CTR` (6).
    UnknownMode(i64),
    /// An IV was given whose length is not 16.
    IvLength {
        /// The length that was given.
        len: usize,
    },
    /// CBC or CFB was asked for without an IV.
    IvRequired,
    /// A CTR counter block was given whose length is not 16.
    CounterLength {
        /// The length that was given.
        len: usize,
    },
    /// CTR was asked for without a counter block.
    CounterRequired,
    /// An IV or counter was given to ECB, which takes none.
    IvNotUsed,
    /// A counter block was given for a mode other than CTR.
    CounterWithoutCtr,
    /// CFB was asked for with a segment size other than 8 or 128.
    SegmentSize(i64),
    /// ECB or CBC input whose length is not a multiple of the block size.
    NotBlockMultiple {
        /// The length that was given.
        len: usize,
    },
    /// An output buffer whose length differs from the input's.
    OutputLength {
        /// The input length.
        input: usize,
        /// The output length.
        output: usize,
    },
    /// Decrypted data does not end in valid block padding: a wrong key or IV, or data that
    /// was not padded. One variant for every cause.
    BadPadding,
    /// A name that is not one of an enum's names.
    UnknownName {
        /// What was being named ("mode", "padding").
        kind: &'static str,
        /// The name given, cut short if long.
        given: String,
        /// The names there are, for the message.
        choices: String,
    },
    /// A negative number of random bits was asked for.
    NegativeBits,
    /// The operating system's random generator failed.
    Random,
    /// Memory for the result could not be allocated.
    OutOfMemory,
    /// A private RSA key could not be used.
    InvalidPrivateKey(KeyProblem),
    /// A public RSA key could not be used.
    InvalidPublicKey(KeyProblem),
    /// A message is longer than the encryption padding allows for the key.
    MessageTooLong {
        /// The message length in bytes.
        len: usize,
        /// The longest message the key allows with this padding.
        max: usize,
        /// The padding that was asked for.
        padding: Padding,
    },
    /// The password does not decrypt the encrypted private key.
    WrongPassword,
    /// A password was given for a private key that is not encrypted.
    PasswordNotNeeded,
    /// Key generation failed inside the RSA engine.
    KeyGenerationFailed,
    /// A parsed key could not be encoded as DER or PEM (not expected for a key that parsed).
    KeyEncodingFailed,
    /// Encryption failed inside the RSA engine.
    EncryptFailed,
    /// A ciphertext could not be decrypted. Deliberately one variant for every cause
    /// (wrong length, out of range, bad padding) so that callers cannot tell them apart.
    DecryptFailed,
    /// Signing failed inside the RSA engine.
    SignFailed,
    /// A JSON Web Token that fails a check; the problem says which. Signature and claim
    /// failures are this one variant, told apart only by the problem.
    InvalidToken(TokenProblem),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AesKeyLength { len } => write!(
                f,
                "AES key must be either {}, {}, or {} bytes long (got {len} bytes)",
                KEY_LENGTHS[0], KEY_LENGTHS[1], KEY_LENGTHS[2]
            ),
            Self::UnknownMode(m) => write!(
                f,
                "unknown cipher feedback mode {m}; use MODE_ECB ({MODE_ECB}), MODE_CBC \
                 ({MODE_CBC}), MODE_CFB ({MODE_CFB}) or MODE_CTR ({MODE_CTR})"
            ),
            Self::IvLength { len } => {
                write!(f, "IV must be {BLOCK_SIZE} bytes long (got {len} bytes)")
            }
            Self::IvRequired => write!(
                f,
                "IV is required for MODE_CBC and MODE_CFB: pass IV= a {BLOCK_SIZE}-byte value \
                 (random, never reused with the same key)"
            ),
            Self::CounterLength { len } => write!(
                f,
                "initial counter value must be {BLOCK_SIZE} bytes long (got {len} bytes)"
            ),
            Self::CounterRequired => write!(
                f,
                "counter is required for MODE_CTR: pass counter= a {BLOCK_SIZE}-byte initial \
                 counter block (never reused with the same key)"
            ),
            Self::IvNotUsed => f.write_str("ECB takes no IV or counter; drop it"),
            Self::CounterWithoutCtr => f.write_str("'counter' parameter only useful with CTR mode"),
            Self::SegmentSize(s) => write!(
                f,
                "segment_size must be {SEGMENT_8} or {SEGMENT_128} (got {s})"
            ),
            Self::NotBlockMultiple { len } => write!(
                f,
                "input must be a multiple of {BLOCK_SIZE} bytes in length (got {len} bytes); pad \
                 it first, e.g. with PKCS#7"
            ),
            Self::OutputLength { input, output } => write!(
                f,
                "the output buffer is {output} bytes but the input is {input}; they must be equal"
            ),
            Self::BadPadding => f.write_str(
                "bad padding: the decrypted data does not end in valid PKCS#7 padding (a wrong \
                 key or IV, or data that was not padded)",
            ),
            Self::UnknownName {
                kind,
                given,
                choices,
            } => write!(f, "{kind} must be {choices}, not {given:?}"),
            Self::NegativeBits => f.write_str("the number of bits must not be negative"),
            Self::Random => f.write_str("the operating system's random generator failed"),
            Self::OutOfMemory => f.write_str("not enough memory for the result"),
            Self::InvalidPrivateKey(p) => write!(f, "invalid private key: {p}"),
            Self::InvalidPublicKey(p) => write!(f, "invalid public key: {p}"),
            Self::MessageTooLong { len, max, padding } => write!(
                f,
                "the message is {len} bytes but this key takes at most {max} bytes with \
                 '{padding}' padding (modulus bytes - {}); encrypt a random AES key with RSA and \
                 the data with AES",
                padding.overhead()
            ),
            Self::WrongPassword => f.write_str(
                "wrong password: the encrypted private key could not be decrypted with it",
            ),
            Self::PasswordNotNeeded => f.write_str(
                "a password was given, but the private key is not encrypted; drop the password",
            ),
            Self::KeyGenerationFailed => f.write_str("RSA key generation failed"),
            Self::KeyEncodingFailed => f.write_str("the RSA key could not be encoded"),
            Self::EncryptFailed => f.write_str("RSA encryption failed"),
            Self::DecryptFailed => f.write_str("decryption failed"),
            Self::SignFailed => f.write_str("RSA signing failed"),
            Self::InvalidToken(problem) => write!(f, "token rejected: {problem}"),
        }
    }
}

impl std::error::Error for Error {}

/// The result type of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    // Users read these messages, not our source: each must say which problem it is (no two
    // alike) and carry the fix it promises.
    #[test]
    fn every_key_problem_has_its_own_message_with_a_fix() {
        let problems = [
            (KeyProblem::NotPemOrDer, "not its path"),
            (KeyProblem::MalformedPem, "from the BEGIN line"),
            (KeyProblem::MalformedDer, "openssl pkey"),
            (
                KeyProblem::UnexpectedLabel("CERTIFICATE".into()),
                "'CERTIFICATE'",
            ),
            (KeyProblem::EncryptedPkcs8, "password="),
            (KeyProblem::EncryptedLegacyPem, "Proc-Type"),
            (KeyProblem::NotRsa("1.2.3".into()), "(algorithm OID 1.2.3)"),
            (KeyProblem::PublicGivenForPrivate, "private key is needed"),
            (KeyProblem::PrivateGivenForPublic, "-pubout"),
            (KeyProblem::TooSmall { bits: 512 }, "512 bits, shorter"),
            (KeyProblem::TooLarge { bits: 16384 }, "16384 bits, longer"),
            (KeyProblem::UnsupportedEncryption, "openssl pkcs8 -topk8"),
            (
                KeyProblem::KdfTooCostly,
                "ms of work or 256 MiB of memory per attempt (PBKDF2 over",
            ),
            (KeyProblem::BadKdfParameters, "a power of two above 1"),
            (
                KeyProblem::BadJwk("no \"n\"".into()),
                "usable RSA signing key: no \"n\";",
            ),
            (
                KeyProblem::BadJwks("no keys".into()),
                "not a usable key set: no keys",
            ),
            (KeyProblem::Inconsistent, "-check"),
        ];
        let mut seen = HashSet::new();
        for (problem, hint) in problems {
            let message = problem.to_string();
            assert!(message.contains(hint), "{problem:?}: {message}");
            assert!(seen.insert(message), "{problem:?} repeats another message");
        }
    }
}
