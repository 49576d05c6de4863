"""Device-API workloads on ucrypto, pyca/cryptography and PyCryptodome, in one run,
interleaved: a table of rates and ratios, and a PNG chart of the ratios.

    make bench          # or: .venv/bin/python bench/compare.py [--quick]

Every implementation is called the way device code calls `crypto`: a new AES object per
small message, key text (PEM) on every RSA call. The peers' adapters are below; each does
the minimum its library needs for the same result. Rates are medians of interleaved
rounds; MB = 10^6 bytes.
"""

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import cryptography
import Crypto
from Crypto.Cipher import AES as CdAES
from Crypto.Cipher import PKCS1_v1_5 as CdPKCS1
from Crypto.Hash import SHA256 as CdSHA256
from Crypto.PublicKey import RSA as CdRSA
from Crypto.Signature import pkcs1_15 as cd_pkcs1_15
from cryptography.hazmat.decrepit.ciphers.modes import CFB, CFB8
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

import ucrypto
from cryptography.hazmat.backends.openssl import backend as openssl_backend

HERE = Path(__file__).parent
KEY = bytes(range(16))
IV = bytes(range(16, 32))
MIB = 1 << 20

# --- adapters: the device's calls, for each library ---------------------------------------

DEVICE_MODE = {"ecb": (1, {}), "cbc": (2, {"IV": IV}), "cfb8": (3, {"IV": IV}),
               "cfb128": (3, {"IV": IV, "segment_size": 128}), "ctr": (6, {"counter": IV})}


def ours_aes(mode):
    code, kw = DEVICE_MODE[mode]
    return lambda: ucrypto.AES(KEY, code, **kw)


def cd_aes(mode):
    return {
        "ecb": lambda: CdAES.new(KEY, CdAES.MODE_ECB),
        "cbc": lambda: CdAES.new(KEY, CdAES.MODE_CBC, iv=IV),
        "cfb8": lambda: CdAES.new(KEY, CdAES.MODE_CFB, iv=IV, segment_size=8),
        "cfb128": lambda: CdAES.new(KEY, CdAES.MODE_CFB, iv=IV, segment_size=128),
        "ctr": lambda: CdAES.new(KEY, CdAES.MODE_CTR, nonce=b"", initial_value=IV),
    }[mode]


class PycaAES:
    """cryptography's contexts are one-directional; make the one asked for."""

    def __init__(self, mode):
        self.cipher = Cipher(algorithms.AES(KEY), {"ecb": lambda: modes.ECB(), "cbc": lambda: modes.CBC(IV),
                                                   "cfb8": lambda: CFB8(IV), "cfb128": lambda: CFB(IV),
                                                   "ctr": lambda: modes.CTR(IV)}[mode]())

    def encrypt(self, data):
        return self.cipher.encryptor().update(data)

    def decrypt(self, data):
        return self.cipher.decryptor().update(data)


def pyca_aes(mode):
    return lambda: PycaAES(mode)


def ours_rsa(pem, pub):
    return {"sign": lambda m, k=pem: ucrypto.generate_rsa_signature(m, k),
            "decrypt": lambda c, k=pem: ucrypto.rsa_decrypt(c, k),
            "encrypt": lambda m, k=pub: ucrypto.rsa_encrypt(m, k)}


def cd_rsa(pem, pub):
    return {"sign": lambda m, k=pem: cd_pkcs1_15.new(CdRSA.import_key(k)).sign(CdSHA256.new(m)),
            "decrypt": lambda c, k=pem: CdPKCS1.new(CdRSA.import_key(k)).decrypt(c, None),
            "encrypt": lambda m, k=pub: CdPKCS1.new(CdRSA.import_key(k)).encrypt(m)}


def pyca_rsa(pem, pub):
    load = serialization.load_pem_private_key
    return {"sign": lambda m, k=pem: load(k.encode(), None).sign(m, padding.PKCS1v15(), hashes.SHA256()),
            "decrypt": lambda c, k=pem: load(k.encode(), None).decrypt(c, padding.PKCS1v15()),
            "encrypt": lambda m, k=pub: serialization.load_pem_public_key(k.encode()).encrypt(m, padding.PKCS1v15())}


