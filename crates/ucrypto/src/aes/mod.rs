//! AES in the five modes the device offers, with chaining state kept across calls.
//!
//! One [`Aes`] object is one stream: `encrypt(a)` then `encrypt(b)` gives the same bytes as
//! `encrypt(a + b)` on a fresh object, in every mode (ECB trivially). As on the device,
//! `encrypt` and `decrypt` on one object share that state, so use one object per direction.
//!
//! **None of these modes authenticates the data.** ECB leaks which blocks are equal; CBC, CFB
//! and CTR let an attacker flip bits undetected; never use an IV or counter twice with one key.
//!
//! Each mode lives in its own file behind [`ModeCore`]; which [`Engine`] does a mode's bulk
//! work is chosen per CPU class in `engine.rs`.

mod aws_lc;
mod cbc;
mod cfb128;
mod cfb8;
mod constructor;
mod ctr;
mod direction;
mod ecb;
mod engine;
mod padding;

pub use crate::facts::{MODE_CBC, MODE_CFB, MODE_CTR, MODE_ECB, SEGMENT_8, SEGMENT_128};
pub use direction::Direction;
pub use engine::{AWS_LC_FROM, CPU_CLASS_VARIABLE, CpuClass, Engine, engine_for};
pub use padding::BlockPadding;

use crate::error::{Error, Result};
use crate::names::named;
use aes::cipher::inout::InOutBuf;
use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, BlockSizeUser, KeyInit, consts::U16};
use aes::{Aes128, Aes192, Aes256};
use aws_lc_rs::cipher::{AES_128, AES_192, AES_256, Algorithm};
use engine::Plan;

pub use crate::facts::{BLOCK_SIZE, KEY_LENGTHS};

/// The longest AES key, in bytes.
pub(crate) const MAX_KEY_LENGTH: usize = KEY_LENGTHS[2];

/// Whole blocks at the start of `len` bytes, in bytes.
pub(super) fn whole_blocks(len: usize) -> usize {
    len / BLOCK_SIZE * BLOCK_SIZE
}

/// One of the device's five ways of running AES.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mode {
    /// Electronic codebook: every block on its own. Leaks equal blocks; avoid for new designs.
    Ecb,
    /// Cipher block chaining. Input must be whole blocks; no padding is added or removed.
    Cbc,
    /// Cipher feedback with 8-bit segments (the device's default CFB): any length.
    Cfb8,
    /// Cipher feedback with 128-bit segments: any length.
    Cfb128,
    /// Counter mode with a 128-bit big-endian counter that wraps to zero: any length.
    Ctr,
}

named!(Mode, "mode" {
    Ecb => ("ecb", "electronic codebook: each block alone (leaks equal blocks)"),
    Cbc => ("cbc", "cipher block chaining: whole blocks, takes an IV"),
    Cfb8 => ("cfb8", "cipher feedback, 8-bit segments (the device's CFB default): any length, takes an IV"),
    Cfb128 => ("cfb128", "cipher feedback, 128-bit segments: any length, takes an IV"),
    Ctr => ("ctr", "counter mode: any length, takes a 16-byte initial counter block"),
});

/// What a mode starts from besides the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StartValue {
    /// Nothing (ECB).
    None,
    /// A 16-byte initialisation vector (CBC, CFB8, CFB128).
    Iv,
    /// The whole 16-byte initial counter block (CTR).
    Counter,
}

impl Mode {
    /// Whether inputs must be a whole number of 16-byte blocks.
    #[must_use]
    pub fn needs_whole_blocks(self) -> bool {
        matches!(self, Self::Ecb | Self::Cbc)
    }

    /// What the mode starts from besides the key.
    #[must_use]
    pub fn start_value(self) -> StartValue {
        match self {
            Self::Ecb => StartValue::None,
            Self::Cbc | Self::Cfb8 | Self::Cfb128 => StartValue::Iv,
            Self::Ctr => StartValue::Counter,
        }
    }

    /// `block` as this mode's start value, or `None` for a mode that takes none (ECB): for
    /// callers that run every mode from one IV-or-counter block.
    #[must_use]
    pub fn start(self, block: &[u8]) -> Option<&[u8]> {
        (self.start_value() != StartValue::None).then_some(block)
    }
}

