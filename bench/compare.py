"""Device-API workloads on ucrypto, pyca/cryptography and PyCryptodome, in one run,
interleaved: a table of rates and ratios for this CPU class, written to
bench/results/<class>.md, and a PNG chart of the ratios.

    make bench          # or: .venv/bin/python bench/compare.py [--quick]

Every implementation is called the way device code calls `crypto`: a new AES object per
message, key text (PEM) on every RSA call. The peers' adapters are below; each does the
minimum its library needs for the same result. Rates are medians of interleaved rounds;
MB = 10^6 bytes. `openssl speed rsa2048` runs just before and just after the run.
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
from cryptography.hazmat.backends.openssl import backend as openssl_backend
from cryptography.hazmat.decrepit.ciphers.modes import CFB, CFB8
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

import ucrypto
from ucrypto._ucrypto import _engines

HERE = Path(__file__).parent
IV = bytes(range(16, 32))
KEYS = {128: bytes(range(16)), 256: bytes(range(32))}
KIB, MIB = 1 << 10, 1 << 20

# --- adapters: the device's calls, for each library ---------------------------------------

DEVICE_MODE = {"ecb": (1, {}), "cbc": (2, {"IV": IV}), "cfb8": (3, {"IV": IV}),
               "cfb128": (3, {"IV": IV, "segment_size": 128}), "ctr": (6, {"counter": IV})}


def ours_aes(mode, key):
    code, kw = DEVICE_MODE[mode]
    return lambda: ucrypto.AES(key, code, **kw)


def cd_aes(mode, key):
    return {
        "ecb": lambda: CdAES.new(key, CdAES.MODE_ECB),
        "cbc": lambda: CdAES.new(key, CdAES.MODE_CBC, iv=IV),
        "cfb8": lambda: CdAES.new(key, CdAES.MODE_CFB, iv=IV, segment_size=8),
        "cfb128": lambda: CdAES.new(key, CdAES.MODE_CFB, iv=IV, segment_size=128),
        "ctr": lambda: CdAES.new(key, CdAES.MODE_CTR, nonce=b"", initial_value=IV),
    }[mode]


class PycaAES:
    """cryptography's contexts are one-directional; make the one asked for."""

    def __init__(self, mode, key):
        self.cipher = Cipher(algorithms.AES(key), {"ecb": lambda: modes.ECB(), "cbc": lambda: modes.CBC(IV),
                                                   "cfb8": lambda: CFB8(IV), "cfb128": lambda: CFB(IV),
                                                   "ctr": lambda: modes.CTR(IV)}[mode]())

    def encrypt(self, data):
        return self.cipher.encryptor().update(data)

    def decrypt(self, data):
        return self.cipher.decryptor().update(data)


def pyca_aes(mode, key):
    return lambda: PycaAES(mode, key)


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


def size_name(size):
    return f"{size // MIB} MiB" if size >= MIB else f"{size // KIB} KiB"


def aes_row(mode, direction, bits, size, kind):
    """One AES workload on all three libraries: (label, unit, fns, scale, kind)."""
    data = os.urandom(size)
    key = KEYS[bits]
    fns = {"ucrypto": lambda: getattr(ours_aes(mode, key)(), direction)(data),
           "cryptography": lambda: getattr(pyca_aes(mode, key)(), direction)(data),
           "PyCryptodome": lambda: getattr(cd_aes(mode, key)(), direction)(data)}
    return (f"AES-{bits} {mode.upper()} {direction} {size_name(size)}", "MB/s", fns, size / 1e6,
            (kind, mode, direction, bits, size))


