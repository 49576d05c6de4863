//! The message for a command line clap refused: built from the parts of clap's error that
//! name arguments and choices, never from the values the user typed, since a misplaced value
//! may be a secret.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use ucrypto::names::either;

/// Whether an unknown argument reads as a mistyped flag name (`--kye`, `-x`) and not as a
/// value that may be a secret: lowercase letters, digits and dashes after the leading
/// dashes, no `=value`, short, and no long run of hex digits (a key pasted after `--`).
fn looks_like_a_flag_name(arg: &str) -> bool {
    const LONGEST: usize = 40;
    const HEX_RUN: usize = 12;
    let Some(name) = arg.strip_prefix('-').map(|a| a.trim_start_matches('-')) else {
        return false;
    };
    !name.is_empty()
        && arg.len() <= LONGEST
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && name
            .split(|c: char| !c.is_ascii_hexdigit())
            .all(|run| run.len() < HEX_RUN)
}

/// The message for a parse error, built from the parts of clap's error that name arguments
/// and choices, never from the values the user typed: a misplaced value may be a secret.
pub fn usage_error(err: &clap::Error) -> String {
    let names = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    };
    let flag = names(ContextKind::InvalidArg).join(", ");
    let suggested = names(ContextKind::SuggestedArg)
        .into_iter()
        .chain(names(ContextKind::SuggestedSubcommand))
        .collect::<Vec<_>>();
    let mut message = match err.kind() {
        ErrorKind::UnknownArgument => {
            // A mistyped flag is safe to repeat: it reads as a flag name and clap found a
            // real flag close to it. Anything else (`--correct-horse-staple9`) might be a
            // misplaced secret, and is named by its length only.
            if looks_like_a_flag_name(&flag) && !suggested.is_empty() {
                format!("unexpected argument {flag}")
            } else {
                format!(
                    "unexpected argument of {} characters (not repeated here, in case it is \
                     a secret)",
                    flag.chars().count()
                )
            }
        }
        ErrorKind::InvalidSubcommand => "unknown subcommand".to_owned(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = names(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("invalid value for {flag}")
            } else {
                format!("invalid value for {flag}: use {}", either(valid))
            }
        }
        ErrorKind::MissingRequiredArgument => format!("missing required argument {flag}"),
        ErrorKind::ArgumentConflict => {
            let prior = names(ContextKind::PriorArg).join(", ");
            format!("{flag} cannot be used with {prior}")
        }
        ErrorKind::MissingSubcommand => "a subcommand is required".to_owned(),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("wrong number of values for {flag}")
        }
        ErrorKind::NoEquals => format!("{flag} needs its value after '='"),
        _ => "invalid arguments".to_owned(),
    };
    if !suggested.is_empty() {
        message.push_str(&format!(" (did you mean {}?)", either(suggested)));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::looks_like_a_flag_name;

    #[test]
    fn only_flag_names_are_repeated() {
        for name in ["--kye", "-x", "--device-encoding", "--pkcs1", "--exp-in"] {
            assert!(looks_like_a_flag_name(name), "{name}");
        }
        let key = "00112233445566778899aabbccddeeff";
        for arg in [
            format!("--{key}"),
            format!("-{key}"),
            format!("--{}", key.to_uppercase()),
            format!("--kye={key}"),
            "--deadbeefcafe".to_owned(),
            "--QUJDREVGR0g".to_owned(),
            "--".to_owned(),
            "-".to_owned(),
            key.to_owned(),
            format!("--{}", "a-".repeat(20)),
        ] {
            assert!(!looks_like_a_flag_name(&arg), "{arg}");
        }
    }
}
