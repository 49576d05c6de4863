"""Debian's own CPython 3.11 for arm64 (glibc), unpacked into a folder and run with
`qemu-aarch64 -L FOLDER`: the interpreter a Graviton or a 64-bit Raspberry Pi OS has, with
the libraries it links to, and nothing installed on this machine.

Made once into CACHE/debian-arm64/ (about 70 MB) and reused while it is there.
"""

import shutil
from pathlib import Path

import debian

PACKAGES = ["python3.11:arm64"]


def root(cache: Path, fail) -> Path:
    """The folder holding the arm64 system files, with usr/bin/python3.11 in it."""
    folder = cache / "debian-arm64"
    done = folder / "root"
    if (done / "usr/bin/python3.11").exists():
        return done
    print(f"unpacking Debian's python3.11:arm64 and its libraries into {folder} (once)", flush=True)
    debian.require_arm64(fail)
    work = folder / "root.partial"
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(folder / "root.partial.debs", ignore_errors=True)
    debian.unpack(debian.closure(PACKAGES, fail), work, fail)
    shutil.rmtree(folder / "root.partial.debs")
    if not (work / "usr/bin/python3.11").exists():
        fail(f"the unpacked packages have no usr/bin/python3.11 under {work}")
    work.rename(done)
    return done
