"""How far the `crypto` module is checked for the ESP32 without Espressif's toolchain.

    python micropython/tools/esp32_check.py IDF_PATH MICROPYTHON_SRC GENHDR [OUT]

IDF_PATH is an ESP-IDF v5.5.1 tree with components/mbedtls/mbedtls filled, MICROPYTHON_SRC
a MicroPython v1.28.0 tree, GENHDR the genhdr/ folder of any build of that tree with the
module in it (its QSTRs; the rp2 build's serves), OUT a scratch folder. Not part of `make
test`: ESP-IDF is not vendored. It needs `esp-idf-kconfig` (PyPI) in this Python and
`clang-22` (Debian) on PATH. docs/device.md records what it printed. Three steps, each
failing loudly:

1. sdkconfig.h for ESP32_GENERIC: IDF's kconfgen over every component's Kconfig, target
   esp32, with the esp32 port's defaults for that board (boards/sdkconfig.base and .ble),
   as the port's build makes it.
2. mbedTLS as IDF configures it with that sdkconfig (mbedtls/esp_config.h, preprocessed):
   every option the module needs is on, AES and RSA's bignum go to the hardware
   (MBEDTLS_AES_ALT, MBEDTLS_MPI_EXP_MOD_ALT, MBEDTLS_MPI_MUL_MPI_ALT), and the build files'
   switches are not needed there.
3. Each C file of the module checked for Xtensa by clang-22 (preprocessed, parsed and
   type-checked, not linked) against those headers and the esp32 port's, with the port's
   warnings as errors; aes.c and random.c compiled to Xtensa code, where AES calls land on
   IDF's esp_aes_* and randomness on esp_fill_random.
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

MODULE = Path(__file__).resolve().parents[1]
CLANG = "clang-22"
# The ESP32's LX6 core as clang-22 knows it: windowed registers (IDF's ABI), 32-bit
# multiply and divide, the single-precision FPU and the atomics FreeRTOS inlines.
XTENSA = ["--target=xtensa"] + [flag for feature in ("windowed", "mul32", "mul32high", "div32", "fp", "bool",
                                                      "loop", "sext", "nsa", "minmax", "clamps", "mac16",
                                                      "threadptr", "s32c1i", "density", "debug", "exception",
                                                      "highpriinterrupts", "interrupt", "rvector", "timerint",
                                                      "prid", "regprotect", "miscsr", "coprocessor")
                                    for flag in ("-Xclang", "-target-feature", "-Xclang", "+" + feature)]
# What the module calls in mbedTLS, and the options behind it (MBEDTLS_PLATFORM_MEMORY for
# mbedtls_platform_set_calloc_free).
NEEDED = ("MBEDTLS_AES_C", "MBEDTLS_CIPHER_MODE_CBC", "MBEDTLS_CIPHER_MODE_CFB", "MBEDTLS_CIPHER_MODE_CTR",
          "MBEDTLS_RSA_C", "MBEDTLS_PKCS1_V15", "MBEDTLS_BIGNUM_C", "MBEDTLS_BASE64_C", "MBEDTLS_ASN1_PARSE_C",
          "MBEDTLS_OID_C", "MBEDTLS_CTR_DRBG_C", "MBEDTLS_SHA256_C", "MBEDTLS_MD_C", "MBEDTLS_PLATFORM_MEMORY")
HARDWARE = ("MBEDTLS_AES_ALT", "MBEDTLS_MPI_EXP_MOD_ALT", "MBEDTLS_MPI_MUL_MPI_ALT", "MBEDTLS_SHA256_ALT")
CODE_CHECKED = ("aes.c", "random.c")
ESP_AES = ("esp_aes_init", "esp_aes_setkey", "esp_aes_crypt_ecb", "esp_aes_crypt_cbc", "esp_aes_crypt_cfb8",
           "esp_aes_crypt_cfb128", "esp_aes_crypt_ctr")
# The esp32 port compiles with these (ports/esp32/esp32_common.cmake and IDF's defaults).
WARNINGS = ["-Wall", "-Werror", "-Wno-unused-function", "-Wno-unknown-pragmas", "-Wno-gnu-variable-sized-type-not-at-end"]
# Other chips' and hosts' headers.
OTHER_TARGETS = re.compile(r"esp32(s2|s3|c2|c3|c5|c6|c61|h2|h21|h4|p4)|riscv|linux|/test|FreeRTOS-Kernel-SMP")
# IDF's override of newlib's sys/reent.h is written for the newlib 4 of Espressif's
# toolchain; Debian's headers are newlib 3, which declares _global_impure_ptr const. This
# stands in front of both and keeps newlib 3's.
REENT_SHIM = """#pragma once
#include "%s/sys/reent.h"
"""
# Debian's newlib headers have no Xtensa jmp_buf (nlr.h needs one on the esp32 port, which
# uses setjmp); a compile-only check needs a type, not its real length.
SETJMP_SHIM = """#pragma once
#define _JBLEN 64
#include "%s/machine/setjmp.h"
"""


class Failure(Exception):
    pass


def run(cmd: list, **kwargs) -> str:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise Failure("%s failed:\n%s%s" % (" ".join(map(str, cmd[:3])), done.stdout[-3000:], done.stderr[-6000:]))
    return done.stdout


def sdkconfig(idf: Path, port: Path, out: Path) -> Path:
    components = sorted(p for p in (idf / "components").iterdir() if p.is_dir())
    env = {
        "COMPONENT_KCONFIGS": ";".join(str(c / "Kconfig") for c in components if (c / "Kconfig").exists()),
        "COMPONENT_KCONFIGS_PROJBUILD": ";".join(str(c / "Kconfig.projbuild") for c in components
                                                 if (c / "Kconfig.projbuild").exists()),
        "COMPONENT_SDKCONFIG_RENAMES": ";".join(str(f) for c in components
                                                for f in (c / "sdkconfig.rename", c / "sdkconfig.rename.esp32")
                                                if f.exists()),
        "IDF_TARGET": "esp32", "IDF_TOOLCHAIN": "gcc", "IDF_VERSION": "5.5.1", "IDF_ENV_FPGA": "",
        "IDF_PATH": str(idf),
        "COMPONENT_KCONFIGS_SOURCE_FILE": str(out / "kconfigs.in"),
        "COMPONENT_KCONFIGS_PROJBUILD_SOURCE_FILE": str(out / "kconfigs_projbuild.in"),
    }
    (out / "config.env").write_text(json.dumps(env))
    run([sys.executable, idf / "tools" / "kconfig_new" / "prepare_kconfig_files.py", "--list-separator=semicolon",
         "--env-file", out / "config.env"])
    (out / "sdkconfig").unlink(missing_ok=True)
    defaults = [arg for name in ("sdkconfig.base", "sdkconfig.ble") for arg in ("--defaults", port / "boards" / name)]
    run([sys.executable, "-m", "kconfgen", "--list-separator=semicolon", "--kconfig", idf / "Kconfig",
         "--sdkconfig-rename", idf / "sdkconfig.rename", "--config", out / "sdkconfig", *defaults,
         "--env", "IDF_MINIMAL_BUILD=n", "--env-file", out / "config.env", "--output", "header", out / "sdkconfig.h"])
    return out / "sdkconfig.h"


def include_dirs(idf: Path, mp: Path, genhdr: Path, out: Path) -> list:
    components = idf / "components"
    found = sorted(str(d) for d in components.rglob("*") if d.is_dir() and d.name in ("include", "platform_include")
                   and not OTHER_TARGETS.search(str(d.relative_to(components))))
    freertos = components / "freertos"
    shim = out / "libc-shim"
    (shim / "sys").mkdir(parents=True, exist_ok=True)
    (shim / "machine").mkdir(exist_ok=True)
    (shim / "sys" / "reent.h").write_text(REENT_SHIM % libc_headers())
    (shim / "machine" / "setjmp.h").write_text(SETJMP_SHIM % libc_headers())
    first = [shim, out, freertos / "config" / "include" / "freertos", freertos / "FreeRTOS-Kernel" / "include" / "freertos",
             freertos / "FreeRTOS-Kernel" / "portable" / "xtensa" / "include" / "freertos",
             components / "soc" / "esp32" / "register", components / "xtensa" / "esp32" / "include",
             components / "esp_rom" / "esp32" / "include" / "esp32"]
    # The module's genhdr/ sits beside a folder the compiler is told about, as in a port build.
    parent = out / "genhdr-parent"
    parent.mkdir(exist_ok=True)
    link = parent / "genhdr"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(genhdr)
    return [*first, *found, mp, mp / "ports" / "esp32", mp / "ports" / "esp32" / "boards" / "ESP32_GENERIC", parent, MODULE]


def mbedtls_options(dirs: list) -> dict:
    text = run([CLANG, *XTENSA, "-dM", "-E", "-x", "c", "-", "-DMBEDTLS_CONFIG_FILE=\"mbedtls/esp_config.h\"",
                "-nostdinc", "-isystem", libc_headers(), "-isystem", clang_headers(),
                *("-I%s" % d for d in dirs)], input='#include "mbedtls/build_info.h"\n')
    return {line.split()[1]: " ".join(line.split()[2:]) for line in text.splitlines() if line.startswith("#define ")}


def clang_headers() -> str:
    return run([CLANG, "-print-resource-dir"]).strip() + "/include"


def libc_headers() -> str:
    # IDF's toolchain brings newlib; Debian's newlib headers (from the arm-none-eabi
    # package) are the same library's, for another 32-bit target.
    path = Path("/usr/lib/arm-none-eabi/include")
    if not path.is_dir():
        raise Failure("newlib's headers are missing: apt-get install libnewlib-arm-none-eabi")
    return str(path)


def compile_module(dirs: list, out: Path) -> dict:
    """Checks every C file (headers, types, the port's warnings as errors) and compiles to
    Xtensa code the two whose calls are checked: clang-22's Xtensa code generator is young
    and crashes on one function of rsa_key.c, which IDF's GCC is what would compile."""
    flags = ["-std=gnu99", "-Os", "-nostdinc", "-isystem", libc_headers(), "-isystem", clang_headers(),
             "-DESP_PLATFORM", "-DIDF_VER=\"v5.5.1\"", "-DMBEDTLS_CONFIG_FILE=\"mbedtls/esp_config.h\"",
             "-DMICROPY_ESP_IDF_ENTRY=app_main", *WARNINGS, *("-I%s" % d for d in dirs)]
    calls = {}
    for source in sorted(MODULE.glob("*.c")):
        run([CLANG, *XTENSA, "-fsyntax-only", source, *flags])
        if source.name in CODE_CHECKED:
            asm = out / (source.stem + ".s")
            run([CLANG, *XTENSA, "-S", "-o", asm, source, *flags])
            calls[source.name] = set(re.findall(r"\b(esp_\w+|mbedtls_\w+)\b", asm.read_text()))
    return calls


def main(argv: list) -> int:
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    idf, mp, genhdr = (Path(a).resolve() for a in argv[1:4])
    out = Path(argv[4]).resolve() if len(argv) == 5 else Path(tempfile.mkdtemp(prefix="esp32_check."))
    out.mkdir(parents=True, exist_ok=True)
    try:
        version = (idf / "tools" / "cmake" / "version.cmake").read_text()
        got = ".".join(re.search(r"IDF_VERSION_%s (\d+)" % part, version)[1] for part in ("MAJOR", "MINOR", "PATCH"))
        print("ESP-IDF %s at %s" % (got, idf))
        header = sdkconfig(idf, mp / "ports" / "esp32", out)
        settings = {m[0]: m[1] for m in re.findall(r"#define (CONFIG_MBEDTLS_\w+) (\S+)", header.read_text())}
        for name in ("CONFIG_MBEDTLS_HARDWARE_AES", "CONFIG_MBEDTLS_HARDWARE_MPI"):
            if settings.get(name) != "1":
                raise Failure("%s is not set in the ESP32_GENERIC sdkconfig" % name)
        print("1. sdkconfig.h (esp32, ESP32_GENERIC defaults): hardware AES and MPI on; mbedTLS "
              "allocates from %s" % ("IDF's heap (CONFIG_MBEDTLS_DEFAULT_MEM_ALLOC)"
                                     if settings.get("CONFIG_MBEDTLS_DEFAULT_MEM_ALLOC") == "1" else "elsewhere"))
        dirs = include_dirs(idf, mp, genhdr, out)
        options = mbedtls_options(dirs)
        missing = [o for o in NEEDED + HARDWARE if o not in options]
        if missing:
            raise Failure("IDF's mbedTLS configuration lacks %s" % ", ".join(missing))
        print("2. mbedtls/esp_config.h over Mbed TLS %s: %s on; %s on"
              % (options["MBEDTLS_VERSION_STRING"].strip('"'), ", ".join(NEEDED), ", ".join(HARDWARE)))
        calls = compile_module(dirs, out)
        print("3. checked for Xtensa by clang-22 (-Wall -Werror): %s; compiled to Xtensa code: %s"
              % (", ".join(sorted(p.name for p in MODULE.glob("*.c"))), ", ".join(CODE_CHECKED)))
        aes = [f for f in ESP_AES if f not in calls["aes.c"]]
        if aes:
            raise Failure("aes.c does not call %s: AES would not reach the hardware driver" % ", ".join(aes))
        if "esp_fill_random" not in calls["random.c"]:
            raise Failure("random.c does not call esp_fill_random")
        print("   aes.c calls %s; random.c calls esp_fill_random" % ", ".join(ESP_AES))
    except Failure as e:
        print("FAILED: %s" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
