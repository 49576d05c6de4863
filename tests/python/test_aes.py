"""crypto.AES: every row of SPEC.md's table, the device's known answers, streaming state,
input types, and agreement with PyCryptodome and pyca/cryptography."""

import array
import os
import random

import pytest
from Crypto.Cipher import AES as PyCryptodomeAES
from cryptography.hazmat.decrepit.ciphers.modes import CFB, CFB8
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

import crypto
from crypto import AES

KEY = b"pycomisthekey..."
IV = b"thisisthetestIV "
CTR0 = b"0123456789012345"


def test_constants_and_type_name():
    assert (AES.MODE_ECB, AES.MODE_CBC, AES.MODE_CFB, AES.MODE_CTR) == (1, 2, 3, 6)
    assert (AES.SEGMENT_8, AES.SEGMENT_128) == (8, 128)
    cipher = AES(KEY)
    assert type(cipher).__name__ == "AESCipher"
    assert isinstance(cipher, AES)
    assert KEY.hex() not in repr(cipher) and "pycom" not in repr(cipher)


@pytest.mark.parametrize(
    "mode, kwargs, data, expected",
    [
        (AES.MODE_ECB, {}, b"testing ecb 123.", b"\x9f03\xbc^\x7f\xef\xa5\xf1\xd6P\x1d\x07)\xe6R"),
        (AES.MODE_CBC, {"IV": IV}, b"testing cbc 123.", b"Jzv\x9c\x17\xfa\x9c\xbd\xbe/\xc943\x81t\x19"),
        (AES.MODE_CTR, {"counter": CTR0}, b"this is a ctr test",
         b"\xb8\x17\xef\xceau\x97\xb6\xe1\xcbJQ\xc1wW\xc0-z"),
    ],
)
def test_device_known_answers(mode, kwargs, data, expected):
    assert AES(KEY, mode, **kwargs).encrypt(data) == expected
    assert AES(KEY, mode, **kwargs).decrypt(expected) == data


