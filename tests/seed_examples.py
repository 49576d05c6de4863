"""Runs the seed document's Python examples as written, checking each result.

Shared by the pytest suite (tests/python/test_seed_examples.py) and the install check of the
built wheel (tests/install/check_wheel.py), which runs this file with a fresh virtualenv's
Python: `python tests/seed_examples.py SEED WORKDIR`.

The seed (Pycom's `crypto` page) is read from ../shared/seed at run time, not copied into
this repository. Its examples open key files under cert/; they are made with the openssl
commands the document gives (adding a passphrase on the command line, since the `-des3`
command would otherwise prompt for one). The encryption example encrypts a variable
`payload` it never defines; it is bound to the example's `message`, as intended.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

DEFAULT_SEED = Path(__file__).parents[2] / "shared/seed/000_f171e914688a35dd.txt"


def seed_path() -> Path:
    return Path(os.environ.get("UCRYPTO_SEED", DEFAULT_SEED))


def python_blocks(seed: Path) -> list:
    return re.findall(r"```python\n(.*?)```", seed.read_text(), re.S)


def split_shell(block: str):
    """The `$ openssl ...` lines, and the Python that remains."""
    shell = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    python = "\n".join(line for line in block.splitlines() if not line.startswith("$ "))
    return shell, python


def run_examples(seed: Path, work: Path) -> dict:
    """Runs both examples in `work`; returns what they made. Raises on any failed check."""
    jwt_block, rsa_block = python_blocks(seed)
    cert = work / "cert"
    cert.mkdir()
    shell, rsa_python = split_shell(rsa_block)
    assert len(shell) == 3, shell
    for command in shell:
        args = command.split()
        option = "-passout" if "genrsa" in args else "-passin"
        args[2:2] = [option, "pass:seed-example"]  # right after `openssl SUBCOMMAND`
        subprocess.run(args, cwd=cert, check=True, capture_output=True)
    subprocess.run(["openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "private_unencrypted.pem",
                    "-out", "private_key_pkcs8.pem"], cwd=cert, check=True)
    previous = os.getcwd()
    os.chdir(work)
    try:
        # Example 1: the JWT signature, verbatim, checked by openssl.
        scope: dict = {}
        exec(compile(jwt_block, "seed-example-1", "exec"), scope)
        signature = scope["signature"]
        assert isinstance(signature, bytes) and len(signature) == 256
        (work / "hp").write_text(scope["header_payload"])
        (work / "sig").write_bytes(signature)
        subprocess.run(["openssl", "pkey", "-in", "cert/private_key_pkcs8.pem", "-pubout", "-out", "pub.pem"],
                       check=True)
        verified = subprocess.run(["openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig", "hp"],
                                  capture_output=True, text=True)
        assert "Verified OK" in verified.stdout, verified.stdout + verified.stderr

        # Examples 2 and 3: encrypt with the public key, decrypt with the private key, verbatim.
        scope["payload"] = "this is a secret message, it needs to be encrypted"
        exec(compile(rsa_python, "seed-example-2-3", "exec"), scope)
        assert scope["message_decrypted"] == scope["payload"].encode()
        assert len(scope["message_encrypted"]) == 256
    finally:
        os.chdir(previous)
    return scope


if __name__ == "__main__":
    run_examples(Path(sys.argv[1]), Path(sys.argv[2]))
    print("seed examples: ok")
