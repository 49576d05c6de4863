"""Hostile input through every public function and constructor argument: each call gives the
right answer or the documented exception with a message saying what to do. None crashes the
interpreter, hangs, or lets a Rust panic (pyo3_runtime.PanicException, a BaseException) out."""

import array

import pytest

import crypto

KEY16 = b"k" * 16
IV = b"i" * 16
WRONG_TYPES = [None, 0, -1, 1.5, [1, 2], {"a": 1}, object()]
DOCUMENTED = (ValueError, TypeError, RuntimeError, OverflowError, MemoryError)


def call(fn, *args, **kwargs):
    """Run a call, turning any escape of a non-documented exception into a test failure."""
    try:
        return fn(*args, **kwargs)
    except DOCUMENTED as e:
        assert str(e), f"{type(e).__name__} without a message"
        return e
    except BaseException as e:  # noqa: BLE001 - a PanicException is a BaseException
        pytest.fail(f"{type(e).__module__}.{type(e).__name__} escaped: {e}")


@pytest.fixture(scope="module")
def pems(rsa2048, bad_keys):
    p8 = rsa2048.text("p8.pem")
    spki = rsa2048.text("spki.pem")
    body = p8.splitlines()
    return {
        "private": p8,
        "public": spki,
        "truncated": p8[: len(p8) // 2],
        "wrong header": p8.replace("BEGIN PRIVATE KEY", "BEGIN PRIVAT KEY"),
        "mismatched footer": p8.replace("END PRIVATE KEY", "END PUBLIC KEY"),
        "bad base64": "\n".join(body[:3] + ["!!!!" + body[3][4:]] + body[4:]),
        "crlf": p8.replace("\n", "\r\n"),
        "no newline": p8.replace("\n", ""),
        "ec": bad_keys["ec"],
        "encrypted": bad_keys["enc"],
        "legacy encrypted": bad_keys["des3"],
        "1024-bit": bad_keys["small"],
        "empty": "",
        "nul bytes": "\0" * 100,
        "huge": "A" * (4 << 20),
        "only header": "-----BEGIN PRIVATE KEY-----\n",
    }


@pytest.mark.parametrize("bad", WRONG_TYPES, ids=repr)
def test_wrong_types_everywhere(bad, rsa2048):
    pem, pub = rsa2048.text("p8.pem"), rsa2048.text("spki.pem")
    calls = [
        (crypto.AES, (bad,), {}),
        (crypto.AES, (KEY16, bad), {}),
        (crypto.AES, (KEY16, crypto.AES.MODE_CBC, bad), {}),
        (crypto.AES, (KEY16, crypto.AES.MODE_CTR), {"counter": bad}),
        (crypto.AES, (KEY16, crypto.AES.MODE_CFB, IV), {"segment_size": bad}),
        (crypto.AES(KEY16).encrypt, (bad,), {}),
        (crypto.AES(KEY16).decrypt, (bad,), {}),
        (crypto.getrandbits, (bad,), {}),
        (crypto.generate_rsa_signature, (bad, pem), {}),
        (crypto.generate_rsa_signature, (b"m", bad), {}),
        (crypto.generate_rsa_signature, (b"m", pem), {"pers": bad}),
        (crypto.rsa_encrypt, (bad, pub), {}),
        (crypto.rsa_encrypt, (b"m", bad), {}),
        (crypto.rsa_decrypt, (bad, pem), {}),
        (crypto.rsa_decrypt, (b"\0" * 256, bad), {}),
        (crypto.verify_rsa_signature, (bad, b"s", pub), {}),
        (crypto.verify_rsa_signature, (b"m", bad, pub), {}),
        (crypto.verify_rsa_signature, (b"m", b"s", bad), {}),
        (crypto.generate_rsa_keypair, (bad,), {}),
        (crypto.generate_rsa_signature, (b"m", pem), {"password": bad}),
        (crypto.rsa_decrypt, (b"\0" * 256, pem), {"password": bad}),
        (crypto.rsa_encrypt, (b"m", pub), {"padding": bad}),
        (crypto.rsa_decrypt, (b"\0" * 256, pem), {"padding": bad}),
    ]
    for fn, args, kwargs in calls:
        result = call(fn, *args, **kwargs)
        if bad == 0 and fn is crypto.getrandbits:
            assert result == b""  # zero bits is a valid request
        elif bad is None and fn is crypto.generate_rsa_signature and ("pers" in kwargs or "password" in kwargs):
            assert isinstance(result, bytes)  # None means "not given"
        else:
            assert isinstance(result, BaseException), f"{fn.__name__}{args!r:.60} {kwargs} accepted {bad!r}"


def test_type_error_messages_say_what_is_accepted():
    with pytest.raises(TypeError, match=r"object with buffer protocol required: key must be bytes, bytearray, "
                                        r"memoryview or str, not NoneType"):
        crypto.AES(None)
    with pytest.raises(TypeError, match=r"data must be bytes, bytearray, memoryview or str, not list"):
        crypto.AES(KEY16).encrypt([1, 2])


@pytest.mark.parametrize("name", ["truncated", "wrong header", "mismatched footer", "bad base64", "no newline", "ec",
                                  "encrypted", "legacy encrypted", "1024-bit", "empty", "nul bytes", "huge",
                                  "only header", "public"])
def test_malformed_private_keys(pems, name):
    for fn, args in ((crypto.generate_rsa_signature, ("m", pems[name])),
                     (crypto.rsa_decrypt, (b"\0" * 256, pems[name]))):
        result = call(fn, *args)
        assert isinstance(result, ValueError), f"{name}: {result!r:.80}"
        assert str(result).startswith("Invalid Private Key: "), str(result)
        assert len(str(result)) < 500


@pytest.mark.parametrize("name", ["truncated", "wrong header", "bad base64", "ec", "empty", "private", "huge"])
def test_malformed_public_keys(pems, name):
    for fn, args in ((crypto.rsa_encrypt, (b"m", pems[name])), (crypto.verify_rsa_signature, (b"m", b"s", pems[name]))):
        result = call(fn, *args)
        assert isinstance(result, ValueError) and str(result).startswith("Invalid public key: "), repr(result)


def test_crlf_pem_is_fine(pems):
    assert crypto.generate_rsa_signature("m", pems["crlf"]) == crypto.generate_rsa_signature("m", pems["private"])


def test_ciphertexts_of_every_bad_shape(rsa2048, pems):
    from cryptography.hazmat.primitives import serialization

    n = serialization.load_pem_public_key(pems["public"].encode()).public_numbers().n
    bad = [b"", b"\0", b"\0" * 255, b"\0" * 256, b"\0" * 257, b"\xff" * 256, n.to_bytes(256, "big"),
           (n + 1).to_bytes(256, "big"), b"\0" * (1 << 20)]
    for ct in bad:
        for padding in ("pkcs1v15", "oaep"):
            result = call(crypto.rsa_decrypt, ct, pems["private"], padding=padding)
            assert isinstance(result, RuntimeError) and str(result) == "Decrypt failed"


def test_huge_and_negative_numbers():
    assert isinstance(call(crypto.getrandbits, -(1 << 40)), ValueError)
    assert isinstance(call(crypto.getrandbits, 1 << 80), OverflowError)
    result = call(crypto.getrandbits, 1 << 62)  # 2^59 bytes: Python cannot allocate it
    assert isinstance(result, (MemoryError, OverflowError))
    assert isinstance(call(crypto.AES, KEY16, 1 << 80), OverflowError)
    assert isinstance(call(crypto.AES, KEY16, crypto.AES.MODE_CFB, IV, segment_size=-8), ValueError)
    assert isinstance(call(crypto.generate_rsa_keypair, 1 << 80), OverflowError)
    assert isinstance(call(crypto.generate_rsa_keypair, -2048), ValueError)


def test_empty_and_huge_values(rsa2048):
    assert isinstance(call(crypto.AES, b""), ValueError)
    assert isinstance(call(crypto.AES, b"k" * (1 << 20)), ValueError)
    assert isinstance(call(crypto.AES, KEY16, crypto.AES.MODE_CBC, b""), ValueError)
    for mode, kw in ((crypto.AES.MODE_ECB, {}), (crypto.AES.MODE_CBC, {"IV": IV}), (crypto.AES.MODE_CTR, {"counter": IV})):
        assert crypto.AES(KEY16, mode, **kw).encrypt(b"") == b""
    sig = crypto.generate_rsa_signature(b"x" * (16 << 20), rsa2048.text("p8.pem"))  # 16 MiB message
    assert crypto.verify_rsa_signature(b"x" * (16 << 20), sig, rsa2048.text("spki.pem"))
    assert isinstance(call(crypto.rsa_encrypt, b"x" * (1 << 20), rsa2048.text("spki.pem")), RuntimeError)


@pytest.mark.parametrize("mode, kwargs", [
    (crypto.AES.MODE_ECB, {}), (crypto.AES.MODE_CBC, {"IV": IV}), (crypto.AES.MODE_CFB, {"IV": IV}),
    (crypto.AES.MODE_CFB, {"IV": IV, "segment_size": 128}), (crypto.AES.MODE_CTR, {"counter": IV}),
], ids=["ecb", "cbc", "cfb8", "cfb128", "ctr"])
def test_64_mib_in_every_mode(mode, kwargs):
    from Crypto.Cipher import AES as Reference

    data = bytes(range(256)) * (1 << 18)  # 64 MiB
    ours = crypto.AES(KEY16, mode, **kwargs).encrypt(memoryview(data))
    ref_kwargs = {crypto.AES.MODE_ECB: {}, crypto.AES.MODE_CBC: {"iv": IV},
                  crypto.AES.MODE_CTR: {"nonce": b"", "initial_value": IV}}.get(mode)
    if ref_kwargs is None:
        ref = Reference.new(KEY16, Reference.MODE_CFB, iv=IV, segment_size=kwargs.get("segment_size", 8))
    else:
        ref = Reference.new(KEY16, {1: Reference.MODE_ECB, 2: Reference.MODE_CBC, 6: Reference.MODE_CTR}[mode],
                            **ref_kwargs)
    assert ours == ref.encrypt(data)
    assert crypto.AES(KEY16, mode, **kwargs).decrypt(bytearray(ours)) == data


def test_keys_and_secrets_never_in_messages_or_repr(rsa2048):
    secret_key = b"S3CR3T-AES-KEY!!"
    assert "S3CR3T" not in repr(crypto.AES(secret_key))
    result = call(crypto.AES, secret_key + b"x")
    assert "S3CR3T" not in str(result)
    pem = rsa2048.text("p8.pem")
    line = pem.splitlines()[7]
    for mangled in (pem[:-40], pem.replace(line, line[::-1])):
        result = call(crypto.generate_rsa_signature, "m", mangled)
        assert line[:12] not in str(result) and line[-12:] not in str(result)
