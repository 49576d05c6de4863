"""The device's name for :mod:`ucrypto`: ``import crypto`` gives the very same module object.

A single-file module rather than a package, so that it can never share a directory with
PyCryptodome's ``Crypto`` package on a case-insensitive file system (macOS and Windows
defaults). Its type stubs are the stub-only package ``crypto-stubs``.
"""

import sys

import ucrypto

sys.modules[__name__] = ucrypto
