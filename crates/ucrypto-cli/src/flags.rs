//! Command-line arguments: one struct per subcommand, each with an example in its help.
//!
//! Choices (modes, paddings, key sizes, formats) are the core's names, read through
//! [`named`]; nothing here spells them again. Errors from the parser are rendered without
//! the values the user typed (`usage.rs`), since a value may be a secret.

use crate::io::Format;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use ucrypto::Named;
use ucrypto::aes::{BlockPadding, Mode};
use ucrypto::jwt::Form;
use ucrypto::rsa::{KeyFormat, KeySize, Padding};

/// A parser that offers exactly the names of a core enum, with their descriptions as help.
fn named<T: Named + Clone + Send + Sync>() -> impl TypedValueParser<Value = T> {
    named_among(T::ALL)
}

/// [`named`] for some of an enum's values.
fn named_among<T: Named + Clone + Send + Sync>(
    values: &'static [T],
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(
        values
            .iter()
            .map(|v| PossibleValue::new(v.name()).help(v.description())),
    )
    .try_map(|name| T::parse(&name))
}

/// Why a flag's value was refused, in words that never repeat the value: usage.rs shows
/// this text, and only this, from a value parser's error.
#[derive(Debug)]
pub struct FlagRule(pub String);

impl std::fmt::Display for FlagRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FlagRule {}

/// --leeway: whole seconds up to the core's bound.
fn leeway(text: &str) -> Result<u64, FlagRule> {
    text.parse::<u64>()
        .ok()
        .filter(|&seconds| seconds <= ucrypto::jwt::MAX_LEEWAY)
        .ok_or_else(|| {
            FlagRule(format!(
                "a whole number of seconds from 0 to {}",
                ucrypto::jwt::MAX_LEEWAY
            ))
        })
}

/// The private-key structures `key convert` writes; the first, the one the device takes, is
/// the default.
const KEY_TARGETS: &[KeyFormat] = &[KeyFormat::Pkcs8, KeyFormat::Pkcs1];

const SECRET_HELP: &str = "Secret values (--key for AES, --passin) can be given as @FILE, \
env:VAR or - (standard input). Given inline they are visible to other users of the machine \
in the process list; prefer the other forms.";

/// Keys, RS256 signatures and JWTs, RSA and AES in exactly the Pycom device's formats.
#[derive(Debug, Parser)]
#[command(name = "ucrypto", version, about, propagate_version = true)]
#[command(
    after_help = "Exit status: 0 success, 1 a verification or decryption failed, 2 bad usage or \
input, 128+N ended by signal N (a partial output file is removed)."
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
    /// Convert, inspect and publish keys (PKCS#8 for the device, public keys, JWKs)
    #[command(subcommand)]
    Key(KeyCommand),
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
    pub bits: u64,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Hex)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Key size in bits
    #[arg(long, value_parser = named::<KeySize>(), default_value_t = KeySize::default())]
    pub bits: KeySize,
    /// Where to write the private key (PKCS#8 PEM, mode 0600)
    #[arg(long)]
    pub out: String,
    /// Where to write the public key (SubjectPublicKeyInfo PEM)
    #[arg(long = "pub")]
    pub public: Option<String>,
    /// Replace existing files (atomically; a link is replaced, never written through)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(after_help = SECRET_HELP)]
pub struct KeyArgs {
    /// Private key file: PEM or DER, PKCS#8, PKCS#1, encrypted PKCS#8 or legacy encrypted PEM
    #[arg(long)]
    pub key: String,
    /// Password of an encrypted key: pass:TEXT (visible to other users), env:VAR,
    /// file:PATH, @FILE or - (first line of standard input)
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
    /// The signature as base64url, base64 or hex text, or @FILE (raw or text); a base64url
    /// signature may start with '-'
    #[arg(long, allow_hyphen_values = true)]
    pub signature: String,
    /// The signed data; `-` or nothing for standard input
    pub file: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Rewrite a private key unencrypted, as PKCS#8 PEM by default: the form the device takes
    #[command(
        after_help = "Example:\n  ucrypto key convert old.pem --out device.pem --passin env:KEY_PASS\n  ucrypto key convert device.pem --out device.der --der"
    )]
    Convert(KeyConvertArgs),
    /// Print the public key of a key file (SubjectPublicKeyInfo PEM, as openssl pkey -pubout)
    #[command(after_help = "Example:\n  ucrypto key pub device.pem > device_pub.pem")]
    Pub(KeyPubArgs),
    /// Say what a key file is, and whether the device takes it as it is
    #[command(
        after_help = "Example:\n  ucrypto key info device.pem\n  ucrypto key info device.pem --json"
    )]
    Info(KeyInfoArgs),
    /// Print public keys as a JWK, or a JWKS of one or more keys (kid = RFC 7638 thumbprint)
    #[command(
        after_help = "Example:\n  ucrypto key jwk device1_pub.pem device2_pub.pem --jwks > jwks.json"
    )]
    Jwk(KeyJwkArgs),
}

#[derive(Debug, Args)]
#[command(after_help = SECRET_HELP)]
pub struct KeyConvertArgs {
    /// The key file to read
    pub input: String,
    /// Where to write the key (mode 0600)
    #[arg(long)]
    pub out: String,
    /// Password of an encrypted key: pass:TEXT (visible to other users), env:VAR,
    /// file:PATH, @FILE or - (first line of standard input)
    #[arg(long)]
    pub passin: Option<String>,
    /// The structure to write
    #[arg(long, value_parser = named_among(KEY_TARGETS), default_value_t = KEY_TARGETS[0])]
    pub to: KeyFormat,
    /// Write DER instead of PEM
    #[arg(long)]
    pub der: bool,
    /// Replace an existing file (atomically; a link is replaced, never written through)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct KeyPubArgs {
    /// A private or public key file
    pub input: String,
    /// Password, if the key is encrypted
    #[arg(long)]
    pub passin: Option<String>,
}

