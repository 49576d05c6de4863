# The heap one RS256 signature with a 2048-bit key needs on a MicroPython board: the least
# free heap (in 256-byte steps, after gc.collect()) at which the signature still succeeds.
# Run after keys.py, e.g. on the QEMU board with tools/pyboard.py (docs/device.md).
import gc

import crypto


def fill_down_to(free):
    """Takes heap until about `free` bytes are left, in pieces: the free heap is not one
    block (the test keys' strings lie in it), so one piece of the whole size may not fit."""
    hog = []
    while gc.mem_free() - free > 64:
        hog.append(bytearray(min(gc.mem_free() - free - 32, 4096)))
    return hog


def works_with(free):
    gc.collect()
    hog = fill_down_to(free)
    try:
        crypto.generate_rsa_signature(b"header.payload", P8)
        return True
    except MemoryError:
        return False
    finally:
        hog = None
        gc.collect()


crypto.generate_rsa_signature(b"warm up", P8)
gc.collect()
low, high = 0, gc.mem_free() - 1024
while high - low > 256:
    mid = (low + high) // 2
    if works_with(mid):
        high = mid
    else:
        low = mid
print("heap total free: %d bytes; one 2048-bit RS256 signature needs about %d bytes free" % (gc.mem_free(), high))