def test_positional_and_keyword_arguments():
    by_position = AES(KEY, AES.MODE_CFB, IV, None, 128).encrypt(b"abc")
    by_keyword = AES(key=KEY, mode=AES.MODE_CFB, IV=IV, counter=None, segment_size=AES.SEGMENT_128).encrypt(b"abc")
    assert by_position == by_keyword
    assert AES(KEY, AES.MODE_CTR, None, CTR0).encrypt(b"x") == AES(KEY, AES.MODE_CTR, counter=CTR0).encrypt(b"x")


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((b"short",), {}, r"^AES key must be either 16, 24, or 32 bytes long$"),
        ((b"k" * 33, 99), {}, r"^AES key must be either 16, 24, or 32 bytes long$"),
        ((KEY, -1), {}, r"^Unknown cipher feedback mode -1$"),
        ((KEY, 4), {"IV": b"bad"}, r"^Unknown cipher feedback mode 4$"),
        ((KEY, AES.MODE_CBC, b"short"), {}, r"^IV must be 16 bytes long$"),
        ((KEY, AES.MODE_CFB, b"x" * 17), {}, r"^IV must be 16 bytes long$"),
        ((KEY, AES.MODE_CBC), {}, r"^IV is required for MODE_CBC and MODE_CFB"),
        ((KEY, AES.MODE_CFB), {}, r"^IV is required"),
        ((KEY, AES.MODE_CTR), {"counter": b"short"}, r"^Initial counter value must be 16 bytes long$"),
        ((KEY, AES.MODE_CTR), {}, r"^counter is required for MODE_CTR"),
        ((KEY, AES.MODE_ECB), {"counter": CTR0}, r"^'counter' parameter only useful with CTR mode$"),
        ((KEY, AES.MODE_CBC, IV), {"counter": CTR0}, r"^'counter' parameter only useful with CTR mode$"),
        ((KEY, AES.MODE_CFB, IV), {"segment_size": 16}, r"^segment_size must be 8 or 128$"),
    ],
)
def test_constructor_errors_exact_messages(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        AES(*args, **kwargs)


def test_ignored_arguments():
    # An IV in ECB or CTR is not even checked; segment_size matters only for CFB.
    assert AES(KEY, AES.MODE_ECB, b"junk").encrypt(b"A" * 16) == AES(KEY).encrypt(b"A" * 16)
    assert AES(KEY, AES.MODE_CTR, b"junk", CTR0).encrypt(b"abc") == AES(KEY, AES.MODE_CTR, counter=CTR0).encrypt(b"abc")
    assert AES(KEY, AES.MODE_CBC, IV, segment_size=5).encrypt(b"A" * 16) == AES(KEY, AES.MODE_CBC, IV).encrypt(b"A" * 16)
    AES(KEY, AES.MODE_ECB, segment_size=12345)


@pytest.mark.parametrize("mode", [AES.MODE_ECB, AES.MODE_CBC])
def test_block_modes_reject_partial_blocks_and_keep_state(mode):
    kwargs = {"IV": IV} if mode == AES.MODE_CBC else {}
    data = bytes(range(64))
    whole = AES(KEY, mode, **kwargs).encrypt(data)
    cipher = AES(KEY, mode, **kwargs)
    first = cipher.encrypt(data[:16])
    for bad in (data[:15], data[:17], b"x"):
        with pytest.raises(ValueError, match=r"^Input strings must be a multiple of 16 in length$"):
            cipher.encrypt(bad)
        with pytest.raises(ValueError, match=r"^Input strings must be a multiple of 16 in length$"):
            cipher.decrypt(bad)
    assert first + cipher.encrypt(data[16:]) == whole
    assert AES(KEY, mode, **kwargs).encrypt(b"") == b""


def make(mode_name, key, iv):
    return {
        "ecb": lambda: AES(key, AES.MODE_ECB),
        "cbc": lambda: AES(key, AES.MODE_CBC, iv),
        "cfb8": lambda: AES(key, AES.MODE_CFB, iv),
        "cfb128": lambda: AES(key, AES.MODE_CFB, iv, segment_size=128),
        "ctr": lambda: AES(key, AES.MODE_CTR, counter=iv),
    }[mode_name]()


def pycryptodome(mode_name, key, iv):
    return {
        "ecb": lambda: PyCryptodomeAES.new(key, PyCryptodomeAES.MODE_ECB),
        "cbc": lambda: PyCryptodomeAES.new(key, PyCryptodomeAES.MODE_CBC, iv=iv),
        "cfb8": lambda: PyCryptodomeAES.new(key, PyCryptodomeAES.MODE_CFB, iv=iv, segment_size=8),
        "cfb128": lambda: PyCryptodomeAES.new(key, PyCryptodomeAES.MODE_CFB, iv=iv, segment_size=128),
        "ctr": lambda: PyCryptodomeAES.new(key, PyCryptodomeAES.MODE_CTR, nonce=b"", initial_value=iv),
    }[mode_name]()


def pyca(mode_name, key, iv):
    mode = {"ecb": lambda: modes.ECB(), "cbc": lambda: modes.CBC(iv), "cfb8": lambda: CFB8(iv),
            "cfb128": lambda: CFB(iv), "ctr": lambda: modes.CTR(iv)}[mode_name]()
    return Cipher(algorithms.AES(key), mode)


MODES = ["ecb", "cbc", "cfb8", "cfb128", "ctr"]


@pytest.mark.parametrize("mode_name", MODES)
@pytest.mark.parametrize("key_len", [16, 24, 32])
def test_agrees_with_pycryptodome_and_pyca(mode_name, key_len):
    rng = random.Random(key_len * 7 + len(mode_name))
    key, iv = rng.randbytes(key_len), rng.randbytes(16)
    unit = 16 if mode_name in ("ecb", "cbc") else 1
    data = rng.randbytes(unit * 301)
    expected = pycryptodome(mode_name, key, iv).encrypt(data)
    enc = pyca(mode_name, key, iv).encryptor()
    assert enc.update(data) + enc.finalize() == expected
    assert make(mode_name, key, iv).encrypt(data) == expected
    assert make(mode_name, key, iv).decrypt(expected) == data


@pytest.mark.parametrize("mode_name", MODES)
def test_any_split_gives_the_one_shot_result(mode_name):
    rng = random.Random(mode_name)
    key, iv = rng.randbytes(16), rng.randbytes(16)
    unit = 16 if mode_name in ("ecb", "cbc") else 1
    data = rng.randbytes(unit * 97)
    whole = make(mode_name, key, iv).encrypt(data)
    for cut in range(0, len(data) + 1, unit):
        c = make(mode_name, key, iv)
        assert c.encrypt(data[:cut]) + c.encrypt(data[cut:]) == whole, cut
    for _ in range(50):
        c, pos, out = make(mode_name, key, iv), 0, b""
        while pos < len(data):
            step = rng.randint(0, 5) * unit
            out += c.decrypt(whole[pos:pos + step])
            pos += step
        assert out == data


def test_ctr_counter_wraps_at_128_bits():
    start = b"\xff" * 16
    data = bytes(48)
    ours = AES(KEY, AES.MODE_CTR, counter=start).encrypt(data)
    ecb = PyCryptodomeAES.new(KEY, PyCryptodomeAES.MODE_ECB)
    counters = [((1 << 128) - 1 + i) % (1 << 128) for i in range(3)]  # all ones, then 0, then 1
    keystream = b"".join(ecb.encrypt(c.to_bytes(16, "big")) for c in counters)
    assert ours == keystream


@pytest.mark.parametrize(
    "convert",
    [bytes, bytearray, memoryview, lambda b: array.array("B", b), lambda b: b.decode("latin-1")],
    ids=["bytes", "bytearray", "memoryview", "array", "str"],
)
def test_every_buffer_type_and_str(convert):
    data = b"0123456789abcdef"  # ASCII, so str and bytes agree
    expected = AES(KEY, AES.MODE_CBC, IV).encrypt(data)
    got = AES(convert(KEY), AES.MODE_CBC, convert(IV)).encrypt(convert(data))
    assert type(got) is bytes and got == expected
    assert AES(KEY, AES.MODE_CTR, counter=convert(CTR0)).encrypt(convert(data)) == \
        AES(KEY, AES.MODE_CTR, counter=CTR0).encrypt(data)


def test_str_counts_as_utf8():
    text = "héllo wörld ✓"
    ct = AES(KEY, AES.MODE_CFB, IV).encrypt(text)
    assert AES(KEY, AES.MODE_CFB, IV).decrypt(ct) == text.encode()


@pytest.mark.parametrize("bad", [None, 5, 1.5, [1, 2], {"a": 1}])
def test_wrong_types_raise_type_error(bad):
    with pytest.raises(TypeError, match="object with buffer protocol required"):
        AES(bad)
    with pytest.raises(TypeError, match="buffer protocol"):
        AES(KEY).encrypt(bad)
    with pytest.raises(TypeError):
        AES(KEY, "1")


def test_large_input_releases_nothing_wrong():
    data = os.urandom(1 << 20)
    for mode_name in MODES:
        key, iv = os.urandom(32), os.urandom(16)
        assert make(mode_name, key, iv).encrypt(data) == pycryptodome(mode_name, key, iv).encrypt(data)
