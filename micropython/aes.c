/*
 * crypto.AES: the device's cipher object (type AESCipher) over mbedtls_aes_*.
 *
 * One object is one stream: encrypt(a) + encrypt(b) == encrypt(a + b) on a fresh object,
 * in every mode, and encrypt and decrypt share that state, as on the device. None of these
 * modes authenticates the data.
 */
#include <string.h>

#include "py/runtime.h"

#include "mbedtls/aes.h"
#include "mbedtls/platform_util.h"

#include "crypto.h"

#define CRYPTO_AES_BLOCK (16)

// The device's mode and segment numbers.
#define CRYPTO_MODE_ECB (1)
#define CRYPTO_MODE_CBC (2)
#define CRYPTO_MODE_CFB (3)
#define CRYPTO_MODE_CTR (6)
#define CRYPTO_SEGMENT_8 (8)
#define CRYPTO_SEGMENT_128 (128)

// How an object runs: the device's CFB splits in two by segment size.
typedef enum {
    CRYPTO_AES_ECB,
    CRYPTO_AES_CBC,
    CRYPTO_AES_CFB8,
    CRYPTO_AES_CFB128,
    CRYPTO_AES_CTR,
} crypto_aes_mode_t;

// The chaining state: what a call advances, and what a failed call puts back.
typedef struct _crypto_aes_state_t {
    unsigned char iv[CRYPTO_AES_BLOCK];     // IV, CFB register or CTR counter block
    unsigned char stream[CRYPTO_AES_BLOCK]; // CTR keystream not used yet
    size_t offset;                          // position in a CFB128 or CTR block
} crypto_aes_state_t;

typedef struct _crypto_aes_obj_t {
    mp_obj_base_t base;
    mbedtls_aes_context enc;
    mbedtls_aes_context dec; // key schedule for decrypting (ECB and CBC only)
    crypto_aes_state_t state;
    crypto_aes_mode_t mode;
    uint16_t key_bits;
} crypto_aes_obj_t;

static MP_NORETURN void crypto_aes_raise(int err) {
    crypto_failure_t failure = { .err = err };
    crypto_raise(&failure, CRYPTO_OP_AES);
}

// The bytes of an optional argument: false when it is None.
static bool crypto_aes_optional_data(mp_obj_t obj, mp_buffer_info_t *info, const char *what) {
    if (obj == mp_const_none) {
        return false;
    }
    crypto_get_data(obj, info, what);
    return true;
}

// The value of an integer argument. Returns false for an integer that fits in 64 bits but
// not in this port's mp_int_t (32-bit boards): the CPython module reads those as unknown
// numbers, not as an overflow. Raises as mp_obj_get_int otherwise.
static bool crypto_aes_int(mp_obj_t obj, mp_int_t *value) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        *value = mp_obj_get_int(obj);
        nlr_pop();
        return true;
    }
    #if MICROPY_LONGINT_IMPL != MICROPY_LONGINT_IMPL_NONE
    if (mp_obj_is_exact_type(obj, &mp_type_int)
        && mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS_EQUAL, mp_obj_new_int_from_ll(INT64_MIN), obj))
        && mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS_EQUAL, obj, mp_obj_new_int_from_ll(INT64_MAX)))) {
        return false;
    }
    #endif
    nlr_jump(nlr.ret_val);
}

// The device's numbers, read as given; `fits` is false for one beyond this port's mp_int_t.
typedef struct _crypto_aes_number_t {
    mp_obj_t given;
    mp_int_t value;
    bool fits;
} crypto_aes_number_t;

static void crypto_aes_number(mp_obj_t given, crypto_aes_number_t *number) {
    number->given = given;
    number->value = 0;
    number->fits = crypto_aes_int(given, &number->value);
}

