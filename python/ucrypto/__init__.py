"""The Pycom MicroPython ``crypto`` module for CPython, implemented in Rust.

Importable as ``ucrypto`` and, like on the device, as ``crypto``: both names give this one
module object. See the README for what differs from the device, on purpose.
"""

from ucrypto._ucrypto import (
    AES,
    generate_rsa_signature,
    getrandbits,
    rsa_decrypt,
    rsa_encrypt,
)

__all__ = [
    "AES",
    "generate_rsa_signature",
    "getrandbits",
    "rsa_decrypt",
    "rsa_encrypt",
]
