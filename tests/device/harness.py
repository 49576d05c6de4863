# The device suites' harness, in the Python subset both interpreters run: a test registry,
# and the runner that prints the closing line run.py reads ("N passed, N failed") and fails
# on any failure or on no test at all. run.py puts it in front of suite.py and hostile.py.

import gc

TESTS = []
# The names of the tests to run, or None for all of them. board_subset.py, put after this
# file, sets it for a board too slow to run every test on each `make test`.
ONLY = None


def test(fn):
    TESTS.append(fn)
    return fn


def run_tests(name):
    passed, failed = 0, 0
    chosen = [fn for fn in TESTS if ONLY is None or fn.__name__ in ONLY]
    if ONLY is not None:
        unknown = [n for n in ONLY if n not in [fn.__name__ for fn in TESTS]]
        if unknown:
            raise AssertionError("%s has no test named %s" % (name, ", ".join(unknown)))
    for fn in chosen:
        try:
            fn()
            passed += 1
        except Exception as e:
            failed += 1
            print("FAIL %s: %s: %s" % (fn.__name__, type(e).__name__, e))
        # Each test starts with the heap the last one left free (the board's is small).
        gc.collect()
    print("%d passed, %d failed" % (passed, failed))
    if failed or not passed:
        raise AssertionError("%s failed" % name)
