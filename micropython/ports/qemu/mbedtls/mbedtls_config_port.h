/*
 * mbedTLS configuration for the qemu port, which has none of its own: the bare-metal
 * variant of MicroPython's shared configuration. Used to test the `crypto` module on an
 * emulated Cortex-M3; not for devices.
 */
#ifndef MICROPY_INCLUDED_CRYPTO_QEMU_MBEDTLS_CONFIG_PORT_H
#define MICROPY_INCLUDED_CRYPTO_QEMU_MBEDTLS_CONFIG_PORT_H

#define MICROPY_MBEDTLS_CONFIG_BARE_METAL (1)

#include "extmod/mbedtls/mbedtls_config_common.h"

// The emulated boards have no clock for mbedTLS to read (no mbedtls_ms_time).
#undef MBEDTLS_HAVE_TIME
#undef MBEDTLS_HAVE_TIME_DATE

#endif // MICROPY_INCLUDED_CRYPTO_QEMU_MBEDTLS_CONFIG_PORT_H
