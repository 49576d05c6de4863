//! Command-line arguments: one struct per subcommand, each with an example in its help.

use crate::io::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keys, RS256 signatures and JWTs, RSA and AES in exactly the Pycom device's formats.
#[derive(Debug, Parser)]
#[command(name = "ucrypto", version, about, propagate_version = true)]
#[command(
    after_help = "Exit status: 0 success, 1 a verification or decryption failed, 2 bad usage or input."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Random bytes from the OS CSPRNG, BITS rounded up to a multiple of 32 (as the device)
    #[command(
        after_help = "Example:\n  ucrypto rand 128            # 16 random bytes as hex\n  ucrypto rand 256 --format base64"
    )]
    Rand(RandArgs),
    /// Make an RSA key pair the device accepts (PKCS#8 and SubjectPublicKeyInfo PEM)
    #[command(after_help = "Example:\n  ucrypto keygen --out private.pem --pub public.pem")]
    Keygen(KeygenArgs),
    /// RS256-sign a file or standard input (what crypto.generate_rsa_signature does)
    #[command(after_help = "Example:\n  printf 'header.payload' | ucrypto sign --key private.pem")]
    Sign(SignArgs),
    /// Check an RS256 signature: exit 0 if valid, 1 if not
    #[command(
        after_help = "Example:\n  ucrypto verify --pub public.pem --signature @msg.sig msg.txt\n  ucrypto verify --pub public.pem --signature \"$(ucrypto sign --key private.pem msg.txt)\" msg.txt"
    )]
    Verify(VerifyArgs),
    /// Mint and check RS256 JSON Web Tokens
    #[command(subcommand)]
    Jwt(JwtCommand),
    /// RSA encryption and decryption (PKCS#1 v1.5 as the device, or OAEP)
    #[command(subcommand)]
    Rsa(RsaCommand),
    /// AES in the device's modes, streamed in bounded memory
    #[command(subcommand)]
    Aes(AesCommand),
    /// Print a shell completion script
    #[command(after_help = "Example:\n  ucrypto completions bash > /etc/bash_completion.d/ucrypto")]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct RandArgs {
    /// Number of random bits; rounded up to a multiple of 32
    pub bits: i64,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Hex)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Key size in bits: 2048, 3072, 4096 or 8192
    #[arg(long, default_value_t = 2048)]
    pub bits: i64,
    /// Where to write the private key (PKCS#8 PEM, created with mode 0600)
    #[arg(long)]
    pub out: String,
    /// Where to write the public key (SubjectPublicKeyInfo PEM)
    #[arg(long = "pub")]
    pub public: Option<String>,
    /// Overwrite existing files
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct KeyArgs {
    /// Private key file: PEM or DER, PKCS#8 or PKCS#1
    #[arg(long)]
    pub key: String,
    /// Password of an encrypted key: pass:TEXT, env:VAR or file:PATH
    #[arg(long)]
    pub passin: Option<String>,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    #[command(flatten)]
    pub key: KeyArgs,
    /// The data to sign; `-` or nothing for standard input
    pub file: Option<String>,
    /// Output format of the signature
    #[arg(long, value_enum, default_value_t = Format::Base64url)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Public key file: PEM or DER, SubjectPublicKeyInfo or PKCS#1
    #[arg(long = "pub")]
    pub public: String,
    /// The signature as base64url, base64 or hex text, or @FILE (raw or text)
    #[arg(long)]
    pub signature: String,
    /// The signed data; `-` or nothing for standard input
    pub file: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum JwtCommand {
    /// Mint a compact RS256 JWT with header {"alg":"RS256","typ":"JWT"}
    #[command(
        after_help = "Example:\n  ucrypto jwt sign --key private.pem --claim sub=device-1 --iat --exp-in 1h --aud my-project\n  ucrypto jwt sign --key private.pem --claims '{\"sub\":\"d1\"}' --claim count:=3"
    )]
    Sign(JwtSignArgs),
    /// Check a token's signature, alg, exp and nbf; print its claims as JSON
    #[command(
        after_help = "Example:\n  ucrypto jwt verify --pub public.pem \"$TOKEN\" --leeway 30"
    )]
    Verify(JwtVerifyArgs),
}

