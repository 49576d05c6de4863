"""Prints what the `crypto` module adds to each firmware: text, data and bss of the build
without it and with it (`size`, Berkeley format), and the difference.

    python sizes.py LABEL WITHOUT WITH [LABEL WITHOUT WITH ...]

`make micropython-size` runs it on every build it makes; a missing build is an error.
"""

import subprocess
import sys


def sections(path: str) -> tuple:
    out = subprocess.run(["size", path], capture_output=True, text=True, check=True).stdout
    text, data, bss = out.splitlines()[1].split()[:3]
    return int(text), int(data), int(bss)


def main(argv: list) -> int:
    args = argv[1:]
    if not args or len(args) % 3:
        print(__doc__, file=sys.stderr)
        return 2
    print("%-12s %12s %12s %10s %8s %8s" % ("firmware", "text without", "text with", "text added", "data", "bss"))
    for i in range(0, len(args), 3):
        label, without, with_module = args[i:i + 3]
        a, b = sections(without), sections(with_module)
        print("%-12s %12d %12d %+10d %+8d %+8d" % (label, a[0], b[0], b[0] - a[0], b[1] - a[1], b[2] - a[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
