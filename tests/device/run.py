"""Runs the device tests on every face of the `crypto` module.

    python tests/device/run.py [suite|cross|corpus|hostile|cost|rp2040|rp2040-full|rp2040-rest|all]

suite:   suite.py on CPython (this interpreter, with our extension), on the unix MicroPython
         (also its sanitizer build) and on the Cortex-M3 firmware under QEMU.
cross:   cross.py on CPython, the unix MicroPython and the board; their `aes`, `sig` and
         `msg` (exception type and message, less the password hint) lines must be identical; ciphertexts made inside MicroPython must decrypt with the
         CPython module and with `openssl pkeyutl`, and theirs inside MicroPython.
hostile: hostile.py on the unix MicroPython, on its AddressSanitizer/UBSan build (any
         sanitizer report fails the run) and on the board.
cost:    cost.py on the board under QEMU's -icount (instructions counted exactly): a new AES
         object and one message cost no more than cryptolib's, in the same run.
corpus:  key_corpus.py's crafted keys on CPython (the reference), the unix MicroPython, its
         sanitizer build and the board: every `key` line (outcome, exception type and
         message of signing, encrypting and decrypting with each key) must be identical.
rp2040:  the suite's board subset (board_subset.py) on the Raspberry Pi Pico firmware under
         the rp2040js emulator (tests/device/rp2040/), through the emulated USB serial port;
         then pico_w.py on the Pico W firmware: a TLS handshake inside it beside `crypto`.
rp2040-full: suite, cross, hostile and corpus on that emulated Pico (slow: docs/device.md), as
         two emulators side by side: suite and cross here, rp2040-rest (hostile, corpus) beside.
all:     suite, cross, corpus, hostile and cost, with rp2040 running beside them in a process of
         its own (the emulator is one busy thread; the other faces take the other core).

The MicroPython binaries are the ones `make micropython`, `make micropython-asan` and
`make micropython-qemu` leave in build/micropython/, the Picos' .uf2 files the ones `make
micropython-rp2` leaves there, and rp2040js what `make rp2040js` installs in
build/rp2040js/; a missing one is a failure, never a skip. The boards are driven by
MicroPython's tools/pyboard.py (MP_SRC_DIR names the source tree; the Makefile sets it).
Prints each face's closing line and exits non-zero on any failure.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "build" / "micropython"
UNIX = OUT / "micropython"
ASAN = OUT / "micropython-asan"
FIRMWARE = OUT / "firmware-mps2-an385.elf"
QEMU = "qemu-system-arm -machine mps2-an385 -nographic -monitor null -semihosting -serial pty -kernel %s"
# Every instruction one nanosecond of the board's clock: its SysTick counts instructions.
QEMU_ICOUNT = QEMU + " -icount shift=0"
ICOUNT = ROOT / "bench" / "board" / "icount.py"
PICO = OUT / "firmware-rpi_pico.uf2"
PICO_W = OUT / "firmware-rpi_pico_w.uf2"
RP2040JS = ROOT / "build" / "rp2040js"
# Generous: the emulated RP2040 is slow (docs/device.md), the more so on a busy machine.
RP2040_TIMEOUT = 4 * 3600
# The faces that are boards: small heap, no filesystem.
BOARDS = ("board", "rp2040")
# Generous: the slowest run (hostile under ASan) takes well under a minute here.
TIMEOUT = 900
SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "SUMMARY: UndefinedBehavior")


class Failure(Exception):
    pass


def source(*names: str, prefix: str = "") -> str:
    return prefix + "".join((HERE / name).read_text() + "\n" for name in names)


def mp_source_dir() -> Path:
    given = os.environ.get("MP_SRC_DIR")
    if given:
        return Path(given)
    tarball = ROOT.parent / "shared" / "vendor" / "micropython-1.28.0.tar.gz"
    src = tarball if tarball.exists() else ""
    done = subprocess.run([str(ROOT / "micropython" / "tools" / "source.sh"), str(src), str(OUT)],
                          capture_output=True, text=True, check=True)
    return Path(done.stdout.strip())


def require(path: Path) -> None:
    if not path.exists():
        raise Failure("%s is missing: build it with `make %s`" % (path, {
            UNIX: "micropython", ASAN: "micropython-asan", FIRMWARE: "micropython-qemu", PICO: "micropython-rp2",
            PICO_W: "micropython-rp2", RP2040JS / "node_modules" / "rp2040js": "rp2040js"}[path]))


def run_cpython(script: str) -> tuple:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "script.py"
        path.write_text(script)
        done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=TIMEOUT)
    return done.returncode, done.stdout, done.stderr


def run_unix(binary: Path, script: str) -> tuple:
    require(binary)
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = "detect_leaks=1:halt_on_error=1"
    env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "script.py"
        path.write_text(script)
        done = subprocess.run([str(binary), str(path)], capture_output=True, text=True, timeout=TIMEOUT,
                              env=env, errors="replace")
    for report in SANITIZER_REPORTS:
        if report in done.stderr:
            raise Failure("sanitizer report from %s:\n%s" % (binary.name, done.stderr[-4000:]))
    return done.returncode, done.stdout, done.stderr


def run_pyboard(device: str, script: str, timeout: int) -> tuple:
    pyboard = mp_source_dir() / "tools" / "pyboard.py"
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "script.py"
        path.write_text(script)
        done = subprocess.run([sys.executable, str(pyboard), "--device", "execpty:" + device, str(path)],
                              capture_output=True, text=True, timeout=timeout, errors="replace")
    return done.returncode, done.stdout, done.stderr


def run_board(script: str, qemu: str = QEMU) -> tuple:
    require(FIRMWARE)
    return run_pyboard(qemu % FIRMWARE, script, TIMEOUT)


def run_rp2040(script: str, uf2: Path = PICO) -> tuple:
    require(uf2)
    require(RP2040JS / "node_modules" / "rp2040js")
    if shutil.which("node") is None:
        raise Failure("node is not on PATH: `tools/setup.sh test` installs it (Debian's nodejs)")
    # One log per process: two emulated runs may go side by side (rp2040-full).
    log = OUT / ("emulator-%s-%d.log" % (uf2.stem, os.getpid()))
    device = " ".join(map(str, (sys.executable, HERE / "rp2040" / "pty_bridge.py", RP2040JS, uf2, log)))
    result = run_pyboard(device, "ONE_CORE_EMULATED = True\n" + script, RP2040_TIMEOUT)
    # The bridge writes the emulator's CPU time as it ends, just after pyboard.py returns.
    for _ in range(50):
        text = log.read_text(errors="replace") if log.exists() else ""
        cost = [line for line in text.splitlines() if line.startswith("emulator: ")]
        if cost:
            print("%-8s %-8s %s" % ("", uf2.stem.replace("firmware-", ""), cost[-1]))
            break
        time.sleep(0.1)
    return result


FACES = {
    "cpython": run_cpython,
    "unix": lambda script: run_unix(UNIX, script),
    "asan": lambda script: run_unix(ASAN, script),
    "board": run_board,
    "rp2040": run_rp2040,
}


def closing(face: str, what: str, result: tuple) -> int:
    """Checks a run's `N passed, M failed` line; returns N."""
    code, out, err = result
    lines = out.strip().splitlines()
    match = re.fullmatch(r"(\d+) passed, (\d+) failed", lines[-1].strip()) if lines else None
    print("%-8s %-8s %s" % (what, face, lines[-1].strip() if lines else "(no output)"))
    if code != 0 or match is None or int(match[2]) != 0 or int(match[1]) == 0:
        raise Failure("%s on %s failed (exit %s):\n%s\n%s" % (what, face, code, out[-4000:], err[-4000:]))
    return int(match[1])


