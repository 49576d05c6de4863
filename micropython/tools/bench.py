# Times one RS256 signature with a 2048-bit key and AES-128-CBC over 4 KiB, on whichever
# interpreter runs it (CPython with our extension, or MicroPython). Run after keys.py:
#   cat tests/device/keys.py micropython/tools/bench.py > /tmp/b.py && <python> /tmp/b.py
# Same Python subset as the device suite; the median of several rounds is printed.
import time

import crypto


def median_us(fn, rounds, per_round):
    times = []
    for _ in range(rounds):
        start = time.time_ns()
        for _ in range(per_round):
            fn()
        times.append((time.time_ns() - start) / per_round / 1000)
    times.sort()
    return times[len(times) // 2]


key, iv, data = b"k" * 16, b"i" * 16, bytes(4096)
print("RS256 2048-bit signature: %.1f us" % median_us(lambda: crypto.generate_rsa_signature(b"header.payload", P8), 7, 20))
print("AES-128-CBC 4 KiB encrypt: %.2f us" % median_us(lambda: crypto.AES(key, crypto.AES.MODE_CBC, iv).encrypt(data), 7, 2000))
