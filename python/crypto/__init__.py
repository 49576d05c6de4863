"""The device's name for :mod:`ucrypto`: ``import crypto`` gives the very same module object."""

import sys

import ucrypto

sys.modules[__name__] = ucrypto
