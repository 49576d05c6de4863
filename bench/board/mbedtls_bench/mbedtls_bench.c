/*
 * The limit the crypto module is measured against on a board: mbedTLS's own calls doing
 * the same work, as a C program would make them, each behind one Python call so that the
 * benchmark times all three faces (crypto, cryptolib, this) the same way. Outputs go into
 * a buffer the caller passes, so nothing here allocates from the MicroPython heap.
 *
 * For the benchmark firmware only (bench/board/); it checks nothing a user would need.
 */
#include <string.h>

#include "py/runtime.h"

#include "mbedtls/aes.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/pk.h"
#include "mbedtls/rsa.h"
#include "mbedtls/sha256.h"

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);

// The device module's numbers for its modes.
#define BENCH_ECB (1)
#define BENCH_CBC (2)
#define BENCH_CFB8 (3)
#define BENCH_CFB128 (4)
#define BENCH_CTR (6)

static void bench_check(int err) {
    if (err != 0) {
        mp_raise_msg_varg(&mp_type_RuntimeError, MP_ERROR_TEXT("mbedTLS error -0x%04x"), (unsigned int)-err);
    }
}

static void bench_buffer(mp_obj_t obj, mp_buffer_info_t *info, int flags) {
    mp_get_buffer_raise(obj, info, flags);
}

// Runs `mode` over data into out with a keyed context; `start` (16 bytes) is the IV or
// counter, updated in place.
static int bench_aes_run(mbedtls_aes_context *ctx, int mode, int direction, byte *start, const mp_buffer_info_t *in,
    byte *out) {
    size_t offset = 0;
    unsigned char stream[16];
    switch (mode) {
        case BENCH_ECB:
            for (size_t i = 0; i < in->len; i += 16) {
                int err = mbedtls_aes_crypt_ecb(ctx, direction, (const byte *)in->buf + i, out + i);
                if (err != 0) {
                    return err;
                }
            }
            return 0;
        case BENCH_CBC:
            return mbedtls_aes_crypt_cbc(ctx, direction, in->len, start, in->buf, out);
        case BENCH_CFB8:
            return mbedtls_aes_crypt_cfb8(ctx, direction, in->len, start, in->buf, out);
        case BENCH_CFB128:
            return mbedtls_aes_crypt_cfb128(ctx, direction, in->len, &offset, start, in->buf, out);
        default:
            return mbedtls_aes_crypt_ctr(ctx, in->len, &offset, start, stream, in->buf, out);
    }
}