// The mode an object runs, from the device's arguments, checked in the device's order:
// mode, start value (IV or counter), counter outside CTR, segment size.
static crypto_aes_mode_t crypto_aes_mode(const crypto_aes_number_t *mode_number, bool has_iv, const mp_buffer_info_t *iv,
    bool has_counter, const mp_buffer_info_t *counter, const crypto_aes_number_t *segment) {
    mp_obj_t mode_obj = mode_number->given;
    mp_int_t mode = mode_number->value, segment_size = segment->value;
    bool segment_fits = segment->fits;
    if (!mode_number->fits || (mode != CRYPTO_MODE_ECB && mode != CRYPTO_MODE_CBC
                               && mode != CRYPTO_MODE_CFB && mode != CRYPTO_MODE_CTR)) {
        vstr_t number;
        mp_print_t print;
        vstr_init_print(&number, 24, &print);
        mp_obj_print_helper(&print, mp_obj_is_int(mode_obj) ? mode_obj : MP_OBJ_NEW_SMALL_INT(mode), PRINT_STR);
        crypto_raise_fmt(&mp_type_ValueError, "Unknown cipher feedback mode %s", vstr_null_terminated_str(&number));
    }
    if (mode == CRYPTO_MODE_CBC || mode == CRYPTO_MODE_CFB) {
        if (!has_iv) {
            // The device silently uses an all-zero IV here.
            mp_raise_ValueError(MP_ERROR_TEXT("IV is required for MODE_CBC and MODE_CFB: pass IV= a 16-byte value (random, never reused with the same key)"));
        }
        if (iv->len != CRYPTO_AES_BLOCK) {
            mp_raise_ValueError(MP_ERROR_TEXT("IV must be 16 bytes long"));
        }
    }
    if (mode == CRYPTO_MODE_CTR) {
        if (!has_counter) {
            // The device raises a TypeError here.
            mp_raise_ValueError(MP_ERROR_TEXT("counter is required for MODE_CTR: pass counter= a 16-byte initial counter block (never reused with the same key)"));
        }
        if (counter->len != CRYPTO_AES_BLOCK) {
            mp_raise_ValueError(MP_ERROR_TEXT("Initial counter value must be 16 bytes long"));
        }
    } else if (has_counter) {
        mp_raise_ValueError(MP_ERROR_TEXT("'counter' parameter only useful with CTR mode"));
    }
    switch (mode) {
        case CRYPTO_MODE_ECB:
            return CRYPTO_AES_ECB;
        case CRYPTO_MODE_CBC:
            return CRYPTO_AES_CBC;
        case CRYPTO_MODE_CTR:
            return CRYPTO_AES_CTR;
        default:
            if (segment_fits && segment_size == CRYPTO_SEGMENT_8) {
                return CRYPTO_AES_CFB8;
            } else if (segment_fits && segment_size == CRYPTO_SEGMENT_128) {
                return CRYPTO_AES_CFB128;
            }
            mp_raise_ValueError(MP_ERROR_TEXT("segment_size must be 8 or 128"));
    }
}

// AES(key, mode=AES.MODE_ECB, IV=None, counter=None, segment_size=8)
static mp_obj_t crypto_aes_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_key, ARG_mode, ARG_IV, ARG_counter, ARG_segment_size };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_key, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_mode, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_INT(CRYPTO_MODE_ECB)} },
        { MP_QSTR_IV, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_counter, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_segment_size, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_INT(CRYPTO_SEGMENT_8)} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    // The numbers are read first, as the CPython module's argument parser does.
    crypto_aes_number_t mode_number, segment;
    crypto_aes_number(args[ARG_mode].u_obj, &mode_number);
    crypto_aes_number(args[ARG_segment_size].u_obj, &segment);
    mp_buffer_info_t key, iv, counter;
    crypto_get_data(args[ARG_key].u_obj, &key, "key");
    bool has_iv = crypto_aes_optional_data(args[ARG_IV].u_obj, &iv, "IV");
    bool has_counter = crypto_aes_optional_data(args[ARG_counter].u_obj, &counter, "counter");
    if (key.len != 16 && key.len != 24 && key.len != 32) {
        mp_raise_ValueError(MP_ERROR_TEXT("AES key must be either 16, 24, or 32 bytes long"));
    }
    crypto_aes_mode_t mode = crypto_aes_mode(&mode_number, has_iv, &iv, has_counter, &counter, &segment);

    // The finaliser wipes the key schedule when the object is collected.
    crypto_aes_obj_t *self = mp_obj_malloc_with_finaliser(crypto_aes_obj_t, type);
    self->mode = mode;
    self->key_bits = key.len * 8;
    memset(&self->state, 0, sizeof(self->state));
    if (mode == CRYPTO_AES_CTR) {
        memcpy(self->state.iv, counter.buf, CRYPTO_AES_BLOCK);
    } else if (mode != CRYPTO_AES_ECB) {
        memcpy(self->state.iv, iv.buf, CRYPTO_AES_BLOCK);
    }
    mbedtls_aes_init(&self->enc);
    mbedtls_aes_init(&self->dec);
    int err = mbedtls_aes_setkey_enc(&self->enc, key.buf, self->key_bits);
    if (err == 0 && (mode == CRYPTO_AES_ECB || mode == CRYPTO_AES_CBC)) {
        err = mbedtls_aes_setkey_dec(&self->dec, key.buf, self->key_bits);
    }
    if (err != 0) {
        mbedtls_aes_free(&self->enc);
        mbedtls_aes_free(&self->dec);
        crypto_aes_raise(err);
    }
    return MP_OBJ_FROM_PTR(self);
}

// Runs `len` bytes through the object's mode, advancing its state.
static int crypto_aes_run(crypto_aes_obj_t *self, int direction, size_t len, const unsigned char *in, unsigned char *out) {
    crypto_aes_state_t *s = &self->state;
    mbedtls_aes_context *block = direction == MBEDTLS_AES_ENCRYPT ? &self->enc : &self->dec;
    switch (self->mode) {
        case CRYPTO_AES_ECB:
            for (size_t i = 0; i < len; i += CRYPTO_AES_BLOCK) {
                int err = mbedtls_aes_crypt_ecb(block, direction, in + i, out + i);
                if (err != 0) {
                    return err;
                }
            }
            return 0;
        case CRYPTO_AES_CBC:
            return mbedtls_aes_crypt_cbc(block, direction, len, s->iv, in, out);
        // CFB and CTR run the cipher forwards in both directions.
        case CRYPTO_AES_CFB8:
            return mbedtls_aes_crypt_cfb8(&self->enc, direction, len, s->iv, in, out);
        case CRYPTO_AES_CFB128:
            return mbedtls_aes_crypt_cfb128(&self->enc, direction, len, &s->offset, s->iv, in, out);
        default:
            return mbedtls_aes_crypt_ctr(&self->enc, len, &s->offset, s->iv, s->stream, in, out);
    }
}

