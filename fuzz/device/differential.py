"""Differential fuzzing of the device module (micropython/) against the CPython module.

    python fuzz/device/differential.py [--seconds 600] [--seed N] [--binary PATH]

Mutates the crafted keys of tests/device/key_corpus.py (as bytes, as PEM re-wrapped
around mutated DER) and RSA ciphertexts, runs each batch through the unix MicroPython
built with AddressSanitizer and UBSan (`make micropython-asan`; --binary picks another)
and through the CPython module in this interpreter, both with outcomes.py, and fails on
any difference in outcome or message, on a sanitizer report or a crash. A batch that
differs is kept in fuzz/device/findings/. Prints what it ran: inputs, outcomes of each
kind, and how many different messages were met. `make fuzz-device` runs it.
"""

import argparse
import base64
import contextlib
import hashlib
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEVICE = ROOT / "tests" / "device"
sys.path.insert(0, str(DEVICE))
from run import device_message  # noqa: E402  (the one difference in wording, and where it is owned)
SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "SUMMARY: UndefinedBehavior")
INTERESTING = (0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0A, 0x0D, 0x20, 0x2D, 0x30, 0x3D, 0x7F, 0x80, 0x81, 0x82,
               0x83, 0x84, 0xA0, 0xA1, 0xFF)
LABELS = (b"PRIVATE KEY", b"RSA PRIVATE KEY", b"PUBLIC KEY", b"RSA PUBLIC KEY", b"ENCRYPTED PRIVATE KEY")
BATCH = 200


def seeds() -> tuple:
    """The corpus keys (bytes) and some ciphertexts for P8's key."""
    import crypto

    scope: dict = {}
    exec((DEVICE / "keys.py").read_text() + (DEVICE / "key_corpus.py").read_text(), scope)
    keys = [k.encode() if isinstance(k, str) else bytes(k) for _, k, _ in scope["cases"]()]
    rand = random.Random(1)
    cts = [bytes.fromhex(scope["CT_KNOWN"])]
    cts += [crypto.rsa_encrypt(bytes(rand.randrange(256) for _ in range(n)), scope["SPKI"]) for n in (0, 1, 100, 245)]
    cts += [bytes(256), b"\xff" * 256, bytes(255)]
    return keys, cts, scope


def pem_body(data: bytes):
    """The DER and label of the first PEM block of data, if it has one that decodes."""
    start = data.find(b"-----BEGIN ")
    if start < 0:
        return None
    head_end = data.find(b"-----", start + 11)
    end = data.find(b"-----END ", head_end)
    if head_end < 0 or end < 0:
        return None
    try:
        return data[start + 11:head_end], base64.b64decode(b"".join(data[head_end + 5:end].split()), validate=False)
    except ValueError:
        return None


def pem_wrap(label: bytes, der: bytes, rand: random.Random) -> bytes:
    body = base64.b64encode(der)
    width = rand.choice((64, 64, 64, 76, 48, 65))
    eol = rand.choice((b"\n", b"\n", b"\r\n", b"\r"))
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return b"-----BEGIN " + label + b"-----" + eol + eol.join(lines) + eol + b"-----END " + label + b"-----" + eol


def mutate(data: bytes, pool: list, rand: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rand.randint(1, 4)):
        choice = rand.randrange(9)
        at = rand.randrange(len(out) + 1) if out else 0
        if choice == 0 and out:
            out[min(at, len(out) - 1)] ^= 1 << rand.randrange(8)
        elif choice == 1 and out:
            out[min(at, len(out) - 1)] = rand.choice(INTERESTING)
        elif choice == 2:
            out[at:at] = bytes([rand.choice(INTERESTING) if rand.random() < 0.5 else rand.randrange(256)])
        elif choice == 3 and out:
            del out[at:at + rand.randint(1, 8)]
        elif choice == 4 and out:
            out[at:at] = out[at:at + rand.randint(1, 16)]
        elif choice == 5 and out:
            del out[rand.randrange(len(out)):]
        elif choice == 6:
            other = rand.choice(pool)
            cut = rand.randrange(len(other) + 1)
            out = out[:at] + bytearray(other[cut:cut + rand.randint(1, 64)]) + out[at:]
        elif choice == 7 and out:
            # A DER length octet nudged: the commonest way a structure goes wrong.
            out[min(at, len(out) - 1)] = (out[min(at, len(out) - 1)] + rand.choice((-1, 1, 0x80))) & 0xFF
        elif choice == 8 and out:
            n = rand.randrange(len(out))
            out[n] = rand.randrange(256)
    return bytes(out)


