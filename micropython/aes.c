/*
 * crypto.AES: the device's cipher object (type AESCipher) over mbedtls_aes_*.
 *
 * One object is one stream: encrypt(a) + encrypt(b) == encrypt(a + b) on a fresh object,
 * in every mode, and encrypt and decrypt share that state, as on the device. None of these
 * modes authenticates the data.
 *
 * Device code makes an object per message, mostly a short one, so the object costs what
 * it must and no more: it holds only what its mode uses; a block-mode object (ECB, CBC)
 * makes its key schedule on first use, for the direction used (one that only encrypts
 * never computes the decryption schedule), keeping the key for the other; and every
 * allocation a call needs happens before its state advances, so that a call that fails
 * leaves the object as it was. On ports whose threads run without a GIL, each object has
 * a lock, as the CPython module's do: one thread at a time advances a stream.
 */
#include <string.h>

#include "py/mpstate.h"
#include "py/mpthread.h"
#include "py/objstr.h"
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

// Threads that run without a GIL need a lock per object; with a GIL, a call holds it.
#define CRYPTO_AES_LOCKED (MICROPY_PY_THREAD && !MICROPY_PY_THREAD_GIL)
// Whether mbedTLS's AES is an alternative implementation (ESP-IDF's hardware AES). mbedTLS's
// own fails only on lengths, which are checked first, and its context starts as zeros; an
// alternative one may fail on its own (then the state a call started from is put back)
// and set its context up otherwise.
#if defined(MBEDTLS_AES_ALT) || defined(MBEDTLS_AES_ENCRYPT_ALT) || defined(MBEDTLS_AES_DECRYPT_ALT)
#define CRYPTO_AES_ALT (1)
#else
#define CRYPTO_AES_ALT (0)
#endif
// The direction the schedule is made for, when none is made yet.
#define CRYPTO_AES_UNKEYED (-1)

// Where a CFB128 or CTR stream is within its block.
typedef struct _crypto_aes_position_t {
    unsigned char stream[CRYPTO_AES_BLOCK]; // CTR keystream not used yet
    size_t offset;                          // position in the CFB128 or CTR block
} crypto_aes_position_t;

typedef struct _crypto_aes_obj_t {
    mp_obj_base_t base;
    mbedtls_aes_context ctx;                // the key schedule for `keyed`
    unsigned char iv[CRYPTO_AES_BLOCK];     // IV, CFB register or CTR counter
    uint8_t mode;                           // a crypto_aes_mode_t
    uint8_t key_len;                        // 16, 24 or 32; 0 once wiped
    int8_t keyed;                           // MBEDTLS_AES_ENCRYPT, _DECRYPT or CRYPTO_AES_UNKEYED
    #if CRYPTO_AES_LOCKED
    mp_thread_mutex_t lock;
    #endif
    // Only the part the mode uses is allocated (crypto_aes_tail).
    union {
        crypto_aes_position_t position;     // CFB128 and CTR
        unsigned char key[32];              // ECB and CBC: for the schedule of either direction
    } tail;
} crypto_aes_obj_t;

// The bytes of `tail` an object of `mode` uses.
static size_t crypto_aes_tail(crypto_aes_mode_t mode, size_t key_len) {
    switch (mode) {
        case CRYPTO_AES_ECB:
        case CRYPTO_AES_CBC:
            return key_len;
        case CRYPTO_AES_CFB8:
            return 0;
        default:
            return sizeof(crypto_aes_position_t);
    }
}

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

static MP_NOINLINE void crypto_aes_number_slow(mp_obj_t given, crypto_aes_number_t *number) {
    number->value = 0;
    number->fits = crypto_aes_int(given, &number->value);
}

