"""Puts a pseudo-terminal in front of the emulated RP2040's serial port.

    python pty_bridge.py RP2040JS_DIR FIRMWARE.uf2 [LOG]

Prints `char device redirected to /dev/pts/N` (the line QEMU prints for `-serial pty`,
which MicroPython's tools/pyboard.py waits for with `--device execpty:...`), then copies
bytes between that terminal and emulator.mjs until either side ends. Nothing else is
printed: pyboard.py reads no more of this program's output, so the emulator's messages go
to LOG (default: discarded; its first 16 MiB), and at the end the host CPU time the
emulator took (pyboard.py ends a session with SIGTERM).
"""

import os
import select
import signal
import subprocess
import sys
import threading
import tty
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The emulator warns on every access to a peripheral it lacks; a firmware spinning on one
# (core 1's FIFO, say) would fill the disk. The log keeps the first part.
LOG_LIMIT = 16 << 20


def keep_the_start(source, log) -> None:
    """Copies the emulator's messages to the log up to LOG_LIMIT bytes, and reads the rest
    to its end without keeping it, so that the emulator never waits on a full pipe."""
    kept = 0
    while True:
        data = os.read(source, 65536)
        if not data:
            return
        if kept < LOG_LIMIT:
            log.write(data[:LOG_LIMIT - kept])
            if kept + len(data) >= LOG_LIMIT:
                log.write(b"\n[the rest of the emulator's messages were not kept]\n")
            log.flush()
        kept += len(data)


def main(argv: list) -> int:
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    rp2040js, firmware = argv[1], argv[2]
    log = open(argv[3] if len(argv) == 4 else os.devnull, "wb")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    master, slave = os.openpty()
    tty.setraw(slave)
    print("char device redirected to %s" % os.ttyname(slave), flush=True)
    # The terminal's far end stays open here too, so that a reader opening and closing it
    # does not end the session.
    emulator = subprocess.Popen(["node", str(HERE / "emulator.mjs"), rp2040js, firmware],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    messages = threading.Thread(target=keep_the_start, args=(emulator.stderr.fileno(), log), daemon=True)
    messages.start()
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
        _, _, usage = os.wait4(emulator.pid, 0)
        messages.join(timeout=5)
        log.write(b"emulator: %.1f s of host CPU\n" % (usage.ru_utime + usage.ru_stime))
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