def suite(faces: tuple = ("cpython", "unix", "asan", "board")) -> None:
    script = source("keys.py", "harness.py", "suite.py")
    for face in faces:
        closing(face, "suite", FACES[face](script))


def board_subset() -> None:
    closing("rp2040", "subset", run_rp2040(source("keys.py", "harness.py", "board_subset.py", "suite.py")))


def pico_w() -> None:
    keys: dict = {}
    exec((HERE / "keys.py").read_text(), keys)
    with tempfile.TemporaryDirectory() as d:
        key = Path(d) / "key.pem"
        key.write_text(keys["P8"])
        cert = subprocess.run(["openssl", "req", "-new", "-x509", "-key", str(key), "-subj", "/CN=pico", "-days", "2",
                               "-outform", "DER"], capture_output=True, check=True).stdout
        key_der = subprocess.run(["openssl", "pkey", "-in", str(key), "-outform", "DER"],
                                 capture_output=True, check=True).stdout
    script = source("keys.py", "harness.py", "pico_w.py", prefix="CERT_DER = %r\nKEY_DER = %r\n" % (cert, key_der))
    closing("pico-w", "tls", run_rp2040(script, PICO_W))


def hostile(faces: tuple = ("unix", "asan", "board")) -> None:
    for face in faces:
        parts = ("keys.py", "harness.py", "rand.py", "hostile.py") if face in BOARDS else ("keys.py", "keys_large.py", "harness.py", "rand.py", "hostile.py")
        closing(face, "hostile", FACES[face](source(*parts)))


