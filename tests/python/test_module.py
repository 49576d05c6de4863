"""The module itself: one object under two names, its public names, getrandbits, and that
no input lets a Rust panic out."""

import importlib

import pytest

import crypto
import ucrypto


def test_one_module_under_two_names():
    assert crypto is ucrypto
    assert importlib.import_module("crypto") is importlib.import_module("ucrypto")
    assert crypto.AES is ucrypto.AES
    device = {"AES", "generate_rsa_signature", "getrandbits", "rsa_decrypt", "rsa_encrypt"}
    extensions = {"generate_rsa_keypair", "verify_rsa_signature", "generate_jwt", "verify_jwt",
                  "InvalidTokenError"}
    assert set(ucrypto.__all__) == device | extensions
    for name in ucrypto.__all__:
        assert getattr(crypto, name) is getattr(ucrypto, name)


@pytest.mark.parametrize("bits, length", [(0, 0), (1, 4), (31, 4), (32, 4), (33, 8), (128, 16), (1000, 128)])
def test_getrandbits_rounds_up_to_32(bits, length):
    out = crypto.getrandbits(bits)
    assert type(out) is bytes and len(out) == length


def test_getrandbits_is_random_and_rejects_bad_input():
    draws = {crypto.getrandbits(128) for _ in range(100)}
    assert len(draws) == 100
    with pytest.raises(ValueError, match="must not be negative"):
        crypto.getrandbits(-1)
    with pytest.raises(TypeError):
        crypto.getrandbits("128")
    with pytest.raises(TypeError):
        crypto.getrandbits(1.5)
    with pytest.raises(OverflowError):
        crypto.getrandbits(1 << 70)


def test_bit_balance_of_getrandbits():
    data = crypto.getrandbits(8 * 100_000)
    ones = sum(bin(b).count("1") for b in data)
    assert abs(ones - 400_000) < 5_000  # > 10 sigma from a fair coin would fail


def test_no_panic_escapes_for_odd_inputs(rsa2048):
    odd = [b"", b"\x00", "\udcff", b"-----BEGIN PRIVATE KEY-----\n", b"-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n",
           bytes(range(256)) * 40, "-----BEGIN RSA PUBLIC KEY-----\nMA==\n-----END RSA PUBLIC KEY-----\n"]
    for value in odd:
        for call in (lambda v: crypto.generate_rsa_signature(v, v), lambda v: crypto.rsa_encrypt(v, v),
                     lambda v: crypto.rsa_decrypt(v, v), lambda v: crypto.AES(v)):
            try:
                call(value)
            except (ValueError, TypeError, RuntimeError, UnicodeEncodeError):
                pass
            except BaseException as e:  # pyo3_runtime.PanicException derives from BaseException
                pytest.fail(f"{type(e).__name__} escaped for {value!r:.40}: {e}")
