//! `ucrypto rsa encrypt|decrypt`.

use super::sign::{private_key, public_key};
use crate::error::{CliError, Result};
use crate::flags::{PaddingArg, RsaDecryptArgs, RsaEncryptArgs};
use crate::io;
use ucrypto::rsa::Padding;

fn padding(arg: PaddingArg) -> Padding {
    match arg {
        PaddingArg::Pkcs1v15 => Padding::Pkcs1v15,
        PaddingArg::Oaep => Padding::OaepSha256,
    }
}

pub fn encrypt(args: &RsaEncryptArgs) -> Result {
    let key = public_key(&args.public)?;
    let message = io::read_input(args.file.as_deref())?;
    let ct = key.encrypt(&message, padding(args.padding))?;
    io::write_stdout(&io::encode(&ct, args.format))
}

pub fn decrypt(args: &RsaDecryptArgs) -> Result {
    let key = private_key(&args.key)?;
    let input = io::read_input(args.file.as_deref())?;
    // A ciphertext of the wrong size is one more way of not decrypting: same exit, same words.
    let ct = io::decode_exact(&input, key.size())
        .ok_or_else(|| CliError::failed("decryption failed"))?;
    io::write_stdout(&key.decrypt(&ct, padding(args.padding))?)
}
