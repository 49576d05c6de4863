"""Installs a built wheel with pip into a fresh virtualenv of its platform's CPython, with no
cargo, rustc or C compiler on PATH, then imports `crypto` and `ucrypto`, runs the seed
document's examples, and runs `ucrypto --version`, `ucrypto keygen` and `ucrypto jwt sign`
from the virtualenv's bin/.

    python tests/install/check_wheel.py DIST_DIR [PLATFORM]

PLATFORM is one of `platforms.py` (manylinux-x86_64, the default; manylinux-aarch64,
musllinux-x86_64, musllinux-aarch64), and DIST_DIR must hold exactly one wheel for it. A
platform this machine cannot run natively is run under QEMU, pip included, so that pip
itself judges whether the wheel's tags fit the interpreter. Before anything is installed,
`auditwheel show` must find the wheel consistent with its tag, and for manylinux `objdump
-T` must find no glibc symbol newer than 2.17.

Then, for the manylinux x86-64 wheel, PyCryptodome goes into the same virtualenv, and every
path the two distributions install (their RECORD files) is compared case-folded: none may
clash, since on a case-insensitive disk (macOS, Windows) `crypto` and `Crypto` are one name.
Where this machine can mount a case-insensitive file system, both are also installed there
and imported. The paths are the same in every wheel, so the other platforms skip this.

Last, the same virtualenv runs on each CPU class of its architecture under QEMU
(`cpu_classes.py`), against this machine's own build of the same source.

Run by `make install-test` and `make install-test-aarch64` (both part of `make test`) and by
`make release-check` (all four). Prints the wheel's name, tags and size.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import cpu_classes
import debian
from platforms import PLATFORMS

ROOT = Path(__file__).parents[2]
TOOLCHAIN = ("cargo", "rustc", "cc", "gcc", "clang", "maturin")


def fail(message: str) -> None:
    print(f"install check FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def run(args, env, cwd, stdin=None) -> str:
    done = subprocess.run(args, env=env, cwd=cwd, input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def wheel_tags(wheel: Path) -> list:
    with zipfile.ZipFile(wheel) as z:
        text = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/WHEEL"))).decode()
    return [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Tag: ")]


def main() -> None:
    dist = Path(sys.argv[1])
    platform = PLATFORMS[sys.argv[2] if len(sys.argv) > 2 else "manylinux-x86_64"]
    debian.require(["binutils", "qemu-user"], fail)
    wheels = [w for w in sorted(dist.glob("ucrypto-*.whl")) if platform.tag in wheel_tags(w)]
    if len(wheels) != 1:
        fail(f"expected one wheel tagged {platform.tag} in {dist}, found {[w.name for w in wheels]}")
    wheel = wheels[0].resolve()
    print(f"wheel: {wheel.name}, {wheel.stat().st_size / 2**20:.1f} MiB, tags {', '.join(wheel_tags(wheel))}")
    check_auditwheel(wheel, platform)
    if platform.libc == "glibc":
        check_glibc_symbols(wheel)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # Only the tools the check itself needs: openssl for the seed's key commands.
        tools = tmp / "tools"
        tools.mkdir()
        for tool in ("openssl",):
            found = shutil.which(tool)
            if found is None:
                fail(f"{tool} is needed by the seed's examples")
            (tools / tool).symlink_to(found)
        venv = tmp / "venv"
        emulator = platform.emulator(None, fail)
        run([*emulator, str(platform.interpreter(fail)), "-m", "venv", "--without-pip", str(venv)],
            dict(os.environ), tmp)
        env = {"PATH": f"{venv / 'bin'}:{tools}", "HOME": str(tmp), "LANG": "C.UTF-8",
               "VIRTUAL_ENV": str(venv)}
        for tool in TOOLCHAIN:
            if shutil.which(tool, path=env["PATH"]):
                fail(f"{tool} is on the check's PATH")
        python = [*emulator, str(venv / "bin/python")]
        # pip from the running interpreter installs into the new environment: no build, no
        # index. It runs itself inside the platform's interpreter (through a launcher when
        # that is emulated), so the tags it accepts are that platform's.
        launcher = venv / "bin/python"
        if emulator:
            launcher = tmp / "python-launcher"
            launcher.write_text(f"#!/bin/sh\nexec {' '.join(python)} \"$@\"\n")
            launcher.chmod(0o755)
        run([sys.executable, "-m", "pip", "--python", str(launcher), "install", "--no-index", "--no-deps",
             "--no-cache-dir", "--disable-pip-version-check", "--quiet", str(wheel)],
            {**env, "PATH": os.environ["PATH"]}, tmp)
        out = run([*python, "-c", "import crypto, ucrypto; assert crypto is ucrypto; print(ucrypto.__version__, "
                   "ucrypto.__file__)"], env, tmp)
        version, location = out.split()
        if not location.startswith(str(venv)):
            fail(f"ucrypto imported from {location}, not from the fresh virtualenv")
        seed = Path(os.environ.get("UCRYPTO_SEED", ROOT.parent / "shared/seed/000_f171e914688a35dd.txt"))
        work = tmp / "seed"
        work.mkdir()
        print(run([*python, str(ROOT / "tests/seed_examples.py"), str(seed), str(work)], env, tmp).strip())
        # The command as a user runs it; emulated, through the interpreter its script names.
        command = [*python, str(venv / "bin/ucrypto")] if emulator else [str(venv / "bin/ucrypto")]
        shown = run([*command, "--version"], env, tmp).strip()
        if shown != f"ucrypto {version}":
            fail(f"`ucrypto --version` says {shown!r}, the module says {version}")
        run([*command, "keygen", "--out", "k.pem", "--pub", "p.pem"], env, tmp)
        token = run([*command, "jwt", "sign", "--key", "k.pem", "--claim", "sub=device-1", "--exp-in", "1h"],
                    env, tmp).strip()
        claims = run([*python, "-c", "import sys, ucrypto; print(ucrypto.verify_jwt(sys.argv[1], "
                      "open('p.pem').read())['sub'])", token], env, tmp).strip()
        if claims != "device-1":
            fail(f"the token from the installed command does not verify: {claims!r}")
        where = "natively" if not emulator else f"under {Path(emulator[0]).name} -cpu {emulator[-1]}"
        print(f"install check: ucrypto {version} from the {platform.name} wheel works {where} with no toolchain "
              f"on PATH (pip install, import, seed examples, ucrypto --version/keygen/jwt sign)")
        if platform.name == "manylinux-x86_64":
            check_no_clash_with_pycryptodome(wheel, str(venv / "bin/python"), env, tmp)
        cpu_classes.check(platform, venv, env, tmp, run, fail)


def check_auditwheel(wheel: Path, platform) -> None:
    """auditwheel's own reading of the wheel: its libraries and symbols fit the tag."""
    auditwheel = shutil.which("auditwheel")
    if auditwheel is None:
        fail("auditwheel is needed (pip install -r requirements-dev.txt)")
    shown = " ".join(run([auditwheel, "show", str(wheel)], dict(os.environ), wheel.parent).split())
    policy = platform.tag.split("-")[-1]
    if f'is consistent with the following platform tag: "{policy}"' not in shown:
        fail(f"auditwheel does not find {wheel.name} consistent with {policy}:\n{shown}")
    print(f"auditwheel: consistent with {policy}")


