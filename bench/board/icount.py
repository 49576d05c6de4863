# Instructions per call on the Cortex-M3 board under `qemu-system-arm -icount shift=0`, where
# every instruction is one nanosecond of the board's clock: the SysTick counter (25 MHz,
# one tick every 40 instructions) then counts instructions, the same on every run and
# machine. Shared by the board benchmark (bench/board/bench.py) and the device test that
# holds the line against cryptolib (tests/device/cost.py); runs on the board only.
#
# MicroPython's allocator searches its heap for free blocks, so where earlier garbage
# left it can move one small call by thousands of instructions. A cost here is therefore
# the mean over several heap layouts (each a block further on), each measured on a
# freshly collected heap with the collector off, after one untimed call (so that the timed
# ones meet the allocator as a loop of such calls does).

import gc
import time

import machine

SYSTICK_CVR = 0xE000E018
TICK = 40  # instructions per SysTick tick
RELOAD = 25000  # SysTick ticks per millisecond
MS0 = time.ticks_ms()


def clock():
    """Ticks since MS0, read so that a millisecond's rollover never tears the value."""
    while True:
        ms = time.ticks_ms()
        left = machine.mem32[SYSTICK_CVR]
        if time.ticks_ms() == ms:
            return (ms - MS0) * RELOAD + RELOAD - 1 - left


def once(fn, shift, repeat):
    """Ticks of `repeat` calls of fn, with the heap's free space `shift` blocks on."""
    gc.collect()
    pad = bytearray(16 * shift) if shift else None
    gc.disable()
    fn()
    start = clock()
    for _ in range(repeat):
        fn()
    end = clock()
    gc.enable()
    pad = None
    return end - start


def nothing():
    pass


def cost(fn, layouts, repeat):
    """Instructions of one call of fn, less the timing's own, over `layouts` layouts."""
    if fn is None:
        return None
    total = 0
    for shift in range(layouts):
        total += once(fn, shift, repeat) - once(nothing, shift, repeat)
    return total * TICK // (layouts * repeat)
