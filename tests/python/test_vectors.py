"""NIST FIPS 186-2 SigGen15 (RSASSA-PKCS1-v1_5) SHA-256 signature generation through the
Python module, byte for byte. The file gives n, e and d; the primes are recovered with
pyca/cryptography to build a complete key. Source: NIST CAVP "RSA SigGen15", via the PyPI
package cryptography-vectors 50.0.2 (asymmetric/RSA/FIPS_186-2/SigGen15_186-2.txt)."""

from functools import lru_cache
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import crypto

VECTORS = Path(__file__).parents[2] / "crates/ucrypto/tests/vectors/fips186/SigGen15_186-2.txt"


def records():
    n = e = d = sha = msg = None
    for line in VECTORS.read_text().splitlines():
        if " = " not in line:
            continue
        name, value = (part.strip() for part in line.split(" = ", 1))
        if name == "n":
            n = int(value, 16)
        elif name == "e":
            e = int(value, 16)
        elif name == "d":
            d = int(value, 16)
        elif name == "SHAAlg":
            sha = value
        elif name == "Msg":
            msg = bytes.fromhex(value)
        elif name == "S" and sha == "SHA256":
            yield n, e, d, msg, bytes.fromhex(value)


@lru_cache(maxsize=None)
def pem_for(n: int, e: int, d: int) -> str:
    p, q = rsa.rsa_recover_prime_factors(n, e, d)
    numbers = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q),
                                    rsa.RSAPublicNumbers(e, n))
    key = numbers.private_key()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def test_siggen15_sha256():
    generated = refused = 0
    for n, e, d, msg, expected in records():
        pem = pem_for(n, e, d)
        if n.bit_length() < 2048:
            with pytest.raises(ValueError, match=r"^Invalid Private Key: the key is \d+ bits, shorter than"):
                crypto.generate_rsa_signature(msg, pem)
            refused += 1
            continue
        assert crypto.generate_rsa_signature(msg, pem) == expected
        generated += 1
    assert (generated, refused) == (30, 20)
