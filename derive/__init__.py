"""derive: step-by-step, machine-checked derivations of the mathematics of machine learning.

    >>> import derive
    >>> derive.get("sigmoid-derivative").verify().ok
    True

Heavy parts (the LaTeX parser, numpy, the rule library) load on first use, so that
``import derive`` stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import catalog as _catalog_package  # first: the function below must win the name
from .assumptions import Assumptions
from .derivation import Derivation, DerivationError, Report, Step
from .verdict import Verdict

if TYPE_CHECKING:  # pragma: no cover
    import sympy

    from .parsing import ParseError

__version__ = "0.1.0"


def catalog() -> dict[str, Derivation]:
    """slug -> Derivation for every derivation in the catalog."""
    return _catalog_package.catalog()


def get(slug: str) -> Derivation:
    """The catalog derivation ``slug``; KeyError lists the closest names."""
    return _catalog_package.build(slug)


def parse(latex: str, *, shapes: dict | None = None) -> "sympy.Basic":
    """LaTeX (with ML notation) to SymPy; raises derive.ParseError naming the column.

    ``shapes`` ({"A": (2, 2)}) turns those names into matrices of symbolic entries."""
    from .parsing import parse as _parse
    return _parse(latex, shapes=shapes)


def check(lhs: Any, rhs: Any, *, assumptions: Any = None, relation: str = "=",
          budget: float = 2.0) -> Verdict:
    """Is ``lhs relation rhs``? SymPy expressions, matrices (entrywise) or LaTeX strings.

    ``assumptions`` maps names to domains ({"x": "positive"}) or shapes ({"A": (2, 2)})."""
    from .checking import check as _check
    return _check(lhs, rhs, assumptions=assumptions, relation=relation, budget=budget)


def diff_steps(expr: "sympy.Basic", wrt: "sympy.Symbol", *, nested: bool = False,
               assumptions: Assumptions | None = None) -> Derivation:
    """Differentiate ``expr`` one named rule at a time; every step verified.

    ``nested=True`` works each chain rule's inner derivative out as substeps."""
    from .diffsteps import diff_steps as _diff_steps
    return _diff_steps(expr, wrt, nested=nested, assumptions=assumptions)


def __getattr__(name: str):
    # defined with the parser and the checker, which load on first use
    if name == "ParseError":
        from .parsing import ParseError
        return ParseError
    if name == "CheckError":
        from .checking import CheckError
        return CheckError
    raise AttributeError(f"module 'derive' has no attribute {name!r}")


__all__ = ["Assumptions", "CheckError", "Derivation", "DerivationError", "ParseError", "Report", "Step",
           "Verdict", "catalog", "check", "diff_steps", "get", "parse", "__version__"]
