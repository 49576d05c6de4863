//! `ucrypto keygen`: PKCS#8 private key (mode 0600) and SPKI public key, each written aside
//! and renamed into place only when whole (see `io::Output`).

use crate::error::{CliError, Result};
use crate::flags::KeygenArgs;
use crate::io::{self, Output, Replace};

pub fn run(args: &KeygenArgs) -> Result {
    if let Some(public) = &args.public
        && io::same_destination(&args.out, public)
    {
        return Err(CliError::input(
            "--out and --pub name the same file; give the public key its own file",
        ));
    }
    let replace = Replace::forced(args.force);
    // Both files are opened before the slow key generation, so a clash shows at once.
    let mut private = Output::open(Some(&args.out), replace)?;
    let mut public = args
        .public
        .as_deref()
        .map(|p| Output::open(Some(p), replace))
        .transpose()?;
    let key = ucrypto::RsaPrivateKey::generate(args.bits)?;
    private.write(key.to_pkcs8_pem()?.as_bytes())?;
    if let Some(file) = &mut public {
        file.write(key.public_key()?.to_spki_pem()?.as_bytes())?;
    }
    let written = private.finish()?;
    if let (Some(file), Some(path)) = (public, &args.public) {
        // Two spellings of one file (a case-insensitive disk, a bind mount) that the names
        // alone did not show: the public key must not replace the private one.
        if written.is_some_and(|id| io::is_same_file(path, id)) {
            return Err(CliError::input(format!(
                "{path} is the file the private key was just written to; give the public \
                 key its own file"
            )));
        }
        file.finish()?;
    }
    io::note(&format!(
        "wrote a {}-bit RSA key to {}",
        key.bits(),
        args.out
    ));
    Ok(())
}
