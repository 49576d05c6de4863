//! Running the real `openssl` command line, and RSA keys it makes once per test binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Runs `openssl` in `dir` with `stdin`, failing the test with its stderr if it fails. The
/// input is written from another thread, so an `openssl` that answers before reading all of
/// it cannot deadlock the test. The one `openssl` helper of every test suite (the CLI's
/// include this file).
pub fn openssl(dir: &Path, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the openssl command line must be installed");
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // openssl may exit without reading everything (and then fails below).
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// One key size's files, made once per test binary: PKCS#8 (`genpkey`) and PKCS#1
/// (`genrsa -traditional`) private keys, SPKI and PKCS#1 public keys, PEM and DER.
pub struct Keys {
    pub dir: tempfile::TempDir,
}

impl Keys {
    pub fn make(bits: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let b = bits.to_string();
        openssl(
            d,
            &[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                &format!("rsa_keygen_bits:{b}"),
                "-out",
                "p8.pem",
            ],
            b"",
        );
        openssl(d, &["genrsa", "-traditional", "-out", "p1.pem", &b], b"");
        openssl(
            d,
            &["pkey", "-in", "p8.pem", "-pubout", "-out", "spki.pem"],
            b"",
        );
        openssl(
            d,
            &[
                "rsa",
                "-in",
                "p1.pem",
                "-RSAPublicKey_out",
                "-out",
                "pkcs1pub.pem",
            ],
            b"",
        );
        openssl(
            d,
            &["pkey", "-in", "p1.pem", "-pubout", "-out", "p1spki.pem"],
            b"",
        );
        openssl(
            d,
            &["pkey", "-in", "p8.pem", "-outform", "DER", "-out", "p8.der"],
            b"",
        );
        openssl(
            d,
            &[
                "rsa",
                "-in",
                "p1.pem",
                "-traditional",
                "-outform",
                "DER",
                "-out",
                "p1.der",
            ],
            b"",
        );
        openssl(
            d,
            &[
                "pkey", "-in", "p8.pem", "-pubout", "-outform", "DER", "-out", "spki.der",
            ],
            b"",
        );
        Self { dir }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap()
    }
}

pub fn keys(bits: u32) -> &'static Keys {
    static K2048: OnceLock<Keys> = OnceLock::new();
    static K3072: OnceLock<Keys> = OnceLock::new();
    static K4096: OnceLock<Keys> = OnceLock::new();
    let cell = match bits {
        2048 => &K2048,
        3072 => &K3072,
        _ => &K4096,
    };
    cell.get_or_init(|| Keys::make(bits))
}
