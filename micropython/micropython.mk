# The `crypto` user C module for make-based ports (unix, qemu, stm32, ...):
#   make -C ports/unix USER_C_MODULES=<folder holding this micropython/ folder> PROG=<name>
# The port must build mbedTLS (MICROPY_SSL_MBEDTLS=1, as it does for `tls`). The module's
# objects go to $(BUILD)/micropython/, so the unix port's program needs another name than
# its default `micropython`.

CRYPTO_MOD_DIR := $(USERMOD_DIR)

SRC_USERMOD_C += \
	$(CRYPTO_MOD_DIR)/modcrypto.c \
	$(CRYPTO_MOD_DIR)/aes.c \
	$(CRYPTO_MOD_DIR)/errors.c \
	$(CRYPTO_MOD_DIR)/random.c \
	$(CRYPTO_MOD_DIR)/rsa.c \
	$(CRYPTO_MOD_DIR)/rsa_key.c \
	$(CRYPTO_MOD_DIR)/key_der.c \
	$(CRYPTO_MOD_DIR)/key_pem.c \
	$(CRYPTO_MOD_DIR)/memory.c

CFLAGS_USERMOD += -I$(CRYPTO_MOD_DIR)

# MicroPython's shared mbedTLS configuration leaves out what the device module needs:
# CFB (both segment sizes), CTR (enabled only by the unix port), and base64 (for PEM
# keys; the module reads PEM's framing itself, so mbedTLS's PEM reader stays out).
# CFLAGS_USERMOD reaches every file of the build, mbedTLS's own included, so the library
# and this module agree. The values are empty so that a port config that defines the same
# name (unix defines MBEDTLS_CIPHER_MODE_CTR) redefines it identically, which C allows
# without a warning.
CFLAGS_USERMOD += \
	-DMBEDTLS_CIPHER_MODE_CFB= \
	-DMBEDTLS_CIPHER_MODE_CTR= \
	-DMBEDTLS_BASE64_C=
