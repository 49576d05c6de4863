"""The board benchmark: instructions per call on the Cortex-M3 board, under QEMU's -icount.

    python bench/board/run.py FIRMWARE.elf MICROPYTHON_SOURCE [RESULTS.md]

Runs bench/board/bench.py (after tests/device/keys.py) on the benchmark firmware that
`make micropython-bench` builds (the device module, mainline's cryptolib and mbedTLS's own
calls in one firmware), prints the table with each row's ratio to cryptolib and to
mbedTLS, and writes it to RESULTS.md (default bench/results/board-mps2-an385.md). Not a
test: `make bench-board` runs it. The counts are exact and repeat on any machine.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
M3 = "Cortex-M3 (MPS2-AN385)"
PICO = "Raspberry Pi Pico (RP2040, emulated)"
QEMU = ("qemu-system-arm -machine mps2-an385 -nographic -monitor null -semihosting -serial pty "
        "-icount shift=0 -kernel %s")


def run_board(firmware: Path, source: Path, part: str) -> str:
    keys = (ROOT / "tests" / "device" / "keys.py").read_text() + "\n" if part != "aes" else ""
    script = "PART = %r\n" % part + keys + (HERE / "icount.py").read_text() + (HERE / "bench.py").read_text()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bench.py"
        path.write_text(script)
        done = subprocess.run([sys.executable, str(source / "tools" / "pyboard.py"), "--device",
                               "execpty:" + QEMU % firmware, str(path)], capture_output=True, text=True,
                              timeout=3600, errors="replace")
    if done.returncode != 0 or "done" not in done.stdout.split():
        sys.exit("the benchmark failed on the board (exit %d):\n%s\n%s" % (done.returncode, done.stdout[-3000:],
                                                                          done.stderr[-3000:]))
    return done.stdout


def ratio(ours: str, theirs: str) -> str:
    return "%.3fx" % (int(ours) / int(theirs)) if theirs != "-" and ours != "-" else ""


def thousands(count: str) -> str:
    if count == "-":
        return "—"
    n = int(count)
    return "%.1fM" % (n / 1e6) if n >= 10_000_000 else "%.1fk" % (n / 1e3)


def table(output: str) -> str:
    lines = [
        "| one call | `crypto` | `cryptolib` | mbedTLS's own calls | vs `cryptolib` | vs mbedTLS |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    heap = []
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("row "):
            name, ours, lib, limit = line[4:].split("|")
            lines.append("| %s | %s | %s | %s | %s | %s |" % (name, thousands(ours), thousands(lib),
                                                             thousands(limit), ratio(ours, lib), ratio(ours, limit)))
        elif line.startswith("heap "):
            what, amount = line[5:].split("|")
            heap.append("- %s: %s" % (what, amount + " bytes" if amount.isdigit() else amount))
    return "\n".join(lines) + "\n\nHeap:\n\n" + "\n".join(heap) + "\n"


def heap_of(output: str, board: str) -> str:
    """The `heap` lines of a board's output, each naming the board."""
    lines = (line.strip() for line in output.splitlines())
    return "".join("heap %s, %s\n" % (board, line[5:]) for line in lines if line.startswith("heap "))


def rp2040_heap() -> str:
    """The heap part on the emulated Raspberry Pi Pico (the RPI_PICO firmware of `make
    micropython-rp2`, under rp2040js as tests/device/run.py drives it), as `heap` lines
    naming the board; a line saying why where it cannot run."""
    sys.path.insert(0, str(ROOT / "tests" / "device"))
    import run as device  # noqa: E402  (tests/device/run.py)

    script = ("PART = 'heap'\n" + (ROOT / "tests" / "device" / "keys.py").read_text() + "\n"
              + (HERE / "icount.py").read_text() + (HERE / "bench.py").read_text())
    try:
        code, out, err = device.run_rp2040(script)
    except device.Failure as e:
        return "heap %s|not measured: %s\n" % (PICO, str(e).splitlines()[0])
    if code != 0 or "done" not in out.split():
        sys.exit("the heap part failed on the emulated Pico (exit %d):\n%s\n%s" % (code, out[-3000:], err[-3000:]))
    return heap_of(out, PICO)


def main(argv: list) -> int:
    firmware, source = Path(argv[1]), Path(argv[2])
    results = Path(argv[3]) if len(argv) > 3 else ROOT / "bench" / "results" / "board-mps2-an385.md"
    rows = "".join(run_board(firmware, source, part) for part in ("aes", "rsa"))
    body = table(rows + heap_of(run_board(firmware, source, "heap"), M3) + rp2040_heap())
    print(body)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    results.write_text(
        "# The board: Cortex-M3 (MPS2-AN385) under QEMU -icount\n\n"
        "Instructions per call, averaged over heap layouts a block apart (48 layouts of 16 calls up to 64 B, "
        "8 of 2 above, 3 of 1 for RSA), each on a freshly collected heap with the collector off after one "
        "untimed call (bench/board/icount.py): where MicroPython's allocator finds room can move a small "
        "call by thousands of instructions. MicroPython v1.28.0 with mbedTLS 3.6.2; commit %s. Made by "
        "`make bench-board` (bench/board/run.py); under `-icount shift=0` the counts are exact and the same "
        "on any machine. `cryptolib` has ECB, CBC and (built in for this benchmark) CTR; mbedTLS's own calls are the same "
        "work as a C program does it (bench/board/mbedtls_bench/), one Python call each. The heap figures are the "
        "least free heap at which the call still succeeds, the rest held in blocks of at most 1 KiB as a "
        "program's data would hold it, on each board: the Cortex-M3 board's benchmark firmware, and the Pico's "
        "`make micropython-rp2` firmware under rp2040js.\n\n%s" % (commit, body))
    print("wrote %s" % results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
