//! One small function per subcommand, each a thin layer over the `ucrypto` library.

mod aes;
mod jwt;
mod keygen;
mod rand;
mod rsa;
mod sign;

use crate::error::Result;
use crate::flags::{AesCommand, Cli, Command, JwtCommand, RsaCommand};
use clap::CommandFactory;

pub fn dispatch(command: Command) -> Result {
    match command {
        Command::Rand(args) => rand::run(&args),
        Command::Keygen(args) => keygen::run(&args),
        Command::Sign(args) => sign::sign(&args),
        Command::Verify(args) => sign::verify(&args),
        Command::Jwt(JwtCommand::Sign(args)) => jwt::sign(&args),
        Command::Jwt(JwtCommand::Verify(args)) => jwt::verify(&args),
        Command::Rsa(RsaCommand::Encrypt(args)) => rsa::encrypt(&args),
        Command::Rsa(RsaCommand::Decrypt(args)) => rsa::decrypt(&args),
        Command::Aes(AesCommand::Encrypt(args)) => aes::run(&args, true),
        Command::Aes(AesCommand::Decrypt(args)) => aes::run(&args, false),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "ucrypto",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    }
}
