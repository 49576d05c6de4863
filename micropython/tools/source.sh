#!/usr/bin/env bash
# Prints the path of a MicroPython v1.28.0 source tree (with lib/mbedtls and
# lib/micropython-lib) to build the `crypto` module into, preparing it first if needed.
#
#   source.sh SRC WORKDIR
#
# SRC is a folder (used as it is), a .tar.gz (checked against its pinned sha256 and
# unpacked under WORKDIR once), or empty: then tag v1.28.0 is fetched with git into
# CACHE (default ~/.cache/ucrypto) and its py/, extmod/ and mbedTLS sources are checked
# against the pinned tree hash below before use.
set -euo pipefail

src=${1:-}
work=$2
version=1.28.0
# sha256 of ../shared/vendor/micropython-1.28.0.tar.gz (v1.28.0 with its submodules).
tarball_sha256=${MICROPYTHON_SHA256:-296b5c3a3363818debbe35a50db8c5316f13dafd0ab345622824c3ed2228e2a3}
# sha256 over `sha256sum` of every file of py/, extmod/ and lib/mbedtls/library/, sorted
# by path: the same for the tarball and for a correct checkout of the tag.
tree_sha256=349e8d4a939ed2c6a9c5127af13341a862d245922a1aa33973e28e91b71c1cb9

tree_hash() {
    (cd "$1" && find py extmod lib/mbedtls/library -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
}

if [ -d "$src" ]; then
    cd "$src" && pwd
    exit 0
fi

if [ -n "$src" ]; then
    dest="$work/src-$(basename "$src" .tar.gz)"
    if [ ! -f "$dest/.unpacked" ]; then
        got=$(sha256sum "$src" | cut -d' ' -f1)
        if [ "$got" != "$tarball_sha256" ]; then
            echo "source.sh: $src has sha256 $got, expected $tarball_sha256" >&2
            exit 1
        fi
        rm -rf "$dest"
        mkdir -p "$dest"
        tar xzf "$src" -C "$dest" --strip-components=1
        touch "$dest/.unpacked"
    fi
    echo "$dest"
    exit 0
fi

# No source given and no vendored tarball: fetch the tag (needs the network).
cache=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ucrypto}
dest="$cache/micropython-$version"
if [ ! -f "$dest/.checked" ]; then
    rm -rf "$dest"
    mkdir -p "$cache"
    git clone --quiet --depth 1 --branch "v$version" https://github.com/micropython/micropython.git "$dest" >&2
    git -C "$dest" submodule update --quiet --init --depth 1 lib/mbedtls lib/micropython-lib >&2
    got=$(tree_hash "$dest")
    if [ "$got" != "$tree_sha256" ]; then
        echo "source.sh: fetched v$version does not match the pinned tree ($got)" >&2
        exit 1
    fi
    touch "$dest/.checked"
fi
echo "$dest"
