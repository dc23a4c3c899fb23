"""derive: step-by-step, machine-checked derivations of the mathematics of machine learning.

    >>> import derive
    >>> derive.get("softmax-jacobian").verify().ok
    True
"""
from __future__ import annotations

from .assumptions import Assumptions
from .derivation import Derivation, DerivationError, Report, Step
from .verdict import Verdict

__version__ = "0.1.0"


def catalog() -> dict[str, Derivation]:
    """slug -> Derivation for every derivation in the catalog."""
    from .catalog import catalog as _catalog
    return _catalog()


def get(slug: str) -> Derivation:
    """The catalog derivation ``slug``; KeyError lists the closest names."""
    from .catalog import build
    return build(slug)


__all__ = ["Assumptions", "Derivation", "DerivationError", "Report", "Step", "Verdict",
           "catalog", "get", "__version__"]
