"""Runs inside the installed wheel's interpreter, natively or under `qemu-x86_64 -cpu MODEL`,
and prints one JSON line: the CPU class the module detected, its engine table, and a SHA-256
over every output it produced, for `cpu_classes.py` to compare across CPU models.

Every AES mode, key size and direction, at lengths below and above the point where the
bulk engine takes over and long enough for the widest kernels' full batches, one-shot and
streamed in uneven splits (so chaining state crosses calls); the device's known answers;
CTR across the 2^128 wrap; RS256 signatures, verification, PKCS#1 v1.5 both ways and a JWT.

    python cpu_class_probe.py PRIVATE_KEY_PEM PUBLIC_KEY_PEM
"""

import hashlib
import json
import sys

import ucrypto
from ucrypto._ucrypto import _engines

AES = ucrypto.AES
# Short inputs stay on RustCrypto; the long ones reach the bulk engine and its full batches.
LENGTHS = [0, 1, 15, 16, 17, 48, 255, 256, 257, 1024, 4096 + 16, 65536 + 48]
# Uneven cuts, so that every kernel also starts and stops mid-stream.
CUTS = [1, 15, 16, 33, 500, 4097]
MODES = [
    ("ecb", AES.MODE_ECB, {}),
    ("cbc", AES.MODE_CBC, {"IV": bytes(range(16, 32))}),
    ("cfb8", AES.MODE_CFB, {"IV": bytes(range(16, 32)), "segment_size": 8}),
    ("cfb128", AES.MODE_CFB, {"IV": bytes(range(16, 32)), "segment_size": 128}),
    ("ctr", AES.MODE_CTR, {"counter": b"\xff" * 15 + b"\xf0"}),
]
BLOCK_MODES = ("ecb", "cbc")


def fail(message: str) -> None:
    print("probe FAILED: %s" % message, file=sys.stderr)
    sys.exit(1)


def pieces(data: bytes, whole_blocks: bool) -> list:
    out, at = [], 0
    for cut in CUTS:
        if whole_blocks:
            cut = max(16, cut - cut % 16)
        if at >= len(data):
            break
        out.append(data[at:at + cut])
        at += cut
    out.append(data[at:])
    return out


def aes_cases(digest) -> int:
    cases = 0
    for name, mode, extra in MODES:
        for key_len in (16, 24, 32):
            key = bytes((7 * i + key_len) % 256 for i in range(key_len))
            for length in LENGTHS:
                if name in BLOCK_MODES and length % 16:
                    continue
                plain = bytes((i * 31 + length) % 256 for i in range(length))
                one_shot = AES(key, mode, **extra).encrypt(plain)
                enc = AES(key, mode, **extra)
                streamed = b"".join(enc.encrypt(p) for p in pieces(plain, name in BLOCK_MODES))
                if streamed != one_shot:
                    fail("%s-%d encrypt of %d bytes: streamed differs from one-shot" % (name, key_len * 8, length))
                dec = AES(key, mode, **extra)
                back = b"".join(dec.decrypt(p) for p in pieces(one_shot, name in BLOCK_MODES))
                if back != plain:
                    fail("%s-%d decrypt of %d bytes does not give the plaintext" % (name, key_len * 8, length))
                digest.update(one_shot)
                cases += 1
    return cases


def known_answers() -> None:
    """The device's own test suite's answers (SPEC.md)."""
    key, iv = b"pycomisthekey...", b"thisisthetestIV "
    checks = [
        (AES(key, AES.MODE_ECB).encrypt(b"testing ecb 123."), b"\x9f03\xbc^\x7f\xef\xa5\xf1\xd6P\x1d\x07)\xe6R"),
        (AES(key, AES.MODE_CBC, iv).encrypt(b"testing cbc 123."), b"Jzv\x9c\x17\xfa\x9c\xbd\xbe/\xc943\x81t\x19"),
        (AES(key, AES.MODE_CTR, counter=b"0123456789012345").encrypt(b"this is a ctr test"),
         b"\xb8\x17\xef\xceau\x97\xb6\xe1\xcbJQ\xc1wW\xc0-z"),
    ]
    for got, want in checks:
        if got != want:
            fail("a device known answer differs: %r" % got)


def rsa_cases(digest, private: str, public: str) -> None:
    signature = ucrypto.generate_rsa_signature("header.payload", private)
    if not ucrypto.verify_rsa_signature("header.payload", signature, public):
        fail("RS256 signature does not verify")
    if ucrypto.verify_rsa_signature("header.payloaD", signature, public):
        fail("RS256 verifies a changed message")
    message = b"a secret for the server"
    if ucrypto.rsa_decrypt(ucrypto.rsa_encrypt(message, public), private) != message:
        fail("PKCS#1 v1.5 encrypt/decrypt does not round-trip")
    token = ucrypto.generate_jwt({"sub": "device-1", "exp": 4_000_000_000}, private)
    if ucrypto.verify_jwt(token, public)["sub"] != "device-1":
        fail("a JWT does not verify")
    digest.update(signature)
    digest.update(token.encode())


def main() -> None:
    private, public = (open(path).read() for path in sys.argv[1:3])
    digest = hashlib.sha256()
    known_answers()
    cases = aes_cases(digest)
    rsa_cases(digest, private, public)
    engines = _engines()
    print(json.dumps({"detected": engines["detected"], "cpu_class": engines["cpu_class"],
                      "engines": engines["engines"], "aes_cases": cases, "digest": digest.hexdigest()}))


if __name__ == "__main__":
    main()