# The newest glibc the manylinux2014 tag allows.
GLIBC_FLOOR = (2, 17)


def check_glibc_symbols(wheel: Path) -> None:
    """The extension (which also carries the `ucrypto` command) needs no glibc symbol newer
    than the tag promises: read with objdump, independently of maturin's check."""
    objdump = shutil.which("objdump")
    if objdump is None:
        fail("objdump (binutils) is needed to read the extension's glibc symbols")
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".so"))
        library = Path(z.extract(name, tmp))
        symbols = run([objdump, "-T", str(library)], dict(os.environ), Path(tmp))
    versions = {tuple(int(p) for p in v.split(".")) for v in re.findall(r"GLIBC_([0-9.]+)\b", symbols)}
    newest = max(versions)
    if newest > GLIBC_FLOOR:
        fail(f"{name} needs GLIBC_{'.'.join(map(str, newest))}, newer than the tag's "
             f"{'.'.join(map(str, GLIBC_FLOOR))}")
    print(f"{name}: newest glibc symbol version GLIBC_{'.'.join(map(str, newest))}")


def pip_install(target_python: str, args: list, cwd: Path) -> None:
    """pip from the running interpreter, installing for another one (no build, no cache)."""
    run([sys.executable, "-m", "pip", "--python", target_python, "install", "--no-deps", "--no-cache-dir",
         "--quiet", *args], dict(os.environ), cwd)