def make_input(keys: list, cts: list, rand: random.Random) -> str:
    if rand.random() < 0.15:
        ct = rand.choice(cts)
        return "ct " + (ct if rand.random() < 0.1 else mutate(ct, cts, rand)).hex()
    key = rand.choice(keys)
    inner = pem_body(key)
    if inner is not None and rand.random() < 0.5:
        # Mutate the DER inside the PEM (or not), and wrap it again, with its label or
        # another, in lines of another width or ending.
        label, der = inner
        label = label if rand.random() < 0.7 else rand.choice(LABELS)
        der = der if rand.random() < 0.2 else mutate(der, keys, rand)
        return "key " + pem_wrap(label, der, rand).hex()
    return "key " + mutate(key, keys, rand).hex()


def reference(lines: list, scope: dict, path: str) -> str:
    """outcomes.py's output on this interpreter, with our CPython module."""
    code = (HERE / "outcomes.py").read_text()
    out = io.StringIO()
    env = {"P8": scope["P8"], "BATCH": path, "__name__": "__outcomes__"}
    with contextlib.redirect_stdout(out):
        exec(compile(code, "outcomes.py", "exec"), env)
    return "".join(device_message(line) + "\n" for line in out.getvalue().splitlines())


def device(binary: Path, scope: dict, path: str) -> tuple:
    script = "P8 = %r\nBATCH = %r\n" % (scope["P8"], path) + (HERE / "outcomes.py").read_text()
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(script)
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:halt_on_error=1", UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")
    try:
        done = subprocess.run([str(binary), f.name], capture_output=True, text=True, timeout=600, env=env,
                              errors="replace")
    finally:
        os.unlink(f.name)
    return done.returncode, done.stdout, done.stderr


def keep(lines: list, why: str) -> Path:
    findings = HERE / "findings"
    findings.mkdir(exist_ok=True)
    path = findings / (hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16] + ".txt")
    path.write_text("# %s\n%s\n" % (why.replace("\n", "\n# "), "\n".join(lines)))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--binary", type=Path, default=ROOT / "build" / "micropython" / "micropython-asan")
    args = parser.parse_args()
    if not args.binary.exists():
        print("%s is missing: build it with `make micropython-asan`" % args.binary)
        return 1
    keys, cts, scope = seeds()
    rand = random.Random(args.seed)
    counts: dict = {}
    messages: set = set()
    inputs = batches = 0
    deadline = time.monotonic() + args.seconds
    with tempfile.TemporaryDirectory() as d:
        path = str(Path(d) / "batch.txt")
        while time.monotonic() < deadline:
            lines = [make_input(keys, cts, rand) for _ in range(BATCH)]
            Path(path).write_text("\n".join(lines) + "\n")
            want = reference(lines, scope, path)
            code, got, err = device(args.binary, scope, path)
            batches += 1
            if code != 0 or any(r in err for r in SANITIZER_REPORTS) or not got.rstrip().endswith("batch done"):
                kept = keep(lines, "device run failed (exit %s):\n%s" % (code, err[-3000:]))
                print("FAILED: the device module failed on a batch (kept in %s):\n%s" % (kept, err[-3000:]))
                return 1
            if got != want:
                diffs = [(w, g) for w, g in zip(want.splitlines(), got.splitlines()) if w != g]
                kept = keep(lines, "\n".join("CPython: %s\ndevice:  %s" % d for d in diffs[:20]))
                print("FAILED: %d outcomes differ (batch kept in %s), first:\n  CPython: %s\n  device:  %s"
                      % (len(diffs), kept, diffs[0][0][:300], diffs[0][1][:300]))
                return 1
            inputs += len(lines)
            for line in want.splitlines()[:-1]:
                _, op, result = line.split(" ", 2)
                kind = "ok" if result.startswith("ok") else result.split(":", 1)[0]
                counts[(op, kind)] = counts.get((op, kind), 0) + 1
                if not result.startswith("ok"):
                    messages.add(result)
    print("differential fuzzing: seed %d, %.0f s, %d batches, %d inputs, 0 differences" %
          (args.seed, args.seconds, batches, inputs))
    for (op, kind), n in sorted(counts.items()):
        print("  %-8s %-14s %d" % (op, kind, n))
    print("  %d different refusal messages" % len(messages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
