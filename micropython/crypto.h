/*
 * The `crypto` module for MicroPython: what its files share.
 *
 * The module reproduces Pycom's `crypto` (see ../docs/device.md) over the port's own
 * mbedTLS. Every function that touches key material or mbedTLS state runs to
 * the end without raising, records what went wrong in a crypto_failure_t, wipes and frees
 * what it used, and only then raises through crypto_raise(): a MicroPython exception is a
 * longjmp, and a longjmp out of the middle would skip the wiping.
 */
#ifndef MICROPY_INCLUDED_CRYPTO_H
#define MICROPY_INCLUDED_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#include "py/obj.h"

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/pk.h"

// The smallest and largest RSA modulus accepted, in bits: the device documents 2048-bit
// keys, and 8192 bits is what mbedTLS's default MBEDTLS_MPI_MAX_SIZE holds.
#define CRYPTO_RSA_MIN_BITS (2048)
#define CRYPTO_RSA_MAX_BITS (8192)

// Why a key could not be used. The messages (errors.c) are the CPython module's.
typedef enum {
    CRYPTO_KEY_OK = 0,
    CRYPTO_KEY_NOT_PEM_OR_DER,
    CRYPTO_KEY_MALFORMED_PEM,
    CRYPTO_KEY_MALFORMED_DER,
    CRYPTO_KEY_UNEXPECTED_LABEL,
    CRYPTO_KEY_ENCRYPTED_PKCS8,
    CRYPTO_KEY_ENCRYPTED_LEGACY_PEM,
    CRYPTO_KEY_NOT_RSA,
    CRYPTO_KEY_PUBLIC_FOR_PRIVATE,
    CRYPTO_KEY_PRIVATE_FOR_PUBLIC,
    CRYPTO_KEY_TOO_SMALL,
    CRYPTO_KEY_TOO_LARGE,
    CRYPTO_KEY_INCONSISTENT,
} crypto_key_problem_t;

// The operation that failed, which picks the exception when mbedTLS reports an error.
typedef enum {
    CRYPTO_OP_AES,
    CRYPTO_OP_RANDOM,
    CRYPTO_OP_SIGN,
    CRYPTO_OP_ENCRYPT,
    CRYPTO_OP_DECRYPT,
} crypto_op_t;

// What went wrong, collected while no exception may be raised.
typedef struct _crypto_failure_t {
    int err;                      // 0, or the mbedTLS code of the call that failed
    bool no_memory;               // an allocation from the MicroPython heap failed
    crypto_key_problem_t problem; // why the key was refused, if it was
    bool private_key;             // whether that key was to be a private one
    size_t bits;                  // the key's size, for TOO_SMALL and TOO_LARGE
    size_t len, max;              // the message and its limit, for a too long message
    char detail[48];              // a PEM label or an algorithm OID, NUL-terminated
} crypto_failure_t;

// Raises `type` with a message formatted from a plain C format string. The module's
// messages with values go through here rather than mp_raise_msg_varg: with ROM text
// compression, MicroPython v1.28 decompresses a varg format into a buffer one byte short
// for the longest message of the build (AddressSanitizer found it), which ours can be.
MP_NORETURN void crypto_raise_fmt(const mp_obj_type_t *type, const char *fmt, ...);

// Raises the exception the CPython module raises for `failure` (never returns).
MP_NORETURN void crypto_raise(const crypto_failure_t *failure, crypto_op_t op);

// The bytes of `obj`, which must have the buffer protocol (`str` gives its UTF-8 bytes);
// otherwise a TypeError that names the argument `what`.
void crypto_get_data(mp_obj_t obj, mp_buffer_info_t *info, const char *what);

// Fills `buf` with bytes from the port's random generator; 0 or an mbedTLS error code.
int crypto_random_fill(unsigned char *buf, size_t len);

// Seeds `drbg` from the port's random generator, personalised with `pers`.
int crypto_drbg_seed(mbedtls_ctr_drbg_context *drbg, const unsigned char *pers, size_t pers_len);

// Reads an RSA key (PEM or DER; PKCS#8, PKCS#1 or SubjectPublicKeyInfo) into `pk`.
// Returns false with `failure` filled in when the key cannot be used.
bool crypto_load_key(mbedtls_pk_context *pk, const byte *key, size_t key_len, bool private_key,
    mbedtls_ctr_drbg_context *drbg, crypto_failure_t *failure);

extern const mp_obj_type_t crypto_aes_type;
MP_DECLARE_CONST_FUN_OBJ_1(crypto_getrandbits_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(crypto_generate_rsa_signature_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(crypto_rsa_encrypt_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(crypto_rsa_decrypt_obj);

#endif // MICROPY_INCLUDED_CRYPTO_H