def cost() -> None:
    code, out, err = run_board(ICOUNT.read_text() + "\n" + source("cost.py"), QEMU_ICOUNT)
    for line in out.splitlines():
        if line.startswith("cost "):
            print("%-8s %-8s %s" % ("cost", "board", line[5:].strip()))
    if code != 0 or "cost done" not in out:
        raise Failure("cost.py on the board failed (exit %s):\n%s\n%s" % (code, out[-3000:], err[-3000:]))


def corpus(faces: tuple = ("unix", "asan", "board")) -> None:
    script = source("keys.py", "key_corpus.py") + "run_corpus()\n"
    code, reference, err = run_cpython(script)
    if code != 0:
        raise Failure("key_corpus.py on CPython failed:\n%s" % err[-3000:])
    want = [device_message(line) for line in reference.splitlines() if line.startswith("key ")]
    for face in faces:
        code, out, err = FACES[face](script)
        lines = out.splitlines()
        if code != 0 or not lines or not lines[-1].startswith("corpus done"):
            raise Failure("key_corpus.py on %s failed (exit %s):\n%s\n%s" % (face, code, out[-3000:], err[-3000:]))
        got = [line.strip() for line in lines if line.startswith("key ")]
        differing = ["\n  CPython: %s\n  %s: %s" % (w, face, g) for w, g in zip(want, got) if w != g]
        if len(got) != len(want) or differing:
            raise Failure("%s differs from CPython on %d of %d lines (%d vs %d):%s"
                          % (face, len(differing), len(want), len(got), len(want), "".join(differing[:8])))
        print("%-8s %-8s %s: %d outcomes identical to CPython" % ("corpus", face, lines[-1].strip(), len(got)))


