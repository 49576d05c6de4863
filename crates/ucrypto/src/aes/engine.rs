//! Which implementation does the bulk work of each mode, chosen per CPU class at run time.
//!
//! Two engines implement the modes: RustCrypto's (the `aes` crate's AES-NI/VAES/ARMv8
//! backends under the `cbc`, `cfb-mode` and `cfb8` crates and our own kernels over the
//! cipher's parallel-blocks interface) and AWS-LC's assembly through aws-lc-rs. Neither wins
//! everywhere: the same mode's winner changes with the CPU's AES instructions and vector
//! width. [`engine_for`] is the table of winners; the README shows it with the measurements
//! that chose each entry, per CPU class.
//!
//! Both engines give the same bytes for every mode (the tests run every mode through each
//! engine explicitly), so the choice only ever changes speed.

use super::{BLOCK_SIZE, MAX_KEY_LENGTH, Mode};
use crate::names::{Named, named};
use aws_lc_rs::cipher::{Algorithm, DecryptingKey, EncryptingKey, OperatingMode, UnboundCipherKey};
use std::sync::OnceLock;
use zeroize::Zeroizing;

/// An implementation of the AES modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Engine {
    /// RustCrypto's `aes` crate (AES-NI, VAES or ARMv8 AES, else constant-time software)
    /// with the `cbc`, `cfb-mode` and `cfb8` crates and this crate's parallel kernels.
    RustCrypto,
    /// AWS-LC's assembly through aws-lc-rs (AES-NI/VAES/ARMv8 AES, else vector-permute
    /// software AES).
    AwsLc,
}

named!(Engine, "engine" {
    RustCrypto => ("rustcrypto", "RustCrypto aes with the cbc, cfb-mode and cfb8 crates and ucrypto's parallel kernels"),
    AwsLc => ("aws-lc", "AWS-LC's assembly through aws-lc-rs"),
});

/// The kinds of CPU whose AES instructions and vector width decide which engine is faster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CpuClass {
    /// x86-64 with AVX-512 and VAES: four blocks per instruction.
    X86Avx512Vaes,
    /// x86-64 with VAES on 256-bit (AVX2) registers, no AVX-512: two blocks per instruction.
    X86Avx2Vaes,
    /// x86-64 with AES-NI only: one block per instruction.
    X86AesNi,
    /// 64-bit ARM with the ARMv8 AES extension.
    Aarch64Aes,
    /// No AES instructions: both engines fall back to constant-time software AES.
    NoAes,
}

named!(CpuClass, "CPU class" {
    X86Avx512Vaes => ("x86-64-avx512-vaes", "x86-64 with AVX-512 and VAES"),
    X86Avx2Vaes => ("x86-64-avx2-vaes", "x86-64 with VAES on AVX2, no AVX-512"),
    X86AesNi => ("x86-64-aesni", "x86-64 with AES-NI, no VAES"),
    Aarch64Aes => ("aarch64-aes", "64-bit ARM with the ARMv8 AES extension"),
    NoAes => ("no-aes", "no AES instructions (software AES)"),
});

/// Set to a [`CpuClass`] name, this picks the engines of that class instead of the detected
/// one: for measuring the engine table, never needed otherwise. Only speed changes.
pub const CPU_CLASS_VARIABLE: &str = "UCRYPTO_CPU_CLASS";

impl CpuClass {
    /// The class of this CPU, read once per process from its feature flags (or from
    /// [`CPU_CLASS_VARIABLE`] when that names a class).
    #[must_use]
    pub fn current() -> Self {
        static CLASS: OnceLock<CpuClass> = OnceLock::new();
        *CLASS.get_or_init(|| {
            std::env::var(CPU_CLASS_VARIABLE)
                .ok()
                .and_then(|name| Self::from_name(&name))
                .unwrap_or_else(Self::detect)
        })
    }

