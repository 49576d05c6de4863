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
QEMU = ("qemu-system-arm -machine mps2-an385 -nographic -monitor null -semihosting -serial pty "
        "-icount shift=0 -kernel %s")


def run_board(firmware: Path, source: Path, part: str) -> str:
    keys = (ROOT / "tests" / "device" / "keys.py").read_text() + "\n" if part != "aes" else ""
    script = "PART = %r\n" % part + keys + (HERE / "bench.py").read_text()
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
    return "%.2fx" % (int(ours) / int(theirs)) if theirs != "-" and ours != "-" else ""


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
            heap.append("- %s: %s bytes" % (what, amount))
    return "\n".join(lines) + "\n\nHeap:\n\n" + "\n".join(heap) + "\n"


def main(argv: list) -> int:
    firmware, source = Path(argv[1]), Path(argv[2])
    results = Path(argv[3]) if len(argv) > 3 else ROOT / "bench" / "results" / "board-mps2-an385.md"
    body = table("".join(run_board(firmware, source, part) for part in ("aes", "rsa", "heap")))
    print(body)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    results.write_text(
        "# The board: Cortex-M3 (MPS2-AN385) under QEMU -icount\n\n"
        "Instructions per call: each call timed on a freshly collected heap with the collector off, right "
        "after one untimed call of the same, and averaged over 24 heap layouts a block apart (3 for RSA), "
        "since where MicroPython's allocator finds room can move a small call by thousands of instructions. MicroPython v1.28.0 with mbedTLS 3.6.2; commit %s. Made by "
        "`make bench-board` (bench/board/run.py); under `-icount shift=0` the counts are exact and the same "
        "on any machine. `cryptolib` has ECB and CBC only in this build; mbedTLS's own calls are the same "
        "work as a C program does it (bench/board/mbedtls_bench/), one Python call each.\n\n%s" % (commit, body))
    print("wrote %s" % results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
