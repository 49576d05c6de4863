//! Which implementation does the bulk work of each mode, chosen per CPU class at run time.
//!
//! Two engines implement the modes: RustCrypto's (the `aes` crate's AES-NI/VAES/ARMv8
//! backends under the `cbc`, `cfb-mode` and `cfb8` crates and our own kernels over the
//! cipher's parallel-blocks interface) and AWS-LC's assembly through aws-lc-rs. Neither wins
//! everywhere: the same mode's winner changes with the CPU's AES instructions and vector
//! width. [`engine_for`] is the table of winners; docs/performance.md shows it with the
//! measurements that chose each entry, per CPU class.
//!
//! Both engines give the same bytes for every mode (the tests run every mode through each
//! engine explicitly), so the choice only ever changes speed.

use super::{Direction, Mode};
use crate::names::{Named, named};
use std::sync::OnceLock;

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

/// The engine that does the bulk work of `mode` in `direction` on a CPU of `class`: the
/// table docs/performance.md shows with its measurements.
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
    pub(super) encrypt: Engine,
    pub(super) decrypt: Engine,
    pub(super) aws_lc_from: usize,
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

    pub(super) fn uses_aws_lc(self) -> bool {
        self.encrypt == Engine::AwsLc || self.decrypt == Engine::AwsLc
    }

    pub(super) fn aws_lc_for(self, direction: Direction, len: usize) -> bool {
        let engine = match direction {
            Direction::Encrypt => self.encrypt,
            Direction::Decrypt => self.decrypt,
        };
        engine == Engine::AwsLc && len >= self.aws_lc_from
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The facts the table must keep whatever its measurements say: ECB is RustCrypto's
    /// (aws-lc-rs has no bulk ECB); CTR's two directions are one keystream, so one engine;
    /// without AES instructions every other mode is AWS-LC's (its vector-permute AES beats
    /// bitsliced software); and CBC encryption, serial everywhere, is AWS-LC's.
    #[test]
    fn the_engine_table_keeps_its_invariants() {
        use Direction::{Decrypt, Encrypt};
        for &class in CpuClass::ALL {
            for &mode in Mode::ALL {
                let (enc, dec) = (
                    engine_for(class, mode, Encrypt),
                    engine_for(class, mode, Decrypt),
                );
                match mode {
                    Mode::Ecb => assert_eq!((enc, dec), (Engine::RustCrypto, Engine::RustCrypto)),
                    _ if class == CpuClass::NoAes => {
                        assert_eq!((enc, dec), (Engine::AwsLc, Engine::AwsLc), "{mode:?}");
                    }
                    Mode::Ctr => assert_eq!(enc, dec, "{class:?}"),
                    Mode::Cbc => assert_eq!(enc, Engine::AwsLc, "{class:?}"),
                    _ => {}
                }
            }
        }
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
