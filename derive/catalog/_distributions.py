"""Named quantities of probability used by several catalog derivations.

They live in ``derive.core.notation`` (the parser builds them too); this module keeps the
catalog's imports short. Not a derivation: the leading underscore keeps discovery away.
"""
from derive.core.notation import binary_entropy, normal_pdf, variance  # noqa: F401

__all__ = ["variance", "normal_pdf", "binary_entropy"]
