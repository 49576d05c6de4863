"""Debian packages for the install checks: installs those missing (as root; otherwise stops
and prints the one command that would), adds the arm64 architecture and the source archive
when a check needs them, and unpacks binary packages into a folder without installing them.

Debian's own versions are taken as they are (the stable release and its security updates):
a version pinned here would vanish from the archive with the next point release.
"""

import functools
import os
import subprocess
from pathlib import Path

SOURCES = Path("/etc/apt/sources.list.d")
# Written only when no source archive is configured: the binary archives' entries, as deb-src.
OUR_SOURCES = SOURCES / "ucrypto-deb-src.sources"
_updated = False


def _run(args, fail, cwd=None) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if done.returncode != 0:
        fail(f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def _as_root(why: str, command: str, fail) -> None:
    if os.geteuid() != 0:
        fail(f"{why}; as root, run: {command}")


def _update(fail) -> None:
    global _updated
    if not _updated:
        _run(["apt-get", "update", "-qq"], fail)
        _updated = True


def installed(package: str) -> bool:
    done = subprocess.run(["dpkg-query", "-W", "-f", "${Status}", package], capture_output=True, text=True)
    return done.returncode == 0 and done.stdout.endswith(" installed")


def _has_arm64() -> bool:
    out = subprocess.run(["dpkg", "--print-foreign-architectures"], capture_output=True, text=True).stdout
    return "arm64" in out.split()


def require(packages: list, fail) -> None:
    """Installs whichever of `packages` is missing; `NAME:arm64` adds the arm64 architecture."""
    missing = [p for p in packages if not installed(p)]
    if not missing:
        return
    arm64 = any(p.endswith(":arm64") for p in missing) and not _has_arm64()
    command = ("dpkg --add-architecture arm64 && apt-get update && " if arm64 else "apt-get update && ") + \
        f"apt-get install --no-install-recommends {' '.join(missing)}"
    _as_root(f"missing Debian packages {missing}", command, fail)
    print(f"installing Debian packages: {' '.join(missing)}", flush=True)
    if arm64:
        require_arm64(fail)
    _update(fail)
    _run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], fail)


def require_arm64(fail) -> None:
    """The arm64 architecture known to dpkg and apt, for downloading and installing its packages."""
    if _has_arm64():
        return
    _as_root("the arm64 architecture is not configured", "dpkg --add-architecture arm64 && apt-get update", fail)
    _run(["dpkg", "--add-architecture", "arm64"], fail)
    global _updated
    _updated = False
    _update(fail)


def require_sources(fail) -> None:
    """A deb-src entry, so that `apt-get source` finds source packages."""
    files = [*SOURCES.glob("*.sources"), *SOURCES.glob("*.list"), Path("/etc/apt/sources.list")]
    for f in files:
        if f.is_file() and any(line.split()[:2] in (["Types:", "deb-src"], ["deb-src"]) or
                               line.startswith("deb-src ") for line in f.read_text().splitlines()):
            return
    binary = SOURCES / "debian.sources"
    if not binary.is_file():
        fail(f"no deb-src entry in {SOURCES} or /etc/apt/sources.list, and no {binary} to copy one from; "
             "add a deb-src line for Debian's archive and run apt-get update")
    _as_root("no deb-src entry is configured",
             f"sed 's/^Types: deb$/Types: deb-src/' {binary} > {OUR_SOURCES} && apt-get update", fail)
    OUR_SOURCES.write_text("\n".join("Types: deb-src" if line.strip() == "Types: deb" else line
                                     for line in binary.read_text().splitlines()) + "\n")
    global _updated
    _updated = False
    _update(fail)


def source(package: str, dest: Path, fail) -> list:
    """Downloads a source package's tarballs (checked against the archive's signed index,
    not unpacked) into `dest`; returns the files. The tarballs only, and the newest version
    whose files the mirror still has: a security release's files may be gone from it while
    the index still lists them, and its upstream tarball is the same as the release's."""
    require_sources(fail)
    dest.mkdir(parents=True, exist_ok=True)
    shown = _run(["apt-cache", "showsrc", "--only-source", package], fail)
    versions = sorted({line.split()[1] for line in shown.splitlines() if line.startswith("Version: ")},
                      key=functools.cmp_to_key(_compare_versions), reverse=True)
    if not versions:
        fail(f"no source package {package} is known to apt")
    errors = []
    for version in versions:
        done = subprocess.run(["apt-get", "source", "--download-only", "--tar-only", "-qq", f"{package}={version}"],
                              cwd=dest, capture_output=True, text=True)
        if done.returncode == 0:
            return sorted(dest.iterdir())
        errors.append(f"{package}={version}: {done.stderr.strip()}")
    fail("no version of the source package could be downloaded:\n" + "\n".join(errors))
    return []


def _compare_versions(a: str, b: str) -> int:
    if subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0:
        return -1
    return 0 if a == b else 1


def closure(packages: list, fail) -> list:
    """`packages` and every package they depend on (not recommends), of the same architecture."""
    out = _run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
                "--no-breaks", "--no-replaces", "--no-enhances", *packages], fail)
    arch = packages[0].partition(":")[2]
    names = {line for line in out.splitlines() if line and not line.startswith((" ", "<"))}
    return sorted(n for n in names if n.partition(":")[2] == arch)


def unpack(packages: list, root: Path, fail) -> None:
    """Downloads `packages` (NAME:ARCH) and extracts their files into `root`, as dpkg -x does:
    nothing is installed on this machine and no maintainer script runs."""
    if any(p.endswith(":arm64") for p in packages):
        require_arm64(fail)
    debs = root.parent / f"{root.name}.debs"
    debs.mkdir(parents=True, exist_ok=True)
    _run(["apt-get", "download", "-qq", *packages], fail, cwd=debs)
    for deb in sorted(debs.glob("*.deb")):
        _run(["dpkg", "-x", str(deb), str(root)], fail)
