"""CPython 3.11 for musl, the interpreter of an Alpine container, built here from Debian's
source package, since no package registry this project reaches ships one.

x86-64 is built with Debian's musl-tools and runs natively. aarch64 is cross-built with
Debian's gcc-aarch64-linux-gnu against musl:arm64 and musl-dev:arm64 unpacked into
CACHE/musl-aarch64/sysroot (installed, arm64's musl would give this machine a second
/etc/ld-musl-*.path, which auditwheel refuses to guess between), and runs under
`qemu-aarch64 -L` that folder. Each is built once into CACHE/musl-<arch>/python (a few
minutes of CPU) and reused while it is there. zlib, which pip needs to read a wheel, comes
from Debian's source too and is linked in statically; modules whose libraries have no musl
build here (ssl, ctypes, sqlite3, ...) are left out, and nothing the checks run needs them.

What makes CPython's build take a musl compiler on Debian: the compiler answers nothing to
`-print-multiarch` (gcc answers Debian's glibc triplet: configure stops when that differs
from the musl one, and setup.py would add glibc's headers), dpkg-architecture is told the
musl triplet (setup.py asks it next), pkg-config sees only our zlib, and a cross build has
a Python 3.11 to run its build steps (the one running this file).

pip, running inside the musl interpreter, accepts a musllinux wheel only after running the
interpreter's loader to read musl's version. An aarch64 loader cannot be started by this
machine's kernel without binfmt_misc, which this check does not register (it would change
the whole machine). Instead the aarch64 interpreter names its loader by a path in the
cache: inside the sysroot given to `qemu-aarch64 -L` that path is Debian's musl loader, and
on this machine it is a script that starts the same loader under qemu-aarch64, as
binfmt_misc would.
"""

import os
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import debian


@dataclass(frozen=True)
class Arch:
    packages: list  # what this machine needs installed to build for it
    gcc: str  # the C compiler, musl's own or a cross gcc
    tools: str  # the binutils prefix
    triplet: str
    loader: str
    debian: str  # Debian's name of the architecture


ARCHES = {
    "x86_64": Arch(["musl-tools"], "musl-gcc", "", "x86_64-linux-musl", "ld-musl-x86_64.so.1", "amd64"),
    "aarch64": Arch(["gcc-aarch64-linux-gnu"], "aarch64-linux-gnu-gcc", "aarch64-linux-gnu-", "aarch64-linux-musl",
                    "ld-musl-aarch64.so.1", "arm64"),
}
JOBS = os.environ.get("UCRYPTO_BUILD_JOBS", "2")
# Modules pip needs to install a wheel, and those the checks use; a build without them fails.
NEEDED_MODULES = ["zlib", "hashlib", "json", "socket", "select", "_posixsubprocess", "pyexpat", "_decimal"]
_log = Path("/dev/null")


def _run(args, fail, cwd, env=None) -> None:
    with open(_log, "a") as out:
        out.write(f"$ {' '.join(map(str, args))}\n")
        out.flush()
        done = subprocess.run(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env or dict(os.environ))
    if done.returncode != 0:
        tail = "".join(_log.read_text().splitlines(keepends=True)[-40:])
        fail(f"{' '.join(map(str, args))} exited {done.returncode} (log: {_log}):\n{tail}")


def _orig_tarball(package: str, sources: Path, fail) -> Path:
    found = sorted(sources.glob(f"{package}_*.orig.tar.*"))
    if not found:
        debian.source(package, sources, fail)
        found = sorted(sources.glob(f"{package}_*.orig.tar.*"))
    if not found:
        fail(f"apt-get source {package} gave no upstream tarball in {sources}")
    return found[-1]


def _unpack(tarball: Path, into: Path) -> Path:
    with tarfile.open(tarball) as t:
        t.extractall(into, filter="data")
    (top,) = [p for p in into.iterdir() if p.is_dir()]
    return top


def _cross(arch: str) -> bool:
    return arch != os.uname().machine


def qemu_root(arch: str, cache: Path) -> Path:
    """The sysroot to give `qemu-aarch64 -L` for the musl interpreter."""
    return cache / f"musl-{arch}/sysroot"


