//! Password-encrypted PKCS#8 keys (`BEGIN ENCRYPTED PRIVATE KEY`, PBES2): the bounds on what
//! a key file may ask of the key derivation, and the decryption itself.
//!
//! A key file comes from outside, and PBES2 lets it name any PBKDF2 iteration count and any
//! scrypt cost. Every parameter set is checked before the KDF runs: the ones the KDF crates
//! cannot take (they would panic or return garbage) are damaged keys, and the ones that cost
//! more than [`KDF_BUDGET_MILLIS`] per attempt are refused as too costly. Both limits below
//! derive from that one budget and the rates `examples/kdf_rates.rs` measures.

use crate::error::{Error, KeyProblem, Result};
use der::Decode;
use pkcs8::pkcs5::EncryptionScheme;
use zeroize::Zeroizing;

pub use crate::facts::{
    KDF_BUDGET_MILLIS, MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_MEMORY, MAX_SCRYPT_WORK,
};
/// scrypt's fixed cost per lane, in units of N: each of the p lanes of 128 * r bytes is
/// spread and gathered by PBKDF2-HMAC-SHA256 besides its 2 * N block mixes, which a key with
/// a tiny N and a huge p turns into most of the work (measured by the same example).
const SCRYPT_LANE_OVERHEAD: u64 = 3;

/// scrypt's work, r * p * (N + [`SCRYPT_LANE_OVERHEAD`]): the block mixes of every lane and
/// their PBKDF2 spreading, in one unit.
fn scrypt_work(n: u64, r: u16, p: u16) -> u64 {
    u64::from(r)
        .saturating_mul(u64::from(p))
        .saturating_mul(n.saturating_add(SCRYPT_LANE_OVERHEAD))
}

/// The outer shape of `EncryptedPrivateKeyInfo` with any algorithm, to tell a scheme we do
/// not support (PBES1, say) from damaged DER.
#[derive(der::Sequence)]
struct AnyEncryptedKey<'a> {
    algorithm: spki::AlgorithmIdentifierRef<'a>,
    data: &'a der::asn1::OctetStringRef,
}

/// Whether DER has the outer shape of an encrypted PKCS#8 key, whatever its scheme: such a
/// key is named as encrypted (and its scheme as unsupported when it is), not as garbage.
pub(super) fn has_encrypted_shape(der: &[u8]) -> bool {
    AnyEncryptedKey::from_der(der).is_ok()
}

fn invalid(problem: KeyProblem) -> Error {
    Error::InvalidPrivateKey(problem)
}

/// Checks a PBES2 key derivation's parameters before it runs: within what the KDF accepts
/// (RFC 8018: at least one PBKDF2 iteration; RFC 7914: scrypt's N a power of two above 1
/// and below 2^(16 * r), r and p at least 1), and within the budget of time and memory.
fn check_kdf(scheme: &EncryptionScheme) -> Result<()> {
    let Some(params) = scheme.pbes2() else {
        return Ok(());
    };
    let (valid, too_costly) = if let Some(pbkdf2) = params.kdf.pbkdf2() {
        let iterations = pbkdf2.iteration_count;
        (iterations >= 1, iterations > MAX_PBKDF2_ITERATIONS)
    } else if let Some(scrypt) = params.kdf.scrypt() {
        let (n, r, p) = (
            scrypt.cost_parameter,
            scrypt.block_size,
            scrypt.parallelization,
        );
        // N < 2^(16 r), as RFC 7914 and OpenSSL require (any N fits once 16 r >= 64).
        let within_r = u32::from(r)
            .checked_mul(16)
            .filter(|&bits| bits < 64)
            .is_none_or(|bits| n < 1u64 << bits);
        let valid = n >= 2 && n.is_power_of_two() && r >= 1 && p >= 1 && within_r;
        let memory = 128u64.saturating_mul(n).saturating_mul(u64::from(r));
        (
            valid,
            scrypt_work(n, r, p) > MAX_SCRYPT_WORK || memory > MAX_SCRYPT_MEMORY,
        )
    } else {
        (true, false)
    };
    if !valid {
        Err(invalid(KeyProblem::BadKdfParameters))
    } else if too_costly {
        Err(invalid(KeyProblem::KdfTooCostly))
    } else {
        Ok(())
    }
}

