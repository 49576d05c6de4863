"""A small deterministic generator (Marsaglia's xorshift32) for the device tests' inputs:
the same sequence on CPython and MicroPython, with no dependence on either's `random`.
Concatenated before the scripts that use it (run.py)."""


class Xorshift:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        s = self.state
        s ^= (s << 13) & 0xFFFFFFFF
        s ^= s >> 17
        s ^= (s << 5) & 0xFFFFFFFF
        self.state = s
        return s

    def below(self, n):
        return self.next() % n

    def bytes(self, n):
        return bytes(self.next() & 0xFF for _ in range(n))