    /// The class of this CPU from its feature flags alone.
    #[must_use]
    pub fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            if !std::arch::is_x86_feature_detected!("aes") {
                Self::NoAes
            } else if !std::arch::is_x86_feature_detected!("vaes") {
                Self::X86AesNi
            } else if std::arch::is_x86_feature_detected!("avx512f") {
                Self::X86Avx512Vaes
            } else {
                Self::X86Avx2Vaes
            }
        }
        #[cfg(target_arch = "aarch64")]
        {
            if std::arch::is_aarch64_feature_detected!("aes") {
                Self::Aarch64Aes
            } else {
                Self::NoAes
            }
        }
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        {
            Self::NoAes
        }
    }
}

/// Which way data goes through a mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Plaintext to ciphertext.
    Encrypt,
    /// Ciphertext to plaintext.
    Decrypt,
}

named!(Direction, "direction" {
    Encrypt => ("encrypt", "plaintext to ciphertext"),
    Decrypt => ("decrypt", "ciphertext to plaintext"),
});

/// The engine that does the bulk work of `mode` in `direction` on a CPU of `class`: the
/// table the README's "Engines" section shows with its measurements.
///
/// Short inputs (under [`AWS_LC_FROM`] bytes) always run on RustCrypto, whose keys cost
/// nothing extra to set up; ECB always does, since aws-lc-rs offers ECB one block per call.
#[must_use]
pub fn engine_for(class: CpuClass, mode: Mode, direction: Direction) -> Engine {
    use CpuClass::{Aarch64Aes, NoAes, X86AesNi, X86Avx2Vaes, X86Avx512Vaes};
    use Direction::{Decrypt, Encrypt};
    use Engine::{AwsLc, RustCrypto};
    match (mode, direction, class) {
        (Mode::Ecb, _, _) => RustCrypto,
        // Without AES instructions AWS-LC's vector-permute AES beats bitsliced software in
        // every mode (measured with both engines forced to software).
        (_, _, NoAes) => AwsLc,
        // Serial: one block at a time in either engine, and AWS-LC's loop is tighter.
        (Mode::Cbc, Encrypt, _) => AwsLc,
        // Parallel: our kernels over VAES-512 win; on narrower units AWS-LC's 8-way AES-NI
        // and NEON code (measured on AVX2+VAES for CTR; CBC by the rates of the same code in
        // OpenSSL there).
        (Mode::Cbc | Mode::Ctr, _, X86Avx512Vaes) => RustCrypto,
        (Mode::Cbc, Decrypt, X86Avx2Vaes | X86AesNi | Aarch64Aes) => AwsLc,
        (Mode::Ctr, _, X86Avx2Vaes | X86AesNi | Aarch64Aes) => AwsLc,
        // CFB encryption is serial, and AWS-LC runs it through a generic per-block loop;
        // CFB decryption is parallel in our kernels and serial in AWS-LC's.
        (Mode::Cfb128 | Mode::Cfb8, _, _) => RustCrypto,
    }
}

/// Inputs at least this long go to AWS-LC where the table picks it; its key is made on first
/// such use, so short messages on a new object never pay for it.
pub const AWS_LC_FROM: usize = 256;

/// The engines one cipher object uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plan {
    encrypt: Engine,
    decrypt: Engine,
    aws_lc_from: usize,
}

impl Plan {
    /// The table's choice for `mode` on this CPU.
    pub(crate) fn auto(mode: Mode) -> Self {
        let class = CpuClass::current();
        Self {
            encrypt: engine_for(class, mode, Direction::Encrypt),
            decrypt: engine_for(class, mode, Direction::Decrypt),
            aws_lc_from: AWS_LC_FROM,
        }
    }

    /// `engine` for every input, whatever its length (for tests and measurements).
    pub(crate) fn forced(engine: Engine) -> Self {
        Self {
            encrypt: engine,
            decrypt: engine,
            aws_lc_from: 1,
        }
    }

    fn uses_aws_lc(self) -> bool {
        self.encrypt == Engine::AwsLc || self.decrypt == Engine::AwsLc
    }