def workloads(pem_pool, pub, quick):
    pem = pem_pool[0]
    small = b"s" * 16
    rows = []
    for mode in ("ecb", "cbc", "cfb8", "cfb128", "ctr"):
        rows.append((f"new AES-128 {mode.upper()} + encrypt 16 B", "ops/s",
                     {"ucrypto": lambda m=mode: ours_aes(m, KEYS[128])().encrypt(small),
                      "cryptography": lambda m=mode: pyca_aes(m, KEYS[128])().encrypt(small),
                      "PyCryptodome": lambda m=mode: cd_aes(m, KEYS[128])().encrypt(small)}, 1, ("small",)))
    parallel = [("ecb", "encrypt"), ("ecb", "decrypt"), ("ctr", "encrypt"), ("cbc", "decrypt"), ("cfb128", "decrypt")]
    for bits in (128, 256):
        for size in (16 * KIB, MIB):
            for mode, direction in parallel:
                rows.append(aes_row(mode, direction, bits, size, "parallel"))
    if not quick:
        for mode, direction in parallel:
            rows.append(aes_row(mode, direction, 128, 64 * MIB, "memory"))
    for bits in (128, 256):
        for mode, direction, size in (("cbc", "encrypt", MIB), ("cfb128", "encrypt", MIB), ("cfb8", "encrypt", 64 * KIB),
                                      ("cfb8", "decrypt", 64 * KIB)):
            rows.append(aes_row(mode, direction, bits, size, "serial" if mode != "cfb8" or direction == "encrypt"
                                else "cfb8-decrypt"))
    data = os.urandom(MIB)
    ctr = ours_aes("ctr", KEYS[128])
    rows.append(("AES-128 CTR encrypt 1 MiB, bytes / memoryview / bytearray", "MB/s",
                 {"bytes": lambda: ctr().encrypt(data), "memoryview": lambda m=memoryview(data): ctr().encrypt(m),
                  "bytearray": lambda b=bytearray(data): ctr().encrypt(b)}, MIB / 1e6, ("buffers",)))
    impls = {"ucrypto": ours_rsa, "cryptography": pyca_rsa, "PyCryptodome": cd_rsa}
    ct = ucrypto.rsa_encrypt(b"x" * 32, pub)
    counter = [0]

    def next_pem():
        counter[0] += 1
        return pem_pool[counter[0] % len(pem_pool)]

    rows.append(("generate_rsa_signature, same PEM", "ops/s",
                 {n: (lambda f=f(pem, pub)["sign"]: f(b"header.payload")) for n, f in impls.items()}, 1, ("rsa",)))
    rows.append(("generate_rsa_signature, new PEM each call", "ops/s",
                 {n: (lambda f=f: f(next_pem(), pub)["sign"](b"header.payload")) for n, f in impls.items()}, 1,
                 ("rsa",)))
    rows.append(("rsa_decrypt, same PEM", "ops/s",
                 {n: (lambda f=f(pem, pub)["decrypt"]: f(ct)) for n, f in impls.items()}, 1, ("rsa",)))
    rows.append(("rsa_decrypt, new PEM each call", "ops/s",
                 {n: (lambda f=f: f(next_pem(), pub)["decrypt"](ct)) for n, f in impls.items()}, 1, ("rsa",)))
    rows.append(("rsa_encrypt (public PEM each call)", "ops/s",
                 {n: (lambda f=f(pem, pub)["encrypt"]: f(b"x" * 32)) for n, f in impls.items()}, 1, ("rsa",)))
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

    return run(1), run(2)


