"""The four Linux platforms a wheel is made for: the tag its wheel carries, the CPython that
stands for the platform on this machine, and how a program is run there under a CPU model.

| platform          | CPython                                   | run with                    |
|-------------------|-------------------------------------------|-----------------------------|
| manylinux-x86_64  | the one running the check                 | natively, qemu-x86_64 -cpu  |
| manylinux-aarch64 | Debian's arm64 python3.11 (arm64_python)  | qemu-aarch64 -L ROOT -cpu   |
| musllinux-x86_64  | CPython built for musl (musl_python)      | natively, qemu-x86_64 -cpu  |
| musllinux-aarch64 | CPython built for musl (musl_python)      | qemu-aarch64 -L ROOT -cpu   |

Interpreters that are unpacked or built are kept under CACHE (~/.cache/ucrypto, or
$XDG_CACHE_HOME/ucrypto) and reused.
"""

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import arm64_python
import musl_python

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ucrypto"
# The CPU model a program of another architecture runs on when no particular one is asked for.
DEFAULT_MODEL = "max"


@dataclass(frozen=True)
class Platform:
    name: str
    arch: str
    libc: str
    tag: str

    @property
    def runs_natively(self) -> bool:
        return self.arch == os.uname().machine

    @property
    def zig_target(self) -> str:
        """The target zig compiles a helper library for, no newer than the wheel's own floor."""
        return f"{self.arch}-linux-gnu.2.17" if self.libc == "glibc" else f"{self.arch}-linux-musl"

    def interpreter(self, fail) -> Path:
        """The platform's python3.11 on this machine, unpacked or built first if need be."""
        if self.libc == "musl":
            return musl_python.interpreter(self.arch, CACHE, fail)
        if self.runs_natively:
            return Path(sys.executable)
        return arm64_python.root(CACHE, fail) / "usr/bin/python3.11"

    def emulator(self, model: str | None, fail, guest_env: dict | None = None) -> list:
        """The command prefix that runs a program of this platform on CPU `model` (None: the
        machine's own CPU where it can, else QEMU's default model)."""
        if model is None and self.runs_natively:
            return []
        qemu = shutil.which(f"qemu-{self.arch}")
        if qemu is None:
            fail(f"qemu-{self.arch} is needed to run {self.name} programs; as root: apt-get install qemu-user")
        prefix = [qemu]
        if not self.runs_natively:
            root = (musl_python.qemu_root(self.arch, CACHE) if self.libc == "musl"
                    else arm64_python.root(CACHE, fail))
            prefix += ["-L", str(root)]
        prefix += ["-cpu", model or DEFAULT_MODEL]
        for name, value in (guest_env or {}).items():
            prefix += ["-E", f"{name}={value}"]
        return prefix


PLATFORMS = {p.name: p for p in [
    # glibc 2.17 (manylinux2014): RHEL 7 and every later server distribution.
    Platform("manylinux-x86_64", "x86_64", "glibc", "cp311-abi3-manylinux_2_17_x86_64"),
    Platform("manylinux-aarch64", "aarch64", "glibc", "cp311-abi3-manylinux_2_17_aarch64"),
    # musl 1.2 (musllinux_1_2): Alpine 3.13 and later.
    Platform("musllinux-x86_64", "x86_64", "musl", "cp311-abi3-musllinux_1_2_x86_64"),
    Platform("musllinux-aarch64", "aarch64", "musl", "cp311-abi3-musllinux_1_2_aarch64"),
]}
