# The device suite: what the `crypto` module does, checked the same way on every face.
#
# One file, in the Python that CPython and MicroPython both run (% formatting, binascii for
# hex, no f-strings, no pytest), so that one run on CPython with our extension, one on the
# unix MicroPython and one on the Cortex-M3 board under QEMU prove the same facts. run.py
# puts keys.py and harness.py in front of it (the board has no filesystem) and reads the
# closing line.
#
# Sources of the known answers: SPEC.md (the device's own test suite), NIST SP 800-38A
# appendix F (AES modes), and openssl (keys.py).

import binascii
import sys
import time

import crypto

try:
    import _thread
except ImportError:
    _thread = None  # the qemu boards have no threads
# rp2040js emulates one core of the RP2040's two: a second thread waits forever for core 1,
# so run.py tells the suite it is there (a real Pico runs the thread test).
if globals().get("ONE_CORE_EMULATED"):
    _thread = None

AES = crypto.AES


def unhex(text):
    return binascii.unhexlify(text)


def expect(exc, fn, *args, **kwargs):
    """Calls fn and returns the message of the exception of exactly type `exc` it raises."""
    try:
        fn(*args, **kwargs)
    except Exception as e:
        if type(e) is not exc:
            raise AssertionError("raised %s(%r), expected %s" % (type(e).__name__, str(e), exc.__name__))
        return str(e)
    raise AssertionError("no exception, expected %s" % exc.__name__)


def expect_exact(exc, message, fn, *args, **kwargs):
    got = expect(exc, fn, *args, **kwargs)
    assert got == message, "message %r, expected %r" % (got, message)


def expect_has(exc, fragments, fn, *args, **kwargs):
    got = expect(exc, fn, *args, **kwargs)
    for fragment in fragments:
        assert fragment in got, "message %r lacks %r" % (got, fragment)


# --- the module ------------------------------------------------------------------------

@test
def module_surface():
    for name in ("AES", "getrandbits", "generate_rsa_signature", "rsa_encrypt", "rsa_decrypt"):
        assert hasattr(crypto, name), name
    assert (AES.MODE_ECB, AES.MODE_CBC, AES.MODE_CFB, AES.MODE_CTR) == (1, 2, 3, 6)
    assert (AES.SEGMENT_8, AES.SEGMENT_128) == (8, 128)
    assert type(AES(b"k" * 16)).__name__ == "AESCipher"


@test
def getrandbits_rounds_up_to_words():
    for bits, length in ((0, 0), (1, 4), (31, 4), (32, 4), (33, 8), (128, 16), (1000, 128)):
        out = crypto.getrandbits(bits)
        assert type(out) is bytes and len(out) == length, (bits, len(out))
    assert crypto.getrandbits(128) != crypto.getrandbits(128)
    expect_exact(ValueError, "the number of bits must not be negative", crypto.getrandbits, -1)
    expect(TypeError, crypto.getrandbits, "8")


# --- AES: known answers ----------------------------------------------------------------

KEY = b"pycomisthekey..."
IV = b"thisisthetestIV "
CTR0 = b"0123456789012345"


@test
def device_known_answers():
    cases = (
        (AES.MODE_ECB, {}, b"testing ecb 123.", b"\x9f03\xbc^\x7f\xef\xa5\xf1\xd6P\x1d\x07)\xe6R"),
        (AES.MODE_CBC, {"IV": IV}, b"testing cbc 123.", b"Jzv\x9c\x17\xfa\x9c\xbd\xbe/\xc943\x81t\x19"),
        (AES.MODE_CTR, {"counter": CTR0}, b"this is a ctr test",
         b"\xb8\x17\xef\xceau\x97\xb6\xe1\xcbJQ\xc1wW\xc0-z"),
    )
    for mode, kwargs, plain, cipher in cases:
        assert AES(KEY, mode, **kwargs).encrypt(plain) == cipher, mode
        assert AES(KEY, mode, **kwargs).decrypt(cipher) == plain, mode


