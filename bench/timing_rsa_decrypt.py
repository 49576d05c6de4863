"""Does rsa_decrypt take longer or shorter for valid than for invalid-padding ciphertexts?

A dudect-style test (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?",
2017): two classes of inputs — valid PKCS#1 v1.5 ciphertexts, and ciphertexts whose
plaintext has broken padding — are fed to `crypto.rsa_decrypt` in random interleaved order,
each call timed; Welch's t statistic compares the two timing distributions, after cropping
the slowest samples at several percentiles (as dudect does) to drop interruptions.
|t| above 4.5 is the conventional threshold for evidence of a leak; below it, none was found
at this sample size. This is a benchmark-style measurement, not a CI test.

    .venv/bin/python bench/timing_rsa_decrypt.py [--samples 200000]

Both classes go through the same Python call and the same Rust path up to AWS-LC's
constant-time padding check; the invalid class raises RuntimeError("Decrypt failed"), whose
construction and raising are part of what is timed, as a caller would see it.
"""

import argparse
import math
import random
import time

from cryptography.hazmat.primitives import serialization

import crypto


def welch_t(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    va = sum((x - ma) ** 2 for x in a) / (len(a) - 1)
    vb = sum((x - mb) ** 2 for x in b) / (len(b) - 1)
    return (ma - mb) / math.sqrt(va / len(a) + vb / len(b))


def main():
    parser = argparse.ArgumentParser(description="dudect-style timing test of rsa_decrypt")
    parser.add_argument("--samples", type=int, default=200_000)
    parser.add_argument("--bits", type=int, default=2048)
    args = parser.parse_args()

    private_pem, public_pem = crypto.generate_rsa_keypair(args.bits)
    key = serialization.load_pem_private_key(private_pem.encode(), None)
    n, d = key.public_key().public_numbers().n, key.private_numbers().d
    k = args.bits // 8
    rng = random.Random(1)

    def invalid():
        # a random value below n whose "plaintext" (c^d mod n) does not start 00 02
        while True:
            c = rng.randrange(2, n)
            m = pow(c, d, n).to_bytes(k, "big")
            if m[:2] != b"\x00\x02":
                return c.to_bytes(k, "big")

    pool = {"valid": [crypto.rsa_encrypt(rng.randbytes(32), public_pem) for _ in range(256)],
            "invalid": [invalid() for _ in range(256)]}
    for ct in pool["invalid"][:4]:
        try:
            crypto.rsa_decrypt(ct, private_pem)
            raise SystemExit("an 'invalid' ciphertext decrypted")
        except RuntimeError:
            pass

    timings = {"valid": [], "invalid": []}
    clock = time.perf_counter_ns
    decrypt = crypto.rsa_decrypt
    for i in range(1000):  # warm up: cache the parsed key, settle the CPU
        try:
            decrypt(pool["valid" if i % 2 else "invalid"][i % 256], private_pem)
        except RuntimeError:
            pass
    for _ in range(args.samples):
        cls = "valid" if rng.random() < 0.5 else "invalid"
        ct = pool[cls][rng.randrange(256)]
        start = clock()
        try:
            decrypt(ct, private_pem)
        except RuntimeError:
            pass
        timings[cls].append(clock() - start)

    print(f"rsa_decrypt, RSA-{args.bits}, {args.samples} interleaved samples "
          f"({len(timings['valid'])} valid, {len(timings['invalid'])} invalid padding)")
    for name, t in timings.items():
        s = sorted(t)
        print(f"  {name:8} median {s[len(s) // 2] / 1000:8.1f} us   p10 {s[len(s) // 10] / 1000:8.1f} us"
              f"   p90 {s[len(s) * 9 // 10] / 1000:8.1f} us")
    print("  crop percentile   Welch t")
    for pct in (100, 99, 95, 90, 75, 50):
        limit = sorted(timings["valid"] + timings["invalid"])[max(0, (len(timings["valid"]) + len(timings["invalid"])) * pct // 100 - 1)]
        a = [x for x in timings["valid"] if x <= limit]
        b = [x for x in timings["invalid"] if x <= limit]
        print(f"  {pct:14}%   {welch_t(a, b):+8.2f}")


if __name__ == "__main__":
    main()
