//! `ucrypto key convert|pub|info|jwk`: provisioning device keys and publishing them.

use crate::error::Result;
use crate::flags::{KeyConvertArgs, KeyInfoArgs, KeyJwkArgs, KeyPubArgs};
use crate::io::{self, Output, Replace};
use serde_json::{Value, json};
use std::sync::Arc;
use ucrypto::rsa::{KeyFile, KeyFormat, KeySet};
use ucrypto::{Named, RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

/// The private key in `path`, decrypted with `passin`'s password.
fn private(path: &str, passin: Option<&str>) -> Result<Arc<RsaPrivateKey>> {
    io::private_key(path, passin)
}

/// The public key of the key in `path`, private or public.
fn public_of(path: &str, passin: Option<&str>) -> Result<RsaPublicKey> {
    let text = io::read_key(path)?;
    if ucrypto::rsa::inspect(&text)?.format.is_private() {
        Ok(private(path, passin)?.public_key()?)
    } else {
        Ok(ucrypto::cache::public_key(&text)?.as_ref().clone())
    }
}

pub fn convert(args: &KeyConvertArgs) -> Result {
    let key = private(&args.input, args.passin.as_deref())?;
    let data: Zeroizing<Vec<u8>> = match (args.to, args.der) {
        (KeyFormat::Pkcs1, true) => key.to_pkcs1_der()?,
        (KeyFormat::Pkcs1, false) => Zeroizing::new(key.to_pkcs1_pem()?.as_bytes().to_vec()),
        (_, true) => key.to_pkcs8_der(),
        (_, false) => Zeroizing::new(key.to_pkcs8_pem()?.as_bytes().to_vec()),
    };
    let replace = Replace::forced(args.force);
    let mut out = Output::open(Some(&args.out), replace)?;
    out.write(&data)?;
    out.finish()?;
    let encoding = if args.der { "DER" } else { "PEM" };
    io::note(&format!(
        "wrote the {}-bit key to {} as unencrypted {} {encoding} (mode 0600)",
        key.bits(),
        args.out,
        args.to.description()
    ));
    Ok(())
}

pub fn public(args: &KeyPubArgs) -> Result {
    let key = public_of(&args.input, args.passin.as_deref())?;
    io::write_stdout(key.to_spki_pem()?.as_bytes())
}

/// The command that turns `file` into what the device takes.
fn fix(path: &str, file: &KeyFile) -> String {
    let stem = path
        .strip_suffix(".pem")
        .or_else(|| path.strip_suffix(".der"))
        .unwrap_or(path);
    if file.format.is_private() {
        let passin = if file.format.is_encrypted() {
            " --passin env:KEY_PASSWORD"
        } else {
            ""
        };
        format!("ucrypto key convert {path} --out {stem}_pkcs8.pem{passin}")
    } else {
        format!("ucrypto key pub {path} > {stem}_pub.pem")
    }
}

pub fn info(args: &KeyInfoArgs) -> Result {
    let text = io::read_key(&args.input)?;
    let file = ucrypto::rsa::inspect(&text)?;
    let readable = !file.format.is_encrypted() || args.passin.is_some();
    let public = if readable {
        Some(public_of(&args.input, args.passin.as_deref())?)
    } else {
        None
    };
    let mut report = json!({
        "file": args.input,
        "kind": if file.format.is_private() { "private" } else { "public" },
        "format": file.format.name(),
        "encoding": if file.pem { "PEM" } else { "DER" },
        "encrypted": file.format.is_encrypted(),
    });
    if let (Some(key), Some(map)) = (&public, report.as_object_mut()) {
        map.insert("bits".into(), key.bits().into());
        map.insert("public_exponent".into(), key.public_exponent().into());
        map.insert("spki_sha256".into(), hex::encode(key.spki_sha256()?).into());
        map.insert("jwk_thumbprint".into(), key.jwk_thumbprint().into());
    }
    if let Some(map) = report.as_object_mut() {
        map.insert("device_accepts".into(), file.device_accepts().into());
        if !file.device_accepts() {
            map.insert("fix".into(), fix(&args.input, &file).into());
        }
    }
    if args.json {
        return io::write_json(&report);
    }
    let mut lines = String::new();
    if let Some(map) = report.as_object() {
        for (name, value) in map {
            let shown = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            lines.push_str(&format!("{name}: {shown}\n"));
        }
    }
    if !readable {
        lines.push_str("(give --passin to read the key's numbers)\n");
    }
    io::write_stdout(lines.as_bytes())
}

pub fn jwk(args: &KeyJwkArgs) -> Result {
    let keys = args
        .inputs
        .iter()
        .map(|path| public_of(path, None))
        .collect::<Result<Vec<_>>>()?;
    let document = match keys.as_slice() {
        [one] if !args.jwks => one.to_jwk(None),
        _ => KeySet::to_jwks(&keys)?,
    };
    io::write_json(&document)
}