# --- measuring ----------------------------------------------------------------------------

def rate(fn, seconds):
    """Calls per second of fn() over about `seconds` (at least 3 calls)."""
    n, start = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and n >= 3:
            return n / elapsed


def measure(candidates, rounds, seconds):
    """Interleaved rounds; the median rate of each candidate."""
    results = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, fn in candidates.items():
            results[name].append(rate(fn, seconds))
    return {name: statistics.median(r) for name, r in results.items()}


def workloads(pem_pool, pub):
    pem = pem_pool[0]
    small, big = b"s" * 16, os.urandom(MIB)
    rows = []  # (label, unit, {impl: fn}, scale)
    for mode in ("ecb", "cbc", "cfb8", "cfb128", "ctr"):
        rows.append((f"new AES-128 {mode.upper()} + encrypt 16 B", "ops/s",
                     {"ucrypto": lambda m=mode: ours_aes(m)().encrypt(small),
                      "cryptography": lambda m=mode: pyca_aes(m)().encrypt(small),
                      "PyCryptodome": lambda m=mode: cd_aes(m)().encrypt(small)}, 1))
    for mode, direction in (("ecb", "encrypt"), ("cbc", "encrypt"), ("cbc", "decrypt"), ("ctr", "encrypt"),
                            ("cfb128", "encrypt"), ("cfb128", "decrypt"), ("cfb8", "encrypt"), ("cfb8", "decrypt")):
        rows.append((f"AES-128 {mode.upper()} {direction} 1 MiB", "MB/s",
                     {"ucrypto": lambda m=mode, d=direction: getattr(ours_aes(m)(), d)(big),
                      "cryptography": lambda m=mode, d=direction: getattr(pyca_aes(m)(), d)(big),
                      "PyCryptodome": lambda m=mode, d=direction: getattr(cd_aes(m)(), d)(big)}, MIB / 1e6))
    impls = {"ucrypto": ours_rsa, "cryptography": pyca_rsa, "PyCryptodome": cd_rsa}
    ct = ucrypto.rsa_encrypt(b"x" * 32, pub)
    counter = [0]

    def next_pem():
        counter[0] += 1
        return pem_pool[counter[0] % len(pem_pool)]

    rows.append(("generate_rsa_signature, same PEM", "ops/s",
                 {n: (lambda f=f(pem, pub)["sign"]: f(b"header.payload")) for n, f in impls.items()}, 1))
    rows.append(("generate_rsa_signature, new PEM each call", "ops/s",
                 {n: (lambda f=f: f(next_pem(), pub)["sign"](b"header.payload")) for n, f in impls.items()}, 1))
    rows.append(("rsa_decrypt, same PEM", "ops/s",
                 {n: (lambda f=f(pem, pub)["decrypt"]: f(ct)) for n, f in impls.items()}, 1))
    rows.append(("rsa_decrypt, new PEM each call", "ops/s",
                 {n: (lambda f=f: f(next_pem(), pub)["decrypt"](ct)) for n, f in impls.items()}, 1))
    rows.append(("rsa_encrypt (public PEM each call)", "ops/s",
                 {n: (lambda f=f(pem, pub)["encrypt"]: f(b"x" * 32)) for n, f in impls.items()}, 1))
    return rows


def two_thread_speedup(pem, seconds):
    """Signatures per second with two threads over one thread (the GIL is released)."""
    def run(threads):
        count = [0] * threads
        stop = time.perf_counter() + seconds

        def work(i):
            while time.perf_counter() < stop:
                ucrypto.generate_rsa_signature(b"m", pem)
                count[i] += 1

        ts = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return sum(count) / seconds

    one = run(1)
    two = run(2)
    return one, two