def openssl_rsa2048():
    """`openssl speed rsa2048`: (sign/s, decrypt/s), or None where openssl cannot say."""
    try:
        text = subprocess.run(["openssl", "speed", "-seconds", "3", "rsa2048"], capture_output=True,
                              text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    # OpenSSL 3 prints "rsa 2048 bits <sign s> <verify s> <encr s> <decr s> <sign/s> <verify/s> <encr/s> <decr/s>"
    m = re.search(r"rsa 2048 bits(?:\s+[\d.]+s){4}\s+([\d.]+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)", text)
    if m:
        return float(m.group(1)), float(m.group(2))
    m = re.search(r"rsa 2048 bits\s+\S+s\s+\S+s\s+([\d.]+)", text)
    return (float(m.group(1)), None) if m else None


def cpu_features():
    """The features that tell CPU classes apart, as `grep -o -w 'avx512f\\|vaes\\|aes'
    /proc/cpuinfo | sort -u` lists them, joined with '+'."""
    try:
        words = set(re.findall(r"\b(avx512f|vaes|aes)\b", open("/proc/cpuinfo").read()))
    except OSError:
        return "unknown"
    return "+".join(sorted(words)) or "none"


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
    fig, ax = plt.subplots(figsize=(10, 0.32 * len(rows) + 1.2))
    colors = ["#2a9d8f" if x >= 1 else "#e76f51" for x in ratios]
    ax.barh(labels, ratios, color=colors)
    ax.set_xscale("log")
    ax.axvline(1, color="black", linewidth=0.8)
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=7)
    ax.set_xlabel("ucrypto rate / best peer's rate (log scale; > 1 is faster)")
    ax.set_title(f"ucrypto vs the best of pyca/cryptography and PyCryptodome ({_engines()['cpu_class']})")
    for y, x in enumerate(ratios):
        ax.text(x, y, f" {x:.2f}x", va="center", fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short rounds, for a smoke test")
    parser.add_argument("--chart", default=str(HERE / "compare.png"))
    parser.add_argument("--results", default=str(HERE / "results"))
    args = parser.parse_args()
    rounds, seconds = (3, 0.05) if args.quick else (5, 0.2)
    report = _engines()
    out_lines = []

    def emit(line=""):
        print(line, flush=True)
        out_lines.append(line)

    openssl_before = openssl_rsa2048()
    pem, pub = ucrypto.generate_rsa_keypair(2048)
    # Same key, distinct text: every call misses ucrypto's parsed-key cache.
    pem_pool = [pem + "\n" * i for i in range(200)]
    engines = report["engines"]
    emit(f"# CPU class {report['cpu_class']} (cpu features {cpu_features()}): {machine()}")
    emit(f"# engines: " + ", ".join(f"{k} {v}" for k, v in engines.items()))
    emit(f"# ucrypto {ucrypto.__version__}, cryptography {cryptography.__version__} "
         f"({openssl_backend.openssl_version_text()}), PyCryptodome {Crypto.__version__}; "
         f"{rounds} interleaved rounds of {seconds} s, median")
    emit(f"# command: {' '.join([Path(sys.executable).name] + sys.argv)}")
    emit()
    emit("| workload | engine | unit | ucrypto | cryptography | PyCryptodome | ours / best peer |")
    emit("|---|---|---|---:|---:|---:|---:|")
    chart_rows, results, notes = [], {}, []
    ecb_rate = {}
    for label, unit, fns, scale, kind in workloads(pem_pool, pub, args.quick):
        r = {k: v * scale for k, v in measure(fns, rounds, seconds).items()}
        results[label] = r
        fmt = (lambda x: f"{x:,.0f}") if unit == "ops/s" or max(r.values()) > 100 else (lambda x: f"{x:,.1f}")
        if kind[0] == "buffers":
            emit(f"| {label} | | {unit} | {fmt(r['bytes'])} / {fmt(r['memoryview'])} / {fmt(r['bytearray'])} "
                 f"| | | memoryview {r['memoryview'] / r['bytes']:.2f}x, bytearray {r['bytearray'] / r['bytes']:.2f}x "
                 f"of bytes |")
            continue
        engine = engines.get(f"{kind[1]} {kind[2]}", "") if len(kind) > 2 else ""
        best = max(r["cryptography"], r["PyCryptodome"])
        ratio = r["ucrypto"] / best
        chart_rows.append((label, ratio))
        extra = ""
        if kind[0] in ("parallel", "memory"):
            _, mode, direction, bits, size = kind
            if mode == "ecb" and direction == "encrypt":
                ecb_rate[(bits, size)] = r["ucrypto"]
            elif (bits, size) in ecb_rate:
                extra = f"; {r['ucrypto'] / ecb_rate[(bits, size)]:.2f}x our ECB"
        if kind[0] == "small" and r["PyCryptodome"] > r["cryptography"]:
            extra = f"; {r['ucrypto'] / r['cryptography']:.2f}x cryptography"
        emit(f"| {label} | {engine} | {unit} | {fmt(r['ucrypto'])} | {fmt(r['cryptography'])} "
             f"| {fmt(r['PyCryptodome'])} | {ratio:.2f}x{extra} |")
    one, two = two_thread_speedup(pem, 1.0 if args.quick else 3.0)
    openssl_after = openssl_rsa2048()
    emit()
    emit(f"generate_rsa_signature, same PEM: 1 thread {one:,.0f}/s, 2 threads {two:,.0f}/s: {two / one:.2f}x")
    for name, speed in (("before", openssl_before), ("after", openssl_after)):
        if speed is None:
            continue
        sign, decrypt = speed
        # OpenSSL 3.0 prints no decryption rate; a decryption is the same private-key
        # operation as a signature, so it is held to the signing rate.
        reference = decrypt or sign
        emit(f"openssl speed rsa2048 {name} the run: sign {sign:,.0f}/s; generate_rsa_signature same PEM "
             f"{results['generate_rsa_signature, same PEM']['ucrypto'] / sign:.2f}x, rsa_decrypt same PEM "
             f"{results['rsa_decrypt, same PEM']['ucrypto'] / reference:.2f}x "
             f"(of openssl's {'decrypt' if decrypt else 'sign'} rate)")
    results_dir = Path(args.results)
    results_dir.mkdir(parents=True, exist_ok=True)
    if not args.quick:
        out = results_dir / f"{report['cpu_class']}.md"
        out.write_text("\n".join(out_lines) + "\n")
        print(f"\nresults: {out}")
    try:
        chart(chart_rows, args.chart)
        print(f"chart: {args.chart}")
    except ImportError:
        print("(matplotlib not installed: no chart)")


if __name__ == "__main__":
    main()
