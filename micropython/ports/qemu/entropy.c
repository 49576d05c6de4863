/*
 * TESTS ONLY: the "entropy" of the qemu boards, which have no random number generator.
 *
 * The bare-metal mbedTLS configuration asks the port for mbedtls_hardware_poll. On the
 * emulated boards there is nothing random to read, so this hands out a fixed, predictable
 * stream (a xorshift generator from a constant seed). That is enough to run the tests:
 * RSA blinding and PKCS#1 v1.5 padding work with any bytes, and signatures do not depend
 * on them. It gives NO secrecy: getrandbits and RSA encryption padding are predictable.
 * Never build firmware for a device with this file; real ports have their own generator.
 */
#include <stddef.h>
#include <stdint.h>

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);

static uint32_t crypto_qemu_state = 0x2545f491;

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen) {
    (void)data;
    for (size_t i = 0; i < len; i++) {
        crypto_qemu_state ^= crypto_qemu_state << 13;
        crypto_qemu_state ^= crypto_qemu_state >> 17;
        crypto_qemu_state ^= crypto_qemu_state << 5;
        output[i] = (unsigned char)crypto_qemu_state;
    }
    *olen = len;
    return 0;
}
