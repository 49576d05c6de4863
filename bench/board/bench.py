# The board benchmark, run on the Cortex-M3 board under `qemu-system-arm -icount shift=0`
# (bench/board/run.py drives it, once for each PART it defines in front: "aes", "rsa"
# after keys.py, "heap" after keys.py; each on a freshly booted board, whose heap the
# script's own code has not yet broken up; icount.py comes in front too, and says how a
# call is counted). Three faces do the same work side by side: this module (`crypto`),
# mainline's `cryptolib` where it has the mode, and mbedTLS's own calls (the
# `mbedtls_bench` module of the benchmark firmware, behind one Python call each, its output
# into a buffer made beforehand). Prints `row name|crypto|cryptolib|mbedtls` lines, in
# instructions, "-" where a face has no such call; then `heap` and `done`.

import binascii
import gc

import crypto

# The heap part runs on any board's firmware (the emulated Pico's too); the others need the
# benchmark firmware's modules.
if PART != "heap":
    import cryptolib
    import mbedtls_bench

# Small calls need many layouts and calls to average the allocator out; large ones little.
LAYOUTS, REPEAT = 48, 16


def row(name, ours, theirs, limit, layouts=LAYOUTS, repeat=REPEAT):
    got = [cost(fn, layouts, repeat) for fn in (ours, theirs, limit)]
    print("row %s|%s" % (name, "|".join("-" if g is None else str(g) for g in got)))


AES = crypto.AES
KEY, IV = b"k" * 16, b"i" * 16
# (name, device mode, segment, cryptolib mode or None, bench mode)
MODES = (("ECB", AES.MODE_ECB, 8, 1, 1), ("CBC", AES.MODE_CBC, 8, 2, 2), ("CFB8", AES.MODE_CFB, 8, None, 3),
         ("CFB128", AES.MODE_CFB, 128, None, 4), ("CTR", AES.MODE_CTR, 8, 6, 6))


def device(mode, segment):
    if mode == AES.MODE_ECB:
        return lambda: AES(KEY, mode)
    if mode == AES.MODE_CTR:
        return lambda: AES(KEY, mode, counter=IV)
    if mode == AES.MODE_CFB:
        return lambda: AES(KEY, mode, IV, segment_size=segment)
    return lambda: AES(KEY, mode, IV)


def library(mode):
    if mode is None:
        return None
    return (lambda: cryptolib.aes(KEY, mode)) if mode == 1 else (lambda: cryptolib.aes(KEY, mode, IV))


def aes_rows():
    for size in (16, 64, 1024, 4096):
        data = bytes(size)
        out = bytearray(size)
        start = bytearray(IV)
        for name, mode, segment, lib_mode, bench_mode in MODES:
            make, lib = device(mode, segment), library(lib_mode)
            layouts, repeat = (LAYOUTS, REPEAT) if size <= 64 else (8, 2)
            row("AES-128-%s new object %d B" % (name, size),
                lambda: make().encrypt(data), lib and (lambda: lib().encrypt(data)),
                lambda: mbedtls_bench.aes(bench_mode, KEY, start, data, out), layouts, repeat)
            same_object_row("AES-128-%s same object %d B" % (name, size), make, lib, bench_mode, data, out, start,
                            layouts, repeat)


def same_object_row(name, make, lib, bench_mode, data, out, start, layouts, repeat):
    # Each face's object lives only for its own measurement, so that every row starts
    # from the same heap.
    def kept(factory):
        if factory is None:
            return None
        obj = factory()
        obj.encrypt(data)
        return lambda: obj.encrypt(data)

    ours = kept(make)
    mine = cost(ours, layouts, repeat)
    ours = None
    theirs = kept(lib)
    library_cost = cost(theirs, layouts, repeat)
    theirs = None
    mbedtls_bench.aes_key(KEY)
    limit = cost(lambda: mbedtls_bench.aes_again(bench_mode, start, data, out), layouts, repeat)
    print("row %s|%s|%s|%s" % (name, mine, "-" if library_cost is None else library_cost, limit))


def der_of(pem):
    return binascii.a2b_base64("".join(line for line in pem.splitlines() if not line.startswith("-----")))


def rsa_rows():
    message = b"header.payload"
    sig = bytearray(256)
    plain = bytearray(256)
    ct = crypto.rsa_encrypt(b"known answer", SPKI)
    p8_der = der_of(P8)
    # mbedTLS reads PEM only with its terminating NUL.
    p8_pem, spki_pem = P8.encode() + b"\x00", SPKI.encode() + b"\x00"
    row("getrandbits(128)", lambda: crypto.getrandbits(128), None, None, LAYOUTS, REPEAT)
    row("RS256-2048 sign, PKCS#8 PEM", lambda: crypto.generate_rsa_signature(message, P8), None,
        lambda: mbedtls_bench.sign(p8_pem, message, sig), 3, 1)
    row("RS256-2048 sign, PKCS#8 DER", lambda: crypto.generate_rsa_signature(message, p8_der), None,
        lambda: mbedtls_bench.sign(p8_der, message, sig), 3, 1)
    row("rsa_encrypt, SPKI PEM", lambda: crypto.rsa_encrypt(message, SPKI), None,
        lambda: mbedtls_bench.encrypt(spki_pem, message, sig), 3, 1)
    row("rsa_decrypt, PKCS#8 PEM", lambda: crypto.rsa_decrypt(ct, P8), None,
        lambda: mbedtls_bench.decrypt(p8_pem, ct, plain), 3, 1)
    # The same work must give the same answers, or the rows compare nothing.
    mbedtls_bench.sign(p8_pem, message, sig)
    assert bytes(sig) == crypto.generate_rsa_signature(message, P8)
    assert plain[:mbedtls_bench.decrypt(p8_pem, ct, plain)] == b"known answer"


def least_heap_for(fn):
    """The least free heap (to 64 bytes) at which fn still works: the rest is taken by
    blocks of at most 1 KiB, as a program's own data would hold it."""
    def works_with(free):
        gc.collect()
        hog = []
        try:
            while gc.mem_free() > free + 64:
                hog.append(bytearray(min(1024, gc.mem_free() - free - 64)))
        except MemoryError:
            pass
        try:
            fn()
            return True
        except MemoryError:
            return False
        finally:
            hog = None
            gc.collect()

    low, high = 0, gc.mem_free() - 1024
    while high - low > 64:
        mid = (low + high) // 2
        if works_with(mid):
            high = mid
        else:
            low = mid
    return high


if PART == "aes":
    aes_rows()
elif PART == "rsa":
    rsa_rows()
else:
    gc.collect()
    print("heap free with the keys loaded|%d" % gc.mem_free())
    print("heap RS256-2048 sign, PKCS#8 PEM|%d" % least_heap_for(lambda: crypto.generate_rsa_signature(b"m", P8)))
print("done")