    fn aws_lc_for(self, direction: Direction, len: usize) -> bool {
        let engine = match direction {
            Direction::Encrypt => self.encrypt,
            Direction::Decrypt => self.decrypt,
        };
        engine == Engine::AwsLc && len >= self.aws_lc_from
    }
}

/// The AWS-LC side of one cipher object: the raw key (wiped on drop), and AWS-LC's keys for
/// the mode, made on first use.
pub(super) struct AwsLc {
    plan: Plan,
    algorithm: &'static Algorithm,
    mode: OperatingMode,
    /// The raw key (its first `key_len` bytes), kept only when the plan uses AWS-LC at all;
    /// inline, so that making a cipher object allocates nothing for it.
    key: Option<Zeroizing<[u8; MAX_KEY_LENGTH]>>,
    key_len: usize,
    encrypting: Option<EncryptingKey>,
    decrypting: Option<DecryptingKey>,
}

impl AwsLc {
    pub(super) fn new(
        plan: Plan,
        algorithm: &'static Algorithm,
        mode: OperatingMode,
        key: &[u8],
    ) -> Self {
        let kept = plan.uses_aws_lc().then(|| {
            let mut copy = Zeroizing::new([0u8; MAX_KEY_LENGTH]);
            let len = key.len().min(MAX_KEY_LENGTH);
            copy[..len].copy_from_slice(&key[..len]);
            copy
        });
        Self {
            plan,
            algorithm,
            mode,
            key: kept,
            key_len: key.len().min(MAX_KEY_LENGTH),
            encrypting: None,
            decrypting: None,
        }
    }

    fn unbound(&self) -> Option<UnboundCipherKey> {
        let key = self.key.as_ref()?;
        UnboundCipherKey::new(self.algorithm, &key[..self.key_len]).ok()
    }

    /// AWS-LC's key for encrypting `len` bytes, when the plan gives them to AWS-LC.
    pub(super) fn encrypting(&mut self, len: usize) -> Option<&EncryptingKey> {
        self.keystream(Direction::Encrypt, len)
    }

    /// AWS-LC's encrypting key for `len` bytes in `direction`, when the plan gives them to
    /// AWS-LC: CTR decrypts with it too, since both directions are one keystream.
    pub(super) fn keystream(&mut self, direction: Direction, len: usize) -> Option<&EncryptingKey> {
        if !self.plan.aws_lc_for(direction, len) {
            return None;
        }
        if self.encrypting.is_none() {
            let key = self.unbound()?;
            self.encrypting = match self.mode {
                OperatingMode::CBC => EncryptingKey::cbc(key),
                OperatingMode::CTR => EncryptingKey::ctr(key),
                OperatingMode::CFB128 => EncryptingKey::cfb128(key),
                OperatingMode::CFB8 => EncryptingKey::cfb8(key),
                _ => return None,
            }
            .ok();
        }
        self.encrypting.as_ref()
    }

    /// AWS-LC's key for decrypting `len` bytes, when the plan gives them to AWS-LC.
    pub(super) fn decrypting(&mut self, len: usize) -> Option<&DecryptingKey> {
        if !self.plan.aws_lc_for(Direction::Decrypt, len) {
            return None;
        }
        if self.decrypting.is_none() {
            let key = self.unbound()?;
            self.decrypting = match self.mode {
                OperatingMode::CBC => DecryptingKey::cbc(key),
                OperatingMode::CFB128 => DecryptingKey::cfb128(key),
                OperatingMode::CFB8 => DecryptingKey::cfb8(key),
                _ => return None,
            }
            .ok();
        }
        self.decrypting.as_ref()
    }
}