def record_paths(python: str, dist: str, env, cwd) -> list:
    out = run([python, "-c", f"import importlib.metadata as m; print('\\n'.join(str(f) for f in m.files({dist!r})))"],
              env, cwd)
    return [line for line in out.splitlines() if line]


def check_no_clash_with_pycryptodome(wheel: Path, python: str, env, tmp: Path) -> None:
    pycryptodome = run([sys.executable, "-c", "import Crypto; print(Crypto.__version__)"], dict(os.environ), tmp)
    pip_install(python, [f"pycryptodome=={pycryptodome.strip()}"], tmp)
    ours, theirs = record_paths(python, "ucrypto", env, tmp), record_paths(python, "pycryptodome", env, tmp)

    def names(paths):
        """Every file and directory a distribution puts down, by case-folded name."""
        found = {}
        for path in paths:
            parts = Path(path).parts
            for depth in range(1, len(parts) + 1):
                name = "/".join(parts[:depth])
                found.setdefault(name.casefold(), set()).add(name)
        return found

    mine, other = names(ours), names(theirs)
    clashes = sorted(
        f"{sorted(mine[k])} vs {sorted(other[k])}" for k in mine.keys() & other.keys()
        # Sharing a directory spelt identically (site-packages' own __pycache__) is fine;
        # two spellings of one name, or one file claimed twice, is not.
        if mine[k] != other[k] or any(not (Path(n).suffix == "" and n.endswith("__pycache__")) and n in ours
                                      for n in mine[k])
    )
    if clashes:
        fail(f"paths of ucrypto and PyCryptodome clash case-insensitively: {clashes}")
    run([python, "-c", "import Crypto.Cipher.AES, crypto, ucrypto; assert crypto is ucrypto; "
         "assert crypto.AES is not Crypto.Cipher.AES"], env, tmp)
    print(f"no clash with PyCryptodome {pycryptodome.strip()}: {len(ours)} and {len(theirs)} installed paths "
          f"compared case-folded; both import side by side")
    check_case_insensitive_mount(wheel, pycryptodome.strip(), tmp)


def case_insensitive_mount_unavailable() -> str:
    """Why this machine cannot mount a case-insensitive file system here, or '' if it can."""
    if os.geteuid() != 0:
        return "mounting needs root"
    filesystems = Path("/proc/filesystems").read_text() if Path("/proc/filesystems").exists() else ""
    if "vfat" in filesystems and shutil.which("mkfs.vfat"):
        return ""
    return ("the kernel has no vfat, no ext4 casefold (CONFIG_UNICODE) support, and no "
            "case-insensitive FUSE file system is installed")


def check_case_insensitive_mount(wheel: Path, pycryptodome: str, tmp: Path) -> None:
    reason = case_insensitive_mount_unavailable()
    if reason:
        print(f"case-insensitive file system check skipped: {reason}")
        return
    image, mount = tmp / "vfat.img", tmp / "vfat"
    mount.mkdir()
    run(["truncate", "-s", "256M", str(image)], dict(os.environ), tmp)
    run(["mkfs.vfat", str(image)], dict(os.environ), tmp)
    run(["mount", "-o", "loop", str(image), str(mount)], dict(os.environ), tmp)
    try:
        site = mount / "site"
        run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-cache-dir", "--quiet", "--target",
             str(site), f"pycryptodome=={pycryptodome}", str(wheel)], dict(os.environ), tmp)
        run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); "
             "import Crypto.Cipher.AES, crypto, ucrypto; assert crypto is ucrypto"], dict(os.environ), tmp)
        print("case-insensitive file system (vfat): PyCryptodome and ucrypto installed together, all import")
    finally:
        subprocess.run(["umount", str(mount)], check=False)


if __name__ == "__main__":
    main()
