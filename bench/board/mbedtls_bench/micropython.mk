# mbedTLS's own calls, for the board benchmark only (bench/board/run.py): never part of a
# firmware anyone runs. Built beside the crypto module by `make micropython-bench`.
MBEDTLS_BENCH_DIR := $(USERMOD_DIR)
SRC_USERMOD_C += $(MBEDTLS_BENCH_DIR)/mbedtls_bench.c
