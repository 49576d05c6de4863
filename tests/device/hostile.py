# Hostile input inside MicroPython: every call either works or raises the device's
# exception; nothing crashes, hangs or reads out of bounds (run.py runs this file on the
# unix port, on the same port built with AddressSanitizer and UBSan, and on the Cortex-M3
# board, and fails on any sanitizer report). Same Python subset as suite.py; keys.py (and,
# off the board, keys_large.py), harness.py and rand.py come in front of it.

import binascii
import gc
import sys

import crypto

AES = crypto.AES
# The boards: the Cortex-M3 under QEMU and the Raspberry Pi Pico (rp2040js); small heaps.
BOARD = sys.platform in ("qemu", "rp2")
KEY = b"pycomisthekey..."
IV = b"thisisthetestIV "


def outcome(fn, *args, **kwargs):
    """The exception type's name, or "ok"."""
    try:
        fn(*args, **kwargs)
        return "ok"
    except Exception as e:
        return type(e).__name__


def expect_value_error(fn, *args):
    try:
        fn(*args)
    except ValueError as e:
        return str(e)
    raise AssertionError("no ValueError")


def only(allowed, fn, *args, **kwargs):
    got = outcome(fn, *args, **kwargs)
    assert got in allowed, "%s not in %s" % (got, allowed)
    return got


WEIRD = (None, 1, -1, 1.5, True, [1], {}, (), object(), 2 ** 70)


@test
def wrong_types_everywhere():
    for value in WEIRD:
        only(("TypeError", "ValueError", "OverflowError"), AES, value)
        only(("TypeError", "ValueError", "OverflowError", "ok"), AES, KEY, value)
        only(("TypeError", "ValueError", "OverflowError", "ok"), AES, KEY, AES.MODE_CBC, IV, value)
        if value is not None:
            only(("TypeError",), AES, KEY, AES.MODE_CBC, value)
            only(("TypeError",), AES(KEY).encrypt, value)
            only(("TypeError",), crypto.generate_rsa_signature, value, P8)
            only(("TypeError",), crypto.generate_rsa_signature, "m", value)
            only(("TypeError",), crypto.rsa_encrypt, value, SPKI)
            only(("TypeError",), crypto.rsa_decrypt, value, P8)
        only(("TypeError", "ValueError", "OverflowError", "MemoryError", "ok"), crypto.getrandbits, value)
    only(("TypeError",), crypto.generate_rsa_signature, "m", P8, pers=[1])
    want = crypto.generate_rsa_signature("m", P8)
    for pers in ("", "p" * 128, "p" * 129, b"\x00" * 5000, bytearray(300)):
        assert crypto.generate_rsa_signature("m", P8, pers=pers) == want
    only(("TypeError",), crypto.rsa_encrypt, b"m", SPKI, nonsense=1)
    only(("TypeError",), AES, KEY, AES.MODE_ECB, None, None, 8, 9)


@test
def wrong_lengths_and_numbers():
    for n in range(0, 70):
        if n not in (16, 24, 32):
            only(("ValueError",), AES, bytes(n))
        if n != 16:
            only(("ValueError",), AES, KEY, AES.MODE_CBC, bytes(n))
            only(("ValueError",), AES, KEY, AES.MODE_CTR, None, bytes(n))
    for mode in (-2 ** 30, -1, 0, 4, 5, 7, 2 ** 30):
        only(("ValueError",), AES, KEY, mode, IV)
    for segment in (-8, 0, 1, 7, 9, 64, 127, 129, 2 ** 30):
        only(("ValueError",), AES, KEY, AES.MODE_CFB, IV, None, segment)
    for big in (2 ** 40, 2 ** 62, 2 ** 100):
        only(("MemoryError", "OverflowError"), crypto.getrandbits, big)
    assert len(crypto.getrandbits(8192)) == 1024


def der_of(pem):
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    return binascii.a2b_base64(body)


