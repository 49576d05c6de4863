//! One small function per subcommand, each a thin layer over the `ucrypto` library.

mod aes;
mod jwt;
mod key;
mod keygen;
mod rand;
mod rsa;
mod sign;

// For the fuzz target's property, which reaches the duration parser.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) use jwt::{expiry, parse_duration};

use crate::error::Result;
use crate::flags::{AesCommand, Cli, Command, JwtCommand, KeyCommand, RsaCommand};
use clap::CommandFactory;
use ucrypto::aes::Direction;

pub fn dispatch(command: Command) -> Result {
    match command {
        Command::Rand(args) => rand::run(&args),
        Command::Keygen(args) => keygen::run(&args),
        Command::Key(KeyCommand::Convert(args)) => key::convert(&args),
        Command::Key(KeyCommand::Pub(args)) => key::public(&args),
        Command::Key(KeyCommand::Info(args)) => key::info(&args),
        Command::Key(KeyCommand::Jwk(args)) => key::jwk(&args),
        Command::Sign(args) => sign::sign(&args),
        Command::Verify(args) => sign::verify(&args),
        Command::Jwt(JwtCommand::Sign(args)) => jwt::sign(&args),
        Command::Jwt(JwtCommand::Verify(args)) => jwt::verify(&args),
        Command::Rsa(RsaCommand::Encrypt(args)) => rsa::encrypt(&args),
        Command::Rsa(RsaCommand::Decrypt(args)) => rsa::decrypt(&args),
        Command::Aes(AesCommand::Encrypt(args)) => aes::run(&args, Direction::Encrypt),
        Command::Aes(AesCommand::Decrypt(args)) => aes::run(&args, Direction::Decrypt),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ucrypto", &mut script);
            crate::io::write_stdout(&script)
        }
    }
}
