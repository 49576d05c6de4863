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
    /// OpenSSL's legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`); the bytes are the PEM
    /// block itself, headers and all.
    LegacyEncrypted,
}

/// A decoded key: its kind and DER bytes (the PEM block, for legacy encryption), wiped when
/// dropped.
pub(super) struct KeyDer {
    pub(super) kind: Kind,
    pub(super) der: Zeroizing<Vec<u8>>,
    /// Whether it came as PEM text (else raw DER).
    pub(super) pem: bool,
}

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Which kind of key the caller wants, to pick the right block of a multi-block file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    Private,
    Public,
}

const PRIVATE_LABELS: [&str; 4] = [
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "EC PRIVATE KEY",
];
const PUBLIC_LABELS: [&str; 2] = ["PUBLIC KEY", "RSA PUBLIC KEY"];

/// Each PEM block of `input`, from its BEGIN line to the end of its END line (or to the
/// end of the input when the END line is missing), with its label.
fn pem_blocks(input: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut blocks = Vec::new();
    let mut rest = input;
    while let Some(start) = find(rest, BEGIN) {
        let block = &rest[start..];
        let label_end = find(&block[BEGIN.len()..], DASHES).map_or(0, |l| BEGIN.len() + l);
        let label = block.get(BEGIN.len()..label_end).unwrap_or_default();
        let end = find(block, END)
            .and_then(|e| {
                find(&block[e + END.len()..], DASHES).map(|d| e + END.len() + d + DASHES.len())
            })
            .unwrap_or(block.len());
        blocks.push((label, &block[..end]));
        rest = &block[end.max(BEGIN.len())..];
    }
    blocks
}

/// Decodes the key in PEM text or DER bytes. In text holding several PEM blocks (a key
/// with its certificate chain, before or after it), the first block with a key of the
/// wanted kind is read, else the first key of any kind (so that the error can say "this is
/// a public key"); text before, between and after blocks (OpenSSL's "Bag Attributes",
/// blank lines) is ignored. Without any BEGIN line, the input is classified as raw DER.
pub(super) fn decode(input: &[u8], want: Want) -> Result<KeyDer, KeyProblem> {
    let blocks = pem_blocks(input);
    if blocks.is_empty() {
        return classify_der(input);
    }
    let labelled = |labels: &[&str]| {
        blocks
            .iter()
            .find(|(label, _)| labels.iter().any(|l| l.as_bytes() == *label))
            .map(|(_, block)| *block)
    };
    let (preferred, other) = match want {
        Want::Private => (&PRIVATE_LABELS[..], &PUBLIC_LABELS[..]),
        Want::Public => (&PUBLIC_LABELS[..], &PRIVATE_LABELS[..]),
    };
    match labelled(preferred).or_else(|| labelled(other)) {
        Some(block) => decode_pem(block),
        // No key block: decode the first, whose label the error names.
        None => decode_pem(blocks[0].1),
    }
}

fn decode_pem(pem: &[u8]) -> Result<KeyDer, KeyProblem> {
    // Legacy encrypted PEM carries RFC 1421 headers, which RFC 7468 parsers refuse as
    // malformed; it is decrypted, with its own parser, once a password is known.
    if find(pem, b"Proc-Type:").is_some() && find(pem, b"ENCRYPTED").is_some() {
        return Ok(KeyDer {
            kind: Kind::LegacyEncrypted,
            der: Zeroizing::new(pem.to_vec()),
            pem: true,
        });
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
    Ok(KeyDer {
        kind,
        der,
        pem: true,
    })
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
        pem: false,
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
