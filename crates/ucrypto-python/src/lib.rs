//! CPython bindings for `ucrypto`: the Pycom `crypto` module as the private extension
//! `ucrypto._ucrypto`, re-exported by the pure-Python packages `ucrypto` and `crypto`.
//!
//! This crate only adapts arguments and results: every rule and every message lives in the
//! core crate, and `errors.rs` gives each core error its exception (with the device's own
//! strings where it has them). Argument errors of the adapter itself (a wrong type, a key
//! given twice) are raised where they are found.

mod aes;
mod cli;
mod data;
mod errors;
mod jwt;
mod random;
mod rsa;

use pyo3::prelude::*;

/// The compiled module. The device's `AES` is the type itself (named `AESCipher`, as on the
/// device), so `type(AES(key)) is AES`.
#[pymodule]
fn _ucrypto(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("AES", m.py().get_type::<aes::AesCipher>())?;
    m.add_function(wrap_pyfunction!(random::getrandbits, m)?)?;
    m.add_function(wrap_pyfunction!(rsa::generate_rsa_signature, m)?)?;
    m.add_function(wrap_pyfunction!(rsa::rsa_encrypt, m)?)?;
    m.add_function(wrap_pyfunction!(rsa::rsa_decrypt, m)?)?;
    // Extensions beyond the device (docs/python.md).
    m.add_function(wrap_pyfunction!(rsa::verify_rsa_signature, m)?)?;
    m.add_function(wrap_pyfunction!(rsa::generate_rsa_keypair, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::generate_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::verify_jwt, m)?)?;
    m.add(
        "InvalidTokenError",
        m.py().get_type::<errors::InvalidTokenError>(),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // For `make bench`: the CPU class and the engines it picks.
    m.add_function(wrap_pyfunction!(aes::engines, m)?)?;
    // The `ucrypto` command, for the wheel's console script.
    m.add_function(wrap_pyfunction!(cli::cli_main, m)?)?;
    Ok(())
}
