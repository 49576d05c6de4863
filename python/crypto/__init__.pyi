# `crypto` is the same module object as `ucrypto`; its names are typed there.
from ucrypto import AES as AES
from ucrypto import generate_rsa_signature as generate_rsa_signature
from ucrypto import getrandbits as getrandbits
from ucrypto import rsa_decrypt as rsa_decrypt
from ucrypto import rsa_encrypt as rsa_encrypt
from ucrypto import generate_rsa_keypair as generate_rsa_keypair
from ucrypto import verify_rsa_signature as verify_rsa_signature

__all__ = [
    "AES",
    "generate_rsa_signature",
    "getrandbits",
    "rsa_decrypt",
    "rsa_encrypt",
    "generate_rsa_keypair",
    "verify_rsa_signature",
]