/// The block-cipher bound every mode is written against: AES-128, -192 or -256.
pub(crate) trait AesAlg:
    BlockCipherEncrypt
    + BlockCipherDecrypt
    + BlockSizeUser<BlockSize = U16>
    + KeyInit
    + Send
    + Sync
    + 'static
{
}
impl AesAlg for Aes128 {}
impl AesAlg for Aes192 {}
impl AesAlg for Aes256 {}

/// What a mode does to data, in place or from one buffer into another of the same length
/// (an `InOutBuf` is either). Length checks happen in [`Aes`] before this is called, so an
/// implementation may assume whole blocks where its mode needs them.
pub(crate) trait ModeCore: Send + Sync {
    fn encrypt(&mut self, data: InOutBuf<'_, '_, u8>);
    fn decrypt(&mut self, data: InOutBuf<'_, '_, u8>);

    /// Encryption into a separate buffer, for the modes whose fastest kernel needs the input
    /// and the output apart (CTR and CFB128 write keystream straight into the output).
    fn encrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        if let Ok(data) = InOutBuf::new(input, output) {
            self.encrypt(data);
        }
    }

    /// Decryption into a separate buffer; see [`ModeCore::encrypt_b2b`].
    fn decrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        if let Ok(data) = InOutBuf::new(input, output) {
            self.decrypt(data);
        }
    }
}

/// `to ^= from`, byte for byte: a loop the compiler vectorises at the width of the context it
/// is inlined into (the cipher backend's, inside its closures).
#[inline(always)]
fn xor_into(to: &mut [u8], from: &[u8]) {
    debug_assert_eq!(to.len(), from.len(), "xor_into takes equal lengths");
    for (t, f) in to.iter_mut().zip(from) {
        *t ^= f;
    }
}

/// The IV or initial counter block, checked for length.
type Iv = aes::Block;

/// The last whole block of `data`: the chaining value after it, in CBC and CFB.
fn last_block(data: &[u8]) -> Option<Iv> {
    Iv::slice_as_chunks(data).0.last().copied()
}

/// A key schedule of one of the three sizes of [`KEY_LENGTHS`]: the one place a key's
/// length picks its cipher.
enum Cipher {
    Aes128(Aes128),
    Aes192(Aes192),
    Aes256(Aes256),
}

impl Cipher {
    fn new(key: &[u8]) -> Result<Self> {
        if let Ok(k) = <&[u8; 16]>::try_from(key) {
            Ok(Self::Aes128(Aes128::new(k.into())))
        } else if let Ok(k) = <&[u8; 24]>::try_from(key) {
            Ok(Self::Aes192(Aes192::new(k.into())))
        } else if let Ok(k) = <&[u8; 32]>::try_from(key) {
            Ok(Self::Aes256(Aes256::new(k.into())))
        } else {
            Err(Error::AesKeyLength { len: key.len() })
        }
    }

    fn build(self, mode: Mode, start: Iv, key: &[u8], plan: Plan) -> Box<dyn ModeCore> {
        match self {
            Self::Aes128(c) => build(c, &AES_128, mode, start, key, plan),
            Self::Aes192(c) => build(c, &AES_192, mode, start, key, plan),
            Self::Aes256(c) => build(c, &AES_256, mode, start, key, plan),
        }
    }
}

fn build<C: AesAlg>(
    cipher: C,
    algorithm: &'static Algorithm,
    mode: Mode,
    start: Iv,
    key: &[u8],
    plan: Plan,
) -> Box<dyn ModeCore> {
    let aws_lc = |m| aws_lc::AwsLc::new(plan, algorithm, m, key);
    use aws_lc_rs::cipher::OperatingMode as Lc;
    match mode {
        Mode::Ecb => Box::new(ecb::Ecb::new(cipher)),
        Mode::Cbc => Box::new(cbc::Cbc::new(cipher, start, aws_lc(Lc::CBC))),
        Mode::Cfb8 => Box::new(cfb8::Cfb8::new(cipher, start, aws_lc(Lc::CFB8))),
        Mode::Cfb128 => Box::new(cfb128::Cfb128::new(cipher, start, aws_lc(Lc::CFB128))),
        Mode::Ctr => Box::new(ctr::Ctr::new(cipher, start, aws_lc(Lc::CTR))),
    }
}

