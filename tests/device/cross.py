# Cross-implementation cases: the same inputs on every face, every output printed.
#
# Inputs come from a small xorshift generator with a fixed seed, so CPython and MicroPython
# make exactly the same keys, IVs, counters, lengths and splits without shipping them.
# run.py runs this file (after keys.py) on CPython and on MicroPython and compares the
# `aes`, `sig` and `msg` (exception type and message of bad AES arguments) lines byte for byte; `enc` lines (random padding) it decrypts with the
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


def error_messages():
    """The exception for each kind of bad AES argument, type and message, for exact
    comparison (the keys' are key_corpus.py's)."""
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
