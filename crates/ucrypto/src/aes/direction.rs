//! Which way data goes through a mode.

use crate::names::named;

/// Which way data goes through a mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Plaintext to ciphertext.
    Encrypt,
    /// Ciphertext to plaintext.
    Decrypt,
}

named!(Direction, "direction" {
    Encrypt => ("encrypt", "plaintext to ciphertext"),
    Decrypt => ("decrypt", "ciphertext to plaintext"),
});
