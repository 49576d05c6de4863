# The line held against mainline's cryptolib: on the Cortex-M3 board under QEMU -icount,
# where instructions are counted exactly (bench/board/icount.py comes in front), a new AES
# object and one message must cost no more than cryptolib's for the same work, in the same
# run, for ECB and CBC (the modes cryptolib has), short and long messages. A ratio, never
# an absolute budget. run.py's `cost` job runs it on the test firmware; `make bench-board`
# prints every row beside mbedTLS's own calls.

import crypto
import cryptolib

KEY, IV = b"k" * 16, b"i" * 16
LAYOUTS, REPEAT = 48, 16


def check(name, ours, theirs, layouts=LAYOUTS, repeat=REPEAT):
    mine, library = cost(ours, layouts, repeat), cost(theirs, layouts, repeat)
    print("cost %s: crypto %d, cryptolib %d instructions, %.3fx" % (name, mine, library, mine / library))
    return mine <= library


ok = True
for size, layouts, repeat in ((16, LAYOUTS, REPEAT), (64, LAYOUTS, REPEAT), (4096, 8, 2)):
    data = bytes(size)
    ok = check("ECB new object %d B" % size, lambda: crypto.AES(KEY, 1).encrypt(data),
               lambda: cryptolib.aes(KEY, 1).encrypt(data), layouts, repeat) and ok
    ok = check("CBC new object %d B" % size, lambda: crypto.AES(KEY, 2, IV).encrypt(data),
               lambda: cryptolib.aes(KEY, 2, IV).encrypt(data), layouts, repeat) and ok
data = bytes(16)
for mode, name in ((1, "ECB"), (2, "CBC")):
    ours = crypto.AES(KEY, mode, IV) if mode == 2 else crypto.AES(KEY, mode)
    theirs = cryptolib.aes(KEY, mode, IV) if mode == 2 else cryptolib.aes(KEY, mode)
    ok = check("%s same object 16 B" % name, lambda: ours.encrypt(data), lambda: theirs.encrypt(data)) and ok
    ours = theirs = None
print("cost done" if ok else "cost FAILED: dearer than cryptolib")
