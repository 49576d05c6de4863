# Times one RS256 signature with a 2048-bit key and AES-128-CBC over 4 KiB, on whichever
# interpreter runs it (CPython with our extension, or MicroPython). Run after keys.py:
#   cat tests/device/keys.py micropython/tools/bench.py > /tmp/b.py && <python> /tmp/b.py
# Same Python subset as the device suite; the median of several rounds is printed. A board
# that takes seconds per signature sets QUICK = True in front (on_rp2040.py does): fewer
# rounds. MicroPython's clock is time.ticks_us, which on a board (and in an emulator) is
# the board's own timer.
import time

import crypto

try:
    QUICK
except NameError:
    QUICK = False

if hasattr(time, "ticks_us"):
    def elapsed_us(fn, calls):
        start = time.ticks_us()
        for _ in range(calls):
            fn()
        return time.ticks_diff(time.ticks_us(), start)
else:
    def elapsed_us(fn, calls):
        start = time.perf_counter_ns()
        for _ in range(calls):
            fn()
        return (time.perf_counter_ns() - start) / 1000


def median_us(fn, rounds, per_round):
    times = sorted(elapsed_us(fn, per_round) / per_round for _ in range(rounds))
    return times[len(times) // 2]


key, iv, data = b"k" * 16, b"i" * 16, bytes(4096)
sign_rounds, aes_rounds = ((3, 1), (5, 10)) if QUICK else ((7, 20), (7, 2000))
print("RS256 2048-bit signature: %.1f us" % median_us(lambda: crypto.generate_rsa_signature(b"header.payload", P8), *sign_rounds))
print("AES-128-CBC 4 KiB encrypt: %.2f us" % median_us(lambda: crypto.AES(key, crypto.AES.MODE_CBC, iv).encrypt(data), *aes_rounds))
