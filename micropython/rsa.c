/*
 * crypto.generate_rsa_signature, crypto.rsa_encrypt and crypto.rsa_decrypt over mbedTLS:
 * RS256 (RSASSA-PKCS1-v1_5 with SHA-256) and RSAES-PKCS1-v1_5, as on the device.
 *
 * Each call reads its key afresh, seeds a CTR_DRBG from the port's generator (for RSA
 * blinding and the random bytes of encryption padding), does its one job without raising,
 * wipes and frees everything, and only then returns or raises (see crypto.h).
 */
#include <string.h>

#include "py/runtime.h"

#include "mbedtls/platform_util.h"
#include "mbedtls/rsa.h"
#include "mbedtls/sha256.h"

#include "crypto.h"

#define CRYPTO_SHA256_LEN (32)
#define CRYPTO_PKCS1V15_OVERHEAD (11)
// Longest personalisation string given to CTR_DRBG as it is; comfortably below its limit
// (MBEDTLS_CTR_DRBG_MAX_SEED_INPUT less the entropy it gathers).
#define CRYPTO_PERS_MAX (128)

// The device's default personalisation string for its DRBG.
static const char crypto_default_pers[] = "esp32-tls";

// One RSA operation's mbedTLS state, on the MicroPython heap.
typedef struct _crypto_rsa_t {
    mbedtls_rsa_context rsa;
    mbedtls_ctr_drbg_context drbg;
} crypto_rsa_t;

// Reads the key, then seeds the DRBG. Returns NULL only when the state itself could not
// be allocated; check `f` either way, and close what is returned.
static crypto_rsa_t *crypto_rsa_open(const mp_buffer_info_t *key, bool private_key,
    const mp_buffer_info_t *pers, crypto_failure_t *f) {
    f->alloc_mark = crypto_alloc_mark();
    crypto_rsa_t *rsa = m_new_maybe(crypto_rsa_t, 1);
    if (rsa == NULL) {
        f->no_memory = true;
        return NULL;
    }
    // PKCS#1 v1.5 is the context's default padding, for signing and encryption alike.
    mbedtls_rsa_init(&rsa->rsa);
    mbedtls_ctr_drbg_init(&rsa->drbg);
    if (!crypto_load_key(&rsa->rsa, key->buf, key->len, private_key, f)) {
        return rsa;
    }
    const byte *pers_bytes = (const byte *)crypto_default_pers;
    size_t pers_len = strlen(crypto_default_pers);
    // CTR_DRBG takes a bounded personalisation string; a longer one (the device takes any
    // length) personalises it through its SHA-256.
    unsigned char pers_hash[CRYPTO_SHA256_LEN];
    if (pers != NULL && pers->len > CRYPTO_PERS_MAX) {
        f->err = mbedtls_sha256(pers->buf, pers->len, pers_hash, 0);
        pers_bytes = pers_hash;
        pers_len = sizeof(pers_hash);
    } else if (pers != NULL) {
        pers_bytes = pers->buf;
        pers_len = pers->len;
    }
    if (f->err == 0) {
        f->err = crypto_drbg_seed(&rsa->drbg, pers_bytes, pers_len);
    }
    mbedtls_platform_zeroize(pers_hash, sizeof(pers_hash));
    return rsa;
}

// Whether `f` records a failure.
static bool crypto_failed(const crypto_failure_t *f) {
    return f->err != 0 || f->no_memory || f->problem != CRYPTO_KEY_OK;
}

static void crypto_rsa_close(crypto_rsa_t *rsa) {
    if (rsa != NULL) {
        mbedtls_rsa_free(&rsa->rsa);
        mbedtls_ctr_drbg_free(&rsa->drbg);
        mbedtls_platform_zeroize(rsa, sizeof(*rsa));
        m_del_obj(crypto_rsa_t, rsa);
    }
}

// An output buffer of `len` bytes, or NULL with the failure recorded.
static byte *crypto_rsa_output(size_t len, crypto_failure_t *f) {
    byte *out = m_new_maybe(byte, len);
    if (out == NULL) {
        f->no_memory = true;
    }
    return out;
}

// The call's result: `len` bytes of `out` as a new bytes object, or the failure raised.
// `out` (of `alloc` bytes) is wiped and freed on every path.
static mp_obj_t crypto_rsa_finish(byte *out, size_t len, size_t alloc, const crypto_failure_t *f, crypto_op_t op) {
    mp_obj_t result = MP_OBJ_NULL;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (crypto_failed(f)) {
            crypto_raise(f, op);
        }
        result = mp_obj_new_bytes(out, len);
        nlr_pop();
    } else {
        if (out != NULL) {
            mbedtls_platform_zeroize(out, alloc);
            m_del(byte, out, alloc);
        }
        nlr_jump(nlr.ret_val);
    }
    mbedtls_platform_zeroize(out, alloc);
    m_del(byte, out, alloc);
    return result;
}

