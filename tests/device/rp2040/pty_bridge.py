"""Puts a pseudo-terminal in front of the emulated RP2040's serial port.

    python pty_bridge.py RP2040JS_DIR FIRMWARE.uf2 [LOG]

Prints `char device redirected to /dev/pts/N` (the line QEMU prints for `-serial pty`,
which MicroPython's tools/pyboard.py waits for with `--device execpty:...`), then copies
bytes between that terminal and emulator.mjs until either side ends. Nothing else is
printed: pyboard.py reads no more of this program's output, so the emulator's messages go
to LOG, the last run's (default: discarded).
"""

import os
import select
import subprocess
import sys
import tty
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list) -> int:
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    rp2040js, firmware = argv[1], argv[2]
    log = open(argv[3] if len(argv) == 4 else os.devnull, "wb")
    master, slave = os.openpty()
    tty.setraw(slave)
    print("char device redirected to %s" % os.ttyname(slave), flush=True)
    # The terminal's far end stays open here too, so that a reader opening and closing it
    # does not end the session.
    emulator = subprocess.Popen(["node", str(HERE / "emulator.mjs"), rp2040js, firmware],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, bufsize=0)
    out = emulator.stdout.fileno()
    try:
        while True:
            ready, _, _ = select.select([master, out], [], [])
            if master in ready:
                data = os.read(master, 4096)
                if not data:
                    break
                emulator.stdin.write(data)
            if out in ready:
                data = os.read(out, 4096)
                if not data:
                    break
                os.write(master, data)
    finally:
        emulator.kill()
        emulator.wait()
    return emulator.returncode or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
