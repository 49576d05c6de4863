"""Runs measuring scripts (heap.py, bench.py) on the emulated Raspberry Pi Pico and prints
what they print.

    python micropython/tools/on_rp2040.py SCRIPT [SCRIPT ...]

Each script runs with the test keys (tests/device/keys.py) in front and QUICK = True, the
few rounds a board that takes seconds per signature can afford, on the RPI_PICO firmware
`make micropython-rp2` built, driven as tests/device/run.py drives it (`make
rp2040-numbers` runs this). Time is the emulator's own clock: 125 MHz, no flash wait states.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "device"))

from run import HERE, Failure, run_rp2040  # noqa: E402  (tests/device/run.py)


def main(argv: list) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    keys = (HERE / "keys.py").read_text()
    for name in argv[1:]:
        try:
            code, out, err = run_rp2040("QUICK = True\n" + keys + "\n" + Path(name).read_text())
        except Failure as e:
            print("on_rp2040.py: %s" % e, file=sys.stderr)
            return 1
        print("%s on the emulated RP2040 (RPI_PICO):\n%s" % (Path(name).name, out.rstrip()))
        if code != 0:
            print("on_rp2040.py: %s failed (exit %d):\n%s" % (name, code, err), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