static mp_obj_t crypto_aes_process(mp_obj_t self_in, mp_obj_t data_in, int direction) {
    crypto_aes_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_buffer_info_t data;
    crypto_get_data(data_in, &data, "data");
    if ((self->mode == CRYPTO_AES_ECB || self->mode == CRYPTO_AES_CBC) && data.len % CRYPTO_AES_BLOCK != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("Input strings must be a multiple of 16 in length"));
    }
    vstr_t vstr;
    vstr_init_len(&vstr, data.len);
    // Kept so that a call that fails after all leaves the object as it was.
    crypto_aes_state_t before = self->state;
    int err = crypto_aes_run(self, direction, data.len, data.buf, (unsigned char *)vstr.buf);
    mp_obj_t result = MP_OBJ_NULL;
    if (err == 0) {
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            result = mp_obj_new_bytes_from_vstr(&vstr);
            nlr_pop();
        } else {
            self->state = before;
            mbedtls_platform_zeroize(&before, sizeof(before));
            nlr_jump(nlr.ret_val);
        }
    } else {
        self->state = before;
        vstr_clear(&vstr);
    }
    mbedtls_platform_zeroize(&before, sizeof(before));
    if (err != 0) {
        crypto_aes_raise(err);
    }
    return result;
}

// encrypt(data) -> bytes
static mp_obj_t crypto_aes_encrypt(mp_obj_t self_in, mp_obj_t data) {
    return crypto_aes_process(self_in, data, MBEDTLS_AES_ENCRYPT);
}
static MP_DEFINE_CONST_FUN_OBJ_2(crypto_aes_encrypt_obj, crypto_aes_encrypt);

// decrypt(data) -> bytes
static mp_obj_t crypto_aes_decrypt(mp_obj_t self_in, mp_obj_t data) {
    return crypto_aes_process(self_in, data, MBEDTLS_AES_DECRYPT);
}
static MP_DEFINE_CONST_FUN_OBJ_2(crypto_aes_decrypt_obj, crypto_aes_decrypt);

#if MICROPY_ENABLE_FINALISER
static mp_obj_t crypto_aes_del(mp_obj_t self_in) {
    crypto_aes_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mbedtls_aes_free(&self->enc);
    mbedtls_aes_free(&self->dec);
    mbedtls_platform_zeroize(&self->state, sizeof(self->state));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(crypto_aes_del_obj, crypto_aes_del);
#endif

static void crypto_aes_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    static const char *const names[] = {
        "MODE_ECB", "MODE_CBC", "MODE_CFB, segment_size=8", "MODE_CFB, segment_size=128", "MODE_CTR",
    };
    crypto_aes_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<AESCipher AES-%u %s>", (unsigned int)self->key_bits, names[self->mode]);
}

static const mp_rom_map_elem_t crypto_aes_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_encrypt), MP_ROM_PTR(&crypto_aes_encrypt_obj) },
    { MP_ROM_QSTR(MP_QSTR_decrypt), MP_ROM_PTR(&crypto_aes_decrypt_obj) },
    #if MICROPY_ENABLE_FINALISER
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&crypto_aes_del_obj) },
    #endif
    { MP_ROM_QSTR(MP_QSTR_MODE_ECB), MP_ROM_INT(CRYPTO_MODE_ECB) },
    { MP_ROM_QSTR(MP_QSTR_MODE_CBC), MP_ROM_INT(CRYPTO_MODE_CBC) },
    { MP_ROM_QSTR(MP_QSTR_MODE_CFB), MP_ROM_INT(CRYPTO_MODE_CFB) },
    { MP_ROM_QSTR(MP_QSTR_MODE_CTR), MP_ROM_INT(CRYPTO_MODE_CTR) },
    { MP_ROM_QSTR(MP_QSTR_SEGMENT_8), MP_ROM_INT(CRYPTO_SEGMENT_8) },
    { MP_ROM_QSTR(MP_QSTR_SEGMENT_128), MP_ROM_INT(CRYPTO_SEGMENT_128) },
};
static MP_DEFINE_CONST_DICT(crypto_aes_locals_dict, crypto_aes_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    crypto_aes_type,
    MP_QSTR_AESCipher,
    MP_TYPE_FLAG_NONE,
    make_new, crypto_aes_make_new,
    print, crypto_aes_print,
    locals_dict, &crypto_aes_locals_dict
    );
