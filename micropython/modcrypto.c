/*
 * The `crypto` module table: Pycom's device API, nothing more (but, on a test firmware
 * without a random generator, the flag that says so).
 *
 * Registered as `crypto` only: the name `ucrypto` belongs to an unrelated MicroPython
 * library on these ports.
 */
#include "py/runtime.h"

#include "crypto.h"

static const mp_rom_map_elem_t crypto_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_crypto) },
    { MP_ROM_QSTR(MP_QSTR_AES), MP_ROM_PTR(&crypto_aes_type) },
    { MP_ROM_QSTR(MP_QSTR_getrandbits), MP_ROM_PTR(&crypto_getrandbits_obj) },
    { MP_ROM_QSTR(MP_QSTR_generate_rsa_signature), MP_ROM_PTR(&crypto_generate_rsa_signature_obj) },
    { MP_ROM_QSTR(MP_QSTR_rsa_encrypt), MP_ROM_PTR(&crypto_rsa_encrypt_obj) },
    { MP_ROM_QSTR(MP_QSTR_rsa_decrypt), MP_ROM_PTR(&crypto_rsa_decrypt_obj) },
    #if defined(CRYPTO_RANDOM_TEST_ONLY)
    // This firmware's random numbers are a fixed sequence (random.c): for tests only.
    { MP_ROM_QSTR(MP_QSTR__test_only_random), MP_ROM_TRUE },
    #endif
};
static MP_DEFINE_CONST_DICT(crypto_module_globals, crypto_module_globals_table);

const mp_obj_module_t crypto_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&crypto_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_crypto, crypto_module);
