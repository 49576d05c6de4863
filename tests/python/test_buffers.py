"""Buffers are read in place (the abi3-py311 buffer protocol): every kind of buffer gives the
bytes' result, the export is held for the call so a concurrent resize is refused by Python,
Python's own errors (a released view, a closed mmap) come through, and encrypting a 256 MiB
memoryview needs memory for the output only."""

import array
import mmap
import os
import threading

import pytest

import crypto

KEY = bytes(range(16))
IV = bytes(range(16, 32))


def every_buffer(data: bytes):
    m = mmap.mmap(-1, len(data))
    m.write(data)
    return {
        "bytes": data,
        "bytearray": bytearray(data),
        "memoryview": memoryview(data),
        "memoryview of bytearray": memoryview(bytearray(data)),
        "array('I')": array.array("I", data),
        "mmap": m,
        "slice of memoryview": memoryview(b"xx" + data + b"yy")[2:-2],
    }


@pytest.mark.parametrize("mode, kwargs", [
    (crypto.AES.MODE_ECB, {}), (crypto.AES.MODE_CBC, {"IV": IV}), (crypto.AES.MODE_CFB, {"IV": IV}),
    (crypto.AES.MODE_CFB, {"IV": IV, "segment_size": 128}), (crypto.AES.MODE_CTR, {"counter": IV}),
], ids=["ecb", "cbc", "cfb8", "cfb128", "ctr"])
def test_every_buffer_gives_the_bytes_result(mode, kwargs):
    data = os.urandom(4096 + 64)
    expected = crypto.AES(KEY, mode, **kwargs).encrypt(data)
    for name, buf in every_buffer(data).items():
        assert crypto.AES(KEY, mode, **kwargs).encrypt(buf) == expected, name
        assert crypto.AES(KEY, mode, **kwargs).decrypt(expected) == data
    # keys, IVs and counters may be any buffer too
    buffers = {k: bytearray(v) if isinstance(v, bytes) else v for k, v in kwargs.items()}
    assert crypto.AES(memoryview(KEY), mode, **buffers).encrypt(data) == expected


def test_strided_views_are_copied_and_say_nothing_different():
    data = os.urandom(64)
    strided = memoryview(data)[::2]
    assert not strided.contiguous
    assert crypto.AES(KEY).encrypt(strided) == crypto.AES(KEY).encrypt(bytes(strided))
    two_d = memoryview(bytearray(data)).cast("B", (4, 16))
    assert crypto.AES(KEY).encrypt(two_d) == crypto.AES(KEY).encrypt(data)


def test_released_views_and_closed_maps_give_pythons_own_error():
    view = memoryview(b"x" * 16)
    view.release()
    with pytest.raises(ValueError, match="released memoryview"):
        crypto.AES(KEY).encrypt(view)
    m = mmap.mmap(-1, 16)
    m.close()
    with pytest.raises(ValueError, match="closed"):
        crypto.AES(KEY).encrypt(m)
    with pytest.raises(TypeError, match="object with buffer protocol required: data must be bytes, bytearray, "
                                        "memoryview or str, not list"):
        crypto.AES(KEY).encrypt([1, 2])


def test_a_resize_during_a_call_is_refused_by_python():
    data = bytearray(os.urandom(64 << 20))
    expected = crypto.AES(KEY, crypto.AES.MODE_CFB, IV).encrypt(bytes(data))
    result, refused = [], []
    started = threading.Event()

    def encrypt():
        started.set()
        result.append(crypto.AES(KEY, crypto.AES.MODE_CFB, IV).encrypt(data))

    worker = threading.Thread(target=encrypt)
    worker.start()
    started.wait()
    while worker.is_alive():
        try:
            data.extend(b"x")
            del data[-1:]
        except BufferError:
            refused.append(True)
    worker.join()
    assert refused, "no resize was attempted while the call held the buffer"
    assert result[0] == expected


def peak_rss_kib() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


def reset_peak_rss() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def test_a_256_mib_memoryview_needs_memory_for_the_output_only():
    size = 256 << 20
    source = bytearray(size)
    view = memoryview(source)
    if not reset_peak_rss():
        pytest.skip("this kernel cannot reset the peak RSS (/proc/self/clear_refs)")
    before = peak_rss_kib()
    out = crypto.AES(KEY, crypto.AES.MODE_CTR, counter=IV).encrypt(view)
    grown = peak_rss_kib() - before
    print(f"peak RSS grew {grown >> 10} MiB encrypting a {size >> 20} MiB memoryview")
    assert len(out) == size
    # the output itself, plus a little: no copy of the input (which would add 256 MiB)
    assert (size >> 10) <= grown < (size >> 10) + 32 * 1024
