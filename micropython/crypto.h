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
#include "mbedtls/rsa.h"

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
    unsigned int alloc_mark;      // crypto_alloc_mark() when the call began
    char detail[112];             // a PEM label or an algorithm OID, NUL-terminated
} crypto_failure_t;

// A view of bytes inside the caller's key.
typedef struct _crypto_bytes_t {
    const byte *p;
    size_t len;
} crypto_bytes_t;

// An AlgorithmIdentifier: the OID's content octets, and the whole parameters element
// (none when len is 0).
typedef struct _crypto_alg_t {
    crypto_bytes_t oid;
    crypto_bytes_t params;
} crypto_alg_t;

// A PKCS#8 PrivateKeyInfo: its algorithm and private key octets, and whether it has a
// field the RSA engine's reader refuses (a public key, or any field after it).
typedef struct _crypto_pkcs8_t {
    crypto_alg_t alg;
    crypto_bytes_t key;
    bool engine_refuses;
} crypto_pkcs8_t;

// The longest algorithm OID the CPython module reads, in content octets.
#define CRYPTO_OID_MAX_LEN (39)

// An RSAPrivateKey holds n, e, d, p, q, dp, dq and qi, in that order.
#define CRYPTO_RSA_PRIVATE_NUMBERS (8)

// A PEM block of the input: from its BEGIN line to the end of its END line (or of the
// input, when the END line is missing), and its label (up to the first "-----").
typedef struct _crypto_pem_block_t {
    const byte *start;
    size_t len;
    const byte *label;
    size_t label_len;
} crypto_pem_block_t;

// Raises `type` with a message formatted from a plain C format string. The module's
// messages with values go through here rather than mp_raise_msg_varg: with ROM text
// compression, MicroPython v1.28 decompresses a varg format into a buffer one byte short
// for the longest message of the build (AddressSanitizer found it), which ours can be.
MP_NORETURN void crypto_raise_fmt(const mp_obj_type_t *type, const char *fmt, ...);

// Raises the exception the CPython module raises for `failure` (never returns).
MP_NORETURN void crypto_raise(const crypto_failure_t *failure, crypto_op_t op);

// The TypeError for an argument `what` without the buffer protocol.
MP_NORETURN void crypto_raise_not_buffer(mp_obj_t obj, const char *what);

// The bytes of `obj`, which must have the buffer protocol (`str` gives its UTF-8 bytes);
// otherwise a TypeError that names the argument `what`.
static inline void crypto_get_data(mp_obj_t obj, mp_buffer_info_t *info, const char *what) {
    if (!mp_get_buffer(obj, info, MP_BUFFER_READ)) {
        crypto_raise_not_buffer(obj, what);
    }
}

// Fills `buf` with bytes from the port's random generator; 0 or an mbedTLS error code.
int crypto_random_fill(unsigned char *buf, size_t len);

// Seeds `drbg` from the port's random generator, personalised with `pers`.
int crypto_drbg_seed(mbedtls_ctr_drbg_context *drbg, const unsigned char *pers, size_t pers_len);

// Where mbedTLS's allocations are watched (memory.c): a mark taken when a call begins
// tells afterwards whether any allocation failed meanwhile, whatever mbedTLS reported.
unsigned int crypto_alloc_mark(void);
bool crypto_alloc_failed_since(unsigned int mark);

// Reads an RSA key (PEM or DER; PKCS#8, PKCS#1 or SubjectPublicKeyInfo) into `rsa`, by
// the CPython module's rule (rsa_key.c). Returns false with `failure` filled in when the
// key cannot be used.
bool crypto_load_key(mbedtls_rsa_context *rsa, const byte *key, size_t key_len, bool private_key,
    crypto_failure_t *failure);

// Records `problem` in `f`; returns false.
bool crypto_fail(crypto_failure_t *f, crypto_key_problem_t problem);

// PEM text (key_pem.c): the blocks of the input, and the DER of one block when it has the
// strict form (on the MicroPython heap, `der_alloc` bytes; the caller wipes and frees it).
const byte *crypto_find(const byte *hay, size_t hay_len, const char *needle);
bool crypto_pem_next_block(const byte *from, const byte *input_end, crypto_pem_block_t *b);
bool crypto_pem_label_is(const crypto_pem_block_t *b, const char *label);
bool crypto_pem_decode(const crypto_pem_block_t *b, byte **der, size_t *der_len, size_t *der_alloc,
    crypto_failure_t *f);

// Key DER, strictly (key_der.c): each is true when `der` is exactly that structure.
bool crypto_der_pkcs8(const byte *der, size_t len, crypto_pkcs8_t *out);
bool crypto_der_rsa_private(const byte *der, size_t len, crypto_bytes_t numbers[CRYPTO_RSA_PRIVATE_NUMBERS],
    bool *two_prime);
bool crypto_der_spki(const byte *der, size_t len, crypto_alg_t *alg, int *unused, crypto_bytes_t *key);
bool crypto_der_rsa_public(const byte *der, size_t len, crypto_bytes_t numbers[2]);
bool crypto_der_encrypted(const byte *der, size_t len);

extern const mp_obj_type_t crypto_aes_type;
MP_DECLARE_CONST_FUN_OBJ_1(crypto_getrandbits_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(crypto_generate_rsa_signature_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(crypto_rsa_encrypt_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(crypto_rsa_decrypt_obj);

#endif // MICROPY_INCLUDED_CRYPTO_H
