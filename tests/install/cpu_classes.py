"""The installed wheel on each CPU class of its architecture, run for real under QEMU's
user-mode emulator (`qemu-x86_64 -cpu MODEL`, `qemu-aarch64 -cpu MODEL`, Debian's
`qemu-user`): the class the module detects there, its engine table, every AES mode both ways
through those engines (the same bytes as this machine's own build gives natively), RSA and
JWTs, and the `ucrypto` command's `aes`, `keygen` and `jwt sign`/`verify`. Emulation checks
correctness and that no instruction is assumed; it says nothing of speed.

Every aarch64 model QEMU has carries the ARMv8 Cryptographic Extension, so a CPU without it
(the Raspberry Pi 4's Cortex-A72, say) is made by preloading `hide_aes.c` into the emulated
process: the module must then detect no-aes and still give the same bytes.

Called by `check_wheel.py` with the fresh virtualenv it installed the wheel into.
"""

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PROBE = Path(__file__).with_name("cpu_class_probe.py")
HIDE_AES = Path(__file__).with_name("hide_aes.c")


@dataclass(frozen=True)
class Model:
    qemu: str  # QEMU's name of the CPU model
    expected: str  # the class the module must detect on it
    hide_aes: bool = False  # the ARMv8 Cryptographic Extension hidden from getauxval

    @property
    def name(self) -> str:
        return f"{self.qemu} without AES" if self.hide_aes else self.qemu


MODELS = {
    # Haswell has AVX2 but no VAES, which the engine table counts as x86-64-aesni; `max`
    # under TCG has VAES and no AVX-512.
    "x86_64": [
        Model("qemu64", "no-aes"),
        Model("Westmere", "x86-64-aesni"),
        Model("Haswell", "x86-64-aesni"),
        Model("max", "x86-64-avx2-vaes"),
    ],
    # Raspberry Pi 3 (A53) and 4 (A72) cores, Graviton2 (Neoverse N1), an SVE machine
    # (A64FX) and every feature QEMU has; then the A72 as a Raspberry Pi 4 has it.
    "aarch64": [
        Model("cortex-a53", "aarch64-aes"),
        Model("cortex-a72", "aarch64-aes"),
        Model("neoverse-n1", "aarch64-aes"),
        Model("a64fx", "aarch64-aes"),
        Model("max", "aarch64-aes"),
        Model("cortex-a72", "no-aes", hide_aes=True),
    ],
}


def hide_aes_library(platform, work: Path, fail) -> Path:
    """hide_aes.c built for the platform with zig (the one maturin links the wheels with)."""
    out = work / "hide_aes.so"
    libs = ["-ldl"] if platform.libc == "glibc" else []
    done = subprocess.run([sys.executable, "-m", "ziglang", "cc", "-target", platform.zig_target, "-shared", "-fPIC",
                           "-O2", "-Wall", "-Werror", "-o", str(out), str(HIDE_AES), *libs],
                          capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"zig could not build {HIDE_AES.name} for {platform.zig_target}:\n{done.stderr}")
    return out


AES_KEY = bytes.fromhex("00112233445566778899aabbccddeeff")


def reference_run(work: Path, run, fail) -> dict:
    """A key pair from openssl, and the probe's result from this machine's own build of the
    same source (`make python`), run natively: what every run of the wheel must give."""
    environ = dict(os.environ)
    run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "k.pem"],
        environ, work)
    run(["openssl", "pkey", "-in", "k.pem", "-pubout", "-out", "p.pem"], environ, work)
    if subprocess.run([sys.executable, "-c", "import ucrypto"], capture_output=True).returncode != 0:
        fail(f"{sys.executable} cannot import ucrypto, the native reference: run `make python` first")
    return json.loads(run([sys.executable, str(PROBE), "k.pem", "p.pem"], environ, work))


def ctr_reference(plain: bytes) -> bytes:
    """AES-128-CTR from an independent implementation (cryptography, OpenSSL's): the counter
    starts at 2^128 - 1, so the keystream also crosses the wrap."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    enc = Cipher(algorithms.AES(AES_KEY), modes.CTR(b"\xff" * 16)).encryptor()
    return enc.update(plain) + enc.finalize()


def check(platform, venv: Path, env: dict, tmp: Path, run, fail) -> None:
    work = tmp / "cpu-classes"
    work.mkdir()
    reference = reference_run(work, run, fail)
    plain = bytes(range(256)) * 300 + b"tail"
    (work / "plain.bin").write_bytes(plain)
    aes = ["aes", "encrypt", "--mode", "ctr", "--key", "env:AES_KEY", "--counter", "ff" * 16, "--in", "plain.bin"]
    aes_env = {**env, "AES_KEY": AES_KEY.hex()}
    expected_aes = ctr_reference(plain)
    runs = ([None] if platform.runs_natively else []) + MODELS[platform.arch]
    hidden = hide_aes_library(platform, work, fail) if any(m and m.hide_aes for m in runs) else None
    # Prefixes first, here: the first may unpack the platform's interpreter into the cache.
    prefixes = [platform.emulator(m and m.qemu, fail, {"LD_PRELOAD": str(hidden)} if m and m.hide_aes else None)
                for m in runs]

    def one(model, prefix) -> str:
        """One CPU model's whole check; its line, or fail() (SystemExit, raised again below)."""
        label = "this machine's CPU" if model is None else f"{model.name} under qemu-{platform.arch}"
        emulated = [*prefix, str(venv / "bin/python")]
        command = [*emulated, str(venv / "bin/ucrypto")]
        t0 = time.monotonic()
        found = json.loads(run([*emulated, str(PROBE), "k.pem", "p.pem"], env, work))
        # Natively, the class this machine's own build detects.
        expected = reference["detected"] if model is None else model.expected
        if (found["detected"], found["cpu_class"]) != (expected, expected):
            fail(f"on {label} the module detected {found['detected']} (using {found['cpu_class']}), "
                 f"expected {expected}")
        if found["digest"] != reference["digest"] or found["aes_cases"] != reference["aes_cases"]:
            fail(f"on {label} ({found['detected']}) the outputs differ from this machine's own build")
        tag = "native" if model is None else f"{model.qemu}{'-noaes' if model.hide_aes else ''}"
        run([*command, *aes, "--out", f"{tag}.bin"], aes_env, work)
        if (work / f"{tag}.bin").read_bytes() != expected_aes:
            fail(f"`ucrypto aes encrypt` on {label} differs from cryptography's AES-CTR")
        run([*command, "keygen", "--out", f"{tag}.pem", "--pub", f"{tag}_pub.pem"], env, work)
        token = run([*command, "jwt", "sign", "--key", f"{tag}.pem", "--claim", "sub=device-1", "--exp-in", "1h"],
                    env, work).strip()
        claims = json.loads(run([*command, "jwt", "verify", "--pub", f"{tag}_pub.pem", token], env, work))
        if claims.get("sub") != "device-1":
            fail(f"`ucrypto jwt verify` on {label} printed {claims}")
        return (f"cpu class {found['detected']} ({label}): detected, engines "
                f"{sorted(set(found['engines'].values()))}, {found['aes_cases']} AES cases and RSA equal to the "
                f"native build's, command aes/keygen/jwt sign/verify work ({time.monotonic() - t0:.0f} s)")

    started = time.monotonic()
    # Each emulated run is one thread of QEMU: two at a time use both cores. Every file a run
    # writes is named by its model, and the lines come out in the table's order.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for line in pool.map(one, runs, prefixes):
            print(line)
    print(f"cpu classes: {len(runs)} runs of the {platform.name} wheel in {time.monotonic() - started:.0f} s")
