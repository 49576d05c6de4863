# The `crypto` user C module for CMake-based ports (esp32, rp2):
#   make BOARD=ESP32_GENERIC USER_C_MODULES=<this folder>/micropython.cmake   (ports/esp32)
#   make BOARD=RPI_PICO USER_C_MODULES=<this folder>/micropython.cmake        (ports/rp2)
# Both ports build mbedTLS already (for `tls`); the module adds only its glue.

add_library(usermod_crypto INTERFACE)

target_sources(usermod_crypto INTERFACE
    ${CMAKE_CURRENT_LIST_DIR}/modcrypto.c
    ${CMAKE_CURRENT_LIST_DIR}/aes.c
    ${CMAKE_CURRENT_LIST_DIR}/errors.c
    ${CMAKE_CURRENT_LIST_DIR}/random.c
    ${CMAKE_CURRENT_LIST_DIR}/rsa.c
    ${CMAKE_CURRENT_LIST_DIR}/rsa_key.c
    ${CMAKE_CURRENT_LIST_DIR}/key_der.c
    ${CMAKE_CURRENT_LIST_DIR}/key_pem.c
    ${CMAKE_CURRENT_LIST_DIR}/memory.c
)

target_include_directories(usermod_crypto INTERFACE
    ${CMAKE_CURRENT_LIST_DIR}
)

# ESP-IDF compiles mbedTLS as its own component from sdkconfig, whose defaults already
# enable CFB, CTR and base64: nothing to add there. Elsewhere (rp2) mbedTLS is compiled
# into the firmware with MicroPython's shared configuration, which leaves out CFB, CTR
# and base64 (which PEM keys need; the module reads PEM's framing itself); these
# definitions reach the whole firmware target, mbedTLS included, so the library and the
# module agree. Empty values keep a port config that defines the same name from warning
# about a different redefinition.
if(NOT IDF_TARGET)
    target_compile_definitions(usermod_crypto INTERFACE
        MBEDTLS_CIPHER_MODE_CFB=
        MBEDTLS_CIPHER_MODE_CTR=
        MBEDTLS_BASE64_C=
    )
endif()

target_link_libraries(usermod INTERFACE usermod_crypto)
