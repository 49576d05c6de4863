"""The README's Python examples run as tests, with the key files they open made by openssl."""

import re
import subprocess
from pathlib import Path

import pytest

README = Path(__file__).parents[2] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_python_block(index, tmp_path, monkeypatch):
    subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", "private.pem"], cwd=tmp_path, check=True, capture_output=True)
    subprocess.run(["openssl", "pkey", "-in", "private.pem", "-pubout", "-out", "public.pem"],
                   cwd=tmp_path, check=True, capture_output=True)
    subprocess.run(["openssl", "pkey", "-in", "private.pem", "-aes256", "-passout", "pass:s3cret",
                    "-out", "private_encrypted.pem"], cwd=tmp_path, check=True, capture_output=True)
    monkeypatch.chdir(tmp_path)
    exec(compile(BLOCKS[index], f"README.md python block {index + 1}", "exec"), {})
