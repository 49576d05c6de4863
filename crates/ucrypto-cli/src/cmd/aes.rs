//! `ucrypto aes encrypt|decrypt`: streams any size through the core `Aes` in bounded
//! memory (two 1 MiB buffers), with optional PKCS#7 padding for ECB and CBC.

use crate::error::{CliError, Result};
use crate::flags::{AesArgs, ModeArg, PadArg};
use crate::io::hex_or_file;
use block_padding::array::{Array, typenum::U16};
use block_padding::{Padding, Pkcs7};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use ucrypto::Aes;

const CHUNK: usize = 1 << 20;
/// Inputs at least this large get a progress bar, when stderr is a terminal.
const PROGRESS_FROM: u64 = 16 << 20;

fn cipher(args: &AesArgs) -> Result<Aes> {
    let key = hex_or_file("--key", &args.key)?;
    let iv = args
        .iv
        .as_deref()
        .map(|v| hex_or_file("--iv", v))
        .transpose()?;
    let counter = args
        .counter
        .as_deref()
        .map(|v| hex_or_file("--counter", v))
        .transpose()?;
    let need_iv = |name: &str| {
        iv.as_deref().ok_or_else(|| {
            CliError::input(format!(
                "--mode {name} needs --iv (16 bytes as hex, random, never reused)"
            ))
        })
    };
    if args.pad.is_some() && !matches!(args.mode, ModeArg::Ecb | ModeArg::Cbc) {
        return Err(CliError::input(
            "--pad applies to --mode ecb and cbc only; the other modes take any length",
        ));
    }
    if counter.is_some() && args.mode != ModeArg::Ctr {
        return Err(CliError::input(
            "--counter is for --mode ctr; the other modes take --iv",
        ));
    }
    let aes = match args.mode {
        ModeArg::Ecb if iv.is_some() => return Err(CliError::input("--mode ecb takes no --iv")),
        ModeArg::Ecb => Aes::new_ecb(&key),
        ModeArg::Cbc => Aes::new_cbc(&key, need_iv("cbc")?),
        ModeArg::Cfb8 => Aes::new_cfb8(&key, need_iv("cfb8")?),
        ModeArg::Cfb128 => Aes::new_cfb128(&key, need_iv("cfb128")?),
        ModeArg::Ctr if iv.is_some() => {
            return Err(CliError::input(
                "--mode ctr takes --counter (the 16-byte initial counter block), not --iv",
            ));
        }
        ModeArg::Ctr => Aes::new_ctr(
            &key,
            counter
                .as_deref()
                .ok_or_else(|| CliError::input("--mode ctr needs --counter (16 bytes as hex)"))?,
        ),
    };
    Ok(aes?)
}

/// Reads until `buf` is full or the input ends; returns how much was read.
fn read_full(input: &mut dyn Read, buf: &mut [u8]) -> Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(CliError::io("read", "the input", &e)),
        }
    }
    Ok(filled)
}

/// Pads the final piece with PKCS#7 (a whole block of padding when it is block-aligned).
fn pad_final(data: &mut Vec<u8>) {
    let tail = data.len() % 16;
    let mut block = Array::<u8, U16>::default();
    block[..tail].copy_from_slice(&data[data.len() - tail..]);
    Pkcs7::pad(&mut block, tail);
    data.truncate(data.len() - tail);
    data.extend_from_slice(&block);
}

/// Strips PKCS#7 padding from decrypted data; any malformed padding is one error.
fn unpad_final(data: &mut Vec<u8>) -> Result {
    let bad = || {
        CliError::failed("decryption failed: bad padding (wrong key or IV, or not PKCS#7-padded)")
    };
    if data.len() < 16 {
        return Err(bad());
    }
    let block = Array::<u8, U16>::try_from(&data[data.len() - 16..]).map_err(|_| bad())?;
    let kept = Pkcs7::unpad(&block).map_err(|_| bad())?.len();
    data.truncate(data.len() - 16 + kept);
    Ok(())
}

struct Output {
    writer: Box<dyn Write>,
    /// (temporary path, final path): written aside and renamed on success, so a failure
    /// never leaves a partial output file.
    paths: Option<(String, String)>,
}

impl Output {
    fn open(path: Option<&str>) -> Result<Self> {
        let Some(path) = path else {
            return Ok(Self {
                writer: Box::new(BufWriter::new(std::io::stdout().lock())),
                paths: None,
            });
        };
        let tmp = format!("{path}.ucrypto-partial");
        let file = File::create(&tmp).map_err(|e| CliError::io("create", &tmp, &e))?;
        Ok(Self {
            writer: Box::new(BufWriter::new(file)),
            paths: Some((tmp, path.to_owned())),
        })
    }

    fn write(&mut self, data: &[u8]) -> Result {
        self.writer
            .write_all(data)
            .map_err(|e| CliError::io("write", "the output", &e))
    }

    fn finish(mut self) -> Result {
        self.writer
            .flush()
            .map_err(|e| CliError::io("write", "the output", &e))?;
        if let Some((tmp, path)) = self.paths.take() {
            std::fs::rename(&tmp, &path)
                .map_err(|e| CliError::io("rename output to", &path, &e))?;
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Some((tmp, _)) = &self.paths {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

fn progress(input: Option<&str>) -> ProgressBar {
    let len = input
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .unwrap_or(0);
    if len < PROGRESS_FROM {
        return ProgressBar::hidden();
    }
    // Drawn only when stderr is a terminal; piped runs print nothing.
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
    {
        bar.set_style(style);
    }
    bar
}

pub fn run(args: &AesArgs, encrypt: bool) -> Result {
    let mut aes = cipher(args)?;
    let mut input: Box<dyn Read> = match &args.input {
        Some(path) => Box::new(File::open(path).map_err(|e| CliError::io("open", path, &e))?),
        None => Box::new(std::io::stdin().lock()),
    };
    let mut output = Output::open(args.out.as_deref())?;
    let bar = progress(args.input.as_deref());
    let padded = args.pad == Some(PadArg::Pkcs7);
    let whole_blocks = matches!(args.mode, ModeArg::Ecb | ModeArg::Cbc);

    // One chunk of look-ahead tells which chunk is the last, where padding happens.
    let mut current = vec![0; CHUNK];
    let mut next = vec![0; CHUNK];
    let mut current_len = read_full(&mut *input, &mut current)?;
    let mut total = 0usize;
    loop {
        let next_len = if current_len == CHUNK {
            read_full(&mut *input, &mut next)?
        } else {
            0
        };
        let last = next_len == 0;
        current.truncate(current_len);
        total += current_len;
        if last && padded && encrypt {
            pad_final(&mut current);
        } else if last && whole_blocks && !current.len().is_multiple_of(16) {
            let hint = if encrypt {
                "pass --pad pkcs7 to pad it"
            } else {
                "an ECB or CBC ciphertext always is, so this one is truncated or not one"
            };
            return Err(CliError::input(format!(
                "the input is {total} bytes, not a multiple of 16; {hint}"
            )));
        }
        if encrypt {
            aes.encrypt_in_place(&mut current)
        } else {
            aes.decrypt_in_place(&mut current)
        }?;
        if last && padded && !encrypt {
            unpad_final(&mut current)?;
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
    output.finish()
}