def interpreter(arch: str, cache: Path, fail) -> Path:
    """The musl CPython's bin/python3.11 for `arch`, built first if the cache has none."""
    folder = cache / f"musl-{arch}"
    python = folder / "python/bin/python3.11"
    if python.exists():
        return python
    target = ARCHES[arch]
    debian.require(target.packages, fail)
    print(f"building CPython 3.11 for musl {arch} into {folder} (once; a few minutes)", flush=True)
    sources = cache / "sources"
    python_src, zlib_src = _orig_tarball("python3.11", sources, fail), _orig_tarball("zlib", sources, fail)
    build = folder / "build"
    for stale in (build, folder / "python", folder / "sysroot"):
        shutil.rmtree(stale, ignore_errors=True)
    build.mkdir(parents=True)
    global _log
    _log = folder / "build.log"
    _log.write_text("")
    compiler = f'{target.gcc} "$@"'
    if _cross(arch):
        compiler += f" -specs {_sysroot(arch, folder, build, fail)}"
    # The compiler configure sees: the musl one, silent about a multiarch triplet.
    cc = build / "cc"
    cc.write_text(f'#!/bin/sh\ncase "$1" in -print-multiarch|--print-multiarch) exit 0;; esac\nexec {compiler}\n')
    cc.chmod(0o755)
    zlib = build / "zlib"
    env = {**os.environ, "CC": str(cc), "AR": f"{target.tools}ar", "RANLIB": f"{target.tools}ranlib",
           # Only our zlib is seen through pkg-config, never this machine's glibc libraries;
           # setup.py asks dpkg-architecture for the include folder, which must be musl's.
           "PKG_CONFIG_LIBDIR": str(zlib / "lib/pkgconfig"), "PKG_CONFIG_PATH": "",
           "DEB_HOST_MULTIARCH": target.triplet}

    zlib_tree = _unpack(zlib_src, build / "zlib-src")
    _run(["./configure", "--static", f"--prefix={zlib}"], fail, zlib_tree, {**env, "CFLAGS": "-O2 -fPIC"})
    _run(["make", f"-j{JOBS}", "install"], fail, zlib_tree, env)

    tree = _unpack(python_src, build / "python-src")
    configure = [str(tree / "configure"), f"--prefix={folder / 'python'}", "--without-ensurepip",
                 "--disable-test-modules"]
    if _cross(arch):
        # What configure cannot find out by running a program of the other architecture.
        site = build / "config.site"
        site.write_text("ac_cv_file__dev_ptmx=yes\nac_cv_file__dev_ptc=no\n")
        env["CONFIG_SITE"] = str(site)
        env["READELF"] = f"{target.tools}readelf"
        configure += [f"--build={os.uname().machine}-linux-gnu", f"--host={target.triplet}",
                      f"--with-build-python={sys.executable}", "--enable-ipv6"]
    out = build / "python-build"
    out.mkdir()
    _run(configure, fail, out, env)
    _run(["make", f"-j{JOBS}"], fail, out, env)
    _run(["make", "install"], fail, out, env)
    runner = [f"qemu-{arch}", "-L", str(qemu_root(arch, cache))] if _cross(arch) else []
    done = subprocess.run([*runner, str(python), "-c", f"import {', '.join(NEEDED_MODULES)}"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"the musl CPython in {folder} lacks a module the checks need (its build and {_log.name} "
             f"stay there):\n{done.stderr}")
    shutil.rmtree(build)
    return python


def _sysroot(arch: str, folder: Path, build: Path, fail) -> Path:
    """Unpacks the architecture's musl into the sysroot, places the loader the interpreter
    will name (see the module's text), and returns a gcc specs file that compiles and links
    against that sysroot."""
    target = ARCHES[arch]
    sysroot = qemu_root(arch, folder.parent)
    debian.unpack([f"musl:{target.debian}", f"musl-dev:{target.debian}"], sysroot, fail)
    shutil.rmtree(sysroot.parent / f"{sysroot.name}.debs")
    loader = (sysroot / "lib" / target.loader).resolve()
    if not loader.is_file():
        fail(f"musl:{target.debian} left no {target.loader} in {sysroot}/lib")
    named = folder / target.loader
    named.write_text(f'#!/bin/sh\nexec qemu-{arch} {loader} "$@"\n')
    named.chmod(0o755)
    inside = sysroot / named.relative_to("/")
    inside.parent.mkdir(parents=True, exist_ok=True)
    inside.symlink_to(loader)
    # Debian's specs, with its folders moved into the sysroot and the loader renamed.
    specs = (sysroot / f"usr/lib/{target.triplet}/musl-gcc.specs").read_text()
    for shipped in (f"/usr/include/{target.triplet}", f"/usr/lib/{target.triplet}"):
        if shipped not in specs:
            fail(f"musl-dev:{target.debian}'s musl-gcc.specs no longer names {shipped}")
        specs = specs.replace(f" {shipped}", f" {sysroot}{shipped}").replace(f"-L{shipped}", f"-L{sysroot}{shipped}")
    # libc.so is musl:arm64's, in /lib; musl-dev's folder holds only libc.a, and linking
    # against that would leave an interpreter that cannot load extension modules.
    usr_lib = f"-L{sysroot}/usr/lib/{target.triplet}"
    specs = specs.replace(usr_lib, f"-L{sysroot}/lib/{target.triplet} {usr_lib}")
    linker = f"-dynamic-linker /lib/{target.loader}"
    if linker not in specs:
        fail(f"musl-dev:{target.debian}'s musl-gcc.specs no longer says {linker}")
    path = build / "musl-gcc.specs"
    path.write_text(specs.replace(linker, f"-dynamic-linker {named}"))
    return path
