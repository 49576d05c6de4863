/*
 * Random bytes: crypto.getrandbits, and the seed of the DRBG that feeds RSA blinding and
 * PKCS#1 v1.5 encryption padding. Both read the port's own generator on every call.
 */
#include <errno.h>

#include "py/runtime.h"

#include "mbedtls/platform_util.h"

#include "crypto.h"

#if defined(ESP_PLATFORM)
// ESP-IDF: the hardware RNG, truly random while Wi-Fi or Bluetooth runs (as on Pycom).
#include "esp_random.h"
#elif defined(LIB_PICO_RAND)
// RP2040/RP2350: pico-sdk's generator, which mixes the ring oscillator and other sources.
#include "pico/rand.h"
#elif defined(__linux__)
#include <sys/random.h>
#elif defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#elif defined(CRYPTO_RANDOM_HARDWARE_POLL) || defined(CRYPTO_RANDOM_TEST_ONLY)
// Other bare-metal ports: the entropy hook their mbedTLS configuration already requires
// (MBEDTLS_ENTROPY_HARDWARE_ALT), which MicroPython implements over the port's
// mp_hal_get_random. Whether that is a generator at all depends on the board, so the
// build must say: CRYPTO_RANDOM_HARDWARE_POLL=1 where the board's hook reads a true random
// generator (an STM32 RNG peripheral, say), CRYPTO_RANDOM_TEST_ONLY=1 where it does not
// (the qemu boards' hook is a fixed sequence, fit for running tests and for nothing else;
// such a firmware says so, as crypto._test_only_random).
#include "mbedtls/entropy.h"
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);
#else
#error "crypto: no random generator is known for this port. If its mbedtls_hardware_poll reads a true random generator, build with CFLAGS_EXTRA=-DCRYPTO_RANDOM_HARDWARE_POLL=1; for a test firmware only, -DCRYPTO_RANDOM_TEST_ONLY=1 (see docs/device.md)"
#endif

int crypto_random_fill(unsigned char *buf, size_t len) {
    #if defined(ESP_PLATFORM)
    esp_fill_random(buf, len);
    return 0;
    #elif defined(LIB_PICO_RAND)
    while (len > 0) {
        uint32_t word = get_rand_32();
        size_t n = len < sizeof(word) ? len : sizeof(word);
        memcpy(buf, &word, n);
        mbedtls_platform_zeroize(&word, sizeof(word));
        buf += n;
        len -= n;
    }
    return 0;
    #elif defined(__linux__)
    while (len > 0) {
        ssize_t n = getrandom(buf, len, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
    #elif defined(__unix__) || defined(__APPLE__)
    // getentropy(3) hands out at most 256 bytes a call.
    while (len > 0) {
        size_t n = len < 256 ? len : 256;
        if (getentropy(buf, n) != 0) {
            return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
        }
        buf += n;
        len -= n;
    }
    return 0;
    #else
    while (len > 0) {
        size_t got = 0;
        if (mbedtls_hardware_poll(NULL, buf, len, &got) != 0 || got == 0 || got > len) {
            return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
        }
        buf += got;
        len -= got;
    }
    return 0;
    #endif
}

static int crypto_entropy(void *unused, unsigned char *buf, size_t len) {
    (void)unused;
    return crypto_random_fill(buf, len);
}

int crypto_drbg_seed(mbedtls_ctr_drbg_context *drbg, const unsigned char *pers, size_t pers_len) {
    return mbedtls_ctr_drbg_seed(drbg, crypto_entropy, NULL, pers, pers_len);
}

// The MemoryError for a request beyond this port's machine word (a 32-bit board's
// getrandbits(2**40)), worded as for any other request too large to allocate: the
// CPython module and 64-bit ports get there by failing to allocate. Numbers beyond 64
// bits stay an OverflowError, as there.
static void crypto_getrandbits_too_many(mp_obj_t bits_in) {
    #if MICROPY_LONGINT_IMPL != MICROPY_LONGINT_IMPL_NONE
    if (mp_obj_is_exact_type(bits_in, &mp_type_int)
        && mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS, MP_OBJ_NEW_SMALL_INT(0), bits_in))
        && mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS_EQUAL, bits_in, mp_obj_new_int_from_ll(INT64_MAX)))) {
        // (bits + 31) // 32 * 4 bytes, as big numbers.
        mp_obj_t words = mp_binary_op(MP_BINARY_OP_FLOOR_DIVIDE,
            mp_binary_op(MP_BINARY_OP_ADD, bits_in, MP_OBJ_NEW_SMALL_INT(31)), MP_OBJ_NEW_SMALL_INT(32));
        mp_obj_t len = mp_binary_op(MP_BINARY_OP_MULTIPLY, words, MP_OBJ_NEW_SMALL_INT(4));
        vstr_t text;
        mp_print_t print;
        vstr_init_print(&text, 48, &print);
        mp_printf(&print, "cannot allocate ");
        mp_obj_print_helper(&print, len, PRINT_STR);
        mp_printf(&print, " bytes for getrandbits(");
        mp_obj_print_helper(&print, bits_in, PRINT_STR);
        mp_printf(&print, ")");
        crypto_raise_fmt(&mp_type_MemoryError, "%s", vstr_null_terminated_str(&text));
    }
    #else
    (void)bits_in;
    #endif
}

// getrandbits(bits): `bits` rounded up to whole 32-bit words, as the device hands them out.
static mp_obj_t crypto_getrandbits(mp_obj_t bits_in) {
    mp_int_t bits;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        bits = mp_obj_get_int(bits_in);
        nlr_pop();
    } else {
        crypto_getrandbits_too_many(bits_in);
        nlr_jump(nlr.ret_val);
    }
    if (bits < 0) {
        // The device's unsigned arithmetic wraps and returns b''; a clear error is better.
        mp_raise_ValueError(MP_ERROR_TEXT("the number of bits must not be negative"));
    }
    size_t words = (size_t)bits / 32 + ((size_t)bits % 32 != 0);
    byte *buf = words <= (SIZE_MAX - 1) / 4 ? m_new_maybe(byte, words * 4 + 1) : NULL;
    if (buf == NULL) {
        crypto_raise_fmt(&mp_type_MemoryError, "cannot allocate %lu bytes for getrandbits(%ld)",
            (unsigned long)words * 4, (long)bits);
    }
    vstr_t vstr = { .alloc = words * 4 + 1, .len = words * 4, .buf = (char *)buf, .fixed_buf = false };
    crypto_failure_t failure = { .err = crypto_random_fill(buf, vstr.len) };
    if (failure.err != 0) {
        m_del(byte, buf, vstr.alloc);
        crypto_raise(&failure, CRYPTO_OP_RANDOM);
    }
    return mp_obj_new_bytes_from_vstr(&vstr);
}
MP_DEFINE_CONST_FUN_OBJ_1(crypto_getrandbits_obj, crypto_getrandbits);
