//! The `ucrypto` binary: everything lives in the library, shared with the Python wheel.

fn main() -> std::process::ExitCode {
    ucrypto_cli::main()
}
