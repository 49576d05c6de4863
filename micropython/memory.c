/*
 * Memory mbedTLS could not get, noticed whatever mbedTLS reports.
 *
 * Some mbedTLS calls turn an allocation failure into another error (a key check that
 * fails for want of memory says only that the check failed), and a board that ran out of
 * memory must say MemoryError, never that a good key is bad. So the module stands between
 * mbedTLS and the allocator the port configured for it, forwards every call, and counts
 * the failures; a call of the module that fails while the count moved raises MemoryError.
 *
 * The count is the module's one piece of shared state. Threads only ever increase it, and
 * a call compares it with its own starting mark, so a failure in another thread at the
 * same moment can at worst make a failing call report MemoryError while memory is indeed
 * exhausted.
 *
 * Where mbedTLS takes its allocator at run time (MBEDTLS_PLATFORM_MEMORY without the
 * fixed-function macros: MicroPython's bare-metal ports, rp2 among them), the watch is
 * installed on the module's first RSA call. ESP-IDF links mbedTLS to its own heap, and
 * ports with a fixed allocator are left as they are: there mbedTLS's own ALLOC_FAILED
 * codes are all there is (errors.c reads those).
 */
#include "py/runtime.h"

#include "mbedtls/platform.h"

#include "crypto.h"

#if defined(MBEDTLS_PLATFORM_MEMORY) && !defined(MBEDTLS_PLATFORM_CALLOC_MACRO) \
    && !defined(MBEDTLS_PLATFORM_FREE_MACRO) && !defined(ESP_PLATFORM)

#if defined(MBEDTLS_PLATFORM_STD_CALLOC)
#define CRYPTO_CALLOC MBEDTLS_PLATFORM_STD_CALLOC
#define CRYPTO_FREE MBEDTLS_PLATFORM_STD_FREE
#else
#include <stdlib.h>
#define CRYPTO_CALLOC calloc
#define CRYPTO_FREE free
#endif

static volatile unsigned int crypto_alloc_failures;
static volatile bool crypto_alloc_watched;

static void *crypto_calloc(size_t n, size_t size) {
    void *p = CRYPTO_CALLOC(n, size);
    if (p == NULL && n != 0 && size != 0) {
        crypto_alloc_failures++;
    }
    return p;
}

static void crypto_free(void *p) {
    CRYPTO_FREE(p);
}

unsigned int crypto_alloc_mark(void) {
    if (!crypto_alloc_watched) {
        // Installing it twice from two threads installs the same two functions.
        mbedtls_platform_set_calloc_free(crypto_calloc, crypto_free);
        crypto_alloc_watched = true;
    }
    return crypto_alloc_failures;
}

bool crypto_alloc_failed_since(unsigned int mark) {
    return crypto_alloc_failures != mark;
}

#else

unsigned int crypto_alloc_mark(void) {
    return 0;
}

bool crypto_alloc_failed_since(unsigned int mark) {
    (void)mark;
    return false;
}

#endif