#[derive(Debug, Args)]
pub struct KeyInfoArgs {
    /// A private or public key file
    pub input: String,
    /// Password, to read the numbers of an encrypted key
    #[arg(long)]
    pub passin: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct KeyJwkArgs {
    /// Public (or private) key files
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Print a JWKS ({"keys": [...]}) even for one key
    #[arg(long)]
    pub jwks: bool,
}

#[derive(Debug, Subcommand)]
pub enum JwtCommand {
    /// Mint an RS256 JWT with header {"alg":"RS256","typ":"JWT"}
    #[command(
        after_help = "Example:\n  ucrypto jwt sign --key private.pem --claim sub=device-1 --iat --exp-in 1h --aud my-project\n  ucrypto jwt sign --key private.pem --claims '{\"sub\":\"d1\"}' --claim count:=3 --kid auto"
    )]
    Sign(JwtSignArgs),
    /// Check a token's signature and claims; print its claims as JSON
    #[command(
        after_help = "Policy (as PyJWT, stricter where it is lax): only RS256; exp, nbf and iat \
are checked when present (with --leeway); a token naming an audience is refused unless --aud \
accepts it; --iss and --sub must match when given; --require makes a claim mandatory. Tokens \
written by Pycom's device library (padded standard base64 with newlines) are accepted with a \
notice on stderr, and refused with --strict.\n\nExample:\n  ucrypto jwt verify --pub public.pem \"$TOKEN\" --aud my-project --require exp\n  ucrypto jwt verify --jwks jwks.json --token-file token.txt"
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
    /// Claims as one JSON object (or @FILE); --claim values are added on top
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
    /// Add "kid" to the header: `auto` for the key's RFC 7638 thumbprint, or a value
    #[arg(long)]
    pub kid: Option<String>,
    /// Write the token as Pycom's device library does (padded standard base64 and a newline
    /// per part, JSON as json.dumps writes it)
    #[arg(long)]
    pub device_encoding: bool,
}

impl JwtSignArgs {
    /// The token form asked for.
    pub fn form(&self) -> Form {
        if self.device_encoding {
            Form::Device
        } else {
            Form::Compact
        }
    }
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("keys").required(true).args(["public", "jwks"])))]
pub struct JwtVerifyArgs {
    /// Public key file
    #[arg(long = "pub")]
    pub public: Option<String>,
    /// A JWKS file; the key is picked by the token's "kid"
    #[arg(long)]
    pub jwks: Option<String>,
    /// The token (header.payload.signature), or - for standard input
    #[arg(required_unless_present = "token_file", conflicts_with = "token_file")]
    pub token: Option<String>,
    /// Read the token from this file instead (one final line ending is dropped)
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<String>,
    /// Seconds of clock skew allowed for exp, nbf and iat
    #[arg(long, default_value_t = 0, value_parser = leeway)]
    pub leeway: u64,
    /// Accept this audience in "aud" (repeatable); without it, a token with "aud" is refused
    #[arg(long)]
    pub aud: Vec<String>,
    /// Require this issuer in "iss"
    #[arg(long)]
    pub iss: Option<String>,
    /// Require this subject in "sub"
    #[arg(long)]
    pub sub: Option<String>,
    /// Require this claim to be present (repeatable): exp, iat, nbf, iss, sub, ...
    #[arg(long)]
    pub require: Vec<String>,
    /// Refuse tokens not in RFC 7515 compact form (such as the device library's)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Subcommand)]
pub enum RsaCommand {
    /// Encrypt a short message (at most the modulus size less the padding's overhead) to a public key
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
    #[arg(long, value_parser = named::<Padding>(), default_value_t = Padding::default())]
    pub padding: Padding,
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
    #[arg(long, value_parser = named::<Padding>(), default_value_t = Padding::default())]
    pub padding: Padding,
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

#[derive(Debug, Args)]
#[command(after_help = SECRET_HELP)]
pub struct AesArgs {
    /// The mode
    #[arg(long, value_parser = named::<Mode>())]
    pub mode: Mode,
    /// The key (16, 24 or 32 bytes): @FILE or - (exactly 16, 24 or 32 raw bytes, else hex
    /// text), env:VAR (hex), or hex inline (visible to other users)
    #[arg(long)]
    pub key: String,
    /// The 16-byte IV as hex (CBC, CFB8, CFB128)
    #[arg(long, conflicts_with = "counter")]
    pub iv: Option<String>,
    /// The 16-byte initial counter block as hex (CTR)
    #[arg(long)]
    pub counter: Option<String>,
    /// Pad (encrypt) or unpad (decrypt); without it ECB and CBC input must be whole blocks
    #[arg(long, value_parser = named::<BlockPadding>())]
    pub pad: Option<BlockPadding>,
    /// Input file; standard input without it
    #[arg(long = "in")]
    pub input: Option<String>,
    /// Output file (written aside and renamed when whole; mode 0600); standard output without it
    #[arg(long)]
    pub out: Option<String>,
    /// Replace an existing --out file (atomically; a link is replaced, never written through)
    #[arg(long)]
    pub force: bool,
}
