//! From key text or bytes to DER with a known kind, with a precise reason when that fails.

use super::algorithm::{self, EC_OID};
use super::encrypted_key;
use super::key_format::KeyFormat;
use crate::error::KeyProblem;
use crate::names::Named;
use der::Decode;
use zeroize::Zeroizing;

/// A decoded key: its format and DER bytes (the PEM block, for legacy encryption), wiped
/// when dropped.
pub(super) struct KeyDer {
    pub(super) format: KeyFormat,
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

/// The label of an EC private key's PEM block: read as a key so that the error can say it
/// is not RSA.
const EC_LABEL: &str = "EC PRIVATE KEY";

impl Want {
    /// Whether a PEM block labelled `label` holds a key of the wanted kind.
    fn label_fits(self, label: &[u8]) -> bool {
        let private = self == Self::Private;
        (private && label == EC_LABEL.as_bytes())
            || KeyFormat::ALL
                .iter()
                .any(|f| f.is_private() == private && f.pem_label().as_bytes() == label)
    }
}

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
    let labelled = |want: Want| {
        blocks
            .iter()
            .find(|(label, _)| want.label_fits(label))
            .map(|(_, block)| *block)
    };
    let other = match want {
        Want::Private => Want::Public,
        Want::Public => Want::Private,
    };
    match labelled(want).or_else(|| labelled(other)) {
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
            format: KeyFormat::LegacyEncrypted,
            der: Zeroizing::new(pem.to_vec()),
            pem: true,
        });
    }
    let (label, der) = pem_rfc7468::decode_vec(pem).map_err(|_| KeyProblem::MalformedPem)?;
    let der = Zeroizing::new(der);
    let format = match KeyFormat::from_pem_label(label) {
        Some(format) => format,
        None if label == EC_LABEL => return Err(algorithm::not_rsa(EC_OID)),
        None => return Err(KeyProblem::UnexpectedLabel(crate::names::clip(label))),
    };
    Ok(KeyDer {
        format,
        der,
        pem: true,
    })
}

/// Tells which structure raw DER holds by trying each in turn.
fn classify_der(der: &[u8]) -> Result<KeyDer, KeyProblem> {
    let format = if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
        KeyFormat::Pkcs8
    } else if pkcs1::RsaPrivateKeyRef::from_der(der).is_ok() {
        KeyFormat::Pkcs1
    } else if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        KeyFormat::Spki
    } else if pkcs1::RsaPublicKeyRef::from_der(der).is_ok() {
        KeyFormat::Pkcs1Public
    } else if pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).is_ok()
        || encrypted_key::has_encrypted_shape(der)
    {
        KeyFormat::EncryptedPkcs8
    } else {
        return Err(KeyProblem::NotPemOrDer);
    };
    Ok(KeyDer {
        format,
        der: Zeroizing::new(der.to_vec()),
        pem: false,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn formats_say_whether_private_and_encrypted() {
        // (format, private, encrypted), written out rather than derived.
        let table = [
            (KeyFormat::Pkcs8, true, false),
            (KeyFormat::Pkcs1, true, false),
            (KeyFormat::EncryptedPkcs8, true, true),
            (KeyFormat::LegacyEncrypted, true, true),
            (KeyFormat::Spki, false, false),
            (KeyFormat::Pkcs1Public, false, false),
        ];
        assert_eq!(table.len(), KeyFormat::ALL.len());
        for (format, private, encrypted) in table {
            assert_eq!(format.is_private(), private, "{format:?}");
            assert_eq!(format.is_encrypted(), encrypted, "{format:?}");
        }
    }

    #[test]
    fn labels_fit_the_wanted_kind() {
        let private = [
            "PRIVATE KEY",
            "RSA PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
            EC_LABEL,
        ];
        let public = ["PUBLIC KEY", "RSA PUBLIC KEY"];
        for label in private {
            assert!(Want::Private.label_fits(label.as_bytes()), "{label}");
            assert!(!Want::Public.label_fits(label.as_bytes()), "{label}");
        }
        for label in public {
            assert!(Want::Public.label_fits(label.as_bytes()), "{label}");
            assert!(!Want::Private.label_fits(label.as_bytes()), "{label}");
        }
        for label in ["CERTIFICATE", "", "PRIVATE KEY "] {
            assert!(!Want::Private.label_fits(label.as_bytes()), "{label:?}");
            assert!(!Want::Public.label_fits(label.as_bytes()), "{label:?}");
        }
    }

    #[test]
    fn blocks_run_from_begin_to_the_end_of_their_end_line() {
        let cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
        let key = "-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----";
        let open = "-----BEGIN PUBLIC KEY-----\nCCCC\n";
        let text = format!("Bag Attributes\n{cert}\nbetween\n{key}\ntrailer\n{open}");
        let blocks = pem_blocks(text.as_bytes());
        let expected: Vec<(&[u8], &[u8])> = vec![
            (b"CERTIFICATE", cert.as_bytes()),
            (b"PRIVATE KEY", key.as_bytes()),
            (b"PUBLIC KEY", open.as_bytes()),
        ];
        assert_eq!(blocks, expected);
        // A BEGIN line that never closes has no label, and still ends the search.
        assert_eq!(
            pem_blocks(b"x -----BEGIN "),
            vec![(&b""[..], &b"-----BEGIN "[..])]
        );
        assert!(pem_blocks(b"no key here").is_empty());
    }

    #[test]
    fn foreign_labels_are_named_in_the_error() {
        let pem = |label: &str| format!("-----BEGIN {label}-----\nAAAA\n-----END {label}-----\n");
        assert_eq!(
            decode_pem(pem(EC_LABEL).as_bytes()).err(),
            Some(algorithm::not_rsa(EC_OID))
        );
        assert_eq!(
            decode_pem(pem("X509 CRL").as_bytes()).err(),
            Some(KeyProblem::UnexpectedLabel("X509 CRL".to_owned()))
        );
    }
}
