//! The message for a command line clap refused: built from the parts of clap's error that
//! name arguments and choices, never from the values the user typed, since a misplaced value
//! may be a secret.

use crate::flags::FlagRule;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::error::Error as _;
use ucrypto::names::either;

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
        // Never repeated, even when it looks like a mistyped flag: a secret typed straight
        // after a flag's name (`--passin-hunter2`) looks like one too. Clap's suggestion, a
        // real flag's name, says which was meant.
        ErrorKind::UnknownArgument => format!(
            "unexpected argument of {} characters (not repeated here, in case it is a secret)",
            flag.chars().count()
        ),
        ErrorKind::InvalidSubcommand => "unknown subcommand".to_owned(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = names(ContextKind::ValidValue);
            // Our own parsers' rules, which name no value; any other parser's words may.
            let rule = err.source().and_then(|e| e.downcast_ref::<FlagRule>());
            match rule {
                Some(rule) => format!("invalid value for {flag}: {rule}"),
                None if valid.is_empty() => format!("invalid value for {flag}"),
                None => format!("invalid value for {flag}: use {}", either(valid)),
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
