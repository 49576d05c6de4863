//! `ucrypto keygen`: PKCS#8 private key (mode 0600) and SPKI public key, each written aside
//! and renamed into place only when whole (see `io::OutputFile`).

use crate::error::{CliError, Result};
use crate::flags::KeygenArgs;
use crate::io::{self, Replace};

pub fn run(args: &KeygenArgs) -> Result {
    if let Some(public) = &args.public
        && io::same_destination(&args.out, public)
    {
        return Err(CliError::input(
            "--out and --pub name the same file; give the public key its own file",
        ));
    }
    let replace = if args.force {
        Replace::Allowed
    } else {
        Replace::Never
    };
    // Both files are created before the slow key generation, so a clash shows at once.
    let mut private = io::OutputFile::create(&args.out, replace)?;
    let mut public = args
        .public
        .as_deref()
        .map(|p| io::OutputFile::create(p, replace))
        .transpose()?;
    let key = ucrypto::RsaPrivateKey::generate(args.bits)?;
    private.write(key.to_pkcs8_pem()?.as_bytes())?;
    if let Some(file) = &mut public {
        file.write(key.public_key()?.to_spki_pem()?.as_bytes())?;
    }
    private.commit()?;
    if let Some(file) = public {
        file.commit()?;
    }
    eprintln!("wrote a {}-bit RSA key to {}", key.bits(), args.out);
    Ok(())
}