/// An AES key in one mode, with that mode's chaining state.
///
/// ```
/// use ucrypto::{Aes, Mode};
/// let key = b"pycomisthekey...";
/// let iv = b"thisisthetestIV ";
/// let mut enc = Aes::new(key, Mode::Cbc, Some(iv))?;
/// let ct = enc.encrypt(b"testing cbc 123.")?;
/// assert_eq!(ct, b"Jzv\x9c\x17\xfa\x9c\xbd\xbe/\xc943\x81t\x19");
/// let mut dec = Aes::new_cbc(key, iv)?;
/// assert_eq!(dec.decrypt(&ct)?, b"testing cbc 123.");
/// # Ok::<(), ucrypto::Error>(())
/// ```
pub struct Aes {
    mode: Mode,
    core: Box<dyn ModeCore>,
}

impl core::fmt::Debug for Aes {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The key and chaining state stay out of debug output.
        f.debug_struct("Aes")
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

/// Checks a start value against what `mode` takes.
fn start_block(mode: Mode, start: Option<&[u8]>) -> Result<Iv> {
    match (mode.start_value(), start) {
        (StartValue::None, None) => Ok(Iv::default()),
        (StartValue::None, Some(_)) => Err(Error::IvNotUsed),
        (StartValue::Iv, None) => Err(Error::IvRequired),
        (StartValue::Counter, None) => Err(Error::CounterRequired),
        (StartValue::Iv, Some(v)) => Iv::try_from(v).map_err(|_| Error::IvLength { len: v.len() }),
        (StartValue::Counter, Some(v)) => {
            Iv::try_from(v).map_err(|_| Error::CounterLength { len: v.len() })
        }
    }
}

impl Aes {
    /// AES in `mode` with a 16-, 24- or 32-byte key. `start` is the mode's
    /// [`StartValue`]: the IV for CBC and CFB, the whole initial counter block for CTR, and
    /// `None` for ECB. The CTR counter is incremented as one 128-bit big-endian integer that
    /// wraps to zero after all ones.
    ///
    /// # Errors
    /// [`Error::AesKeyLength`] first (as the device checks it first), then
    /// [`Error::IvRequired`], [`Error::IvLength`], [`Error::CounterRequired`],
    /// [`Error::CounterLength`] or [`Error::IvNotUsed`] (a start value given to ECB).
    pub fn new(key: &[u8], mode: Mode, start: Option<&[u8]>) -> Result<Self> {
        Self::with_plan(key, mode, start, Plan::auto(mode))
    }

    /// As [`Aes::new`], with `engine` doing all the work in both directions whatever the
    /// input's length, instead of the engine this CPU's table picks. The bytes are the same
    /// either way; this exists to test and measure each engine.
    ///
    /// # Errors
    /// As [`Aes::new`].
    pub fn with_engine(
        key: &[u8],
        mode: Mode,
        start: Option<&[u8]>,
        engine: Engine,
    ) -> Result<Self> {
        Self::with_plan(key, mode, start, Plan::forced(engine))
    }

    fn with_plan(key: &[u8], mode: Mode, start: Option<&[u8]>, plan: Plan) -> Result<Self> {
        let cipher = Cipher::new(key)?;
        let start = start_block(mode, start)?;
        Ok(Self::from_parts(cipher, mode, start, key, plan))
    }

    fn from_parts(cipher: Cipher, mode: Mode, start: Iv, key: &[u8], plan: Plan) -> Self {
        Self {
            mode,
            core: cipher.build(mode, start, key, plan),
        }
    }

    /// AES in ECB mode. Equal plaintext blocks give equal ciphertext blocks: use only where
    /// a protocol demands it.
    ///
    /// # Errors
    /// [`Error::AesKeyLength`] unless the key is 16, 24 or 32 bytes.
    pub fn new_ecb(key: &[u8]) -> Result<Self> {
        Self::new(key, Mode::Ecb, None)
    }

    /// AES in CBC mode with a 16-byte IV.
    ///
    /// # Errors
    /// [`Error::AesKeyLength`], then [`Error::IvLength`].
    pub fn new_cbc(key: &[u8], iv: &[u8]) -> Result<Self> {
        Self::new(key, Mode::Cbc, Some(iv))
    }

    /// AES in CFB mode with 8-bit segments (the device's default CFB).
    ///
    /// # Errors
    /// [`Error::AesKeyLength`], then [`Error::IvLength`].
    pub fn new_cfb8(key: &[u8], iv: &[u8]) -> Result<Self> {
        Self::new(key, Mode::Cfb8, Some(iv))
    }

    /// AES in CFB mode with 128-bit segments.
    ///
    /// # Errors
    /// [`Error::AesKeyLength`], then [`Error::IvLength`].
    pub fn new_cfb128(key: &[u8], iv: &[u8]) -> Result<Self> {
        Self::new(key, Mode::Cfb128, Some(iv))
    }

