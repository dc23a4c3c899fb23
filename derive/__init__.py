"""derive: step-by-step, machine-checked derivations of the mathematics of machine learning.

    >>> import derive
    >>> derive.get("sigmoid-derivative").verify().ok
    True

The package is the pipeline: ``derive.latex`` reads LaTeX into the model of
``derive.core``, ``derive.verify`` checks it, ``derive.render`` prints it and
``derive.cli`` drives it; ``derive.rules`` and ``derive.catalog`` write derivations.
Everything loads on first use (even SymPy), so that ``import derive`` and
``derive --help`` stay cheap.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import catalog as _catalog_package  # first: the function below must win the name

if TYPE_CHECKING:  # pragma: no cover
    import sympy

    from .checking import CheckError
    from .core.assumptions import Assumptions
    from .core.verdict import Verdict
    from .derivation import Derivation, DerivationError, Report, Step
    from .latex import ParseError

__version__ = "0.2.0"


def catalog() -> "dict[str, Derivation]":
    """slug -> Derivation for every derivation in the catalog."""
    return _catalog_package.catalog()


def get(slug: str) -> "Derivation":
    """The catalog derivation ``slug``; KeyError lists the closest names."""
    return _catalog_package.build(slug)


def parse(latex: str, *, shapes: dict | None = None) -> "sympy.Basic":
    """LaTeX (with ML notation) to SymPy; raises derive.ParseError naming the column.

    ``shapes`` ({"A": (2, 2)}) turns those names into matrices of symbolic entries."""
    from .latex import parse as _parse
    return _parse(latex, shapes=shapes)


def check(lhs: Any, rhs: Any, *, assumptions: Any = None, relation: str = "=",
          budget: float = 2.0, oracle: "str | None" = None) -> "Verdict":
    """Is ``lhs relation rhs``? SymPy expressions, matrices (entrywise) or LaTeX strings.

    ``assumptions`` maps names to domains ({"x": "positive"}) or shapes ({"A": (2, 2)}).
    ``oracle="jax"`` or ``"torch"``: autodiff judges the derivatives a second time."""
    from .checking import check as _check
    return _check(lhs, rhs, assumptions=assumptions, relation=relation, budget=budget, oracle=oracle)


def diff_steps(expr: "sympy.Basic", wrt: "sympy.Symbol", *, nested: bool = False,
               assumptions: "Assumptions | None" = None) -> "Derivation":
    """Differentiate ``expr`` one named rule at a time; every step verified.

    ``nested=True`` works each chain rule's inner derivative out as substeps."""
    from .diffsteps import diff_steps as _diff_steps
    return _diff_steps(expr, wrt, nested=nested, assumptions=assumptions)


# public name -> the module that defines it (loaded when the name is first used)
_LAZY = {"Assumptions": "core.assumptions", "Verdict": "core.verdict", "Derivation": "derivation",
         "DerivationError": "core.chain", "Report": "core.chain", "Step": "core.chain",
         "ParseError": "latex", "CheckError": "checking", "grad_steps": "matrix.gradient"}


def load_ipython_extension(ipython) -> None:
    """``%load_ext derive`` registers the ``%%derive`` cell magic."""
    from .lint.magic import load_ipython_extension as load
    load(ipython)


def __getattr__(name: str):
    if name == "lint":   # a callable package: derive.lint(path) checks a document
        return importlib.import_module(f"{__name__}.lint")
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'derive' has no attribute {name!r}")


def __dir__() -> list:
    return sorted(set(globals()) | set(_LAZY))


__all__ = ["Assumptions", "CheckError", "Derivation", "DerivationError", "ParseError", "Report", "Step",
           "Verdict", "catalog", "check", "diff_steps", "get", "grad_steps", "parse", "__version__"]
