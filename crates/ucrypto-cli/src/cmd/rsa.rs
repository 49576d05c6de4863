//! `ucrypto rsa encrypt|decrypt`.

use crate::error::{CliError, Result};
use crate::flags::{RsaDecryptArgs, RsaEncryptArgs};
use crate::io;
use ucrypto::Error;

pub fn encrypt(args: &RsaEncryptArgs) -> Result {
    let key = io::public_key(&args.public)?;
    let max = key.max_message_len(args.padding);
    let message = io::Input::open(args.file.as_deref())?.read_upto(max)?;
    // Not the core's `MessageTooLong`: that states the message's length, and the input was
    // read only as far as one byte past what fits, to keep the read bounded.
    if message.len() > max {
        return Err(CliError::input(format!(
            "the input is too long: this key encrypts at most {max} bytes; encrypt a random \
             AES key with RSA and the data with `ucrypto aes`"
        )));
    }
    let ct = key.encrypt(&message, args.padding)?;
    io::write_stdout(&io::encode(&ct, args.format))
}

pub fn decrypt(args: &RsaDecryptArgs) -> Result {
    let key = io::private_key(&args.key.key, args.key.passin.as_deref())?;
    // Raw, or hex or base64 text of it with some whitespace: never more than 4x the size.
    // Anything longer, or of the wrong size, is one more ciphertext that does not decrypt:
    // same exit, same words.
    let limit = 4 * key.size();
    let input = io::Input::open(args.file.as_deref())?;
    let data = input.read_upto(limit)?;
    let ct = io::decode_exact(&data, key.size()).ok_or(Error::DecryptFailed)?;
    io::write_stdout(&key.decrypt(&ct, args.padding)?)
}
