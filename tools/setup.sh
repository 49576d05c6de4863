#!/usr/bin/env bash
# Makes sure this Debian machine has every package `make demo` or `make test` needs: as
# root it installs what is missing; otherwise it prints the one command that does, and
# fails. Quick and silent when everything is there.
#
#   tools/setup.sh demo    what `make demo` needs: Python's venv, a C compiler, openssl
#   tools/setup.sh test    the same, and what the device builds and emulators need
#
# Rust itself is not a Debian package here: it comes from rustup (https://rustup.rs), which
# also adds rustfmt and clippy when they are missing.
set -euo pipefail

what=${1:-test}

# Debian package: why it is needed.
demo_packages=(
    "gcc"                         # the C compiler cargo's build scripts use (AWS-LC)
    "make"
    "openssl"                     # tests and the demo compare with the openssl command
    "python3"
    "python3-venv"                # .venv, where the pinned Python tools go
)
test_packages=(
    "binutils"                    # objdump reads the wheel's glibc symbols
    "qemu-user"                   # the wheel on each x86-64 CPU class (qemu-x86_64)
    "libffi-dev" "pkg-config"     # MicroPython's unix port
    "gcc-arm-none-eabi" "libnewlib-arm-none-eabi"   # the Cortex-M3 and RP2 firmware
    "libstdc++-arm-none-eabi-dev" # pico-sdk compiles a C++ file
    "qemu-system-arm"             # runs the Cortex-M3 board
    "cmake" "g++"                 # the rp2 port, pico-sdk's host tools and picotool
)

missing=()
check() {
    local package
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
}
check "${demo_packages[@]}"
if [ "$what" = test ]; then
    check "${test_packages[@]}"
    # The RP2040 emulator (rp2040js, installed locally by npm) needs node 18 or later, from
    # Debian's nodejs and npm or any other install that puts them on PATH.
    if ! command -v npm >/dev/null 2>&1 || ! node -e 'process.exit(parseInt(process.versions.node) < 18 ? 1 : 0)' 2>/dev/null; then
        missing+=(nodejs npm)
    fi
elif [ "$what" != demo ]; then
    echo "usage: tools/setup.sh [demo|test]" >&2
    exit 2
fi

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "tools/setup.sh: missing Debian packages; install them with:" >&2
        echo "  sudo apt-get update && sudo apt-get install --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    echo "tools/setup.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
    echo "tools/setup.sh: no cargo on PATH; install Rust with rustup (https://rustup.rs)" >&2
    exit 1
fi
if [ "$what" = test ]; then
    for component in rustfmt clippy; do
        cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1 || rustup component add "$component"
    done
fi
