//! Every file, stream and terminal the tool touches: bounded inputs (`input.rs`), secrets
//! that never need the command line (`secret.rs`), keys (here), where output goes
//! (`output.rs`), private files renamed into place when whole (`output_file.rs`), the
//! signal handling that removes a partial one (`signals.rs`), standard output and error
//! (`stdout.rs`), what the kernel says of this process (`process.rs`), and the text
//! encodings values come in (`encoding.rs`).

mod encoding;
mod input;
mod output;
mod output_file;
mod process;
mod secret;
mod signals;
mod stdout;

pub use encoding::{Format, decode_exact, encode};
pub use input::{CHUNK, Input, read_bounded, value_arg};
pub use output::{Output, is_same_file, same_destination};
pub use output_file::Replace;
pub use secret::{aes_key, password};
pub use signals::remove_partial_files_on_signals;
pub use stdout::{note, write_json, write_stdout};

use crate::error::Result;
use std::sync::Arc;
use ucrypto::{RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

/// The most a key file is read: an 8192-bit PEM key is under 7 KiB, and this leaves room
/// for the certificate chains of a bundle.
pub const KEY_FILE_LIMIT: usize = 1 << 20;
/// The most a secret value (an AES key as text, a password) is read.
pub const SECRET_LIMIT: usize = 64 << 10;
/// The most a signature given as text or a file is read (an 8192-bit one in hex is 2 KiB).
pub const SIGNATURE_LIMIT: usize = 64 << 10;
/// The most a JWT is read.
pub const TOKEN_LIMIT: usize = 256 << 10;
/// The most a JSON document (claims, a JWKS) is read.
pub const JSON_LIMIT: usize = 1 << 20;

/// A key file's bytes, read up to [`KEY_FILE_LIMIT`] and wiped when dropped.
pub fn read_key(path: &str) -> Result<Zeroizing<Vec<u8>>> {
    Input::open_file(path, "read key file")?.read_bounded(KEY_FILE_LIMIT, "the key file")
}

/// The private key in the file at `path`, decrypted with the password from `passin`.
pub fn private_key(path: &str, passin: Option<&str>) -> Result<Arc<RsaPrivateKey>> {
    let text = read_key(path)?;
    let password = password(passin)?;
    Ok(ucrypto::cache::private_key(
        &text,
        password.as_ref().map(|p| p.as_slice()),
    )?)
}

/// The public key in the file at `path`.
pub fn public_key(path: &str) -> Result<Arc<RsaPublicKey>> {
    let text = read_key(path)?;
    Ok(ucrypto::cache::public_key(&text)?)
}
