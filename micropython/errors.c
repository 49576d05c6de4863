/*
 * Where failures become exceptions: the one place that knows the exception types and
 * messages. They are the CPython module's (crates/ucrypto-python/src/errors.rs and the
 * core's messages), so that device code and its tests see the same errors on both.
 */
#include <stdarg.h>

#include "py/runtime.h"

#include "mbedtls/asn1.h"
#include "mbedtls/bignum.h"
#include "mbedtls/error.h"
#include "mbedtls/md.h"

#include "crypto.h"

// The largest message PKCS#1 v1.5 encryption leaves room for is the modulus less this.
#define CRYPTO_PKCS1V15_OVERHEAD (11)

// Whether an mbedTLS code (high-level part, low-level part, or both) means that memory
// ran out: what the module's own calls report (bignum arithmetic, and the digest) where
// memory.c cannot watch the allocator.
static bool crypto_is_alloc_error(int err) {
    int high = -((-err) & 0xFF80);
    int low = -((-err) & 0x007F);
    return high == MBEDTLS_ERR_MD_ALLOC_FAILED || low == MBEDTLS_ERR_MPI_ALLOC_FAILED
           || low == MBEDTLS_ERR_ASN1_ALLOC_FAILED;
}

// What is wrong with a key, in the CPython module's words; the device's prefix is added by
// crypto_raise_key. Plain C strings: they are formatted into a vstr, not raised directly.
static const char *crypto_key_problem_text(crypto_key_problem_t problem) {
    switch (problem) {
        case CRYPTO_KEY_NOT_PEM_OR_DER:
            return "no PEM block ('-----BEGIN ...-----') found and the bytes are not DER; pass the key file's contents, not its path";
        case CRYPTO_KEY_MALFORMED_PEM:
            return "the PEM block is damaged (bad base64, a missing END line or a truncated copy); copy the whole file again, from the BEGIN line to the END line";
        case CRYPTO_KEY_UNEXPECTED_LABEL:
            return "a PEM block labelled '%s' is not an RSA key; expected 'PRIVATE KEY', 'RSA PRIVATE KEY', 'PUBLIC KEY' or 'RSA PUBLIC KEY'";
        // The CPython module also offers password= for these two; this module takes none.
        case CRYPTO_KEY_ENCRYPTED_PKCS8:
            return "the key is encrypted with a passphrase (BEGIN ENCRYPTED PRIVATE KEY); export it unencrypted with `openssl pkey -in key.pem -out key_unencrypted.pem`";
        case CRYPTO_KEY_ENCRYPTED_LEGACY_PEM:
            return "the key is encrypted with a passphrase in OpenSSL's legacy PEM format (Proc-Type: 4,ENCRYPTED, as `openssl genrsa -des3` writes it); convert it to the unencrypted PKCS#8 the device takes with `ucrypto key convert private.pem --out private_pkcs8.pem --passin env:PASS`";
        case CRYPTO_KEY_NOT_RSA:
            return "the key is not an RSA key (algorithm OID %s); only RSA keys are supported, make one with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`";
        case CRYPTO_KEY_PUBLIC_FOR_PRIVATE:
            return "this is a public key, but a private key is needed here; pass the private key file (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)";
        case CRYPTO_KEY_PRIVATE_FOR_PUBLIC:
            return "this is a private key, but a public key is expected here; extract the public key with `openssl pkey -in private.pem -pubout -out public.pem`";
        case CRYPTO_KEY_TOO_SMALL:
            return "the key is %u bits, shorter than the smallest accepted size of 2048 bits; make a new key with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`";
        case CRYPTO_KEY_TOO_LARGE:
            return "the key is %u bits, longer than the largest supported size of 8192 bits";
        case CRYPTO_KEY_INCONSISTENT:
            return "the key's numbers are inconsistent or unusable (the RSA engine rejected it); check it with `openssl pkey -in key.pem -check -noout` and regenerate it";
        default:
            return "the key's DER structure is truncated or malformed; regenerate or re-export the key (e.g. `openssl pkey -in key.pem -out fixed.pem`)";
    }
}

static MP_NORETURN void crypto_raise_key(const crypto_failure_t *f) {
    vstr_t problem;
    vstr_init(&problem, 256);
    const char *text = crypto_key_problem_text(f->problem);
    if (f->problem == CRYPTO_KEY_TOO_SMALL || f->problem == CRYPTO_KEY_TOO_LARGE) {
        vstr_printf(&problem, text, (unsigned int)f->bits);
    } else {
        // Only the label and OID problems have a %s; the others print as they are.
        vstr_printf(&problem, text, f->detail);
    }
    // The device's two prefixes: "Private" capitalised, "public" not.
    crypto_raise_fmt(&mp_type_ValueError, f->private_key ? "Invalid Private Key: %s" : "Invalid public key: %s",
        vstr_null_terminated_str(&problem));
}

MP_NORETURN void crypto_raise_fmt(const mp_obj_type_t *type, const char *fmt, ...) {
    vstr_t message;
    vstr_init(&message, 128);
    va_list args;
    va_start(args, fmt);
    vstr_vprintf(&message, fmt, args);
    va_end(args);
    nlr_raise(mp_obj_new_exception_arg1(type, mp_obj_new_str_from_vstr(&message)));
}

MP_NORETURN void crypto_raise(const crypto_failure_t *f, crypto_op_t op) {
    // Only the RSA calls allocate through mbedTLS, and only they take a mark.
    bool rsa = op == CRYPTO_OP_SIGN || op == CRYPTO_OP_ENCRYPT || op == CRYPTO_OP_DECRYPT;
    if (f->no_memory || crypto_is_alloc_error(f->err) || (rsa && crypto_alloc_failed_since(f->alloc_mark))) {
        mp_raise_type(&mp_type_MemoryError);
    }
    if (f->problem != CRYPTO_KEY_OK) {
        crypto_raise_key(f);
    }
    if (f->err == MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED || op == CRYPTO_OP_RANDOM) {
        mp_raise_msg(&mp_type_OSError, MP_ERROR_TEXT("the operating system's random generator failed"));
    }
    switch (op) {
        case CRYPTO_OP_SIGN:
            mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("RSA signing failed"));
        case CRYPTO_OP_ENCRYPT:
            if (f->len > f->max) {
                crypto_raise_fmt(&mp_type_RuntimeError, "Encrypt failed: the message is %lu bytes but this key takes at most %lu bytes with 'pkcs1v15' padding (modulus bytes - %d); encrypt a random AES key with RSA and the data with AES",
                    (unsigned long)f->len, (unsigned long)f->max, CRYPTO_PKCS1V15_OVERHEAD);
            }
            mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("Encrypt failed"));
        case CRYPTO_OP_DECRYPT:
            // One message for every cause, so that no caller can build a padding oracle.
            mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("Decrypt failed"));
        default:
            mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("AES failed"));
    }
}

MP_NORETURN void crypto_raise_not_buffer(mp_obj_t obj, const char *what) {
    crypto_raise_fmt(&mp_type_TypeError,
        "object with buffer protocol required: %s must be bytes, bytearray, memoryview or str, not %s",
        what, mp_obj_get_type_str(obj));
}