def openssl_decrypt(private_pem: str, ct: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        key = Path(d) / "key.pem"
        key.write_text(private_pem)
        done = subprocess.run(["openssl", "pkeyutl", "-decrypt", "-inkey", str(key)], input=ct,
                              capture_output=True, check=True)
    return done.stdout


def openssl_encrypt(public_pem: str, message: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        key = Path(d) / "pub.pem"
        key.write_text(public_pem)
        done = subprocess.run(["openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", str(key)], input=message,
                              capture_output=True, check=True)
    return done.stdout


COMPARED = ("aes ", "sig ", "dec ", "msg ")
# The one deliberate difference in messages: the device module takes no password.
PASSWORD_HINT = "pass password=, or "


def device_message(line: str) -> str:
    """A CPython line as the device module words it."""
    return line.replace(PASSWORD_HINT, "")


def cross(faces: tuple = ("unix", "board")) -> None:
    import crypto

    keys: dict = {}
    exec((HERE / "keys.py").read_text(), keys)
    # Ciphertexts made outside MicroPython, for it to decrypt: by the CPython module and by
    # openssl, of messages with every byte value and length class.
    messages = [b"", b"\x00", bytes(range(200)), b"\xff" * 245, "seed example".encode()]
    foreign, plain = [], []
    for m in messages:
        for ct in (crypto.rsa_encrypt(m, keys["SPKI"]), openssl_encrypt(keys["SPKI"], m)):
            foreign.append(ct.hex())
            plain.append(m.hex())
    script = source("keys.py", "rand.py", "cross.py", prefix="FOREIGN = %r\n" % foreign)
    code, reference, err = run_cpython(script)
    if code != 0:
        raise Failure("cross.py on CPython failed:\n%s" % err)
    want = [device_message(line) for line in reference.splitlines() if line.startswith(COMPARED)]
    for face in faces:
        code, out, err = FACES[face](script)
        lines = out.splitlines()
        if code != 0 or not lines or lines[-1].strip() != "cross done":
            raise Failure("cross.py on %s failed (exit %s):\n%s\n%s" % (face, code, out[-3000:], err[-3000:]))
        got = [line.strip() for line in lines if line.startswith(COMPARED)]
        differing = [(w, g) for w, g in zip(want, got) if w != g]
        if len(got) != len(want) or differing:
            raise Failure("%s differs from CPython (%d vs %d lines): %s" % (face, len(got), len(want), differing[:3]))
        decs = [line.split()[2] for line in got if line.startswith("dec ")]
        if decs != [m or "-" for m in plain]:
            raise Failure("%s decrypted foreign ciphertexts wrongly" % face)
        encs = [line.split() for line in lines if line.startswith("enc ")]
        for _, message, ct in encs:
            msg = b"" if message == "-" else bytes.fromhex(message)
            ct = bytes.fromhex(ct)
            if crypto.rsa_decrypt(ct, keys["P8"]) != msg or openssl_decrypt(keys["P8"], ct) != msg:
                raise Failure("%s: a ciphertext made in MicroPython does not decrypt outside it" % face)
        print("%-8s %-8s %d AES cases, %d signatures, %d foreign ciphertexts and %d error messages identical "
              "to CPython; %d ciphertexts decrypt with CPython and openssl"
              % ("cross", face, sum(l.startswith("aes ") for l in got), sum(l.startswith("sig ") for l in got),
                 len(decs), sum(l.startswith("msg ") for l in got), len(encs)))


def main(argv: list) -> int:
    what = argv[1] if len(argv) > 1 else "all"
    on_rp2040 = ("rp2040",)
    jobs = {"suite": [suite], "cross": [cross], "hostile": [hostile], "corpus": [corpus], "cost": [cost],
            "rp2040": [board_subset, pico_w],
            "rp2040-full": [lambda: suite(on_rp2040), lambda: cross(on_rp2040)],
            "rp2040-rest": [lambda: hostile(on_rp2040), lambda: corpus(on_rp2040)],
            "all": [suite, cross, corpus, hostile, cost]}[what]
    # The emulator is one busy thread. With everything, the emulated Picos run beside the
    # other faces; the whole emulated run is two emulators side by side. Each in a process
    # of its own, whose report follows.
    beside = {"all": "rp2040", "rp2040-full": "rp2040-rest"}.get(what)
    if beside is not None:
        beside = subprocess.Popen([sys.executable, __file__, beside], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
    try:
        for job in jobs:
            job()
        if beside is not None:
            out, _ = beside.communicate(timeout=RP2040_TIMEOUT)
            print(out, end="")
            if beside.returncode != 0:
                return 1
    except (Failure, subprocess.TimeoutExpired, subprocess.CalledProcessError) as e:
        print("FAILED: %s" % e)
        return 1
    finally:
        if beside is not None and beside.poll() is None:
            beside.kill()
            beside.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