/// Decrypts a PKCS#8 `EncryptedPrivateKeyInfo` (PBES2) to plain PKCS#8 DER.
pub(super) fn decrypt(der: &[u8], password: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).map_err(|_| {
        match AnyEncryptedKey::from_der(der) {
            Ok(_) => invalid(KeyProblem::UnsupportedEncryption),
            Err(_) => invalid(KeyProblem::MalformedDer),
        }
    })?;
    check_kdf(&info.encryption_algorithm)?;
    // The plaintext as it is, whatever it holds: the caller reads it as a key (DER, or the
    // PEM text some tools encrypt), and only bytes that are no key mean a wrong password.
    let mut plain = Zeroizing::new(info.encrypted_data.as_bytes().to_vec());
    match info
        .encryption_algorithm
        .decrypt_in_place(password, &mut plain)
    {
        Ok(text) => {
            let len = text.len();
            plain.truncate(len);
            Ok(plain)
        }
        Err(
            pkcs8::pkcs5::Error::UnsupportedAlgorithm { .. }
            | pkcs8::pkcs5::Error::NoPbes1CryptSupport
            | pkcs8::pkcs5::Error::AlgorithmParametersInvalid { .. },
        ) => Err(invalid(KeyProblem::UnsupportedEncryption)),
        // Bad padding: the password was wrong.
        Err(_) => Err(Error::WrongPassword),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use pkcs8::pkcs5::pbes2;

    fn scheme(kdf: pbes2::Kdf) -> EncryptionScheme {
        EncryptionScheme::Pbes2(pbes2::Parameters {
            kdf,
            encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [0; 16] },
        })
    }

    fn pbkdf2(iterations: u32) -> EncryptionScheme {
        scheme(pbes2::Kdf::Pbkdf2(pbes2::Pbkdf2Params {
            salt: pbes2::Salt::try_from(&b"salt"[..]).unwrap(),
            iteration_count: iterations,
            key_length: None,
            prf: pbes2::Pbkdf2Prf::HmacWithSha256,
        }))
    }

    fn scrypt(cost_parameter: u64, block_size: u16, parallelization: u16) -> EncryptionScheme {
        scheme(pbes2::Kdf::Scrypt(pbes2::ScryptParams {
            salt: pbes2::Salt::try_from(&b"salt"[..]).unwrap(),
            cost_parameter,
            block_size,
            parallelization,
            key_length: Some(32),
        }))
    }

    /// Each limit is the most a key may ask for: one more is refused. Checked on the
    /// parameters alone, so no derivation runs.
    #[test]
    fn kdf_limits_admit_their_maximum_and_no_more() {
        let costly = Err(invalid(KeyProblem::KdfTooCostly));
        assert_eq!(check_kdf(&pbkdf2(MAX_PBKDF2_ITERATIONS)), Ok(()));
        assert_eq!(check_kdf(&pbkdf2(MAX_PBKDF2_ITERATIONS + 1)), costly);
        assert_eq!(check_kdf(&pbkdf2(u32::MAX)), costly);
        // The memory bound: N = 2^18 at r = 8 is exactly 256 MiB, and within the work.
        assert_eq!(MAX_SCRYPT_MEMORY, 128 * (1 << 18) * 8);
        assert_eq!(check_kdf(&scrypt(1 << 18, 8, 1)), Ok(()));
        assert_eq!(check_kdf(&scrypt(1 << 18, 9, 1)), costly);
        assert_eq!(check_kdf(&scrypt(1 << 19, 8, 1)), costly);
        // p multiplies the time, not the memory: it counts against the work.
        let n = 1u64 << 15;
        let most_p = MAX_SCRYPT_WORK / (8 * (n + SCRYPT_LANE_OVERHEAD));
        let most_p = u16::try_from(most_p).unwrap();
        assert_eq!(check_kdf(&scrypt(n, 8, most_p)), Ok(()));
        assert_eq!(check_kdf(&scrypt(n, 8, most_p + 1)), costly);
        // a tiny N with many lanes costs its lanes' PBKDF2 too
        let lanes = MAX_SCRYPT_WORK / (2 + SCRYPT_LANE_OVERHEAD);
        assert_eq!(check_kdf(&scrypt(2, 1, u16::MAX)), Ok(()));
        assert!(u64::from(u16::MAX) < lanes);
        assert_eq!(check_kdf(&scrypt(2, 25, u16::MAX)), costly);
        assert_eq!(check_kdf(&scrypt(1 << 17, 25, 1)), costly);
        assert_eq!(check_kdf(&scrypt(1 << 62, u16::MAX, u16::MAX)), costly);
        // OpenSSL's defaults (PBKDF2 2048 iterations; scrypt N = 2^14, r = 8, p = 1).
        assert_eq!(check_kdf(&pbkdf2(2048)), Ok(()));
        assert_eq!(check_kdf(&scrypt(1 << 14, 8, 1)), Ok(()));
    }

    /// Parameters the KDF crates cannot take are a damaged key, found before they run (an
    /// N of 0 made `pkcs5` panic; 0 iterations or r = 0 are outside the RFCs).
    #[test]
    fn parameters_outside_the_kdfs_domain_are_refused_before_it_runs() {
        let unsupported = Err(invalid(KeyProblem::BadKdfParameters));
        for bad in [
            pbkdf2(0),
            scrypt(0, 8, 1),
            scrypt(1, 8, 1),
            scrypt(3, 8, 1),
            scrypt((1 << 14) + 1, 8, 1),
            scrypt(u64::MAX, 8, 1),
            scrypt(1 << 14, 0, 1),
            scrypt(1 << 14, 8, 0),
            // N must stay below 2^(16 r)
            scrypt(1 << 16, 1, 1),
            scrypt(1 << 32, 2, 1),
        ] {
            assert_eq!(check_kdf(&bad), unsupported, "{bad:?}");
        }
    }
}
