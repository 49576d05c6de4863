//! AES in the five modes the device offers, with chaining state kept across calls.
//!
//! One [`Aes`] object is one stream: `encrypt(a)` then `encrypt(b)` gives the same bytes as
//! `encrypt(a + b)` on a fresh object, in every mode (ECB trivially). As on the device,
//! `encrypt` and `decrypt` on one object share that state, so use one object per direction.
//!
//! **None of these modes authenticates the data.** ECB leaks which blocks are equal; CBC, CFB
//! and CTR let an attacker flip bits undetected; never use an IV or counter twice with one key.

mod cbc;
mod cfb128;
mod cfb8;
mod ctr;
mod device;
mod ecb;

pub use device::{MODE_CBC, MODE_CFB, MODE_CTR, MODE_ECB, SEGMENT_8, SEGMENT_128};

use crate::error::{Error, Result};
use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, BlockSizeUser, KeyInit, consts::U16};
use aes::{Aes128, Aes192, Aes256};

/// The AES block size in bytes.
pub const BLOCK_SIZE: usize = 16;

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

impl Mode {
    /// Whether inputs must be a whole number of 16-byte blocks.
    #[must_use]
    pub fn needs_whole_blocks(self) -> bool {
        matches!(self, Self::Ecb | Self::Cbc)
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

/// What a mode does to a buffer in place, or from one buffer into another of the same
/// length. Length checks happen in [`Aes`] before this is called, so an implementation may
/// assume whole blocks where its mode needs them, and equal lengths.
pub(crate) trait ModeCore: Send + Sync {
    fn encrypt(&mut self, buf: &mut [u8]);
    fn decrypt(&mut self, buf: &mut [u8]);

    /// The modes that can read the input while writing the output save a copy here.
    fn encrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        output.copy_from_slice(input);
        self.encrypt(output);
    }

    fn decrypt_b2b(&mut self, input: &[u8], output: &mut [u8]) {
        output.copy_from_slice(input);
        self.decrypt(output);
    }
}

/// The IV or initial counter block, checked for length.
type Iv = aes::Block;

/// A mode with its starting value, before a key size is chosen.
enum Setup {
    Ecb,
    Cbc(Iv),
    Cfb8(Iv),
    Cfb128(Iv),
    Ctr(Iv),
}

impl Setup {
    fn build<C: AesAlg>(&self, cipher: C, key: &[u8]) -> Box<dyn ModeCore> {
        match self {
            Self::Ecb => Box::new(ecb::Ecb::new(cipher)),
            Self::Cbc(iv) => Box::new(cbc::Cbc::new(cipher, key, iv)),
            Self::Cfb8(iv) => Box::new(cfb8::Cfb8::new(cipher, iv)),
            Self::Cfb128(iv) => Box::new(cfb128::Cfb128::new(cipher, iv)),
            Self::Ctr(counter) => Box::new(ctr::Ctr::new(cipher, counter)),
        }
    }

    fn mode(&self) -> Mode {
        match self {
            Self::Ecb => Mode::Ecb,
            Self::Cbc(_) => Mode::Cbc,
            Self::Cfb8(_) => Mode::Cfb8,
            Self::Cfb128(_) => Mode::Cfb128,
            Self::Ctr(_) => Mode::Ctr,
        }
    }
}

/// An AES key in one mode, with that mode's chaining state.
///
/// ```
/// use ucrypto::Aes;
/// let key = b"pycomisthekey...";
/// let iv = b"thisisthetestIV ";
/// let mut enc = Aes::new_cbc(key, iv)?;
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

fn check_block(value: &[u8], err: fn(usize) -> Error) -> Result<Iv> {
    Iv::try_from(value).map_err(|_| err(value.len()))
}

fn iv(value: &[u8]) -> Result<Iv> {
    check_block(value, |len| Error::IvLength { len })
}

impl Aes {
    /// Checks the key first (the device reports a bad key before a bad IV or counter), then
    /// the mode's starting value, then builds the mode for the key's size.
    fn with_key(key: &[u8], setup: impl FnOnce() -> Result<Setup>) -> Result<Self> {
        Self::check_key(key)?;
        let setup = setup()?;
        // Key sizes are matched here once; every mode is generic over the three ciphers.
        let bad = |_| Error::AesKeyLength { len: key.len() };
        let core = match key.len() {
            16 => setup.build(Aes128::new_from_slice(key).map_err(bad)?, key),
            24 => setup.build(Aes192::new_from_slice(key).map_err(bad)?, key),
            32 => setup.build(Aes256::new_from_slice(key).map_err(bad)?, key),
            len => return Err(Error::AesKeyLength { len }),
        };
        Ok(Self {
            mode: setup.mode(),
            core,
        })
    }

    fn check_key(key: &[u8]) -> Result<()> {
        match key.len() {
            16 | 24 | 32 => Ok(()),
            len => Err(Error::AesKeyLength { len }),
        }
    }

    /// AES in ECB mode. Equal plaintext blocks give equal ciphertext blocks: use only where
    /// a protocol demands it.
    ///
    /// # Errors
    /// [`Error::AesKeyLength`] unless the key is 16, 24 or 32 bytes.
    pub fn new_ecb(key: &[u8]) -> Result<Self> {
        Self::with_key(key, || Ok(Setup::Ecb))
    }

    /// AES in CBC mode with a 16-byte IV.
    ///
    /// # Errors
    /// [`Error::AesKeyLength`], then [`Error::IvLength`].
    pub fn new_cbc(key: &[u8], iv_bytes: &[u8]) -> Result<Self> {
        Self::with_key(key, || Ok(Setup::Cbc(iv(iv_bytes)?)))
    }

    /// AES in CFB mode with 8-bit segments (the device's default CFB).
    ///
    /// # Errors
    /// [`Error::AesKeyLength`], then [`Error::IvLength`].
    pub fn new_cfb8(key: &[u8], iv_bytes: &[u8]) -> Result<Self> {
        Self::with_key(key, || Ok(Setup::Cfb8(iv(iv_bytes)?)))
    }

    /// AES in CFB mode with 128-bit segments.
    ///
    /// # Errors
    /// [`Error::AesKeyLength`], then [`Error::IvLength`].
    pub fn new_cfb128(key: &[u8], iv_bytes: &[u8]) -> Result<Self> {
        Self::with_key(key, || Ok(Setup::Cfb128(iv(iv_bytes)?)))
    }

    /// AES in CTR mode; `counter` is the whole 16-byte initial counter block, incremented as
    /// one 128-bit big-endian integer that wraps to zero after all ones.
    ///
    /// # Errors
    /// [`Error::AesKeyLength`], then [`Error::CounterLength`].
    pub fn new_ctr(key: &[u8], counter: &[u8]) -> Result<Self> {
        Self::with_key(key, || {
            Ok(Setup::Ctr(check_block(counter, |len| {
                Error::CounterLength { len }
            })?))
        })
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
        self.core.encrypt(buf);
        Ok(())
    }

    /// Decrypts `buf` in place and advances the chaining state.
    ///
    /// # Errors
    /// As [`Aes::encrypt_in_place`].
    pub fn decrypt_in_place(&mut self, buf: &mut [u8]) -> Result<()> {
        self.check_len(buf.len())?;
        self.core.decrypt(buf);
        Ok(())
    }

    fn check_into(&self, input: &[u8], output: &[u8]) -> Result<()> {
        if input.len() != output.len() {
            return Err(Error::OutputLength {
                input: input.len(),
                output: output.len(),
            });
        }
        self.check_len(input.len())
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
