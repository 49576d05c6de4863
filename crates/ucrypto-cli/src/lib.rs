//! `ucrypto`: the Pycom `crypto` module's jobs from a shell — random bytes, device keys,
//! RS256 signatures and JWTs, RSA and AES in exactly the device's formats.
//!
//! A library so that the same command runs as the native binary (`main.rs`) and from the
//! Python wheel's console script. [`main`] parses arguments, dispatches to one small function
//! per subcommand, and turns every failure into one line on stderr and an exit code
//! (0 ok, 1 a failed verification or decryption, 2 bad usage or input, 128+N a signal).
#![forbid(unsafe_code)]

mod cmd;
mod error;
mod flags;
// The fuzz target's property reaches private decoders, so it lives in the crate; it is
// built only for the fuzzer (`--features fuzzing`, fuzz/Cargo.toml) and for its own tests,
// never into a shipped binary.
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
mod io;
mod usage;

use clap::Parser;
use clap::error::ErrorKind;
use std::ffi::OsString;
use std::process::ExitCode;

/// Runs the command line with the process's arguments.
pub fn main() -> ExitCode {
    ExitCode::from(run(std::env::args_os()))
}

/// Runs the command line with `args` (the first is the program name) and returns the exit
/// status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> u8 {
    let args: Vec<OsString> = args.into_iter().collect();
    let cli = match flags::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) => return usage(&err, verifies(&args)),
    };
    io::remove_partial_files_on_signals();
    match cmd::dispatch(cli.command) {
        Ok(()) => 0,
        Err(err) => {
            io::note(&format!("ucrypto: error: {err}"));
            err.code()
        }
    }
}

/// Whether the command line names a subcommand whose exit status 0 means "verified"
/// (`verify`, `jwt verify`): the subcommands are its first words that are not flags.
fn verifies(args: &[OsString]) -> bool {
    let words: Vec<&str> = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .filter(|a| !a.starts_with('-'))
        .take(2)
        .collect();
    matches!(words.as_slice(), ["verify", ..] | ["jwt", "verify"])
}

/// Help and version go out as clap prints them; errors go out without the values typed.
///
/// A verifying subcommand that shows help or its version exits 2, not 0: its values come
/// from outside (a token, a signature), and a token of `-h` or `--version` must never pass a
/// script's `if ucrypto jwt verify ... "$TOKEN"` as if it had verified.
fn usage(err: &clap::Error, verifying: bool) -> u8 {
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            if verifying {
                io::note("ucrypto: nothing was verified (help or version shown)");
                return error::BAD_INPUT;
            }
            u8::try_from(err.exit_code()).unwrap_or(error::BAD_INPUT)
        }
        _ => {
            io::note(&format!("ucrypto: error: {}", usage::usage_error(err)));
            io::note("");
            io::note("For more information, try '--help'.");
            error::BAD_INPUT
        }
    }
}
