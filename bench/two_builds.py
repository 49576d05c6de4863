"""Two builds of the extension side by side: the same operations through each, in
interleaved rounds, reporting the ratio of their times. Made to answer one question: does
the manylinux2014 wheel (linked by zig against glibc 2.17, its C compiled by zig's clang)
cost anything against a build with the machine's own gcc and glibc?

    python bench/two_builds.py PYTHON_A PYTHON_B [ROUNDS]

Each PYTHON is an interpreter with one build installed (a virtualenv's bin/python). Not a
test: prints microseconds per operation (median of the rounds) and B/A.
"""

import json
import statistics
import subprocess
import sys

WORKER = r"""
import json, sys, time
import crypto
private, public = crypto.generate_rsa_keypair()
sig = crypto.generate_rsa_signature(b"header.payload", private)
mib = bytes(1 << 20)
key, iv = b"k" * 16, b"i" * 16
ops = {
    "RS256 sign (2048)": (lambda: crypto.generate_rsa_signature(b"header.payload", private), 200),
    "RS256 verify (2048)": (lambda: crypto.verify_rsa_signature(b"header.payload", sig, public), 2000),
    "PKCS#1 v1.5 encrypt": (lambda: crypto.rsa_encrypt(b"m" * 32, public), 2000),
    "AES-128-CBC encrypt 1 MiB (AWS-LC)": (lambda: crypto.AES(key, crypto.AES.MODE_CBC, iv).encrypt(mib), 50),
    "AES-128-CTR 1 MiB": (lambda: crypto.AES(key, crypto.AES.MODE_CTR, counter=iv).encrypt(mib), 50),
    "AES-128-CFB8 encrypt 64 KiB": (lambda: crypto.AES(key, crypto.AES.MODE_CFB, iv).encrypt(mib[:65536]), 20),
}
out = {}
for name, (op, n) in ops.items():
    op()
    start = time.perf_counter()
    for _ in range(n):
        op()
    out[name] = (time.perf_counter() - start) / n * 1e6
print(json.dumps(out))
"""


def main() -> None:
    a, b = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    times = {a: [], b: []}
    for _ in range(rounds):
        for python in (a, b):
            done = subprocess.run([python, "-c", WORKER], capture_output=True, text=True, check=True)
            times[python].append(json.loads(done.stdout))
    print(f"A: {a}\nB: {b}\n{rounds} interleaved rounds, median microseconds per operation\n")
    print(f"| operation | A (µs) | B (µs) | B / A |\n|---|---:|---:|---:|")
    for name in times[a][0]:
        ma = statistics.median(r[name] for r in times[a])
        mb = statistics.median(r[name] for r in times[b])
        print(f"| {name} | {ma:.1f} | {mb:.1f} | {mb / ma:.2f} |")


if __name__ == "__main__":
    main()