def private_refused_or_works(key):
    got = only(("ValueError", "ok"), crypto.generate_rsa_signature, "m", key)
    only(("ValueError", "ok", "RuntimeError"), crypto.rsa_decrypt, b"\x00" * 256, key)
    return got


@test
def garbage_and_damaged_private_keys():
    rand = Xorshift(88172645)
    for n in (0, 1, 2, 15, 16, 100, 300, 1217, 2000, 5000):
        key = rand.bytes(n)
        assert outcome(crypto.generate_rsa_signature, "m", key) == "ValueError", n
        assert outcome(crypto.rsa_encrypt, "m", key) == "ValueError", n
    for cut in range(0, len(P8), 37):
        assert private_refused_or_works(P8[:cut]) == "ValueError", cut
    der = der_of(P8)
    assert crypto.generate_rsa_signature("m", der) == crypto.generate_rsa_signature("m", P8)
    for cut in range(0, len(der), 29):
        assert private_refused_or_works(der[:cut]) == "ValueError", cut
    for at in range(40, len(P8) - 40, 53):
        flipped = P8[:at] + ("A" if P8[at] != "A" else "B") + P8[at + 1:]
        private_refused_or_works(flipped)
    for at in range(0, len(der), 41):
        damaged = bytearray(der)
        damaged[at] ^= 0x55
        private_refused_or_works(bytes(damaged))
    odd = (
        "-----BEGIN ", "-----BEGIN -----", "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\n" + "A" * 5000 + "\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
        "-----BEGIN " + "X" * 3000 + "-----\nAAAA\n-----END " + "X" * 3000 + "-----\n",
        b"-----BEGIN \xff\xfe-----\nAAAA\n-----END \xff\xfe-----\n",
        P8.replace("\n", "\n\x00"),
        P8[:30] + "\x00" + P8[30:], "-----BEGIN PRIVATE KEY-----" * 200,
    )
    for key in odd:
        assert outcome(crypto.generate_rsa_signature, "m", key) == "ValueError", key[:40]
        assert outcome(crypto.rsa_encrypt, "m", key) == "ValueError", key[:40]


@test
def keys_of_the_wrong_kind():
    for key in (SPKI, P1PUB, EC, ENC, DES3, SMALL, der_of(SPKI)):
        assert outcome(crypto.generate_rsa_signature, "m", key) == "ValueError"
        assert outcome(crypto.rsa_decrypt, b"\x00" * 256, key) == "ValueError"
    for key in (P8, P1, EC, ENC, DES3, SMALL, der_of(P8)):
        assert outcome(crypto.rsa_encrypt, "m", key) == "ValueError"


@test
def keys_that_should_still_work():
    want = crypto.generate_rsa_signature("m", P8)
    for key in (P8.replace("\n", "\r\n"), "Bag Attributes\n" + P8 + "trailing text\n", SPKI + P8, P8 + "\x00",
                P8.encode() + b"\x00", "-----END PRIVATE KEY-----\n" + P8, "\x00" + P8):
        assert crypto.generate_rsa_signature("m", key) == want


@test
def bad_ciphertexts():
    good = crypto.rsa_encrypt(b"x", SPKI)
    for ct in (b"", b"\x00", bytes(255), bytes(257), bytes(512), b"\xff" * 256, good + b"\x00", good[1:],
               bytearray(100000 if not BOARD else 4000)):
        message = "" if len(ct) > 300 else ct
        got = outcome(crypto.rsa_decrypt, ct, P8)
        assert got == "RuntimeError", (len(message), got)


@test
def huge_messages():
    size = 16384 if BOARD else 1 << 18
    big = bytes(size)
    assert outcome(crypto.rsa_encrypt, big, SPKI) == "RuntimeError"
    assert len(crypto.generate_rsa_signature(big, P8)) == 256
    for mode, kwargs in ((AES.MODE_CBC, {"IV": IV}), (AES.MODE_CFB, {"IV": IV}), (AES.MODE_CTR, {"counter": IV})):
        assert len(AES(KEY, mode, **kwargs).encrypt(big)) == size
    big = None
    gc.collect()


