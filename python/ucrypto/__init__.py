"""The Pycom MicroPython ``crypto`` module for CPython, implemented in Rust.

Importable as ``ucrypto`` and, like on the device, as ``crypto``: both names give this one
module object. What differs from the device, on purpose, is listed in the documentation
(docs/python.md).
"""

from ucrypto._ucrypto import (
    AES,
    InvalidTokenError,
    __version__,
    generate_jwt,
    generate_rsa_keypair,
    generate_rsa_signature,
    getrandbits,
    rsa_decrypt,
    rsa_encrypt,
    verify_jwt,
    verify_rsa_signature,
)

__all__ = [
    # the device's names
    "AES",
    "generate_rsa_signature",
    "getrandbits",
    "rsa_decrypt",
    "rsa_encrypt",
    # extensions beyond the device, for the servers that talk to devices
    "InvalidTokenError",
    "generate_jwt",
    "generate_rsa_keypair",
    "verify_jwt",
    "verify_rsa_signature",
]
