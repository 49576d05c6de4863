"""The seed document's Python examples, run as written.

The seed (Pycom's `crypto` page) is read from ../shared/seed at test time, not copied into
this repository. Its examples open key files under cert/; the test makes them with the
openssl commands the document gives (adding a passphrase on the command line, since the
`-des3` command would otherwise prompt for one). The encryption example encrypts a
variable `payload` it never defines; we bind it to the example's `message`, as intended.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

SEED = Path(os.environ.get("UCRYPTO_SEED", Path(__file__).parents[3] / "shared/seed/000_f171e914688a35dd.txt"))


def python_blocks() -> list:
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"seed document missing at {SEED}")
        pytest.skip(f"seed document not found at {SEED} (set UCRYPTO_SEED)")
    return re.findall(r"```python\n(.*?)```", SEED.read_text(), re.S)


def test_seed_has_the_examples_we_run():
    blocks = python_blocks()
    assert len(blocks) == 2
    assert "generate_rsa_signature" in blocks[0]
    assert "rsa_encrypt" in blocks[1] and "rsa_decrypt" in blocks[1]


def split_shell(block: str):
    """The `$ openssl ...` lines, and the Python that remains."""
    shell = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    python = "\n".join(line for line in block.splitlines() if not line.startswith("$ "))
    return shell, python


def test_seed_examples_run(tmp_path, monkeypatch):
    jwt_block, rsa_block = python_blocks()
    cert = tmp_path / "cert"
    cert.mkdir()
    shell, rsa_python = split_shell(rsa_block)
    assert len(shell) == 3
    for command in shell:
        args = command.split()
        option = "-passout" if "genrsa" in args else "-passin"
        args[2:2] = [option, "pass:seed-example"]  # right after `openssl SUBCOMMAND`
        subprocess.run(args, cwd=cert, check=True, capture_output=True)
    subprocess.run(["openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "private_unencrypted.pem",
                    "-out", "private_key_pkcs8.pem"], cwd=cert, check=True)
    monkeypatch.chdir(tmp_path)

    # Example 1: the JWT signature, verbatim.
    scope: dict = {}
    exec(compile(jwt_block, "seed-example-1", "exec"), scope)
    signature = scope["signature"]
    assert isinstance(signature, bytes) and len(signature) == 256
    (tmp_path / "hp").write_text(scope["header_payload"])
    (tmp_path / "sig").write_bytes(signature)
    subprocess.run(["openssl", "pkey", "-in", "cert/private_key_pkcs8.pem", "-pubout", "-out", "pub.pem"], check=True)
    verified = subprocess.run(["openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig", "hp"],
                              capture_output=True, text=True)
    assert "Verified OK" in verified.stdout

    # Examples 2 and 3: encrypt with the public key, decrypt with the private key, verbatim.
    scope["payload"] = "this is a secret message, it needs to be encrypted"
    exec(compile(rsa_python, "seed-example-2-3", "exec"), scope)
    assert scope["message_decrypted"] == scope["payload"].encode()
    assert len(scope["message_encrypted"]) == 256
