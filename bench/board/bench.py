# The board benchmark, run on the Cortex-M3 board under `qemu-system-arm -icount shift=0`
# (bench/board/run.py drives it, once for each PART it defines in front: "aes", "rsa"
# after keys.py, "heap" after keys.py; each on a freshly booted board, whose heap the
# script's own code has not yet broken up). Under -icount every
# instruction is one nanosecond of the board's clock, so the SysTick counter (25 MHz, one
# tick every 40 instructions) counts instructions, the same on every run and machine.
#
# Each row is one call, timed on a freshly collected heap with the collector off (see
# once() and cost()), the mean over several heap layouts. Three faces do the same work side by side: this module (`crypto`),
# mainline's `cryptolib` where it has the mode, and mbedTLS's own calls (the
# `mbedtls_bench` module of the benchmark firmware, behind one Python call each, its output
# into a buffer made beforehand). Prints `row name|crypto|cryptolib|mbedtls` lines, in
# instructions, "-" where a face has no such call; then `heap` and `done`.

import binascii
import gc
import time

import machine

import crypto
import cryptolib
import mbedtls_bench

SYSTICK_CVR = 0xE000E018
TICK = 40  # instructions per SysTick tick under -icount shift=0 (25 MHz)
RELOAD = 25000  # SysTick ticks per millisecond
MS0 = time.ticks_ms()
LAYOUTS = 24


def clock():
    """Ticks since MS0, read so that a millisecond's rollover never tears the value."""
    while True:
        ms = time.ticks_ms()
        left = machine.mem32[SYSTICK_CVR]
        if time.ticks_ms() == ms:
            return (ms - MS0) * RELOAD + RELOAD - 1 - left


def once(fn, shift):
    """Ticks of one call of fn, on a freshly collected heap whose free space begins
    `shift` blocks further on, right after an untimed call of the same (so that the timed
    call meets the allocator as a loop of such calls does)."""
    gc.collect()
    pad = bytearray(16 * shift) if shift else None
    gc.disable()
    fn()
    start = clock()
    fn()
    end = clock()
    gc.enable()
    pad = None
    return end - start


def nothing():
    pass


def cost(fn, layouts=LAYOUTS):
    """Instructions of one call of fn, less the timing's own: the mean over `layouts`
    heap layouts. MicroPython's allocator searches its heap for free blocks, so one
    layout can favour one object size over another by thousands of instructions; the
    mean over layouts a block apart is what a call costs wherever it lands."""
    if fn is None:
        return None
    total = 0
    for shift in range(layouts):
        total += once(fn, shift) - once(nothing, shift)
    return total * TICK // layouts


def row(name, ours, theirs, limit, layouts=LAYOUTS):
    got = [cost(fn, layouts) for fn in (ours, theirs, limit)]
    print("row %s|%s" % (name, "|".join("-" if g is None else str(g) for g in got)))


AES = crypto.AES
KEY, IV = b"k" * 16, b"i" * 16
# (name, device mode, segment, cryptolib mode or None, bench mode)
MODES = (("ECB", AES.MODE_ECB, 8, 1, 1), ("CBC", AES.MODE_CBC, 8, 2, 2), ("CFB8", AES.MODE_CFB, 8, None, 3),
         ("CFB128", AES.MODE_CFB, 128, None, 4), ("CTR", AES.MODE_CTR, 8, None, 6))


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
            row("AES-128-%s new object %d B" % (name, size),
                lambda: make().encrypt(data), lib and (lambda: lib().encrypt(data)),
                lambda: mbedtls_bench.aes(bench_mode, KEY, start, data, out))
            same_object_row("AES-128-%s same object %d B" % (name, size), make, lib, bench_mode, data, out, start)


def same_object_row(name, make, lib, bench_mode, data, out, start):
    # Each face's object lives only for its own measurement, so that every row starts
    # from the same heap.
    def kept(factory):
        if factory is None:
            return None
        obj = factory()
        obj.encrypt(data)
        return lambda: obj.encrypt(data)

    ours = kept(make)
    mine = cost(ours)
    ours = None
    theirs = kept(lib)
    library_cost = cost(theirs)
    theirs = None
    mbedtls_bench.aes_key(KEY)
    limit = cost(lambda: mbedtls_bench.aes_again(bench_mode, start, data, out))
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
    row("getrandbits(128)", lambda: crypto.getrandbits(128), None, None)
    row("RS256-2048 sign, PKCS#8 PEM", lambda: crypto.generate_rsa_signature(message, P8), None,
        lambda: mbedtls_bench.sign(p8_pem, message, sig), 3)
    row("RS256-2048 sign, PKCS#8 DER", lambda: crypto.generate_rsa_signature(message, p8_der), None,
        lambda: mbedtls_bench.sign(p8_der, message, sig), 3)
    row("rsa_encrypt, SPKI PEM", lambda: crypto.rsa_encrypt(message, SPKI), None,
        lambda: mbedtls_bench.encrypt(spki_pem, message, sig), 3)
    row("rsa_decrypt, PKCS#8 PEM", lambda: crypto.rsa_decrypt(ct, P8), None,
        lambda: mbedtls_bench.decrypt(p8_pem, ct, plain), 3)
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