static inline void crypto_aes_number(mp_obj_t given, crypto_aes_number_t *number) {
    number->given = given;
    number->fits = true;
    if (mp_obj_is_small_int(given)) {
        number->value = MP_OBJ_SMALL_INT_VALUE(given);
    } else {
        crypto_aes_number_slow(given, number);
    }
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
    enum { ARG_key, ARG_mode, ARG_IV, ARG_counter, ARG_segment_size, ARG_COUNT };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_key, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_mode, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_INT(CRYPTO_MODE_ECB)} },
        { MP_QSTR_IV, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_counter, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_segment_size, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_INT(CRYPTO_SEGMENT_8)} },
    };
    mp_obj_t args[ARG_COUNT];
    if (n_kw == 0 && n_args >= 1 && n_args <= ARG_COUNT) {
        // The common call, AES(key, mode, IV), by position: no keywords to match.
        args[ARG_key] = all_args[ARG_key];
        args[ARG_mode] = n_args > ARG_mode ? all_args[ARG_mode] : MP_OBJ_NEW_SMALL_INT(CRYPTO_MODE_ECB);
        args[ARG_IV] = n_args > ARG_IV ? all_args[ARG_IV] : mp_const_none;
        args[ARG_counter] = n_args > ARG_counter ? all_args[ARG_counter] : mp_const_none;
        args[ARG_segment_size] = n_args > ARG_segment_size ? all_args[ARG_segment_size]
            : MP_OBJ_NEW_SMALL_INT(CRYPTO_SEGMENT_8);
    } else {
        mp_arg_val_t parsed[ARG_COUNT];
        mp_arg_parse_all_kw_array(n_args, n_kw, all_args, ARG_COUNT, allowed_args, parsed);
        for (size_t i = 0; i < ARG_COUNT; i++) {
            args[i] = parsed[i].u_obj;
        }
    }

    // The numbers are read first, as the CPython module's argument parser does.
    crypto_aes_number_t mode_number, segment;
    crypto_aes_number(args[ARG_mode], &mode_number);
    crypto_aes_number(args[ARG_segment_size], &segment);
    mp_buffer_info_t key, iv, counter;
    crypto_get_data(args[ARG_key], &key, "key");
    bool has_iv = crypto_aes_optional_data(args[ARG_IV], &iv, "IV");
    bool has_counter = crypto_aes_optional_data(args[ARG_counter], &counter, "counter");
    if (key.len != 16 && key.len != 24 && key.len != 32) {
        mp_raise_ValueError(MP_ERROR_TEXT("AES key must be either 16, 24, or 32 bytes long"));
    }
    crypto_aes_mode_t mode = crypto_aes_mode(&mode_number, has_iv, &iv, has_counter, &counter, &segment);

    // The finaliser wipes the key and its schedule when the object is collected.
    size_t tail = crypto_aes_tail(mode, key.len);
    crypto_aes_obj_t *self = mp_obj_malloc_var_with_finaliser(crypto_aes_obj_t, tail, byte, tail, type);
    self->mode = mode;
    self->key_len = key.len;
    self->keyed = CRYPTO_AES_UNKEYED;
    if (mode != CRYPTO_AES_ECB) {
        memcpy(self->iv, mode == CRYPTO_AES_CTR ? counter.buf : iv.buf, CRYPTO_AES_BLOCK);
    }
    #if !MICROPY_GC_CONSERVATIVE_CLEAR || CRYPTO_AES_ALT
    // A conservatively clearing heap gives mbedTLS's own context the zeros it starts as.
    mbedtls_aes_init(&self->ctx);
    #endif
    #if CRYPTO_AES_LOCKED
    mp_thread_mutex_init(&self->lock);
    #endif
    if (mode == CRYPTO_AES_ECB || mode == CRYPTO_AES_CBC) {
        memcpy(self->tail.key, key.buf, key.len);
    } else {
        memset(&self->tail, 0, tail);
        // CFB and CTR run the cipher forwards in both directions: one schedule, made now.
        int err = mbedtls_aes_setkey_enc(&self->ctx, key.buf, key.len * 8);
        if (err != 0) {
            crypto_aes_raise(err);
        }
        self->keyed = MBEDTLS_AES_ENCRYPT;
    }
    return MP_OBJ_FROM_PTR(self);
}

// Runs `len` bytes through the object's mode, advancing its state; first, for ECB and
// CBC, makes the key schedule the direction needs if the object has another or none.
static int crypto_aes_run(crypto_aes_obj_t *self, int direction, size_t len, const unsigned char *in, unsigned char *out) {
    if (self->keyed != direction && (self->mode == CRYPTO_AES_ECB || self->mode == CRYPTO_AES_CBC)) {
        int err = direction == MBEDTLS_AES_ENCRYPT ? mbedtls_aes_setkey_enc(&self->ctx, self->tail.key, self->key_len * 8)
            : mbedtls_aes_setkey_dec(&self->ctx, self->tail.key, self->key_len * 8);
        self->keyed = err == 0 ? direction : CRYPTO_AES_UNKEYED;
        if (err != 0) {
            return err;
        }
    }
    crypto_aes_position_t *at = &self->tail.position;
    switch (self->mode) {
        case CRYPTO_AES_ECB:
            for (size_t i = 0; i < len; i += CRYPTO_AES_BLOCK) {
                int err = mbedtls_aes_crypt_ecb(&self->ctx, direction, in + i, out + i);
                if (err != 0) {
                    return err;
                }
            }
            return 0;
        case CRYPTO_AES_CBC:
            return mbedtls_aes_crypt_cbc(&self->ctx, direction, len, self->iv, in, out);
        case CRYPTO_AES_CFB8:
            return mbedtls_aes_crypt_cfb8(&self->ctx, direction, len, self->iv, in, out);
        case CRYPTO_AES_CFB128:
            return mbedtls_aes_crypt_cfb128(&self->ctx, direction, len, &at->offset, self->iv, in, out);
        default:
            return mbedtls_aes_crypt_ctr(&self->ctx, len, &at->offset, self->iv, at->stream, in, out);
    }
}

