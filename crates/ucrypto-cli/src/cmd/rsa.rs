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
    let max = key.max_message_len(padding(args.padding));
    let message = io::read_bounded(args.file.as_deref(), max)?;
    if message.len() > max {
        return Err(CliError::input(format!(
            "the input is too long: this key encrypts at most {max} bytes; encrypt a random \
             AES key with RSA and the data with `ucrypto aes`"
        )));
    }
    let ct = key.encrypt(&message, padding(args.padding))?;
    io::write_stdout(&io::encode(&ct, args.format))
}

pub fn decrypt(args: &RsaDecryptArgs) -> Result {
    let key = private_key(&args.key)?;
    // Raw, or hex or base64 text of it with some whitespace: never more than 4x the size.
    // Anything longer is one more ciphertext that does not decrypt.
    let input = io::read_bounded(args.file.as_deref(), 4 * key.size())?;
    // A ciphertext of the wrong size is one more way of not decrypting: same exit, same words.
    let ct = io::decode_exact(&input, key.size())
        .ok_or_else(|| CliError::failed("decryption failed"))?;
    io::write_stdout(&key.decrypt(&ct, padding(args.padding))?)
}
