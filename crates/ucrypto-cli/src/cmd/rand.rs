//! `ucrypto rand BITS`.

use crate::error::Result;
use crate::flags::RandArgs;
use crate::io;

pub fn run(args: &RandArgs) -> Result {
    let bytes = ucrypto::getrandbits(args.bits)?;
    io::write_stdout(&io::encode(&bytes, args.format))
}
