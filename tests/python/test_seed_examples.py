"""The seed document's Python examples, run as written (see tests/seed_examples.py)."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from seed_examples import python_blocks, run_examples, seed_path  # noqa: E402


@pytest.fixture()
def seed() -> Path:
    path = seed_path()
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"seed document missing at {path}")
        pytest.skip(f"seed document not found at {path} (set UCRYPTO_SEED)")
    return path


def test_seed_has_the_examples_we_run(seed):
    blocks = python_blocks(seed)
    assert len(blocks) == 2
    assert "generate_rsa_signature" in blocks[0]
    assert "rsa_encrypt" in blocks[1] and "rsa_decrypt" in blocks[1]


def test_seed_examples_run(seed, tmp_path):
    scope = run_examples(seed, tmp_path)
    assert scope["message_decrypted"] == b"this is a secret message, it needs to be encrypted"
