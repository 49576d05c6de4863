//! `ucrypto keygen`: PKCS#8 private key (mode 0600) and SPKI public key.

use crate::error::{CliError, Result};
use crate::flags::KeygenArgs;
use std::fs::OpenOptions;
use std::io::Write;
#[cfg(unix)]
use std::os::unix::fs::OpenOptionsExt;

/// Writes `data` to `path`, refusing to replace a file unless `force`; `private` files are
/// created readable by the owner only.
fn write_file(path: &str, data: &[u8], force: bool, private: bool) -> Result {
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    if private {
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            CliError::input(format!("{path} exists; pass --force to overwrite it"))
        }
        _ => CliError::io("create", path, &e),
    })?;
    #[cfg(unix)]
    if private {
        // An existing file overwritten with --force keeps its old mode; tighten it.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| CliError::io("set permissions of", path, &e))?;
    }
    file.write_all(data)
        .map_err(|e| CliError::io("write", path, &e))
}

pub fn run(args: &KeygenArgs) -> Result {
    if !args.force {
        for path in std::iter::once(&args.out).chain(args.public.as_ref()) {
            if std::path::Path::new(path).exists() {
                return Err(CliError::input(format!(
                    "{path} exists; pass --force to overwrite it"
                )));
            }
        }
    }
    let key = ucrypto::RsaPrivateKey::generate(args.bits)?;
    write_file(&args.out, key.to_pkcs8_pem()?.as_bytes(), args.force, true)?;
    if let Some(public) = &args.public {
        write_file(
            public,
            key.public_key()?.to_spki_pem()?.as_bytes(),
            args.force,
            false,
        )?;
    }
    eprintln!("wrote a {}-bit RSA key to {}", key.bits(), args.out);
    Ok(())
}
