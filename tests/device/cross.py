# Cross-implementation cases: the same inputs on every face, every output printed.
#
# Inputs come from a small xorshift generator with a fixed seed, so CPython and MicroPython
# make exactly the same keys, IVs, counters, lengths and splits without shipping them.
# run.py runs this file (after keys.py) on CPython and on MicroPython and compares the
# `aes`, `sig` and `msg` (exception type and message) lines byte for byte; `enc` lines (random padding) it decrypts with the
# CPython module and with openssl; FOREIGN, when run.py defines it, holds ciphertexts made
# by CPython and openssl for the `dec` lines.

import binascii

import crypto

AES = crypto.AES


def hexed(data):
    """Hex, with "-" for no bytes so that every line splits into the same fields."""
    return binascii.hexlify(data).decode() or "-"


MODES = ((AES.MODE_ECB, 8), (AES.MODE_CBC, 8), (AES.MODE_CFB, 8), (AES.MODE_CFB, 128), (AES.MODE_CTR, 8))


def cipher(key, mode, segment, start):
    if mode == AES.MODE_CTR:
        return AES(key, mode, counter=start)
    if mode == AES.MODE_ECB:
        return AES(key, mode)
    return AES(key, mode, start, segment_size=segment)


def chunks(data, cuts):
    out, at = [], 0
    for cut in cuts + [len(data)]:
        out.append(data[at:cut])
        at = cut
    return out


def aes_cases(rand, count):
    for i in range(count):
        key = rand.bytes((16, 24, 32)[rand.below(3)])
        mode, segment = MODES[rand.below(len(MODES))]
        start = rand.bytes(16)
        if mode == AES.MODE_CTR and rand.below(3) == 0:
            start = b"\xff" * 14 + start[:2]  # near the 128-bit wrap
        unit = 16 if mode in (AES.MODE_ECB, AES.MODE_CBC) else 1
        length = unit * rand.below(9) if unit == 16 else rand.below(120)
        data = rand.bytes(length)
        cuts = sorted((rand.below(length // unit + 1) * unit) for _ in range(rand.below(4)))
        enc = cipher(key, mode, segment, start)
        out = b"".join(enc.encrypt(part) for part in chunks(data, cuts))
        dec = cipher(key, mode, segment, start)
        back = b"".join(dec.decrypt(part) for part in chunks(out, cuts))
        assert back == data, i
        print("aes %d %d %d %d %s" % (i, len(key), mode, segment, hexed(out)))


def rsa_cases(rand, count):
    for i in range(count):
        message = rand.bytes(rand.below(300))
        print("sig %d %s" % (i, hexed(crypto.generate_rsa_signature(message, P8))))
    for i in range(count):
        message = rand.bytes(rand.below(246))
        public = (SPKI, P1PUB)[i % 2]
        print("enc %s %s" % (hexed(message), hexed(crypto.rsa_encrypt(message, public))))
    foreign = globals().get("FOREIGN", ())
    for i in range(len(foreign)):
        print("dec %d %s" % (i, hexed(crypto.rsa_decrypt(binascii.unhexlify(foreign[i]), P8))))


def der_of(pem):
    return binascii.a2b_base64("".join(line for line in pem.splitlines() if not line.startswith("-----")))


def error_messages():
    """The exception for each kind of bad input, type and message, for exact comparison."""
    sign, encrypt = crypto.generate_rsa_signature, crypto.rsa_encrypt
    calls = (
        ("sign-small", sign, SMALL), ("sign-ec", sign, EC), ("sign-enc", sign, ENC), ("sign-des3", sign, DES3),
        ("sign-spki", sign, SPKI), ("sign-p1pub", sign, P1PUB), ("sign-path", sign, "cert/key.pem"),
        ("sign-cert", sign, P8.replace("PRIVATE KEY", "CERTIFICATE")), ("sign-cut", sign, P8[:600]),
        ("sign-no-end", sign, P8[:-30]), ("sign-der-cut", sign, der_of(P8)[:500]),
        ("sign-der-enc", sign, der_of(ENC)), ("sign-der-ec", sign, der_of(EC)), ("sign-der-spki", sign, der_of(SPKI)),
        ("sign-der-p1pub", sign, der_of(P1PUB)), ("sign-empty", sign, ""),
        ("sign-junk-der", sign, b"\x30\x82\x01\x00" + bytes(40)),
        ("sign-bad-base64", sign, "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n"),
        ("sign-long-label", sign, "-----BEGIN " + "X" * 60 + "-----\nAAAA\n-----END " + "X" * 60 + "-----\n"),
        ("sign-ec-label", sign, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"),
        ("encrypt-p8", encrypt, P8), ("encrypt-p1", encrypt, P1), ("encrypt-ec", encrypt, EC),
        ("encrypt-enc", encrypt, ENC), ("encrypt-des3", encrypt, DES3), ("encrypt-small", encrypt, SMALL),
        ("encrypt-der-p8", encrypt, der_of(P8)), ("encrypt-junk", encrypt, "junk"),
        ("encrypt-cut", encrypt, SPKI[:200]), ("encrypt-9216", encrypt, K9216_PUB),
    )
    for name, fn, key in calls:
        try:
            fn("m", key)
            print("msg %s|ok" % name)
        except Exception as e:
            print("msg %s|%s|%s" % (name, type(e).__name__, e))
    # Numbers beyond 32 bits are big integers on the board but not for CPython.
    key, iv = b"k" * 16, b"i" * 16
    for name, args in (("aes-mode", (key, 99999999999)), ("aes-mode-2**62", (key, 2 ** 62)),
                       ("aes-mode-false", (key, False)), ("aes-iv-type", (key, 2, [1])), ("aes-key-type", (7,)),
                       ("aes-cfb-segment-2**40", (key, 3, iv, None, 2 ** 40)),
                       ("aes-ecb-segment-2**40", (key, 1, None, None, 2 ** 40))):
        try:
            AES(*args)
            print("msg %s|ok" % name)
        except Exception as e:
            print("msg %s|%s|%s" % (name, type(e).__name__, e))


rand = Xorshift(2463534242)
error_messages()
aes_cases(rand, 300)
rsa_cases(rand, 8)
print("cross done")
