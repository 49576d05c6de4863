"""Keys and tokens in memory that changes while a call runs.

A read-only export (``memoryview(bytearray).toreadonly()``, a shared ``mmap``) only says
that *we* may not write; another thread or process still can. Keys and tokens are read once
into memory the module owns, so the text that is hashed for the key cache, parsed and
checked is one text. Each test races a writer thread against such a view for long enough
that reading in place fails (measured against the code that did: docs/security.md).
"""

import json
import mmap
import subprocess
import sys
import time

import jwt as pyjwt
import pytest

import crypto
from conftest import Keys

CALLS = 20_000
SECONDS = 30.0
# More distinct key texts than the module's key cache holds.
EVICTIONS = 64


class Flipper:
    """Another process that keeps rewriting a shared file mapping with each of ``texts`` in
    turn; ``view`` is this process's read-only view of it (a reader that may not write, of
    memory that still changes: truly in parallel, with no GIL between the two)."""

    # How long each text stays, in empty loop turns: a reader must find one text whole when
    # it hashes and another when it parses, and which pause gives that depends on the
    # machine, so the writer cycles through several.
    WRITER = (
        "import mmap, sys\n"
        "HOLDS = [0, 20, 50, 100, 200]\n"
        "texts = [bytes.fromhex(t) for t in sys.argv[2:]]\n"
        "with open(sys.argv[1], 'r+b') as f:\n"
        "    m = mmap.mmap(f.fileno(), len(texts[0]))\n"
        "    print('ready', flush=True)\n"
        "    while True:\n"
        "        for hold in HOLDS:\n"
        "            for t in texts:\n"
        "                m[:] = t\n"
        "                for _ in range(hold):\n"
        "                    pass\n"
    )

    def __init__(self, path, texts: list[bytes]) -> None:
        assert len({len(t) for t in texts}) == 1, "the texts must have one length"
        path.write_bytes(texts[0])
        self.file = open(path, "rb")
        self.map = mmap.mmap(self.file.fileno(), len(texts[0]), access=mmap.ACCESS_READ)
        self.view = memoryview(self.map)
        assert self.view.readonly
        self.writer = subprocess.Popen(
            [sys.executable, "-c", self.WRITER, str(path), *(t.hex() for t in texts)],
            stdout=subprocess.PIPE,
        )

    def __enter__(self) -> "Flipper":
        assert self.writer.stdout.readline() == b"ready\n"
        return self

    def __exit__(self, *exc) -> None:
        self.writer.kill()
        self.writer.wait()
        self.view.release()
        self.map.close()
        self.file.close()


def claims_of(token: str) -> dict:
    return pyjwt.decode(token, options={"verify_signature": False})


@pytest.fixture(scope="module")
def other_key(tmp_path_factory) -> Keys:
    return Keys(tmp_path_factory.mktemp("other2048"), 2048)


def test_a_token_changing_under_the_call_never_yields_unsigned_claims(rsa2048, tmp_path):
    private, public = rsa2048.text("p8.pem"), rsa2048.text("spki.pem")
    signed = crypto.generate_jwt({"sub": "device-1", "exp": 4_000_000_000}, private)
    head, body, signature = signed.split(".")
    forged_body = pyjwt.utils.base64url_encode(json.dumps({"sub": "device-2", "exp": 4_000_000_000}, separators=(",", ":")).encode()).decode()
    forged = ".".join([head, forged_body, signature])
    assert len(forged) == len(signed)
    seen = set()
    deadline = time.monotonic() + SECONDS
    with Flipper(tmp_path / "token", [signed.encode(), forged.encode()]) as shared:
        for _ in range(CALLS):
            try:
                seen.add(crypto.verify_jwt(shared.view, public)["sub"])
            except crypto.InvalidTokenError:
                pass
            if time.monotonic() > deadline:
                break
    assert seen <= {"device-1"}, f"verify_jwt returned claims nobody signed: {seen}"
    assert seen, "the signed token never verified: the race never let it through"


def test_a_key_changing_under_the_call_never_poisons_the_key_cache(rsa2048, other_key, tmp_path):
    mine, theirs = rsa2048.raw("spki.pem"), other_key.raw("spki.pem")
    assert len(mine) == len(theirs)
    message = b"header.payload"
    their_signature = crypto.generate_rsa_signature(message, other_key.text("p8.pem"))
    # Distinct texts of a third key (text before a PEM block is allowed), to push my key out
    # of the cache before each racing call, so that each call parses what it reads.
    third = crypto.generate_rsa_keypair()[1]
    evictions = ["evict %d\n" % i + third for i in range(EVICTIONS)]

    def poisoned() -> bool:
        """Does a fresh, immutable copy of my key accept their signature?"""
        return crypto.verify_rsa_signature(message, their_signature, bytes(mine))

    assert not poisoned()
    deadline = time.monotonic() + SECONDS
    with Flipper(tmp_path / "key", [mine, theirs]) as shared:
        for call in range(CALLS):
            for text in evictions:
                crypto.verify_rsa_signature(message, their_signature, text)
            try:
                crypto.verify_rsa_signature(message, their_signature, shared.view)
            except ValueError:
                pass
            if call % 100 == 0 and (poisoned() or time.monotonic() > deadline):
                break
    assert not poisoned(), "the key cache maps my key's text to their key"
