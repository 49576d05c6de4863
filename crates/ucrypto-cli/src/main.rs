//! `ucrypto`: the Pycom `crypto` module's jobs from a shell — random bytes, device keys,
//! RS256 signatures and JWTs, RSA and AES in exactly the device's formats.
//!
//! `main` parses arguments, `run` dispatches to one small function per subcommand, and
//! every failure becomes one line on stderr and an exit code (0 ok, 1 a failed
//! verification or decryption, 2 bad usage or input).

mod cmd;
mod error;
mod flags;
mod io;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    run(flags::Cli::parse())
}

fn run(cli: flags::Cli) -> ExitCode {
    match cmd::dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ucrypto: error: {err}");
            ExitCode::from(err.code())
        }
    }
}
