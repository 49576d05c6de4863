# The crafted-key corpus: valid, malformed and hostile RSA keys, built by recipes from the
# keys in keys.py, and what every face of the module does with each of them.
#
# One rule decides which keys are taken, the CPython module's (docs/python.md, "Which keys
# are taken"): strict DER, RFC 7468 PEM as the core reads it, and the RSA engine's checks of
# the numbers. run.py runs this file on CPython (the reference), the unix MicroPython, its
# sanitizer build and the boards, and compares every `key` line byte for byte: the outcome
# of signing, encrypting and decrypting with each key, and for a refusal the exception's
# type and message.
#
# The keys are built here rather than shipped, so that a board with a small heap makes them
# one at a time. The DER helpers below only assemble bytes (and take apart the test's own,
# well-formed keys); they are test fixtures, not a parser anyone relies on.
#
# Same Python subset as suite.py; keys.py comes in front of it.

import binascii

import crypto


def unpem(text):
    """The DER of one of keys.py's own PEM blocks."""
    lines = text.strip().split("\n")
    return binascii.a2b_base64("".join(lines[1:-1]))


def width(n):
    """Bytes needed for the non-negative n (at least one)."""
    w = 1
    while n >= 256:
        n >>= 8
        w += 1
    return w


def tlv(tag, content, long_form=0):
    """A DER element; long_form > 0 writes the length in that many octets (non-minimal)."""
    n = len(content)
    if long_form:
        head = bytes([0x80 | long_form]) + n.to_bytes(long_form, "big")
    elif n < 0x80:
        head = bytes([n])
    else:
        head = bytes([0x80 | width(n)]) + n.to_bytes(width(n), "big")
    return bytes([tag]) + head + content


def uint(n):
    """The content of an INTEGER holding the non-negative n, minimal."""
    out = n.to_bytes(width(n), "big")
    return b"\x00" + out if out[0] & 0x80 else out


def fields(der):
    """The contents of the elements inside the outer SEQUENCE of well-formed DER."""
    out, at, end = [], 2, len(der)
    if der[1] & 0x80:
        at = 2 + (der[1] & 0x7F)
    while at < end:
        n, at = der[at + 1], at + 2
        if n & 0x80:
            k = n & 0x7F
            n, at = int.from_bytes(der[at:at + k], "big"), at + k
        out.append(der[at:at + n])
        at += n
    return out


def number(content):
    return int.from_bytes(content, "big")


def integers(contents):
    return b"".join(tlv(0x02, c) for c in contents)


def seq(*parts):
    return tlv(0x30, b"".join(parts))


RSA_OID = b"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"
NULL = b"\x05\x00"
RSA_ALG = seq(tlv(0x06, RSA_OID), NULL)


def oid_alg(oid_content, params=b""):
    return seq(tlv(0x06, oid_content), params)


def pkcs8(private, alg=RSA_ALG, version=b"\x02\x01\x00", extra=b""):
    return seq(version, alg, tlv(0x04, private), extra)


def spki(public, alg=RSA_ALG, unused=b"\x00"):
    return seq(alg, tlv(0x03, unused + public))


def b64(der):
    return binascii.b2a_base64(der, newline=False).decode()


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def pem(label, der, cols=64, eol="\n", end_label=None, body=None):
    """PEM text of `der` (or of the base64 `body` as given), in lines of `cols` characters."""
    body = b64(der) if body is None else body
    lines = [body[i:i + cols] for i in range(0, len(body), cols)] if cols else [body]
    return ("-----BEGIN %s-----" % label + eol + eol.join(lines) + eol
            + "-----END %s-----" % (label if end_label is None else end_label) + eol)


P1_DER = unpem(P1)
P8_DER = unpem(P8)
P1PUB_DER = unpem(P1PUB)
SPKI_DER = unpem(SPKI)
# version, n, e, d, p, q, dp, dq, qi
PRIV = fields(P1_DER)
N, E = number(PRIV[1]), number(PRIV[2])
assert pkcs8(P1_DER) == P8_DER and spki(P1PUB_DER) == SPKI_DER and seq(integers(PRIV)) == P1_DER


def private_with(i, content):
    """PKCS#1 private DER with field i (0 = version) replaced by an INTEGER's content."""
    parts = list(PRIV)
    parts[i] = content
    return seq(integers(parts))


def public_with(n, e):
    return seq(integers((n, e)))