// aes(mode, key, start, data, out): a context made, keyed for encryption, used and freed.
static mp_obj_t bench_aes(size_t n_args, const mp_obj_t *args) {
    (void)n_args;
    mp_buffer_info_t key, start, in, out;
    bench_buffer(args[1], &key, MP_BUFFER_READ);
    bench_buffer(args[2], &start, MP_BUFFER_RW);
    bench_buffer(args[3], &in, MP_BUFFER_READ);
    bench_buffer(args[4], &out, MP_BUFFER_WRITE);
    mbedtls_aes_context ctx;
    mbedtls_aes_init(&ctx);
    int err = mbedtls_aes_setkey_enc(&ctx, key.buf, key.len * 8);
    if (err == 0) {
        err = bench_aes_run(&ctx, mp_obj_get_int(args[0]), MBEDTLS_AES_ENCRYPT, start.buf, &in, out.buf);
    }
    mbedtls_aes_free(&ctx);
    bench_check(err);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(bench_aes_obj, 5, 5, bench_aes);

// One keyed context kept between calls, for the reused-object rows.
static mbedtls_aes_context bench_kept;

// aes_key(key): keys the kept context for encryption.
static mp_obj_t bench_aes_key(mp_obj_t key_in) {
    mp_buffer_info_t key;
    bench_buffer(key_in, &key, MP_BUFFER_READ);
    mbedtls_aes_init(&bench_kept);
    bench_check(mbedtls_aes_setkey_enc(&bench_kept, key.buf, key.len * 8));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(bench_aes_key_obj, bench_aes_key);

// aes_again(mode, start, data, out): the kept context used once more.
static mp_obj_t bench_aes_again(size_t n_args, const mp_obj_t *args) {
    (void)n_args;
    mp_buffer_info_t start, in, out;
    bench_buffer(args[1], &start, MP_BUFFER_RW);
    bench_buffer(args[2], &in, MP_BUFFER_READ);
    bench_buffer(args[3], &out, MP_BUFFER_WRITE);
    bench_check(bench_aes_run(&bench_kept, mp_obj_get_int(args[0]), MBEDTLS_AES_ENCRYPT, start.buf, &in, out.buf));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(bench_aes_again_obj, 4, 4, bench_aes_again);

static int bench_entropy(void *unused, unsigned char *buf, size_t len) {
    (void)unused;
    while (len > 0) {
        size_t got = 0;
        if (mbedtls_hardware_poll(NULL, buf, len, &got) != 0 || got == 0 || got > len) {
            return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
        }
        buf += got;
        len -= got;
    }
    return 0;
}

// What every RSA call does: read the key (mbedtls_pk_parse_key or _public_key; PEM must
// end in a NUL, as mbedTLS requires) and seed a CTR_DRBG for blinding and padding.
typedef struct {
    mbedtls_pk_context pk;
    mbedtls_ctr_drbg_context drbg;
} bench_rsa_t;

static int bench_rsa_open(bench_rsa_t *r, mp_obj_t key_in, bool private_key) {
    mp_buffer_info_t key;
    bench_buffer(key_in, &key, MP_BUFFER_READ);
    mbedtls_pk_init(&r->pk);
    mbedtls_ctr_drbg_init(&r->drbg);
    static const char pers[] = "esp32-tls";
    int err = mbedtls_ctr_drbg_seed(&r->drbg, bench_entropy, NULL, (const byte *)pers, sizeof(pers) - 1);
    if (err == 0) {
        err = private_key ? mbedtls_pk_parse_key(&r->pk, key.buf, key.len, NULL, 0, mbedtls_ctr_drbg_random, &r->drbg)
            : mbedtls_pk_parse_public_key(&r->pk, key.buf, key.len);
    }
    return err;
}

static void bench_rsa_close(bench_rsa_t *r) {
    mbedtls_pk_free(&r->pk);
    mbedtls_ctr_drbg_free(&r->drbg);
}

// sign(key, message, out): RS256, PKCS#1 v1.5 over SHA-256.
static mp_obj_t bench_sign(mp_obj_t key_in, mp_obj_t message_in, mp_obj_t out_in) {
    mp_buffer_info_t message, out;
    bench_buffer(message_in, &message, MP_BUFFER_READ);
    bench_buffer(out_in, &out, MP_BUFFER_WRITE);
    bench_rsa_t r;
    unsigned char hash[32];
    int err = bench_rsa_open(&r, key_in, true);
    if (err == 0) {
        err = mbedtls_sha256(message.buf, message.len, hash, 0);
    }
    if (err == 0) {
        err = mbedtls_rsa_pkcs1_sign(mbedtls_pk_rsa(r.pk), mbedtls_ctr_drbg_random, &r.drbg, MBEDTLS_MD_SHA256,
            sizeof(hash), hash, out.buf);
    }
    bench_rsa_close(&r);
    bench_check(err);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_3(bench_sign_obj, bench_sign);

// encrypt(public_key, message, out): RSAES-PKCS1-v1_5.
static mp_obj_t bench_encrypt(mp_obj_t key_in, mp_obj_t message_in, mp_obj_t out_in) {
    mp_buffer_info_t message, out;
    bench_buffer(message_in, &message, MP_BUFFER_READ);
    bench_buffer(out_in, &out, MP_BUFFER_WRITE);
    bench_rsa_t r;
    int err = bench_rsa_open(&r, key_in, false);
    if (err == 0) {
        err = mbedtls_rsa_pkcs1_encrypt(mbedtls_pk_rsa(r.pk), mbedtls_ctr_drbg_random, &r.drbg, message.len,
            message.buf, out.buf);
    }
    bench_rsa_close(&r);
    bench_check(err);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_3(bench_encrypt_obj, bench_encrypt);

// decrypt(key, ciphertext, out): RSAES-PKCS1-v1_5; returns the plaintext's length.
static mp_obj_t bench_decrypt(mp_obj_t key_in, mp_obj_t ct_in, mp_obj_t out_in) {
    mp_buffer_info_t ct, out;
    bench_buffer(ct_in, &ct, MP_BUFFER_READ);
    bench_buffer(out_in, &out, MP_BUFFER_WRITE);
    bench_rsa_t r;
    size_t len = 0;
    int err = bench_rsa_open(&r, key_in, true);
    if (err == 0) {
        err = mbedtls_rsa_pkcs1_decrypt(mbedtls_pk_rsa(r.pk), mbedtls_ctr_drbg_random, &r.drbg, &len, ct.buf,
            out.buf, out.len);
    }
    bench_rsa_close(&r);
    bench_check(err);
    return MP_OBJ_NEW_SMALL_INT(len);
}
static MP_DEFINE_CONST_FUN_OBJ_3(bench_decrypt_obj, bench_decrypt);

static const mp_rom_map_elem_t bench_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_mbedtls_bench) },
    { MP_ROM_QSTR(MP_QSTR_aes), MP_ROM_PTR(&bench_aes_obj) },
    { MP_ROM_QSTR(MP_QSTR_aes_key), MP_ROM_PTR(&bench_aes_key_obj) },
    { MP_ROM_QSTR(MP_QSTR_aes_again), MP_ROM_PTR(&bench_aes_again_obj) },
    { MP_ROM_QSTR(MP_QSTR_sign), MP_ROM_PTR(&bench_sign_obj) },
    { MP_ROM_QSTR(MP_QSTR_encrypt), MP_ROM_PTR(&bench_encrypt_obj) },
    { MP_ROM_QSTR(MP_QSTR_decrypt), MP_ROM_PTR(&bench_decrypt_obj) },
};
static MP_DEFINE_CONST_DICT(bench_module_globals, bench_module_globals_table);

const mp_obj_module_t bench_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&bench_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_mbedtls_bench, bench_module);
