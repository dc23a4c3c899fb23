"""Named functions of ML notation for writing derivations: ``from derive.functions import sigmoid``.

They are defined in ``derive.core.functions``; this is the name users import them by.
"""
from .core.functions import *  # noqa: F401,F403 - the public names, re-exported
from .core.functions import __all__  # noqa: F401
