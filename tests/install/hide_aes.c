/* Hides the ARMv8 Cryptographic Extension (AES, PMULL, SHA-1, SHA-2) from getauxval, so that
 * an aarch64 process this is preloaded into sees a CPU without it, as on a Raspberry Pi 4.
 * Rust's feature detection, RustCrypto's and AWS-LC's all read the CPU's features there;
 * QEMU has no aarch64 model without the extension (tests/install/cpu_classes.py). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <sys/auxv.h>

#define CRYPTO_EXTENSION (HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2)

unsigned long getauxval(unsigned long type) {
    /* The C library's own, found once; a race only looks it up twice. */
    static unsigned long (*real)(unsigned long);
    if (real == NULL) {
        real = (unsigned long (*)(unsigned long))dlsym(RTLD_NEXT, "getauxval");
    }
    unsigned long value = real(type);
    return type == AT_HWCAP ? value & ~(unsigned long)CRYPTO_EXTENSION : value;
}
