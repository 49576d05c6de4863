//! The two RSA encryption paddings: the device's PKCS#1 v1.5 and OAEP with SHA-256.

use crate::names::named;

pub use crate::facts::Padding;

named!(Padding, "padding" {
    Pkcs1v15 => ("pkcs1v15", "RSAES-PKCS1-v1_5, what the device uses"),
    OaepSha256 => ("oaep", "RSAES-OAEP with SHA-256 and MGF1-SHA-256 (not readable by the device)"),
});
