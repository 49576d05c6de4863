//! The two ways a token's parts are written: RFC 7515 compact form, and the form Pycom's
//! device library writes.

use super::{Form, TokenProblem};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::ser::Formatter;

/// Standard alphabet, padding optional.
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
/// URL-safe alphabet, padding optional.
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Encodes one part of a token.
pub(super) fn encode_part(data: &[u8], form: Form) -> String {
    match form {
        Form::Compact => URL_SAFE_NO_PAD.encode(data),
        // MicroPython's binascii.b2a_base64: standard base64, padded, and a newline.
        Form::Device => format!("{}\n", STANDARD.encode(data)),
    }
}

/// Whether `part` is in RFC 7515 compact form: base64url without padding or whitespace.
fn is_compact(part: &str) -> bool {
    part.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Decodes one part, and says whether it was in compact form. Besides compact form it
/// reads the device library's: standard or url-safe base64, padded or not, ending in one
/// `\n` or not. Any other character (a space, a `\r`, a second newline) is refused.
pub(super) fn decode_part(part: &str, what: &'static str) -> Result<(Vec<u8>, bool), TokenProblem> {
    if is_compact(part) {
        return URL_SAFE_NO_PAD
            .decode(part)
            .map(|bytes| (bytes, true))
            .map_err(|_| TokenProblem::NotBase64(what));
    }
    let body = part.strip_suffix('\n').unwrap_or(part);
    STANDARD_LENIENT
        .decode(body)
        .or_else(|_| URL_SAFE_LENIENT.decode(body))
        .map(|bytes| (bytes, false))
        .map_err(|_| TokenProblem::NotBase64(what))
}

/// JSON written as Python's (and MicroPython's) `json.dumps` writes it: `", "` between
/// items and `": "` after keys.
pub(super) struct PythonJson;

impl Formatter for PythonJson {
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        separator(writer, first)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        separator(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }
}

/// `value` as JSON text in the style of `form`: compact JSON, or `json.dumps`'s.
pub(super) fn json_text(value: &serde_json::Value, form: Form) -> Vec<u8> {
    match form {
        Form::Compact => value.to_string().into_bytes(),
        Form::Device => {
            let mut out = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut out, PythonJson);
            // Serialising a Value into a Vec cannot fail.
            let _ = serde::Serialize::serialize(value, &mut ser);
            out
        }
    }
}

/// What Python writes before every item of an array or object but the first.
fn separator<W: ?Sized + std::io::Write>(writer: &mut W, first: bool) -> std::io::Result<()> {
    if first {
        Ok(())
    } else {
        writer.write_all(b", ")
    }
}
