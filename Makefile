# The two commands: `make demo` (build everything, run the seed's examples end to end) and
# `make test` (every check CI runs). Both set up what they need in .venv on first use.

VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
export VIRTUAL_ENV := $(abspath $(VENV))
export PATH := $(abspath $(VENV))/bin:$(PATH)

.PHONY: demo test fmt-check clippy rust-test cli python python-test stubtest bench fuzz clean

demo: python cli
	$(PY) examples/demo.py
	UCRYPTO=$(abspath $(VENV))/bin/ucrypto examples/cli_demo.sh

test: fmt-check clippy rust-test python python-test stubtest

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings

rust-test:
	cargo test --workspace

$(VENV)/.deps: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The command line, installed into the virtualenv (`. .venv/bin/activate` puts it on PATH).
cli: $(VENV)/.deps
	cargo build --release -p ucrypto-cli
	install -m 755 target/release/ucrypto $(VENV)/bin/ucrypto

# Build the extension and install it into the virtualenv, the way `pip install .` does.
python: $(VENV)/.deps
	$(PY) -m pip install --quiet --no-build-isolation --no-deps --force-reinstall .

python-test: python cli
	UCRYPTO_BIN=$(abspath $(VENV))/bin/ucrypto $(PY) -m pytest -q

# The .pyi stubs must describe the real module.
stubtest: python
	$(PY) -m mypy.stubtest ucrypto crypto

# Benchmarks are not tests: they print rates and ratios and draw bench/compare.png.
bench: python
	$(PY) -m pip install --quiet -r requirements-bench.txt
	$(PY) bench/compare.py

# Fuzzing (not part of `make test`): every target for FUZZ_SECONDS each. cargo-fuzz needs
# nightly flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := private_key public_key rsa_decrypt aes_sequence
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
	cd fuzz && for t in $(FUZZ_TARGETS); do mkdir -p corpus/$$t && \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run -O $$t corpus/$$t seeds/$$t -- -max_total_time=$(FUZZ_SECONDS) \
	  -print_final_stats=1 || exit 1; done

clean:
	cargo clean
	rm -rf $(VENV) .pytest_cache .mypy_cache
