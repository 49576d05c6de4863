//! The text encodings binary values come in and go out as.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

/// How binary output is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Unpadded base64url, as in JWTs
    Base64url,
    /// Standard base64 with padding
    Base64,
    /// Lower-case hex
    Hex,
    /// The bytes themselves
    Raw,
}

/// Encodes `data`; text formats end with a newline.
pub fn encode(data: &[u8], format: Format) -> Vec<u8> {
    let text = match format {
        Format::Base64url => URL_SAFE_NO_PAD.encode(data),
        Format::Base64 => STANDARD.encode(data),
        Format::Hex => hex::encode(data),
        Format::Raw => return data.to_vec(),
    };
    format!("{text}\n").into_bytes()
}

/// Reads a value that must be exactly `len` bytes, given raw or as hex, base64 or base64url
/// text (with or without padding and surrounding whitespace). The length makes the choice
/// unambiguous.
pub fn decode_exact(data: &[u8], len: usize) -> Option<Vec<u8>> {
    if data.len() == len {
        return Some(data.to_vec());
    }
    let text = std::str::from_utf8(data).ok()?.trim();
    let candidates = [
        hex::decode(text).ok(),
        URL_SAFE_NO_PAD.decode(text).ok(),
        URL_SAFE.decode(text).ok(),
        STANDARD.decode(text).ok(),
        STANDARD_NO_PAD.decode(text).ok(),
    ];
    candidates.into_iter().flatten().find(|v| v.len() == len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_exact_reads_every_encoding_of_the_right_length() {
        let value: Vec<u8> = (0..32).collect();
        for text in [
            hex::encode(&value),
            STANDARD.encode(&value),
            URL_SAFE_NO_PAD.encode(&value),
            format!("  {}\n", STANDARD_NO_PAD.encode(&value)),
        ] {
            assert_eq!(
                decode_exact(text.as_bytes(), 32),
                Some(value.clone()),
                "{text}"
            );
        }
        assert_eq!(decode_exact(&value, 32), Some(value.clone()));
        assert_eq!(decode_exact(b"00ff", 32), None);
        assert_eq!(decode_exact(&[0xff; 7], 32), None);
    }
}
