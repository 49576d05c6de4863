# `crypto` is the same module object as `ucrypto`; its names are typed there.
from ucrypto import *  # noqa: F403
from ucrypto import __all__ as __all__
from ucrypto import __version__ as __version__