@test
def large_keys():
    if BOARD:
        return
    for private, public, length in ((K4096, K4096_PUB, 512), (K8192, K8192_PUB, 1024)):
        assert len(crypto.generate_rsa_signature("m", private)) == length
        ct = crypto.rsa_encrypt(b"big key", public)
        assert len(ct) == length and crypto.rsa_decrypt(ct, private) == b"big key"
        for bad in (b"", ct[:-1], ct + b"\x00", bytes(length)):
            assert outcome(crypto.rsa_decrypt, bad, private) == "RuntimeError"
        assert outcome(crypto.rsa_encrypt, bytes(length - 10), public) == "RuntimeError"
    for call in (crypto.generate_rsa_signature, crypto.rsa_decrypt):
        message = expect_value_error(call, b"m", K9216)
        assert message.startswith("Invalid Private Key: the key is 9216 bits, longer than"), message


def under_pressure(fn, check, unit):
    """Fills the heap with `unit`-byte blocks, then frees them one at a time and calls fn
    after each, until it works (and check passes): every call before that must raise
    MemoryError, never another error. Returns how many calls ran out. The loop itself
    allocates nothing, so that its own bookkeeping cannot run out."""
    hog = []
    try:
        while True:
            hog.append(bytearray(unit))
    except MemoryError:
        pass
    ran_out = 0
    while True:
        try:
            check(fn())
            break
        except MemoryError:
            ran_out += 1
        assert hog, "never worked, even with the heap free"
        hog.pop()
        gc.collect()
    hog = None
    gc.collect()
    return ran_out


@test
def exhausting_the_heap_gives_memory_error_and_then_everything_works():
    sig = crypto.generate_rsa_signature("m", P8)
    ct = crypto.rsa_encrypt(b"pressure", SPKI)
    der = der_of(P1)
    # On the board, step by step through every amount of free memory an RSA call can meet:
    # a good key read while memory runs out is a MemoryError there, never a bad key.
    unit = 64 if BOARD else 4096
    cases = (
        ("sign PEM", lambda: crypto.generate_rsa_signature("m", P8), lambda got: got == sig or 1 / 0),
        ("sign DER", lambda: crypto.generate_rsa_signature("m", der), lambda got: got == sig or 1 / 0),
        ("sign pers", lambda: crypto.generate_rsa_signature("m", P8, pers="p" * 200), lambda got: got == sig or 1 / 0),
        ("decrypt", lambda: crypto.rsa_decrypt(ct, P8), lambda got: got == b"pressure" or 1 / 0),
        ("encrypt", lambda: crypto.rsa_encrypt(b"pressure", P1PUB), lambda got: len(got) == 256 or 1 / 0),
        ("getrandbits", lambda: crypto.getrandbits(4096), lambda got: len(got) == 512 or 1 / 0),
        ("AES", lambda: AES(KEY, AES.MODE_CBC, IV).encrypt(bytes(4096)), lambda got: len(got) == 4096 or 1 / 0),
    )
    for name, fn, check in cases:
        ran_out = under_pressure(fn, check, unit)
        if BOARD:
            assert ran_out, name
    # a stream that failed for lack of memory is where it was
    stream = AES(KEY, AES.MODE_CTR, counter=IV)
    stream.encrypt(b"abc")
    data = bytes(3000)
    hog = []
    try:
        while True:
            hog.append(bytearray(256))
    except MemoryError:
        pass
    # Called directly: a call through outcome(*args) would itself allocate.
    failed = False
    try:
        stream.encrypt(data)
    except MemoryError:
        failed = True
    hog = None
    gc.collect()
    fresh = AES(KEY, AES.MODE_CTR, counter=IV)
    fresh.encrypt(b"abc")
    if failed:
        assert stream.encrypt(b"tail") == fresh.encrypt(b"tail")
    assert crypto.generate_rsa_signature("m", P8) == sig
    assert crypto.rsa_decrypt(ct, P8) == b"pressure"


run_tests("hostile suite")
