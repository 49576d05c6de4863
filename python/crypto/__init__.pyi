# `crypto` is the same module object as `ucrypto`; its names are typed there.
from ucrypto import AES as AES
from ucrypto import generate_rsa_signature as generate_rsa_signature
from ucrypto import getrandbits as getrandbits
from ucrypto import rsa_decrypt as rsa_decrypt
from ucrypto import rsa_encrypt as rsa_encrypt

__all__ = ["AES", "generate_rsa_signature", "getrandbits", "rsa_decrypt", "rsa_encrypt"]
