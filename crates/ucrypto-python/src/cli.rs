//! The `ucrypto` command, for the wheel's console script: the same library the native
//! binary runs, so flags, exit codes, progress bar and signal handling are the same.

use pyo3::prelude::*;
use std::ffi::OsString;

/// _cli_main() -> int
///
/// Runs the `ucrypto` command line with `sys.argv` and returns its exit status.
#[pyfunction]
#[pyo3(name = "_cli_main")]
pub(crate) fn cli_main(py: Python<'_>) -> PyResult<u8> {
    let argv: Vec<OsString> = py.import("sys")?.getattr("argv")?.extract()?;
    // The command may run for long (a large file through AES): other threads keep going.
    Ok(py.detach(|| ucrypto_cli::run(argv)))
}