def openssl_speed():
    """`openssl speed` figures for reference: RSA-2048 signs/s and AES-128 MB/s at 1 MiB blocks."""
    out = {}
    try:
        text = subprocess.run(["openssl", "speed", "-seconds", "3", "rsa2048"], capture_output=True,
                              text=True, check=True).stdout
        m = re.search(r"rsa 2048 bits\s+\S+s\s+\S+s\s+([\d.]+)", text)
        if m:
            out["rsa2048 sign/s"] = float(m.group(1))
        for cipher in ("aes-128-ctr", "aes-128-cbc"):
            text = subprocess.run(["openssl", "speed", "-seconds", "2", "-bytes", str(MIB), "-evp", cipher],
                                  capture_output=True, text=True, check=True).stdout
            m = re.search(rf"{cipher}\s+([\d.]+)k", text, re.I)
            if m:
                out[f"{cipher} encrypt MB/s"] = float(m.group(1)) * 1000 / 1e6
    except (OSError, subprocess.CalledProcessError):
        pass
    return out


def machine():
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    flags = open("/proc/cpuinfo").read() if os.path.exists("/proc/cpuinfo") else ""
    isa = [f for f in ("aes", "vaes", "avx512f", "avx2") if re.search(rf"\b{f}\b", flags)]
    return f"{cpu}, {os.cpu_count()} cores, {'/'.join(isa)}; Python {platform.python_version()}"


def chart(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [r[0] for r in rows]
    ratios = [r[1] for r in rows]
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(rows) + 1.2))
    colors = ["#2a9d8f" if x >= 1 else "#e76f51" for x in ratios]
    ax.barh(labels, ratios, color=colors)
    ax.set_xscale("log")
    ax.axvline(1, color="black", linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel("ucrypto rate / best peer's rate (log scale; > 1 is faster)")
    ax.set_title("ucrypto vs the best of pyca/cryptography and PyCryptodome, device API")
    for y, x in enumerate(ratios):
        ax.text(x, y, f" {x:.2f}x", va="center", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short rounds, for a smoke test")
    parser.add_argument("--chart", default=str(HERE / "compare.png"))
    args = parser.parse_args()
    rounds, seconds = (3, 0.05) if args.quick else (5, 0.4)

    pem, pub = ucrypto.generate_rsa_keypair(2048)
    # Same key, distinct text: every call misses ucrypto's parsed-key cache.
    pem_pool = [pem + "\n" * i for i in range(200)]
    print(f"# {machine()}")
    print(f"# ucrypto {getattr(ucrypto, '__version__', '0.1.0')}, cryptography {cryptography.__version__} "
          f"({openssl_backend.openssl_version_text()}), "
          f"PyCryptodome {Crypto.__version__}; {rounds} interleaved rounds of {seconds} s, median")
    print(f"# command: {' '.join([sys.executable.split('/')[-1]] + sys.argv)}\n")
    header = f"| workload | unit | ucrypto | cryptography | PyCryptodome | vs cryptography | vs PyCryptodome |"
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|")
    chart_rows, results = [], {}
    for label, unit, fns, scale in workloads(pem_pool, pub):
        r = {k: v * scale for k, v in measure(fns, rounds, seconds).items()}
        results[label] = r
        best = max(r["cryptography"], r["PyCryptodome"])
        chart_rows.append((label, r["ucrypto"] / best))
        fmt = (lambda x: f"{x:,.0f}") if unit == "ops/s" or max(r.values()) > 100 else (lambda x: f"{x:,.1f}")
        print(f"| {label} | {unit} | {fmt(r['ucrypto'])} | {fmt(r['cryptography'])} | {fmt(r['PyCryptodome'])} "
              f"| {r['ucrypto'] / r['cryptography']:.2f}x | {r['ucrypto'] / r['PyCryptodome']:.2f}x |", flush=True)
    one, two = two_thread_speedup(pem, 1.0 if args.quick else 3.0)
    print(f"\ngenerate_rsa_signature, same PEM: 1 thread {one:,.0f}/s, 2 threads {two:,.0f}/s: {two / one:.2f}x")
    speed = openssl_speed()
    for name, value in speed.items():
        print(f"openssl speed {name}: {value:,.0f}")
    if "rsa2048 sign/s" in speed:
        ours = results["generate_rsa_signature, same PEM"]["ucrypto"]
        print(f"generate_rsa_signature, same PEM / openssl speed rsa2048 sign: {ours / speed['rsa2048 sign/s']:.2f}x")
    try:
        chart(chart_rows, args.chart)
        print(f"\nchart: {args.chart}")
    except ImportError:
        print("\n(matplotlib not installed: no chart)")


if __name__ == "__main__":
    main()
