"""Shared fixtures: RSA keys made by the real openssl command line at test time."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def openssl(*args: str, cwd: Path, stdin: bytes = b"") -> bytes:
    """Run the openssl CLI, failing the test with its stderr when it fails."""
    done = subprocess.run(["openssl", *args], cwd=cwd, input=stdin, capture_output=True)
    assert done.returncode == 0, f"openssl {args}: {done.stderr.decode()}"
    return done.stdout


class Keys:
    """One RSA key in every form the module reads, plus keys it must refuse."""

    def __init__(self, d: Path, bits: int) -> None:
        self.dir = d
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}", "-out", "p8.pem", cwd=d)
        openssl("rsa", "-in", "p8.pem", "-traditional", "-out", "p1.pem", cwd=d)
        openssl("pkey", "-in", "p8.pem", "-pubout", "-out", "spki.pem", cwd=d)
        openssl("rsa", "-in", "p8.pem", "-RSAPublicKey_out", "-out", "p1pub.pem", cwd=d)
        openssl("pkey", "-in", "p8.pem", "-outform", "DER", "-out", "p8.der", cwd=d)

    def path(self, name: str) -> Path:
        return self.dir / name

    def text(self, name: str) -> str:
        return self.path(name).read_text()

    def raw(self, name: str) -> bytes:
        return self.path(name).read_bytes()


@pytest.fixture(scope="session")
def rsa2048(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(tmp_path_factory.mktemp("rsa2048"), 2048)


@pytest.fixture(scope="session")
def rsa4096(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(tmp_path_factory.mktemp("rsa4096"), 4096)


@pytest.fixture(scope="session")
def bad_keys(tmp_path_factory: pytest.TempPathFactory, rsa2048: Keys) -> dict:
    """Keys the module must refuse, by what is wrong with them."""
    d = tmp_path_factory.mktemp("bad")
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "small.pem", cwd=d)
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem", cwd=d)
    openssl("pkey", "-in", str(rsa2048.path("p8.pem")), "-aes256", "-passout", "pass:pw", "-out", "enc.pem", cwd=d)
    openssl("rsa", "-in", str(rsa2048.path("p8.pem")), "-traditional", "-des3", "-passout", "pass:pw", "-out", "des3.pem", cwd=d)
    return {name: (d / f"{name}.pem").read_text() for name in ("small", "ec", "enc", "des3")}


def _native_cli() -> str:
    """The native binary: $UCRYPTO_BIN (set by the Makefile), else a fresh cargo build."""
    if os.environ.get("UCRYPTO_BIN"):
        return os.environ["UCRYPTO_BIN"]
    subprocess.run(["cargo", "build", "-q", "-p", "ucrypto-cli"], cwd=ROOT, check=True)
    return str(ROOT / "target/debug/ucrypto")


def _wheel_cli() -> str:
    """The console script the Python package installs next to this interpreter."""
    script = Path(sys.executable).parent / "ucrypto"
    if not script.exists():
        found = shutil.which("ucrypto")
        if found is None:
            pytest.fail("the package's console script is not installed next to this Python")
        return found
    return str(script)


@pytest.fixture(scope="session", params=["native", "wheel"])
def ucrypto_bin(request) -> str:
    """The `ucrypto` command, run both as the native binary and as the Python package's
    console script: one test suite for both."""
    return _native_cli() if request.param == "native" else _wheel_cli()