/// Whole blocks at the start of `len` bytes, in bytes.
pub(super) fn whole_blocks(len: usize) -> usize {
    len / BLOCK_SIZE * BLOCK_SIZE
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_mode_has_an_engine_on_every_class() {
        for &class in CpuClass::ALL {
            for &mode in Mode::ALL {
                for direction in [Direction::Encrypt, Direction::Decrypt] {
                    let engine = engine_for(class, mode, direction);
                    if mode == Mode::Ecb {
                        assert_eq!(engine, Engine::RustCrypto);
                    }
                }
            }
        }
    }

    /// What AWS-LC keys a cipher object gets, per mode, under `plan`.
    fn keys(plan: Plan, mode: OperatingMode) -> (bool, bool, bool, bool) {
        let mut lc = AwsLc::new(plan, &aws_lc_rs::cipher::AES_128, mode, &[7; 16]);
        let kept = lc.key.is_some();
        let enc = lc.encrypting(BLOCK_SIZE).is_some();
        let ks = lc.keystream(Direction::Decrypt, BLOCK_SIZE).is_some();
        let dec = lc.decrypting(BLOCK_SIZE).is_some();
        (kept, enc, ks, dec)
    }

    // The engine tests run every vector through AWS-LC forced; this proves that forcing it
    // reaches AWS-LC's keys rather than falling back to RustCrypto, which would pass the
    // same vectors.
    #[test]
    fn forced_aws_lc_gets_aws_lc_keys_in_every_mode_it_serves() {
        let lc = Plan::forced(Engine::AwsLc);
        assert_eq!(keys(lc, OperatingMode::CBC), (true, true, true, true));
        assert_eq!(keys(lc, OperatingMode::CFB128), (true, true, true, true));
        assert_eq!(keys(lc, OperatingMode::CFB8), (true, true, true, true));
        // CTR decrypts with the encrypting key: the keystream is the same
        assert_eq!(keys(lc, OperatingMode::CTR), (true, true, true, false));
        let rust = Plan::forced(Engine::RustCrypto);
        for mode in [OperatingMode::CBC, OperatingMode::CTR, OperatingMode::CFB8] {
            assert_eq!(keys(rust, mode), (false, false, false, false));
        }
        // the raw key is kept when either direction may use AWS-LC, and only then
        let one_way = |encrypt, decrypt| Plan {
            encrypt,
            decrypt,
            aws_lc_from: 1,
        };
        let (kept, enc, ..) = keys(
            one_way(Engine::AwsLc, Engine::RustCrypto),
            OperatingMode::CBC,
        );
        assert!(kept && enc);
        let (kept, _, _, dec) = keys(
            one_way(Engine::RustCrypto, Engine::AwsLc),
            OperatingMode::CBC,
        );
        assert!(kept && dec);
    }

    /// The class this CPU should be, from the kernel's list of its features: a second
    /// reading, independent of the one `detect` makes.
    #[cfg(all(target_os = "linux", target_arch = "x86_64"))]
    #[test]
    fn detected_class_agrees_with_proc_cpuinfo() {
        let info = std::fs::read_to_string("/proc/cpuinfo").unwrap();
        let flags: Vec<&str> = info
            .lines()
            .find(|l| l.starts_with("flags"))
            .unwrap()
            .split_whitespace()
            .collect();
        let has = |f: &str| flags.contains(&f);
        let expected = if !has("aes") {
            CpuClass::NoAes
        } else if !has("vaes") {
            CpuClass::X86AesNi
        } else if has("avx512f") {
            CpuClass::X86Avx512Vaes
        } else {
            CpuClass::X86Avx2Vaes
        };
        assert_eq!(CpuClass::detect(), expected);
    }

    #[test]
    fn forced_plans_reach_aws_lc_for_any_length() {
        let plan = Plan::forced(Engine::AwsLc);
        assert!(plan.aws_lc_for(Direction::Encrypt, 1));
        assert!(!Plan::forced(Engine::RustCrypto).aws_lc_for(Direction::Decrypt, 1 << 20));
        let auto = Plan::auto(Mode::Cbc);
        assert!(!auto.aws_lc_for(Direction::Encrypt, AWS_LC_FROM - 1));
    }
}
