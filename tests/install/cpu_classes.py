"""The installed wheel on each x86-64 CPU class, run for real under QEMU's user-mode emulator
(`qemu-x86_64 -cpu MODEL`, Debian's `qemu-user`): the class the module detects there, its
engine table, every AES mode both ways through those engines (the same bytes as the native
run), RSA and JWTs, and the `ucrypto` command's `aes`, `keygen` and `jwt sign`/`verify`.
Emulation checks correctness and that no instruction is assumed; it says nothing of speed.

Called by `check_wheel.py` with the fresh virtualenv it installed the wheel into.
"""

import json
import shutil
import subprocess
import time
from pathlib import Path

PROBE = Path(__file__).with_name("cpu_class_probe.py")
# (QEMU CPU model, the class the module must detect on it). Haswell has AVX2 but no VAES,
# which the engine table counts as x86-64-aesni; `max` under TCG has VAES and no AVX-512.
MODELS = [
    ("qemu64", "no-aes"),
    ("Westmere", "x86-64-aesni"),
    ("Haswell", "x86-64-aesni"),
    ("max", "x86-64-avx2-vaes"),
]


def check(python: str, command: str, env: dict, tmp: Path, run, fail) -> None:
    qemu = shutil.which("qemu-x86_64")
    if qemu is None:
        fail("qemu-x86_64 (Debian's qemu-user) is needed to run each CPU class")
    work = tmp / "cpu-classes"
    work.mkdir()
    run([command, "keygen", "--out", "k.pem", "--pub", "p.pem"], env, work)
    native = json.loads(run([python, str(PROBE), "k.pem", "p.pem"], env, work))
    plain = bytes(range(256)) * 300 + b"tail"
    (work / "plain.bin").write_bytes(plain)
    aes = ["aes", "encrypt", "--mode", "ctr", "--key", "env:AES_KEY", "--counter", "ff" * 16,
           "--in", "plain.bin"]
    aes_env = {**env, "AES_KEY": "00112233445566778899aabbccddeeff"}
    run([command, *aes, "--out", "native.bin"], aes_env, work)
    native_aes = (work / "native.bin").read_bytes()
    started = time.monotonic()
    for model, expected in MODELS:
        emulated = [qemu, "-cpu", model, python]
        t0 = time.monotonic()
        found = json.loads(run([*emulated, str(PROBE), "k.pem", "p.pem"], env, work))
        if (found["detected"], found["cpu_class"]) != (expected, expected):
            fail(f"on {model} the module detected {found['detected']} (using {found['cpu_class']}), "
                 f"expected {expected}")
        if found["digest"] != native["digest"] or found["aes_cases"] != native["aes_cases"]:
            fail(f"on {model} ({expected}) the outputs differ from the native run")
        out = f"{model}.bin"
        run([*emulated, command, *aes, "--out", out], aes_env, work)
        if (work / out).read_bytes() != native_aes:
            fail(f"`ucrypto aes encrypt` on {model} differs from the native run")
        run([*emulated, command, "keygen", "--out", f"{model}.pem", "--pub", f"{model}_pub.pem"], env, work)
        token = run([*emulated, command, "jwt", "sign", "--key", f"{model}.pem", "--claim", "sub=device-1",
                     "--exp-in", "1h"], env, work).strip()
        claims = json.loads(run([*emulated, command, "jwt", "verify", "--pub", f"{model}_pub.pem", token],
                                env, work))
        if claims.get("sub") != "device-1":
            fail(f"`ucrypto jwt verify` on {model} printed {claims}")
        print(f"cpu class {expected} ({model} under qemu-x86_64): detected, engines "
              f"{sorted(set(found['engines'].values()))}, {found['aes_cases']} AES cases and RSA equal to the "
              f"native run, command aes/keygen/jwt sign/verify work ({time.monotonic() - t0:.0f} s)")
    print(f"cpu classes: {len(MODELS)} models emulated in {time.monotonic() - started:.0f} s")
