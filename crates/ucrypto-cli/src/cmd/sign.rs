//! `ucrypto sign` and `ucrypto verify`: RS256 over a file or standard input.

use crate::error::{CliError, Result};
use crate::flags::{KeyArgs, SignArgs, VerifyArgs};
use crate::io;
use std::sync::Arc;
use ucrypto::rsa::Rs256Digest;
use ucrypto::{RsaPrivateKey, RsaPublicKey};

/// The private key named by `--key` (and `--passin`).
pub fn private_key(args: &KeyArgs) -> Result<Arc<RsaPrivateKey>> {
    let text = io::read_key(&args.key)?;
    let password = io::password(args.passin.as_deref())?;
    Ok(ucrypto::cache::private_key(
        &text,
        password.as_ref().map(|p| p.as_slice()),
    )?)
}

/// The public key in the file at `path`.
pub fn public_key(path: &str) -> Result<Arc<RsaPublicKey>> {
    let text = io::read_key(path)?;
    Ok(ucrypto::cache::public_key(&text)?)
}

/// SHA-256 of the input, read in pieces: files of any size sign in bounded memory.
fn digest_of(file: Option<&str>) -> Result<Rs256Digest> {
    let mut digest = Rs256Digest::new();
    io::for_each_chunk(file, |piece| digest.update(piece))?;
    Ok(digest)
}

pub fn sign(args: &SignArgs) -> Result {
    let key = private_key(&args.key)?;
    let signature = key.sign_rs256_digest(digest_of(args.file.as_deref())?)?;
    io::write_stdout(&io::encode(&signature, args.format))
}

pub fn verify(args: &VerifyArgs) -> Result {
    let key = public_key(&args.public)?;
    let given = match args.signature.strip_prefix('@') {
        Some(path) => std::fs::read(path).map_err(|e| CliError::io("read", path, &e))?,
        None => args.signature.as_bytes().to_vec(),
    };
    let signature = io::decode_exact(&given, key.size()).ok_or_else(|| {
        CliError::failed(format!(
            "signature does not verify: it is not {} bytes (raw, hex, base64 or base64url)",
            key.size()
        ))
    })?;
    if key.verify_rs256_digest(digest_of(args.file.as_deref())?, &signature) {
        eprintln!("signature OK");
        Ok(())
    } else {
        Err(CliError::failed("signature does not verify"))
    }
}
