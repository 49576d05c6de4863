//! `ucrypto aes encrypt|decrypt`: streams any size through the core `Aes` in bounded
//! memory (two 1 MiB buffers), with optional block padding for ECB and CBC.

use crate::error::{CliError, Result};
use crate::flags::AesArgs;
use crate::io::{self, CHUNK, Input, Output, Replace};
use ucrypto::aes::{Aes, BLOCK_SIZE, BlockPadding, Direction, Mode, StartValue};
use ucrypto::names::either;
use ucrypto::{Error, Named};
use zeroize::Zeroizing;

/// The cipher the flags describe. The start value's flag follows the mode (`--iv` or
/// `--counter`); errors name flags, never values.
fn cipher(args: &AesArgs) -> Result<Aes> {
    let mode = args.mode;
    if args.pad.is_some() && !mode.needs_whole_blocks() {
        let padded = Mode::ALL.iter().filter(|m| m.needs_whole_blocks());
        return Err(CliError::input(format!(
            "--pad applies only to --mode {}; {mode} takes any length",
            either(padded.map(ToString::to_string))
        )));
    }
    let (flag, given, other) = match mode.start_value() {
        StartValue::Counter => ("--counter", &args.counter, ("--iv", &args.iv)),
        _ => ("--iv", &args.iv, ("--counter", &args.counter)),
    };
    if other.1.is_some() {
        let takes = match mode.start_value() {
            StartValue::None => "takes no IV or counter".to_owned(),
            _ => format!("takes {flag}, not {}", other.0),
        };
        return Err(CliError::input(format!("--mode {mode} {takes}")));
    }
    let start = given
        .as_deref()
        .map(|v| hex::decode(v.trim()).map(Zeroizing::new))
        .transpose()
        .map_err(|_| CliError::input(format!("{flag} must be {BLOCK_SIZE} bytes as hex")))?;
    let key = io::aes_key("--key", &args.key)?;
    // The core's messages for these name the device's keywords (`IV=`, `counter=`); here
    // they name the flag that was, or was not, given.
    Aes::new(&key, mode, start.as_deref().map(|v| &v[..])).map_err(|err| match err {
        Error::IvRequired | Error::CounterRequired => CliError::input(format!(
            "--mode {mode} needs {flag} ({BLOCK_SIZE} bytes as hex, random, never reused with the \
             key)"
        )),
        Error::IvNotUsed => CliError::input(format!("--mode {mode} takes no {flag}")),
        Error::IvLength { len } | Error::CounterLength { len } => {
            CliError::input(format!("{flag} must be {BLOCK_SIZE} bytes, not {len}"))
        }
        other => other.into(),
    })
}

pub fn run(args: &AesArgs, direction: Direction) -> Result {
    let mut aes = cipher(args)?;
    let mut input = Input::open(args.input.as_deref())?;
    let bar = input.progress();
    let replace = Replace::forced(args.force);
    let mut output = Output::open(args.out.as_deref(), replace)?;
    let whole_blocks = aes.mode().needs_whole_blocks();

    // One chunk of look-ahead tells which chunk is the last, where padding happens. The
    // buffers hold plaintext one way or the other: wiped when dropped.
    let mut current = Zeroizing::new(vec![0; CHUNK]);
    let mut next = Zeroizing::new(vec![0; CHUNK]);
    let mut current_len = input.read_full(&mut current)?;
    let mut total = 0usize;
    loop {
        let next_len = if current_len == CHUNK {
            input.read_full(&mut next)?
        } else {
            0
        };
        let last = next_len == 0;
        current.truncate(current_len);
        total += current_len;
        if last
            && direction == Direction::Encrypt
            && let Some(pad) = args.pad
        {
            pad.pad(&mut current);
        } else if last && whole_blocks && !current.len().is_multiple_of(BLOCK_SIZE) {
            let hint = match direction {
                Direction::Encrypt => format!("pass --pad {} to pad it", BlockPadding::Pkcs7),
                Direction::Decrypt => format!(
                    "a {} ciphertext always is, so this one is truncated or not one",
                    aes.mode().name()
                ),
            };
            return Err(CliError::input(format!(
                "the input is {total} bytes, not a multiple of {BLOCK_SIZE}; {hint}"
            )));
        }
        aes.apply_in_place(direction, &mut current)?;
        if last
            && direction == Direction::Decrypt
            && let Some(pad) = args.pad
        {
            let kept = pad.unpadded_len(&current)?;
            current.truncate(kept);
        }
        output.write(&current)?;
        bar.inc(current_len as u64);
        if last {
            break;
        }
        current.resize(CHUNK, 0);
        std::mem::swap(&mut current, &mut next);
        current_len = next_len;
    }
    bar.finish_and_clear();
    output.finish().map(drop)
}
