//! From key text or bytes to DER with a known kind, with a precise reason when that fails.

use super::{MAX_BITS, MIN_BITS};
use crate::error::KeyProblem;
use der::Decode;
use zeroize::Zeroizing;

/// Which ASN.1 structure a DER key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// PKCS#8 `PrivateKeyInfo` (`BEGIN PRIVATE KEY`).
    Pkcs8,
    /// PKCS#1 `RSAPrivateKey` (`BEGIN RSA PRIVATE KEY`).
    Pkcs1Private,
    /// X.509 `SubjectPublicKeyInfo` (`BEGIN PUBLIC KEY`).
    Spki,
    /// PKCS#1 `RSAPublicKey` (`BEGIN RSA PUBLIC KEY`).
    Pkcs1Public,
    /// PKCS#8 `EncryptedPrivateKeyInfo` (`BEGIN ENCRYPTED PRIVATE KEY`).
    EncryptedPkcs8,
}

/// A decoded key: its kind and DER bytes, wiped when dropped.
pub(super) struct KeyDer {
    pub(super) kind: Kind,
    pub(super) der: Zeroizing<Vec<u8>>,
}

const BEGIN: &[u8] = b"-----BEGIN ";

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

/// Decodes the first PEM block of the text — anything before its BEGIN line (OpenSSL's
/// "Bag Attributes") and after its END line (blank lines, a certificate) is ignored — or,
/// where there is no BEGIN line, classifies raw DER.
pub(super) fn decode(input: &[u8]) -> Result<KeyDer, KeyProblem> {
    let Some(start) = find(input, BEGIN) else {
        return classify_der(input);
    };
    let block = &input[start..];
    let end = find(block, END)
        .and_then(|e| {
            find(&block[e + END.len()..], DASHES).map(|d| e + END.len() + d + DASHES.len())
        })
        .unwrap_or(block.len());
    decode_pem(&block[..end])
}

fn decode_pem(pem: &[u8]) -> Result<KeyDer, KeyProblem> {
    // Legacy encrypted PEM carries RFC 1421 headers, which RFC 7468 parsers refuse as
    // malformed; say what it really is.
    if find(pem, b"Proc-Type:").is_some() && find(pem, b"ENCRYPTED").is_some() {
        return Err(KeyProblem::EncryptedLegacyPem);
    }
    let (label, der) = pem_rfc7468::decode_vec(pem).map_err(|_| KeyProblem::MalformedPem)?;
    let der = Zeroizing::new(der);
    let kind = match label {
        "PRIVATE KEY" => Kind::Pkcs8,
        "RSA PRIVATE KEY" => Kind::Pkcs1Private,
        "PUBLIC KEY" => Kind::Spki,
        "RSA PUBLIC KEY" => Kind::Pkcs1Public,
        "ENCRYPTED PRIVATE KEY" => Kind::EncryptedPkcs8,
        "EC PRIVATE KEY" => return Err(KeyProblem::NotRsa(EC_OID.to_owned())),
        other => return Err(KeyProblem::UnexpectedLabel(crate::names::clip(other))),
    };
    Ok(KeyDer { kind, der })
}

const EC_OID: &str = "1.2.840.10045.2.1";

/// Tells which structure raw DER holds by trying each in turn.
fn classify_der(der: &[u8]) -> Result<KeyDer, KeyProblem> {
    let kind = if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
        Kind::Pkcs8
    } else if pkcs1::RsaPrivateKeyRef::from_der(der).is_ok() {
        Kind::Pkcs1Private
    } else if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        Kind::Spki
    } else if pkcs1::RsaPublicKeyRef::from_der(der).is_ok() {
        Kind::Pkcs1Public
    } else if pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).is_ok() {
        Kind::EncryptedPkcs8
    } else {
        return Err(KeyProblem::NotPemOrDer);
    };
    Ok(KeyDer {
        kind,
        der: Zeroizing::new(der.to_vec()),
    })
}

/// Fails unless `oid` is rsaEncryption.
pub(super) fn require_rsa(oid: &der::asn1::ObjectIdentifier) -> Result<(), KeyProblem> {
    if *oid == pkcs1::ALGORITHM_OID {
        Ok(())
    } else {
        Err(KeyProblem::NotRsa(oid.to_string()))
    }
}

/// The bit length of a big-endian modulus, checked against the sizes we accept.
pub(super) fn check_modulus(modulus: &[u8]) -> Result<usize, KeyProblem> {
    let trimmed = match modulus.iter().position(|&b| b != 0) {
        Some(i) => &modulus[i..],
        None => &[],
    };
    let bits = match trimmed.first() {
        Some(&top) => trimmed.len() * 8 - top.leading_zeros() as usize,
        None => 0,
    };
    if bits < MIN_BITS {
        Err(KeyProblem::TooSmall { bits })
    } else if bits > MAX_BITS {
        Err(KeyProblem::TooLarge { bits })
    } else {
        Ok(bits)
    }
}
