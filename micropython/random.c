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
#else
// Other bare-metal ports: the entropy hook their mbedTLS configuration already requires
// (MBEDTLS_ENTROPY_HARDWARE_ALT), which MicroPython implements over the port's
// mp_hal_get_random. The qemu boards have no RNG: their mp_hal_get_random is a fixed
// linear congruential sequence, fit for running tests and for nothing else.
#include "mbedtls/entropy.h"
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);
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

// getrandbits(bits): `bits` rounded up to whole 32-bit words, as the device hands them out.
static mp_obj_t crypto_getrandbits(mp_obj_t bits_in) {
    mp_int_t bits = mp_obj_get_int(bits_in);
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
