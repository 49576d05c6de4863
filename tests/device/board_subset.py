# The device suite's tests that `make test` runs on the emulated Raspberry Pi Pico, too slow
# for the whole suite on every run (docs/device.md gives the cost): every function, every AES
# mode and key size, and every error path, once (`make device-test-rp2040` runs them all). run.py puts this file
# after harness.py, whose runner then runs only these; a name suite.py lacks fails the run.
ONLY = (
    "module_surface",
    "getrandbits_rounds_up_to_words",
    "getrandbits_beyond_a_machine_word_is_a_memory_error",
    "a_firmware_without_a_random_generator_says_so",
    "an_aes_object_has_no_finaliser_to_call",
    "device_known_answers",
    "sp800_38a_vectors_one_shot_and_chunked",
    "constructor_errors_exact_messages",
    "missing_iv_or_counter_is_a_clear_value_error",
    "block_modes_reject_partial_blocks_and_keep_state",
    "ctr_counter_wraps_as_one_128_bit_big_endian_number",
    "wrong_types_are_type_errors_that_name_the_argument",
    "rsa_encrypt_limit_is_stated",
    "every_bad_ciphertext_gives_the_same_runtime_error",  # two private-key operations
    "unusable_private_keys_explain_themselves",
    "unusable_public_keys_explain_themselves",
    "key_arguments_and_pers_are_checked",
    # one RS256 signature, one encryption and one decryption, as the seed document writes them
    "seed_examples_run_as_written",
)