#[derive(Debug, Args)]
pub struct JwtSignArgs {
    #[command(flatten)]
    pub key: KeyArgs,
    /// A claim: k=v for a string, k:=JSON for any JSON value (number, true, list...)
    #[arg(long = "claim", value_name = "K=V")]
    pub claims: Vec<String>,
    /// Claims as one JSON object; --claim values are added on top
    #[arg(long = "claims", value_name = "JSON")]
    pub claims_json: Option<String>,
    /// Add "iat": the current time
    #[arg(long)]
    pub iat: bool,
    /// Add "exp": now plus this duration (e.g. 90s, 15m, 1h, 7d, or seconds)
    #[arg(long, value_name = "DURATION")]
    pub exp_in: Option<String>,
    /// Add "aud"
    #[arg(long)]
    pub aud: Option<String>,
}

#[derive(Debug, Args)]
pub struct JwtVerifyArgs {
    /// Public key file
    #[arg(long = "pub")]
    pub public: String,
    /// The token (header.payload.signature)
    pub token: String,
    /// Seconds of clock skew allowed for exp and nbf
    #[arg(long, default_value_t = 0)]
    pub leeway: u64,
    /// Require this audience in "aud"
    #[arg(long)]
    pub aud: Option<String>,
}

/// RSA encryption padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaddingArg {
    /// RSAES-PKCS1-v1_5, what the device uses
    Pkcs1v15,
    /// RSAES-OAEP with SHA-256 and MGF1-SHA-256
    Oaep,
}

#[derive(Debug, Subcommand)]
pub enum RsaCommand {
    /// Encrypt a short message (at most modulus bytes - 11) to a public key
    #[command(
        after_help = "Example:\n  printf 'secret' | ucrypto rsa encrypt --pub public.pem > secret.bin"
    )]
    Encrypt(RsaEncryptArgs),
    /// Decrypt a ciphertext (raw, base64 or hex) with a private key; exit 1 if it does not decrypt
    #[command(after_help = "Example:\n  ucrypto rsa decrypt --key private.pem secret.bin")]
    Decrypt(RsaDecryptArgs),
}

#[derive(Debug, Args)]
pub struct RsaEncryptArgs {
    /// Public key file
    #[arg(long = "pub")]
    pub public: String,
    /// The message; `-` or nothing for standard input
    pub file: Option<String>,
    /// Encryption padding
    #[arg(long, value_enum, default_value_t = PaddingArg::Pkcs1v15)]
    pub padding: PaddingArg,
    /// Output format of the ciphertext
    #[arg(long, value_enum, default_value_t = Format::Raw)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct RsaDecryptArgs {
    #[command(flatten)]
    pub key: KeyArgs,
    /// The ciphertext; `-` or nothing for standard input
    pub file: Option<String>,
    /// Encryption padding
    #[arg(long, value_enum, default_value_t = PaddingArg::Pkcs1v15)]
    pub padding: PaddingArg,
}

#[derive(Debug, Subcommand)]
pub enum AesCommand {
    /// Encrypt a file or standard input
    #[command(
        after_help = "Example:\n  ucrypto aes encrypt --mode cbc --key @aes.key --iv 000102030405060708090a0b0c0d0e0f --pad pkcs7 --in firmware.bin --out firmware.enc"
    )]
    Encrypt(AesArgs),
    /// Decrypt a file or standard input
    #[command(
        after_help = "Example:\n  ucrypto aes decrypt --mode cbc --key @aes.key --iv 000102030405060708090a0b0c0d0e0f --pad pkcs7 --in firmware.enc --out firmware.bin"
    )]
    Decrypt(AesArgs),
}

/// The device's AES modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    Ecb,
    Cbc,
    Cfb8,
    Cfb128,
    Ctr,
}

/// Padding added before encryption and removed after decryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PadArg {
    /// PKCS#7 (what `openssl enc` adds by default)
    Pkcs7,
}

#[derive(Debug, Args)]
pub struct AesArgs {
    /// The mode
    #[arg(long, value_enum)]
    pub mode: ModeArg,
    /// The key as hex (16, 24 or 32 bytes), or @FILE
    #[arg(long)]
    pub key: String,
    /// The 16-byte IV as hex (CBC, CFB8, CFB128)
    #[arg(long, conflicts_with = "counter")]
    pub iv: Option<String>,
    /// The 16-byte initial counter block as hex (CTR)
    #[arg(long)]
    pub counter: Option<String>,
    /// Pad (encrypt) or unpad (decrypt); without it ECB and CBC input must be whole blocks
    #[arg(long, value_enum)]
    pub pad: Option<PadArg>,
    /// Input file; standard input without it
    #[arg(long = "in")]
    pub input: Option<String>,
    /// Output file; standard output without it
    #[arg(long)]
    pub out: Option<String>,
}
