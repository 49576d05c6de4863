//! Key algorithms by OID: which one is RSA, and the names of the others for messages.

use crate::error::KeyProblem;

/// The algorithm OID of EC keys (`id-ecPublicKey`).
pub(super) const EC_OID: &str = "1.2.840.10045.2.1";

/// Fails unless `oid` is rsaEncryption.
pub(super) fn require_rsa(oid: &der::asn1::ObjectIdentifier) -> Result<(), KeyProblem> {
    if *oid == pkcs1::ALGORITHM_OID {
        Ok(())
    } else {
        Err(not_rsa(&oid.to_string()))
    }
}

/// The problem of a key of another algorithm: its OID, and the algorithm's name where it is
/// one people meet.
pub(super) fn not_rsa(oid: &str) -> KeyProblem {
    let name = match oid {
        EC_OID => "EC",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.3.101.110" => "X25519",
        "1.2.840.10040.4.1" => "DSA",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        _ => return KeyProblem::NotRsa(oid.to_owned()),
    };
    KeyProblem::NotRsa(format!("{oid}, {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithm_oids_are_named_for_people() {
        for (oid, name) in [
            ("1.2.840.10045.2.1", "EC"),
            ("1.3.101.112", "Ed25519"),
            ("1.3.101.113", "Ed448"),
            ("1.3.101.110", "X25519"),
            ("1.2.840.10040.4.1", "DSA"),
            ("1.2.840.113549.1.1.10", "RSASSA-PSS"),
        ] {
            assert_eq!(not_rsa(oid), KeyProblem::NotRsa(format!("{oid}, {name}")));
        }
        assert_eq!(not_rsa("1.2.3.4"), KeyProblem::NotRsa("1.2.3.4".into()));
    }
}
