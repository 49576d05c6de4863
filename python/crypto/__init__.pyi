# `crypto` is the same module object as `ucrypto`; its names are typed there.
from ucrypto import *  # noqa: F403
from ucrypto import __all__ as __all__