K128 = "2b7e151628aed2a6abf7158809cf4f3c"
K192 = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b"
K256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"
PT = ("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
      "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
NIST_IV = "000102030405060708090a0b0c0d0e0f"
NIST_CTR = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
# (section, key, mode, segment, start, plaintext hex length, ciphertext)
SP800_38A = (
    ("F.1.1 ECB-AES128", K128, 1, 8, None, 128,
     "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4"),
    ("F.1.3 ECB-AES192", K192, 1, 8, None, 128,
     "bd334f1d6e45f25ff712a214571fa5cc974104846d0ad3ad7734ecb3ecee4eefef7afd2270e2e60adce0ba2face6444e9a4b41ba738d6c72fb16691603c18e0e"),
    ("F.1.5 ECB-AES256", K256, 1, 8, None, 128,
     "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7"),
    ("F.2.1 CBC-AES128", K128, 2, 8, NIST_IV, 128,
     "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"),
    ("F.2.3 CBC-AES192", K192, 2, 8, NIST_IV, 128,
     "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd"),
    ("F.2.5 CBC-AES256", K256, 2, 8, NIST_IV, 128,
     "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"),
    ("F.3.7 CFB8-AES128", K128, 3, 8, NIST_IV, 36, "3b79424c9c0dd436bace9e0ed4586a4f32b9"),
    ("F.3.13 CFB128-AES128", K128, 3, 128, NIST_IV, 128,
     "3b3fd92eb72dad20333449f8e83cfb4ac8a64537a0b3a93fcde3cdad9f1ce58b26751f67a3cbb140b1808cf187a4f4dfc04b05357c5d1c0eeac4c66f9ff7f2e6"),
    ("F.5.1 CTR-AES128", K128, 6, 8, NIST_CTR, 128,
     "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee"),
    ("F.5.3 CTR-AES192", K192, 6, 8, NIST_CTR, 128,
     "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e941e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050"),
    ("F.5.5 CTR-AES256", K256, 6, 8, NIST_CTR, 128,
     "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6"),
)


def nist_cipher(key, mode, segment, start):
    if mode == AES.MODE_CTR:
        return AES(unhex(key), mode, counter=unhex(start))
    if mode == AES.MODE_ECB:
        return AES(unhex(key), mode)
    return AES(unhex(key), mode, unhex(start), segment_size=segment)


@test
def sp800_38a_vectors_one_shot_and_chunked():
    for section, key, mode, segment, start, length, ct in SP800_38A:
        plain, cipher = unhex(PT[:length]), unhex(ct)
        assert nist_cipher(key, mode, segment, start).encrypt(plain) == cipher, section
        assert nist_cipher(key, mode, segment, start).decrypt(cipher) == plain, section
        unit = 16 if mode in (AES.MODE_ECB, AES.MODE_CBC) else 1
        for step in (unit, 3 * unit, 5 * unit):
            e = nist_cipher(key, mode, segment, start)
            d = nist_cipher(key, mode, segment, start)
            got, back = b"", b""
            for i in range(0, len(plain), step):
                got += e.encrypt(plain[i:i + step])
                back += d.decrypt(cipher[i:i + step])
            assert got == cipher and back == plain, (section, step)


# --- AES: construction -----------------------------------------------------------------

@test
def constructor_errors_exact_messages():
    cases = (
        ((b"short",), {}, "AES key must be either 16, 24, or 32 bytes long"),
        ((b"k" * 33, 99), {}, "AES key must be either 16, 24, or 32 bytes long"),
        ((KEY, -1), {}, "Unknown cipher feedback mode -1"),
        ((KEY, 4), {"IV": b"bad"}, "Unknown cipher feedback mode 4"),
        ((KEY, AES.MODE_CBC, b"short"), {}, "IV must be 16 bytes long"),
        ((KEY, AES.MODE_CFB, b"x" * 17), {}, "IV must be 16 bytes long"),
        ((KEY, AES.MODE_CTR), {"counter": b"short"}, "Initial counter value must be 16 bytes long"),
        ((KEY, AES.MODE_ECB), {"counter": CTR0}, "'counter' parameter only useful with CTR mode"),
        ((KEY, AES.MODE_CBC, IV), {"counter": CTR0}, "'counter' parameter only useful with CTR mode"),
        ((KEY, AES.MODE_CFB, IV), {"segment_size": 16}, "segment_size must be 8 or 128"),
    )
    for args, kwargs, message in cases:
        expect_exact(ValueError, message, AES, *args, **kwargs)


@test
def missing_iv_or_counter_is_a_clear_value_error():
    for mode in (AES.MODE_CBC, AES.MODE_CFB):
        message = expect(ValueError, AES, KEY, mode)
        assert message.startswith("IV is required for MODE_CBC and MODE_CFB"), message
    message = expect(ValueError, AES, KEY, AES.MODE_CTR)
    assert message.startswith("counter is required for MODE_CTR"), message


@test
def ignored_arguments_and_keywords():
    block = b"A" * 16
    assert AES(KEY, AES.MODE_ECB, b"junk").encrypt(block) == AES(KEY).encrypt(block)
    assert (AES(KEY, AES.MODE_CTR, b"junk", CTR0).encrypt(b"abc")
            == AES(KEY, AES.MODE_CTR, counter=CTR0).encrypt(b"abc"))
    assert (AES(KEY, AES.MODE_CBC, IV, segment_size=5).encrypt(block)
            == AES(KEY, AES.MODE_CBC, IV).encrypt(block))
    AES(KEY, AES.MODE_ECB, segment_size=12345)
    by_keyword = AES(key=KEY, mode=AES.MODE_CFB, IV=IV, segment_size=AES.SEGMENT_128)
    assert by_keyword.encrypt(block) == AES(KEY, 3, IV, None, 128).encrypt(block)


@test
def block_modes_reject_partial_blocks_and_keep_state():
    data = bytes(range(64))
    for mode, kwargs in ((AES.MODE_ECB, {}), (AES.MODE_CBC, {"IV": IV})):
        whole = AES(KEY, mode, **kwargs).encrypt(data)
        cipher = AES(KEY, mode, **kwargs)
        first = cipher.encrypt(data[:16])
        for bad in (data[:15], data[:17], b"x"):
            for method in (cipher.encrypt, cipher.decrypt):
                expect_exact(ValueError, "Input strings must be a multiple of 16 in length", method, bad)
        assert first + cipher.encrypt(data[16:]) == whole
        assert AES(KEY, mode, **kwargs).encrypt(b"") == b""


# --- AES: state across calls -----------------------------------------------------------

MODES = (
    ("ECB", AES.MODE_ECB, 8),
    ("CBC", AES.MODE_CBC, 8),
    ("CFB8", AES.MODE_CFB, 8),
    ("CFB128", AES.MODE_CFB, 128),
    ("CTR", AES.MODE_CTR, 8),
)


def fresh(key, mode, segment):
    if mode == AES.MODE_CTR:
        return AES(key, mode, counter=IV)
    if mode == AES.MODE_ECB:
        return AES(key, mode)
    return AES(key, mode, IV, segment_size=segment)


@test
def every_split_gives_the_one_shot_bytes_for_every_mode_and_key_size():
    for key_len in (16, 24, 32):
        key = bytes(range(1, key_len + 1))
        for name, mode, segment in MODES:
            unit = 16 if mode in (AES.MODE_ECB, AES.MODE_CBC) else 1
            data = bytes((i * 7 + 3) & 0xFF for i in range(64 if unit == 16 else 67))
            whole = fresh(key, mode, segment).encrypt(data)
            assert len(whole) == len(data)
            assert fresh(key, mode, segment).decrypt(whole) == data, name
            for i in range(0, len(data) + 1, unit):
                e = fresh(key, mode, segment)
                assert e.encrypt(data[:i]) + e.encrypt(data[i:]) == whole, (name, key_len, i)
                d = fresh(key, mode, segment)
                assert d.decrypt(whole[:i]) + d.decrypt(whole[i:]) == data, (name, key_len, i)
            for i, j in ((unit, 2 * unit), (3 * unit, 3 * unit), (0, 5 * unit), (2 * unit, 4 * unit)):
                e = fresh(key, mode, segment)
                assert e.encrypt(data[:i]) + e.encrypt(data[i:j]) + e.encrypt(data[j:]) == whole


@test
def encrypt_and_decrypt_share_one_chaining_state():
    block, other = b"0123456789abcdef", b"fedcba9876543210"
    shared = AES(KEY, AES.MODE_CBC, IV)
    first = shared.encrypt(block)
    assert shared.decrypt(other) == AES(KEY, AES.MODE_CBC, first).decrypt(other)
    stream = AES(KEY, AES.MODE_CTR, counter=CTR0)
    a = stream.encrypt(b"abc")
    b = stream.decrypt(b"defgh")
    assert a + b == AES(KEY, AES.MODE_CTR, counter=CTR0).encrypt(b"abcdefgh")


@test
def ctr_counter_wraps_as_one_128_bit_big_endian_number():
    ecb = AES(KEY)
    zeros = bytes(48)
    top = b"\xff" * 16
    expected = ecb.encrypt(top + bytes(16) + bytes(15) + b"\x01")
    assert AES(KEY, AES.MODE_CTR, counter=top).encrypt(zeros) == expected
    carry = bytes(8) + b"\xff" * 8
    expected = ecb.encrypt(carry + bytes(7) + b"\x01" + bytes(8) + bytes(7) + b"\x01" + bytes(7) + b"\x01")
    assert AES(KEY, AES.MODE_CTR, counter=carry).encrypt(zeros) == expected
    # leftover keystream of a partial block is used by the next call
    one_byte = AES(KEY, AES.MODE_CTR, counter=top)
    assert b"".join(one_byte.encrypt(b"\x00") for _ in range(48)) == AES(KEY, AES.MODE_CTR, counter=top).encrypt(zeros)


# --- inputs ------------------------------------------------------------------------------

@test
def str_bytearray_and_memoryview_inputs():
    data = b"temperature=21.5 and more text.."
    want = AES(KEY, AES.MODE_CBC, IV).encrypt(data)
    for key in (KEY, "pycomisthekey...", bytearray(KEY), memoryview(KEY)):
        for iv in (IV, "thisisthetestIV ", bytearray(IV), memoryview(b"xx" + IV)[2:]):
            for given in (data, data.decode(), bytearray(data), memoryview(data)):
                out = AES(key, AES.MODE_CBC, iv).encrypt(given)
                assert type(out) is bytes and out == want
    text = "température"  # str counts as its UTF-8 bytes
    assert AES(KEY, AES.MODE_CFB, IV).encrypt(text) == AES(KEY, AES.MODE_CFB, IV).encrypt(text.encode())
    assert (AES(KEY, AES.MODE_CTR, counter=memoryview(CTR0)).encrypt(bytearray(b"abc"))
            == AES(KEY, AES.MODE_CTR, counter=CTR0).encrypt(b"abc"))


@test
def wrong_types_are_type_errors_that_name_the_argument():
    expect_exact(TypeError, "object with buffer protocol required: key must be bytes, bytearray, memoryview or str, not list",
                 AES, [1] * 16)
    expect_exact(TypeError, "object with buffer protocol required: data must be bytes, bytearray, memoryview or str, not int",
                 AES(KEY).encrypt, 16)
    expect(TypeError, AES, KEY, "1")
    expect(TypeError, AES, KEY, AES.MODE_CBC, 12345)
    expect(TypeError, crypto.generate_rsa_signature, 5, P8)
    expect(TypeError, crypto.rsa_encrypt, None, SPKI)


# --- RSA ---------------------------------------------------------------------------------

HEADER_PAYLOAD = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"


@test
def rs256_signatures_equal_openssl_for_pkcs8_and_pkcs1():
    want = unhex(SIG_HEADER_PAYLOAD)
    for key in (P8, P1, P8.encode(), bytearray(P1.encode())):
        assert crypto.generate_rsa_signature(HEADER_PAYLOAD, key) == want
    for pers in ("my_pers_string", b"bytes", bytearray(b"x"), None):
        assert crypto.generate_rsa_signature(HEADER_PAYLOAD, P8, pers=pers) == want
    for message in (HEADER_PAYLOAD.encode(), bytearray(HEADER_PAYLOAD.encode()), memoryview(HEADER_PAYLOAD.encode())):
        assert crypto.generate_rsa_signature(message, P8) == want
    assert crypto.generate_rsa_signature(message=HEADER_PAYLOAD, private_key=P8) == want


@test
def every_byte_is_signed_even_after_a_nul():
    assert crypto.generate_rsa_signature(b"ab\x00cd", P8) == unhex(SIG_AB_NUL_CD)
    assert crypto.generate_rsa_signature(b"ab", P8) == unhex(SIG_AB)


@test
def rsa_decrypts_what_openssl_encrypted():
    ct = unhex(CT_KNOWN)
    for key in (P8, P1):
        assert crypto.rsa_decrypt(ct, key) == b"known answer from openssl"
    assert crypto.rsa_decrypt(ct, private_key=P8) == b"known answer from openssl"
    assert crypto.rsa_decrypt(message=ct, key=P1) == b"known answer from openssl"
    assert crypto.rsa_decrypt(bytearray(ct), P8) == b"known answer from openssl"


@test
def rsa_round_trips_with_both_public_formats_and_keywords():
    for public in (SPKI, P1PUB):
        for message in (b"", b"a", "text message", bytearray(b"\x00" * 245)):
            ct = crypto.rsa_encrypt(message, public)
            assert type(ct) is bytes and len(ct) == 256
            plain = message.encode() if isinstance(message, str) else bytes(message)
            assert crypto.rsa_decrypt(ct, P8) == plain
    a = crypto.rsa_encrypt(message=b"a", public_key=SPKI)
    b = crypto.rsa_encrypt(message=b"a", key=SPKI)
    assert a != b  # random padding
    assert crypto.rsa_decrypt(a, key=P1) == crypto.rsa_decrypt(b, private_key=P8) == b"a"


@test
def rsa_encrypt_limit_is_stated():
    expect_exact(RuntimeError,
                 "Encrypt failed: the message is 246 bytes but this key takes at most 245 bytes with 'pkcs1v15' "
                 "padding (modulus bytes - 11); encrypt a random AES key with RSA and the data with AES",
                 crypto.rsa_encrypt, b"L" * 246, SPKI)


@test
def every_bad_ciphertext_gives_the_same_runtime_error():
    good = crypto.rsa_encrypt(b"x", SPKI)
    flipped = bytearray(good)
    flipped[50] ^= 0x40
    for ct in (b"", b"\x00" * 255, b"\x00" * 256, b"\xff" * 256, b"\x00" * 257, bytes(flipped), good[:-1],
               "not bytes at all"):
        expect_exact(RuntimeError, "Decrypt failed", crypto.rsa_decrypt, ct, P8)


def der_of(pem):
    """The DER inside a PEM block (binascii, as both interpreters have it)."""
    return binascii.a2b_base64("".join(line for line in pem.splitlines() if not line.startswith("-----")))


@test
def der_keys_work_like_pem():
    want = unhex(SIG_HEADER_PAYLOAD)
    assert crypto.generate_rsa_signature(HEADER_PAYLOAD, der_of(P8)) == want
    assert crypto.generate_rsa_signature(HEADER_PAYLOAD, der_of(P1)) == want
    for public in (der_of(SPKI), der_of(P1PUB)):
        assert crypto.rsa_decrypt(crypto.rsa_encrypt(b"der", public), der_of(P8)) == b"der"


@test
def unusable_private_keys_explain_themselves():
    cases = (
        (SMALL, ("is 1024 bits, shorter than the smallest accepted size of 2048 bits",)),
        (EC, ("not an RSA key (algorithm OID 1.2.840.10045.2.1, EC)",)),
        (ENC, ("encrypted with a passphrase (BEGIN ENCRYPTED PRIVATE KEY)", "export it unencrypted with `openssl pkey")),
        (DES3, ("Proc-Type: 4,ENCRYPTED", "`ucrypto key convert private.pem")),
        (SPKI, ("this is a public key, but a private key is needed here",)),
        (der_of(ENC), ("encrypted with a passphrase (BEGIN ENCRYPTED PRIVATE KEY)",)),
        (der_of(EC), ("not an RSA key (algorithm OID 1.2.840.10045.2.1, EC)",)),
        (der_of(SPKI), ("this is a public key, but a private key is needed here",)),
        ("cert/private_key_pkcs8.pem", ("no PEM block", "pass the key file's contents, not its path")),
        (P8.replace("PRIVATE KEY", "CERTIFICATE"), ("a PEM block labelled 'CERTIFICATE' is not an RSA key",)),
    )
    for key, fragments in cases:
        for call in (lambda k: crypto.generate_rsa_signature("m", k), lambda k: crypto.rsa_decrypt(b"\x00" * 256, k)):
            message = expect(ValueError, call, key)
            assert message.startswith("Invalid Private Key: "), message
            for fragment in fragments:
                assert fragment in message, (message, fragment)


@test
def unusable_public_keys_explain_themselves():
    expect_has(ValueError, ("Invalid public key: this is a private key",), crypto.rsa_encrypt, b"m", P8)
    message = expect(ValueError, crypto.rsa_encrypt, b"m", SPKI[:200])
    assert message.startswith("Invalid public key: the PEM block is damaged"), message
    expect_exact(ValueError, "Invalid public key: the key is 9216 bits, longer than the largest supported size of 8192 bits",
                 crypto.rsa_encrypt, b"m", K9216_PUB)
    message = expect(ValueError, crypto.rsa_encrypt, b"m", "no key here")
    assert message.startswith("Invalid public key: no PEM block"), message


@test
def key_arguments_and_pers_are_checked():
    expect_exact(TypeError, "rsa_encrypt() missing required argument 'public_key' (or 'key')", crypto.rsa_encrypt, b"a")
    expect_exact(TypeError, "rsa_decrypt() got the key twice: pass either private_key= or key=, not both",
                 crypto.rsa_decrypt, b"x", P8, key=P8)
    expect_exact(TypeError, "pers must be str, bytes or bytearray", crypto.generate_rsa_signature, "m", P8, pers=1)


# --- what a hostile review found: each fixed, each checked on every face -----------------

@test
def an_aes_object_has_no_finaliser_to_call():
    # The CPython module has no __del__; MicroPython's collector still finds the one that
    # wipes the key, but device code cannot reach it to wipe a live object.
    aes = AES(KEY, AES.MODE_CBC, IV)
    assert not hasattr(aes, "__del__")
    assert not hasattr(AES, "__del__")
    assert aes.encrypt(b"testing cbc 123.") == b"Jzv\x9c\x17\xfa\x9c\xbd\xbe/\xc943\x81t\x19"


@test
def getrandbits_beyond_a_machine_word_is_a_memory_error():
    # A 32-bit board's int is 31 bits: these went through as OverflowError there.
    for bits in (2 ** 40, 2 ** 62, 2 ** 63 - 1):
        expect_exact(MemoryError, "cannot allocate %d bytes for getrandbits(%d)" % ((bits + 31) // 32 * 4, bits),
                     crypto.getrandbits, bits)


@test
def a_firmware_without_a_random_generator_says_so():
    # Only the qemu boards are built with the test generator (and must be); every other
    # face reads a true generator and has no such flag.
    flagged = getattr(crypto, "_test_only_random", False)
    assert flagged is (sys.platform == "qemu"), (sys.platform, flagged)


if _thread is not None:
    @test
    def one_object_in_two_threads_hands_out_each_keystream_block_once():
        # Two threads share one CTR object. With one thread at a time per object, the calls
        # take disjoint runs of the keystream that together are exactly its first blocks,
        # so their XOR is the XOR of those blocks and the counter ends just after them.
        chunk, rounds = 65536, 30
        shared = AES(KEY, AES.MODE_CTR, counter=IV)
        sums, lock = [0, 0], _thread.allocate_lock()
        started, finished = [], []

        def xor_blocks(data):
            acc = 0
            for at in range(0, len(data), 16):
                acc ^= int.from_bytes(data[at:at + 16], "big")
            return acc

        def worker(i):
            with lock:
                started.append(i)
            while len(started) < 2:  # both start together, so that their calls overlap
                pass
            try:
                for _ in range(rounds):
                    sums[i] ^= xor_blocks(shared.encrypt(bytes(chunk)))
            finally:
                with lock:
                    finished.append(i)

        _thread.start_new_thread(worker, (0,))
        _thread.start_new_thread(worker, (1,))
        while len(finished) < 2:
            time.sleep(0.01)
        alone = AES(KEY, AES.MODE_CTR, counter=IV)
        want = 0
        for _ in range(2 * rounds):
            want ^= xor_blocks(alone.encrypt(bytes(chunk)))
        assert sums[0] ^ sums[1] == want, "keystream blocks handed out twice or torn"
        assert shared.encrypt(bytes(16)) == alone.encrypt(bytes(16)), "the counter did not end where it should"


# --- the seed document's examples, verbatim ----------------------------------------------

SEED_JWT = '''
import crypto

# Example of a JWT header + payload
header_payload = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
# Private key MUST BE in PKCS8 format !!!
f = open("cert/private_key_pkcs8.pem")
pk = f.read()
# Generate the signature
signature = crypto.generate_rsa_signature(header_payload, pk, pers="my_pers_string")
'''

# The second example's Python lines (its `$ openssl` lines made the keys in keys.py). It
# encrypts a variable `payload` it never defines; it is bound to its `message`, as intended.
SEED_RSA = '''
# Example of message
message = "this is a secret message, it needs to be encrypted"

# read the key from file
f = open("cert/public.pem")
pk = f.read()
f.close()

# Encrypt the message
message_encrypted = crypto.rsa_encrypt(payload, pk)

# adding a SHA checksum (`uhashlib.sha()`) is encouraged,
# so when message is decrypted consistency can be checked

# ... next send the message_encrypted on the network (LoRa, Wifi, BLE, Cellular)

# on the receiver try to decrypt

# read the key from file
f = open("cert/private_unencrypted.pem")
pub = f.read()
f.close()

message_decrypted = crypto.rsa_decrypt(message_encrypted, pub)
# additionally, the consistency should be checked (usage of `uhashlib.sha()``)
# as the message could have been altered (attacker, network issues)
'''


class KeyFile:
    """What the examples' open() returns: the board has no filesystem, so cert/ is served
    from keys.py on every face alike."""

    FILES = {"cert/private_key_pkcs8.pem": P8, "cert/public.pem": SPKI, "cert/private_unencrypted.pem": P8}

    def __init__(self, path):
        self.text = KeyFile.FILES[path]

    def read(self):
        return self.text

    def close(self):
        pass


@test
def seed_examples_run_as_written():
    scope = {"open": KeyFile}
    exec(SEED_JWT, scope)
    assert scope["signature"] == unhex(SIG_HEADER_PAYLOAD)
    scope["payload"] = "this is a secret message, it needs to be encrypted"
    exec(SEED_RSA, scope)
    assert len(scope["message_encrypted"]) == 256
    assert scope["message_decrypted"] == scope["payload"].encode()


# --- run -------------------------------------------------------------------------------

run_tests("device suite")