    /// AES in CTR mode; `counter` is the whole 16-byte initial counter block.
    ///
    /// # Errors
    /// [`Error::AesKeyLength`], then [`Error::CounterLength`].
    pub fn new_ctr(key: &[u8], counter: &[u8]) -> Result<Self> {
        Self::new(key, Mode::Ctr, Some(counter))
    }

    /// The mode this object runs.
    #[must_use]
    pub fn mode(&self) -> Mode {
        self.mode
    }

    fn check_len(&self, len: usize) -> Result<()> {
        if self.mode.needs_whole_blocks() && !len.is_multiple_of(BLOCK_SIZE) {
            return Err(Error::NotBlockMultiple { len });
        }
        Ok(())
    }

    /// Encrypts `buf` in place and advances the chaining state.
    ///
    /// # Errors
    /// [`Error::NotBlockMultiple`] in ECB and CBC for a length that is not a multiple of 16;
    /// the buffer and the state are then unchanged.
    pub fn encrypt_in_place(&mut self, buf: &mut [u8]) -> Result<()> {
        self.check_len(buf.len())?;
        self.core.encrypt(buf.into());
        Ok(())
    }

    /// Decrypts `buf` in place and advances the chaining state.
    ///
    /// # Errors
    /// As [`Aes::encrypt_in_place`].
    pub fn decrypt_in_place(&mut self, buf: &mut [u8]) -> Result<()> {
        self.check_len(buf.len())?;
        self.core.decrypt(buf.into());
        Ok(())
    }

    fn check_into<'i, 'o>(
        &self,
        input: &'i [u8],
        output: &'o mut [u8],
    ) -> Result<InOutBuf<'i, 'o, u8>> {
        let (input_len, output_len) = (input.len(), output.len());
        let data = InOutBuf::new(input, output).map_err(|_| Error::OutputLength {
            input: input_len,
            output: output_len,
        })?;
        self.check_len(input_len)?;
        Ok(data)
    }

    /// Encrypts `input` into `output` (of the same length) and advances the chaining
    /// state; the fastest way to a separate output buffer, with no intermediate copy.
    ///
    /// # Errors
    /// [`Error::OutputLength`] when the lengths differ; otherwise as
    /// [`Aes::encrypt_in_place`]. On error neither `output` nor the state changes.
    pub fn encrypt_into(&mut self, input: &[u8], output: &mut [u8]) -> Result<()> {
        self.check_into(input, output)?;
        self.core.encrypt_b2b(input, output);
        Ok(())
    }

    /// Decrypts `input` into `output`; see [`Aes::encrypt_into`].
    ///
    /// # Errors
    /// As [`Aes::encrypt_into`].
    pub fn decrypt_into(&mut self, input: &[u8], output: &mut [u8]) -> Result<()> {
        self.check_into(input, output)?;
        self.core.decrypt_b2b(input, output);
        Ok(())
    }

    /// Runs `input` through the cipher in `direction` into `output`: [`Aes::encrypt_into`] or
    /// [`Aes::decrypt_into`], for callers that pick the direction at run time.
    ///
    /// # Errors
    /// As [`Aes::encrypt_into`].
    pub fn apply_into(
        &mut self,
        direction: Direction,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<()> {
        match direction {
            Direction::Encrypt => self.encrypt_into(input, output),
            Direction::Decrypt => self.decrypt_into(input, output),
        }
    }

    /// [`Aes::encrypt_in_place`] or [`Aes::decrypt_in_place`] by `direction`.
    ///
    /// # Errors
    /// As [`Aes::encrypt_in_place`].
    pub fn apply_in_place(&mut self, direction: Direction, buf: &mut [u8]) -> Result<()> {
        match direction {
            Direction::Encrypt => self.encrypt_in_place(buf),
            Direction::Decrypt => self.decrypt_in_place(buf),
        }
    }

    /// Encrypts `data` into a new vector.
    ///
    /// # Errors
    /// As [`Aes::encrypt_in_place`].
    pub fn encrypt(&mut self, data: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0; data.len()];
        self.encrypt_into(data, &mut out)?;
        Ok(out)
    }

    /// Decrypts `data` into a new vector.
    ///
    /// # Errors
    /// As [`Aes::encrypt_in_place`].
    pub fn decrypt(&mut self, data: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0; data.len()];
        self.decrypt_into(data, &mut out)?;
        Ok(out)
    }
}
