//! `ucrypto sign` and `ucrypto verify`: RS256 over a file or standard input, hashed in
//! pieces so files of any size sign in bounded memory.

use crate::error::{CliError, Result};
use crate::flags::{SignArgs, VerifyArgs};
use crate::io::{self, Input};
use ucrypto::rsa::Rs256Digest;

/// SHA-256 of the input, read in pieces.
fn digest_of(file: Option<&str>) -> Result<Rs256Digest> {
    let mut digest = Rs256Digest::new();
    Input::open(file)?.for_each_chunk(|piece| digest.update(piece))?;
    Ok(digest)
}

pub fn sign(args: &SignArgs) -> Result {
    let key = io::private_key(&args.key.key, args.key.passin.as_deref())?;
    let signature = key.sign_rs256_digest(digest_of(args.file.as_deref())?)?;
    io::write_stdout(&io::encode(&signature, args.format))
}

pub fn verify(args: &VerifyArgs) -> Result {
    let key = io::public_key(&args.public)?;
    let given = io::value_arg(&args.signature, io::SIGNATURE_LIMIT, "the signature")?;
    let signature = io::decode_exact(&given, key.size()).ok_or_else(|| {
        CliError::failed(format!(
            "signature does not verify: it is not {} bytes (raw, hex, base64 or base64url)",
            key.size()
        ))
    })?;
    if key.verify_rs256_digest(digest_of(args.file.as_deref())?, &signature) {
        io::note("signature OK");
        Ok(())
    } else {
        Err(CliError::failed("signature does not verify"))
    }
}