def odd_of_bits(bits, seed):
    """A deterministic odd number of exactly `bits` bits (not a valid modulus: unfactored)."""
    x, out = seed, bytearray((bits + 7) // 8)
    for i in range(len(out)):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out[i] = (x >> 16) & 0xFF
    top = (bits - 1) % 8
    out[0] = (out[0] & ((1 << top) - 1)) | (1 << top)
    out[-1] |= 1
    return int.from_bytes(out, "big")


def flip_base64(text, at):
    """The PEM text with the base64 character at `at` of its body changed."""
    c = text[at]
    return text[:at] + ("B" if c == "A" else "A") + text[at + 1:]


def cases():
    """(name, key, wanted) for every corpus key; wanted is "private", "public" or "both"."""
    big = odd_of_bits(8193, 7)
    n8192 = odd_of_bits(8192, 11)
    p8_lines = P8.strip().split("\n")
    body = "\n".join(p8_lines[1:-1])
    # --- taken ------------------------------------------------------------------------
    yield "p8-pem", P8, "both"
    yield "p1-pem", P1, "both"
    yield "spki-pem", SPKI, "both"
    yield "p1pub-pem", P1PUB, "both"
    yield "p8-der", P8_DER, "both"
    yield "p1-der", P1_DER, "both"
    yield "spki-der", SPKI_DER, "both"
    yield "p1pub-der", P1PUB_DER, "both"
    yield "p8-crlf", P8.replace("\n", "\r\n"), "private"
    yield "p8-cr", P8.replace("\n", "\r"), "private"
    yield "spki-cr", SPKI.replace("\n", "\r"), "public"
    yield "p8-mixed-eol", pem("PRIVATE KEY", P8_DER).replace("\n", "\r\n", 3), "private"
    yield "p8-no-final-eol", P8.rstrip("\n"), "private"
    yield "p8-bag-attributes", "Bag Attributes\n    localKeyID: 01\n" + P8 + "trailing\n", "private"
    yield "p8-attributes", pem("PRIVATE KEY", pkcs8(P1_DER, extra=tlv(0xA0, b""))), "private"
    yield "p8-attributes-content", pkcs8(P1_DER, extra=tlv(0xA0, seq(tlv(0x06, b"\x2a\x03"), tlv(0x31, b"")))), "private"
    yield "spki-then-p8", SPKI + P8, "both"
    yield "pub-8192", public_with(uint(n8192), uint(65537)), "public"
    yield "pub-e3", public_with(PRIV[1], uint(3)), "public"
    yield "pub-e-2^32+1", public_with(PRIV[1], uint(2 ** 32 + 1)), "public"
    # --- PEM framing ------------------------------------------------------------------
    yield "pem-76-cols", pem("PRIVATE KEY", P8_DER, cols=76), "private"
    yield "pem-one-line", pem("PRIVATE KEY", P8_DER, cols=0), "private"
    yield "pem-48-cols", pem("PUBLIC KEY", SPKI_DER, cols=48), "public"
    yield "pem-blank-line-inside", p8_lines[0] + "\n" + p8_lines[1] + "\n\n" + "\n".join(p8_lines[2:]) + "\n", "private"
    yield "pem-blank-line-before-end", "\n".join(p8_lines[:-1]) + "\n\n" + p8_lines[-1] + "\n", "private"
    yield "pem-two-blank-lines-before-end", "\n".join(p8_lines[:-1]) + "\n\n\n" + p8_lines[-1] + "\n", "private"
    yield "pem-blank-line-after-begin", p8_lines[0] + "\n\n" + "\n".join(p8_lines[1:]) + "\n", "private"
    yield "pem-space-after-header", p8_lines[0] + " \n" + "\n".join(p8_lines[1:]) + "\n", "private"
    yield "pem-space-after-line", p8_lines[0] + "\n" + p8_lines[1] + " \n" + "\n".join(p8_lines[2:]) + "\n", "private"
    yield "pem-tab-in-body", P8.replace("\n", "\n\t", 2), "private"
    yield "pem-space-before-begin", " " + P8, "private"
    one_pad = b64(SPKI_DER[:-1])  # ends in "x=": x carries 4 bits and 2 zero bits
    assert one_pad.endswith("=") and not one_pad.endswith("==")
    yield "pem-one-pad", pem("PUBLIC KEY", None, body=one_pad), "public"
    yield "pem-extra-padding", pem("PUBLIC KEY", None, body=one_pad + "="), "public"
    yield "pem-missing-padding", pem("PUBLIC KEY", None, body=one_pad[:-1]), "public"
    yield "pem-extra-equals", pem("PUBLIC KEY", None, body=b64(SPKI_DER) + "="), "public"
    last = ALPHABET.index(one_pad[-2]) | 1
    yield "pem-noncanonical-bits", pem("PUBLIC KEY", None, body=one_pad[:-2] + ALPHABET[last] + "="), "public"
    yield "pem-padding-inside", pem("PUBLIC KEY", None, body=one_pad + b64(b"abc")), "public"
    yield "pem-end-label-differs", pem("PRIVATE KEY", P8_DER, end_label="RSA PRIVATE KEY"), "private"
    yield "pem-empty-label", pem("", P8_DER), "both"
    yield "pem-double-space-label", pem("PRIVATE  KEY", P8_DER), "private"
    yield "pem-lower-label", pem("private key", P8_DER), "private"
    yield "pem-trailing-space-label", pem("PRIVATE KEY ", P8_DER), "private"
    yield "pem-hyphen-label", pem("RSA-PRIVATE-KEY", P1_DER), "private"
    yield "pem-cert-label", pem("CERTIFICATE", P8_DER), "both"
    yield "pem-ec-label", pem("EC PRIVATE KEY", P8_DER), "both"
    yield "pem-encrypted-label", pem("ENCRYPTED PRIVATE KEY", P8_DER), "both"
    yield "pem-no-end", P8[:-30], "private"
    yield "pem-cut", P8[:600], "private"
    yield "pem-empty-body", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n", "private"
    yield "pem-bad-base64", "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n", "private"
    yield "pem-header-line", p8_lines[0] + "\nComment: hello\n\n" + body + "\n" + p8_lines[-1] + "\n", "private"
    yield "pem-proc-type-plain", p8_lines[0] + "\nProc-Type: 4,CLEAR\n\n" + body + "\n" + p8_lines[-1] + "\n", "private"
    yield "pem-of-pem", pem("PRIVATE KEY", (P8 + "\x00").encode()), "private"
    yield "pem-nul-inside", P8[:30] + "\x00" + P8[30:], "private"
    yield "pem-flipped-char", flip_base64(P8, 400), "private"
    yield "pem-long-label", pem("X" * 60, b"\x00"), "both"
    yield "pem-nonascii-label", b"-----BEGIN \xff\xfe-----\nAAAA\n-----END \xff\xfe-----\n", "private"
    yield "pem-begin-only", "-----BEGIN ", "both"
    yield "pem-p1-as-p8-label", pem("PRIVATE KEY", P1_DER), "private"
    yield "pem-p8-as-p1-label", pem("RSA PRIVATE KEY", P8_DER), "private"
    yield "pem-spki-as-p1pub-label", pem("RSA PUBLIC KEY", SPKI_DER), "public"
    yield "pem-p1pub-as-spki-label", pem("PUBLIC KEY", P1PUB_DER), "public"
    yield "pem-der-garbage", pem("PRIVATE KEY", b"\x30\x03\x02\x01\x00"), "both"
    yield "path", "cert/private_key_pkcs8.pem", "both"
    yield "empty", "", "both"
    # --- DER encoding -----------------------------------------------------------------
    yield "der-long-form-outer", tlv(0x30, P1_DER[4:], long_form=3), "private"
    yield "der-long-form-version", seq(tlv(0x02, b"\x00", long_form=1), integers(PRIV[1:])), "private"
    yield "der-long-form-e", seq(integers(PRIV[:2]), tlv(0x02, PRIV[2], long_form=2), integers(PRIV[3:])), "private"
    yield "der-long-form-spki", tlv(0x30, SPKI_DER[4:], long_form=4), "public"
    yield "der-leading-zero-n", private_with(1, b"\x00" + PRIV[1]), "private"
    yield "der-leading-zero-e", private_with(2, b"\x00" + PRIV[2]), "private"
    yield "der-version-two-octets", private_with(0, b"\x00\x00"), "private"
    yield "der-version-1", private_with(0, b"\x01"), "private"
    yield "der-version-2", private_with(0, b"\x02"), "private"
    yield "der-empty-integer", private_with(7, b""), "private"
    yield "der-negative-n", private_with(1, PRIV[1][1:]), "private"
    yield "der-trailing-byte", P1_DER + b"\x00", "private"
    yield "der-trailing-in-pem", pem("RSA PRIVATE KEY", P1_DER + b"\x00"), "private"
    yield "der-eight-integers", seq(integers(PRIV[:8])), "private"
    yield "der-ten-integers", seq(integers(PRIV + [b"\x01"])), "private"
    yield "der-cut", P1_DER[:500], "private"
    yield "der-indefinite", b"\x30\x80" + P1_DER[4:] + b"\x00\x00", "private"
    yield "der-junk", b"\x30\x82\x01\x00" + bytes(40), "both"
    yield "p8-no-null", pkcs8(P1_DER, alg=oid_alg(RSA_OID)), "private"
    yield "p8-params-oid", pkcs8(P1_DER, alg=oid_alg(RSA_OID, tlv(0x06, b"\x2a\x03"))), "private"
    yield "p8-version-1-no-public", pkcs8(P1_DER, version=b"\x02\x01\x01"), "private"
    yield "p8-version-2", pkcs8(P1_DER, version=b"\x02\x01\x02"), "private"
    yield "p8-public-v1", pkcs8(P1_DER, extra=tlv(0x81, b"\x00" + P1PUB_DER)), "private"
    yield "p8-public-v2", pkcs8(P1_DER, version=b"\x02\x01\x01", extra=tlv(0x81, b"\x00" + P1PUB_DER)), "private"
    yield "p8-octet-long-form", seq(b"\x02\x01\x00", RSA_ALG, tlv(0x04, P1_DER, long_form=3)), "private"
    yield "p8-inner-trailing", pkcs8(P1_DER + b"\x00"), "private"
    yield "p8-inner-p1pub", pkcs8(P1PUB_DER), "private"
    yield "spki-no-null", spki(P1PUB_DER, alg=oid_alg(RSA_OID)), "public"
    yield "spki-unused-bits", spki(P1PUB_DER, unused=b"\x01"), "public"
    yield "spki-unused-8", spki(P1PUB_DER, unused=b"\x08"), "public"
    yield "spki-inner-trailing", spki(P1PUB_DER + b"\x00"), "public"
    yield "spki-inner-p1", spki(P1_DER), "public"
    yield "spki-bitstring-empty", seq(RSA_ALG, tlv(0x03, b"")), "public"
    # --- other algorithms ---------------------------------------------------------------
    yield "ec-p8", EC, "both"
    yield "ec-der", unpem(EC), "both"
    yield "ed25519-spki", spki(b"\x00" * 32, alg=oid_alg(b"\x2b\x65\x70")), "both"
    yield "pss-p8", pkcs8(P1_DER, alg=oid_alg(b"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a")), "both"
    yield "unknown-oid-spki", spki(P1PUB_DER, alg=oid_alg(b"\x2a\x03\x04", NULL)), "both"
    yield "dsa-p8", pkcs8(b"\x02\x01\x05", alg=oid_alg(b"\x2a\x86\x48\xce\x38\x04\x01")), "both"
    # OIDs at the edges of what the CPython module reads (one octet of first arcs up to
    # 2.39, later arcs up to 2^32-1, padding octets inside an arc, 39 octets at most).
    for name, oid in (("empty", b""), ("unfinished", b"\x2a\x86"), ("first-two-octets", b"\x81\x00"),
                      ("2.39", b"\x77"), ("2.47", b"\x7f"), ("0.0.0", b"\x00\x00"), ("padded-arc", b"\x2a\x80\x80\x03"),
                      ("39-octets", b"\x2a" + b"\x03" * 38), ("40-octets", b"\x2a" + b"\x03" * 39),
                      ("arc-2^32-1", b"\x2a\x80\x8f\xff\xff\xff\x7f"), ("arc-2^32", b"\x2a\x90\x80\x80\x80\x00")):
        yield "oid-" + name, spki(P1PUB_DER, alg=oid_alg(oid, NULL)), "both"
    # Fields after a PKCS#8 key: explicitly tagged ones are read past (the RSA engine
    # refuses them); the others are not PKCS#8 at all.
    for name, extra in (("ctx2-explicit", tlv(0xA2, NULL)), ("ctx2-empty", tlv(0xA2, b"")), ("ctx2-primitive", tlv(0x82, b"\x00")),
                        ("ctx0-primitive", tlv(0x80, b"")), ("ctx1-constructed", tlv(0xA1, b"")),
                        ("two-attributes", tlv(0xA0, b"") + tlv(0xA0, b"")), ("application-tag", tlv(0x62, b""))):
        yield "p8-after-" + name, pkcs8(P1_DER, extra=extra), "both"
    yield "p8-v2-then-ctx2", pkcs8(P1_DER, version=b"\x02\x01\x01", extra=tlv(0x81, b"\x00" + P1PUB_DER) + tlv(0xA2, NULL)), "private"
    yield "encrypted-p8", ENC, "both"
    yield "encrypted-der", unpem(ENC), "both"
    yield "legacy-des3", DES3, "both"
    # --- numbers of a public key --------------------------------------------------------
    for name, e in (("0", 0), ("1", 1), ("2", 2), ("4", 4), ("65536", 65536), ("2^33-1", 2 ** 33 - 1),
                    ("2^33+1", 2 ** 33 + 1), ("2^34+1", 2 ** 34 + 1), ("2^64+1", 2 ** 64 + 1),
                    ("2047-bits", odd_of_bits(2047, 3)), ("n", N), ("n+2", N + 2), ("n-2", N - 2)):
        yield "pub-e-" + name, public_with(PRIV[1], uint(e)), "public"
    yield "pub-e-negative", public_with(PRIV[1], b"\xfe\xff\xff"), "public"
    yield "pub-n-negative", public_with(PRIV[1][1:], uint(E)), "public"
    yield "pub-n-0", public_with(b"\x00", uint(E)), "public"
    yield "pub-n-1", public_with(b"\x01", uint(E)), "public"
    yield "pub-n-even", public_with(uint(N + 1), uint(E)), "public"
    yield "pub-n-2047-bits", public_with(uint(N >> 1 | 1), uint(E)), "public"
    yield "pub-n-2049-bits", public_with(uint(N << 1 | 1), uint(E)), "public"
    yield "pub-n-8193-bits", public_with(uint(big), uint(E)), "public"
    yield "pub-n-8193-spki-pem", pem("PUBLIC KEY", spki(public_with(uint(big), uint(E)))), "public"
    yield "k9216-pub", K9216_PUB, "both"
    # --- numbers of a private key -------------------------------------------------------
    yield "priv-e-3", private_with(2, uint(3)), "private"
    yield "priv-e-1", private_with(2, uint(1)), "private"
    yield "priv-e-even", private_with(2, uint(E + 1)), "private"
    yield "priv-d-plus-2", private_with(3, uint(number(PRIV[3]) + 2)), "private"
    yield "priv-n-plus-2", private_with(1, uint(N + 2)), "private"
    yield "priv-n-0", private_with(1, b"\x00"), "private"
    yield "priv-p-q-swapped", seq(integers(PRIV[:4] + [PRIV[5], PRIV[4]] + PRIV[6:])), "private"
    yield "priv-dp-0", private_with(6, b"\x00"), "private"
    yield "priv-qi-0", private_with(8, b"\x00"), "private"
    yield "priv-qi-plus-1", private_with(8, uint(number(PRIV[8]) + 1)), "private"
    yield "priv-d-0", private_with(3, b"\x00"), "private"
    yield "priv-n-8193-bits", private_with(1, uint(big)), "both"
    yield "priv-n-8193-pem", pem("PRIVATE KEY", pkcs8(private_with(1, uint(big)))), "both"
    yield "priv-n-2047-bits", private_with(1, uint(N >> 1 | 1)), "private"
    p, q, d = number(PRIV[4]), number(PRIV[5]), number(PRIV[3])
    yield "priv-d-plus-phi", private_with(3, uint(d + (p - 1) * (q - 1))), "private"
    yield "priv-dp-plus-p-1", private_with(6, uint(number(PRIV[6]) + p - 1)), "private"
    yield "priv-qi-plus-p", private_with(8, uint(number(PRIV[8]) + p)), "private"
    yield "priv-stripped", seq(integers([b"\x00", PRIV[1], b"\x00", PRIV[3]] + [b"\x00"] * 5)), "private"
    yield "small-p8", SMALL, "both"


def result(fn, *args):
    try:
        out = fn(*args)
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)
    return "ok " + (binascii.hexlify(out).decode() or "-")


CT = binascii.unhexlify(CT_KNOWN)


def run_corpus(only=None):
    """Prints one line per key and operation; `only` limits the run to names in it."""
    count = 0
    for name, key, wanted in cases():
        if only is not None and name not in only:
            continue
        count += 1
        if wanted in ("private", "both"):
            print("key %s sign %s" % (name, result(crypto.generate_rsa_signature, b"corpus", key)))
            print("key %s decrypt %s" % (name, result(crypto.rsa_decrypt, CT, key)))
        if wanted in ("public", "both"):
            # Encryption pads at random: the length says enough, and decrypt checks the rest.
            got = result(crypto.rsa_encrypt, b"corpus", key)
            print("key %s encrypt %s" % (name, got if not got.startswith("ok ") else "ok %d" % (len(got) // 2 - 1)))
    print("corpus done: %d keys" % count)
