#!/usr/bin/env bash
# Builds MicroPython v1.28.0's rp2 port for one board, with the `crypto` module or without
# it (for sizes), and copies the .elf and the .uf2 to OUT/firmware-<board>[-plain].{elf,uf2}.
#
#   rp2.sh SRC OUT BOARD [plain]
#
# SRC is the MicroPython source tree (source.sh prints it). The port's submodules (pico-sdk,
# tinyusb, cyw43-driver, lwip, btstack) come from RP2_LIBS, the vendored
# rp2-libs-v1.28.0.tar.gz, unpacked over SRC once after its sha256 is checked. The .uf2
# needs picotool, built once from PICOTOOL_SRC (picotool-2.2.0.tar.gz, checked too) into
# OUT/picotool: without one pico-sdk would try to download it. Each board builds in its own
# folder under OUT, reused by the next run (CMake rebuilds only what changed).
set -euo pipefail

src=$1
out=$2
board=$3
variant=${4:-crypto}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
vendor=$(cd "$root/.." && pwd)/shared/vendor
rp2_libs=${RP2_LIBS:-$vendor/rp2-libs-v1.28.0.tar.gz}
picotool_src=${PICOTOOL_SRC:-$vendor/picotool-2.2.0.tar.gz}
rp2_libs_sha256=2a4afa7f1be82ce9d5c6316edd675f972f82076b0b9e664e7e6e8376942ff254
picotool_sha256=44b640b596fe0ab034c64a5a07d6648410b0631a12a151e06e24dc383a70cdd0
jobs=${MP_JOBS:-2}

checked() {  # checked FILE SHA256 WHAT: fails unless FILE is there with that sha256
    if [ ! -f "$1" ]; then
        echo "rp2.sh: $3 not found at $1 (set ${4} to its path)" >&2
        exit 1
    fi
    local got
    got=$(sha256sum "$1" | cut -d' ' -f1)
    if [ "$got" != "$2" ]; then
        echo "rp2.sh: $1 has sha256 $got, expected $2" >&2
        exit 1
    fi
}

if [ ! -f "$src/.rp2-libs" ]; then
    checked "$rp2_libs" "$rp2_libs_sha256" "rp2-libs-v1.28.0.tar.gz" RP2_LIBS
    tar xzf "$rp2_libs" -C "$src"
    touch "$src/.rp2-libs"
fi

picotool=$out/picotool
if [ ! -x "$picotool/install/picotool/picotool" ]; then
    checked "$picotool_src" "$picotool_sha256" "picotool-2.2.0.tar.gz" PICOTOOL_SRC
    rm -rf "$picotool"
    mkdir -p "$picotool/src"
    tar xzf "$picotool_src" -C "$picotool/src" --strip-components=1
    # Only the image tools are wanted (uf2 conversion), not USB access to a real board.
    cmake -S "$picotool/src" -B "$picotool/build" -DPICO_SDK_PATH="$src/lib/pico-sdk" \
        -DPICOTOOL_NO_LIBUSB=1 -DPICOTOOL_FLAT_INSTALL=1 -DCMAKE_INSTALL_PREFIX="$picotool/install" >&2
    cmake --build "$picotool/build" -j"$jobs" >&2
    cmake --install "$picotool/build" >&2
fi

# pico-sdk links its C++ runtime support with -lstdc++, and Debian's libstdc++ for
# arm-none-eabi is a large package; the firmware uses nothing from it (an empty archive
# satisfies the link, so nothing can have come from it).
stdcxx=$out/rp2-empty-libstdcxx
if [ ! -f "$stdcxx/libstdc++.a" ]; then
    mkdir -p "$stdcxx"
    arm-none-eabi-ar rc "$stdcxx/libstdc++.a"
fi

name=$(echo "$board" | tr 'A-Z' 'a-z')
module=(USER_C_MODULES="$root/micropython/micropython.cmake")
if [ "$variant" = plain ]; then
    name=$name-plain
    module=()
fi
build=$out/rp2-$name
# CMAKE_ARGS goes in the environment: on make's command line it would replace the port's
# own -DMICROPY_BOARD=...
CMAKE_ARGS="-DCMAKE_EXE_LINKER_FLAGS=-L$stdcxx -Dpicotool_DIR=$picotool/install/picotool" \
    PICOTOOL_FETCH_FROM_GIT_PATH="$picotool/install" \
    make -C "$src/ports/rp2" -j"$jobs" BOARD="$board" BUILD="$build" "${module[@]}" >&2
for ext in elf uf2; do
    if [ ! -f "$build/firmware.$ext" ]; then
        echo "rp2.sh: the build of $board made no firmware.$ext" >&2
        exit 1
    fi
    cp "$build/firmware.$ext" "$out/firmware-$name.$ext"
done
echo "$out/firmware-$name.elf"