// generate_rsa_signature(message, private_key, *, pers="esp32-tls") -> bytes
//
// RS256 over every byte of `message` (the device stops at the first NUL). `pers` seeds
// the DRBG used for blinding; PKCS#1 v1.5 signatures are deterministic, so it cannot
// change the signature.
static mp_obj_t crypto_generate_rsa_signature(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_message, ARG_private_key, ARG_pers };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_message, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_private_key, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_pers, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    mp_obj_t pers_obj = args[ARG_pers].u_obj;
    mp_buffer_info_t pers, message, key;
    if (pers_obj != mp_const_none) {
        if (!mp_obj_is_str(pers_obj) && !mp_obj_is_type(pers_obj, &mp_type_bytes)
            && !mp_obj_is_type(pers_obj, &mp_type_bytearray)) {
            mp_raise_TypeError(MP_ERROR_TEXT("pers must be str, bytes or bytearray"));
        }
        mp_get_buffer_raise(pers_obj, &pers, MP_BUFFER_READ);
    }
    crypto_get_data(args[ARG_message].u_obj, &message, "message");
    crypto_get_data(args[ARG_private_key].u_obj, &key, "private_key");

    crypto_failure_t f = { 0 };
    byte *sig = NULL;
    size_t sig_len = 0;
    crypto_rsa_t *rsa = crypto_rsa_open(&key, true, pers_obj == mp_const_none ? NULL : &pers, &f);
    if (!crypto_failed(&f)) {
        sig_len = mbedtls_rsa_get_len(&rsa->rsa);
        sig = crypto_rsa_output(sig_len, &f);
    }
    if (!crypto_failed(&f)) {
        unsigned char hash[CRYPTO_SHA256_LEN];
        f.err = mbedtls_sha256(message.buf, message.len, hash, 0);
        if (f.err == 0) {
            f.err = mbedtls_rsa_pkcs1_sign(&rsa->rsa, mbedtls_ctr_drbg_random, &rsa->drbg,
                MBEDTLS_MD_SHA256, CRYPTO_SHA256_LEN, hash, sig);
        }
        mbedtls_platform_zeroize(hash, sizeof(hash));
    }
    crypto_rsa_close(rsa);
    return crypto_rsa_finish(sig, sig_len, sig_len, &f, CRYPTO_OP_SIGN);
}
MP_DEFINE_CONST_FUN_OBJ_KW(crypto_generate_rsa_signature_obj, 0, crypto_generate_rsa_signature);

// The key given by its documented name or by the device's keyword `key`: exactly one.
static mp_obj_t crypto_one_key(const char *function, const char *documented, mp_obj_t by_doc, mp_obj_t by_device) {
    if (by_doc != mp_const_none && by_device != mp_const_none) {
        crypto_raise_fmt(&mp_type_TypeError, "%s() got the key twice: pass either %s= or key=, not both",
            function, documented);
    }
    if (by_doc == mp_const_none && by_device == mp_const_none) {
        crypto_raise_fmt(&mp_type_TypeError, "%s() missing required argument '%s' (or 'key')",
            function, documented);
    }
    return by_doc != mp_const_none ? by_doc : by_device;
}

enum { ARG_message, ARG_doc_key, ARG_key };

// rsa_encrypt(message, public_key) -> bytes; the device's keyword for the key is `key`.
static mp_obj_t crypto_rsa_encrypt(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_message, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_public_key, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_key, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    mp_buffer_info_t key, message;
    crypto_get_data(crypto_one_key("rsa_encrypt", "public_key", args[ARG_doc_key].u_obj, args[ARG_key].u_obj),
        &key, "public_key");
    crypto_get_data(args[ARG_message].u_obj, &message, "message");

    crypto_failure_t f = { 0 };
    byte *out = NULL;
    size_t out_len = 0;
    crypto_rsa_t *rsa = crypto_rsa_open(&key, false, NULL, &f);
    if (!crypto_failed(&f)) {
        size_t modulus_len = mbedtls_rsa_get_len(&rsa->rsa);
        if (message.len > modulus_len - CRYPTO_PKCS1V15_OVERHEAD) {
            f.len = message.len;
            f.max = modulus_len - CRYPTO_PKCS1V15_OVERHEAD;
            f.err = MBEDTLS_ERR_RSA_BAD_INPUT_DATA;
        } else {
            out_len = modulus_len;
            out = crypto_rsa_output(out_len, &f);
        }
    }
    if (!crypto_failed(&f)) {
        f.err = mbedtls_rsa_pkcs1_encrypt(&rsa->rsa, mbedtls_ctr_drbg_random, &rsa->drbg,
            message.len, message.buf, out);
    }
    crypto_rsa_close(rsa);
    return crypto_rsa_finish(out, out_len, out_len, &f, CRYPTO_OP_ENCRYPT);
}
MP_DEFINE_CONST_FUN_OBJ_KW(crypto_rsa_encrypt_obj, 0, crypto_rsa_encrypt);

// rsa_decrypt(message, private_key) -> bytes; the device's keyword for the key is `key`.
// Every ciphertext that is not valid for the key fails with one and the same error.
static mp_obj_t crypto_rsa_decrypt(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_message, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_private_key, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_key, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    mp_buffer_info_t key, message;
    crypto_get_data(crypto_one_key("rsa_decrypt", "private_key", args[ARG_doc_key].u_obj, args[ARG_key].u_obj),
        &key, "private_key");
    crypto_get_data(args[ARG_message].u_obj, &message, "message");

    crypto_failure_t f = { 0 };
    byte *out = NULL;
    size_t out_alloc = 0, out_len = 0;
    crypto_rsa_t *rsa = crypto_rsa_open(&key, true, NULL, &f);
    if (!crypto_failed(&f)) {
        out_alloc = mbedtls_rsa_get_len(&rsa->rsa);
        out = crypto_rsa_output(out_alloc, &f);
    }
    if (!crypto_failed(&f)) {
        // mbedTLS reads exactly a modulus's worth of ciphertext: check the length first.
        f.err = message.len != out_alloc ? MBEDTLS_ERR_RSA_BAD_INPUT_DATA
            : mbedtls_rsa_pkcs1_decrypt(&rsa->rsa, mbedtls_ctr_drbg_random, &rsa->drbg,
            &out_len, message.buf, out, out_alloc);
    }
    crypto_rsa_close(rsa);
    return crypto_rsa_finish(out, out_len, out_alloc, &f, CRYPTO_OP_DECRYPT);
}
MP_DEFINE_CONST_FUN_OBJ_KW(crypto_rsa_decrypt_obj, 0, crypto_rsa_decrypt);