static mp_obj_t crypto_aes_process(mp_obj_t self_in, mp_obj_t data_in, int direction) {
    crypto_aes_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_buffer_info_t data;
    crypto_get_data(data_in, &data, "data");
    if ((self->mode == CRYPTO_AES_ECB || self->mode == CRYPTO_AES_CBC) && data.len % CRYPTO_AES_BLOCK != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("Input strings must be a multiple of 16 in length"));
    }
    if (self->key_len == 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("this AES object has been wiped; make a new one"));
    }
    // The result is allocated whole before the state advances: nothing can fail after it.
    mp_obj_str_t *result = mp_obj_malloc(mp_obj_str_t, &mp_type_bytes);
    byte *out = m_new(byte, data.len + 1);
    #if CRYPTO_AES_LOCKED
    mp_thread_mutex_lock(&self->lock, 1);
    #endif
    #if CRYPTO_AES_ALT
    unsigned char iv[CRYPTO_AES_BLOCK];
    crypto_aes_position_t position;
    bool positioned = self->mode == CRYPTO_AES_CFB128 || self->mode == CRYPTO_AES_CTR;
    memcpy(iv, self->iv, sizeof(iv));
    if (positioned) {
        position = self->tail.position;
    }
    #endif
    int err = crypto_aes_run(self, direction, data.len, data.buf, out);
    #if CRYPTO_AES_ALT
    if (err != 0) {
        memcpy(self->iv, iv, sizeof(iv));
        if (positioned) {
            self->tail.position = position;
        }
    }
    mbedtls_platform_zeroize(iv, sizeof(iv));
    mbedtls_platform_zeroize(&position, sizeof(position));
    #endif
    #if CRYPTO_AES_LOCKED
    mp_thread_mutex_unlock(&self->lock);
    #endif
    if (err != 0) {
        m_del(byte, out, data.len + 1);
        crypto_aes_raise(err);
    }
    out[data.len] = '\0';
    result->len = data.len;
    result->data = out;
    // 0: not computed yet; MicroPython hashes such bytes when it first needs to.
    result->hash = 0;
    return MP_OBJ_FROM_PTR(result);
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
    mbedtls_aes_free(&self->ctx);
    mbedtls_platform_zeroize(&self->tail, crypto_aes_tail(self->mode, self->key_len));
    mbedtls_platform_zeroize(self->iv, sizeof(self->iv));
    self->key_len = 0;
    self->keyed = CRYPTO_AES_UNKEYED;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(crypto_aes_del_obj, crypto_aes_del);

// The finaliser is found as `__del__`, but only by the collector while it sweeps: the
// CPython module has no such method, and one that device code could call would wipe a
// live object.
static void crypto_aes_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR___del__
        && (MP_STATE_THREAD(gc_lock_depth) & GC_COLLECT_FLAG)) {
        dest[0] = MP_OBJ_FROM_PTR(&crypto_aes_del_obj);
        dest[1] = self_in;
    } else if (dest[0] == MP_OBJ_NULL) {
        // Everything else is looked up in the type's methods and constants.
        dest[1] = MP_OBJ_SENTINEL;
    }
}
#endif

static void crypto_aes_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    static const char *const names[] = {
        "MODE_ECB", "MODE_CBC", "MODE_CFB, segment_size=8", "MODE_CFB, segment_size=128", "MODE_CTR",
    };
    crypto_aes_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<AESCipher AES-%u %s>", (unsigned int)self->key_len * 8, names[self->mode]);
}

static const mp_rom_map_elem_t crypto_aes_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_encrypt), MP_ROM_PTR(&crypto_aes_encrypt_obj) },
    { MP_ROM_QSTR(MP_QSTR_decrypt), MP_ROM_PTR(&crypto_aes_decrypt_obj) },
    { MP_ROM_QSTR(MP_QSTR_MODE_ECB), MP_ROM_INT(CRYPTO_MODE_ECB) },
    { MP_ROM_QSTR(MP_QSTR_MODE_CBC), MP_ROM_INT(CRYPTO_MODE_CBC) },
    { MP_ROM_QSTR(MP_QSTR_MODE_CFB), MP_ROM_INT(CRYPTO_MODE_CFB) },
    { MP_ROM_QSTR(MP_QSTR_MODE_CTR), MP_ROM_INT(CRYPTO_MODE_CTR) },
    { MP_ROM_QSTR(MP_QSTR_SEGMENT_8), MP_ROM_INT(CRYPTO_SEGMENT_8) },
    { MP_ROM_QSTR(MP_QSTR_SEGMENT_128), MP_ROM_INT(CRYPTO_SEGMENT_128) },
};
static MP_DEFINE_CONST_DICT(crypto_aes_locals_dict, crypto_aes_locals_dict_table);

#if MICROPY_ENABLE_FINALISER
MP_DEFINE_CONST_OBJ_TYPE(
    crypto_aes_type,
    MP_QSTR_AESCipher,
    MP_TYPE_FLAG_NONE,
    make_new, crypto_aes_make_new,
    print, crypto_aes_print,
    attr, crypto_aes_attr,
    locals_dict, &crypto_aes_locals_dict
    );
#else
MP_DEFINE_CONST_OBJ_TYPE(
    crypto_aes_type,
    MP_QSTR_AESCipher,
    MP_TYPE_FLAG_NONE,
    make_new, crypto_aes_make_new,
    print, crypto_aes_print,
    locals_dict, &crypto_aes_locals_dict
    );
#endif
