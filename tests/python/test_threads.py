"""Threads and memory: eight threads doing mixed work on their own objects give only correct
results; one AES object shared by threads keeps a consistent stream (calls are serialised);
memory stays flat over 100,000 calls of each function."""

import os
import threading
import time

import pytest
from Crypto.Cipher import AES as Reference

import crypto

KEY = bytes(range(16))
IV = bytes(range(16, 32))


def rss_kib() -> int:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def test_eight_threads_mixed_work_for_ten_seconds(rsa2048):
    pem, pub = rsa2048.text("p8.pem"), rsa2048.text("spki.pem")
    expected_sig = crypto.generate_rsa_signature(b"thread", pem)
    deadline = time.monotonic() + 10
    errors, counts = [], [0] * 8

    def worker(i: int) -> None:
        try:
            n = 0
            while time.monotonic() < deadline:
                data = os.urandom(16 * (1 + n % 300))
                kind = (i + n) % 4
                if kind == 0:
                    ct = crypto.AES(KEY, crypto.AES.MODE_CBC, IV).encrypt(data)
                    assert ct == Reference.new(KEY, Reference.MODE_CBC, iv=IV).encrypt(data)
                elif kind == 1:
                    c = crypto.AES(KEY, crypto.AES.MODE_CFB, IV)
                    assert crypto.AES(KEY, crypto.AES.MODE_CFB, IV).decrypt(c.encrypt(data)) == data
                elif kind == 2:
                    assert crypto.generate_rsa_signature(b"thread", pem) == expected_sig
                else:
                    assert crypto.rsa_decrypt(crypto.rsa_encrypt(data[:100], pub), pem) == data[:100]
                n += 1
            counts[i] = n
        except BaseException as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert all(c > 10 for c in counts), counts


def test_shared_ctr_object_stays_one_stream():
    shared = crypto.AES(KEY, crypto.AES.MODE_CTR, counter=IV)
    pieces, lock = [], threading.Lock()

    def worker() -> None:
        for _ in range(300):
            chunk = shared.encrypt(bytes(16 * 64))  # 1 KiB of keystream per call, some over the GIL threshold
            with lock:
                pieces.append(chunk)
        big = shared.encrypt(bytes(16 * 512))  # 8 KiB: processed with the GIL released
        with lock:
            pieces.append(big)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = sum(len(p) for p in pieces)
    keystream = Reference.new(KEY, Reference.MODE_CTR, nonce=b"", initial_value=IV).encrypt(bytes(total))
    # every call got a contiguous, distinct stretch of the one keystream: together they tile it
    offsets = sorted(keystream.index(p) for p in pieces)
    sizes = {keystream.index(p): len(p) for p in pieces}
    position = 0
    for off in offsets:
        assert off == position, "two calls overlapped or skipped keystream"
        position += sizes[off]
    assert position == total


@pytest.mark.parametrize("name", ["aes", "getrandbits", "sign", "encrypt", "decrypt", "verify", "errors"])
def test_memory_stays_flat_over_100k_calls(name, rsa2048):
    pem, pub = rsa2048.text("p8.pem"), rsa2048.text("spki.pem")
    sig = crypto.generate_rsa_signature(b"m", pem)
    ct = crypto.rsa_encrypt(b"m", pub)
    ops = {
        "aes": lambda: crypto.AES(KEY, crypto.AES.MODE_CBC, IV).encrypt(b"x" * 64),
        "getrandbits": lambda: crypto.getrandbits(256),
        "sign": lambda: crypto.generate_rsa_signature(b"m", pem),
        "encrypt": lambda: crypto.rsa_encrypt(b"m", pub),
        "decrypt": lambda: crypto.rsa_decrypt(ct, pem),
        "verify": lambda: crypto.verify_rsa_signature(b"m", sig, pub),
        "errors": lambda: [_swallow(f) for f in (lambda: crypto.AES(b"short"),
                                                  lambda: crypto.rsa_decrypt(b"x", pem),
                                                  lambda: crypto.generate_rsa_signature(b"m", "bad key"))],
    }
    op = ops[name]
    calls = 100_000
    # the two slow RSA operations run on both cores (the GIL is released while they work)
    threads = 2 if name in ("sign", "decrypt") else 1
    for _ in range(2000):
        op()
    before = rss_kib()

    def loop() -> None:
        for _ in range(calls // threads):
            op()

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    grown = rss_kib() - before
    print(f"{name}: RSS grew {grown} KiB over {calls} calls")
    assert grown < 4096, f"{name}: RSS grew by {grown} KiB over {calls} calls"


def test_a_caller_waiting_for_a_busy_object_never_holds_the_gil():
    # A long CFB8 call holds the object's lock with the GIL released; a short call on the
    # same object must wait for it without holding the GIL, or every other thread stops.
    shared = crypto.AES(KEY, crypto.AES.MODE_CFB, IV)
    big = bytes(16 << 20)
    gaps, stop = [], threading.Event()

    def heartbeat() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    long_call = threading.Thread(target=shared.encrypt, args=(big,))
    beat = threading.Thread(target=heartbeat)
    beat.start()
    long_call.start()
    time.sleep(0.02)
    started = time.perf_counter()
    shared.encrypt(b"x" * 16)  # waits for the long call
    waited = time.perf_counter() - started
    long_call.join()
    stop.set()
    beat.join()
    print(f"short call waited {waited:.3f} s; longest heartbeat gap {max(gaps):.3f} s")
    assert waited > 0.05, "the short call did not have to wait: the test measured nothing"
    assert max(gaps) < min(0.1, waited / 2), f"other threads froze for {max(gaps):.3f} s"


def _swallow(fn):
    try:
        fn()
    except (ValueError, RuntimeError):
        pass


def test_the_rss_probe_sees_growth():
    before = rss_kib()
    hold = bytearray(os.urandom(16 << 20))
    assert rss_kib() - before > 8192
    del hold
