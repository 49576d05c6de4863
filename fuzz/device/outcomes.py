# What the `crypto` module does with each input of a batch: the part of the differential
# fuzzer (differential.py) that runs inside both interpreters, CPython with our extension
# and the unix MicroPython under AddressSanitizer. Same Python subset as tests/device/.
#
# Reads BATCH (a file of lines "key HEX" or "ct HEX"); keys.py comes in front. For a key,
# prints the outcome of signing with it and of encrypting with it; for a ciphertext, of
# decrypting it with keys.py's P8. An outcome is "ok" and the result (for encryption, whose
# padding is random, only its length), or the exception's type and message.

import binascii

import crypto

def outcome(fn, *args):
    try:
        out = fn(*args)
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)
    return "ok " + (binascii.hexlify(out).decode() or "-")


def run(path):
    with open(path) as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines):
        if not line:
            continue
        kind, data = line.split(" ")
        data = binascii.unhexlify(data)
        if kind == "key":
            print("%d sign %s" % (n, outcome(crypto.generate_rsa_signature, b"fuzz", data)))
            got = outcome(crypto.rsa_encrypt, b"fuzz", data)
            print("%d encrypt %s" % (n, got if not got.startswith("ok ") else "ok %d" % (len(got) // 2 - 1)))
        else:
            print("%d decrypt %s" % (n, outcome(crypto.rsa_decrypt, data, P8)))
    print("batch done")


run(BATCH)
