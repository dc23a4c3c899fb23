"""Stage 1: both sides of a relation brought to SymPy once, with the assumptions they need."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..core.assumptions import Assumptions


class ShapeMismatch(ValueError):
    """The sides cannot be compared entry by entry. Matrices of different shapes are
    different (``refutes``); a matrix against a scalar is a question without an answer."""

    def __init__(self, message: str, refutes):
        super().__init__(message)
        self.refutes = refutes


@dataclass(frozen=True)
class Sides:
    """The two forms of one relation, ready for sampling and proof."""

    lhs: sp.Basic
    rhs: sp.Basic
    assumptions: Assumptions

    @property
    def matrix(self) -> bool:
        return isinstance(self.lhs, sp.MatrixBase) or isinstance(self.rhs, sp.MatrixBase)

    def entries(self) -> int:
        return len(self.lhs) if self.matrix else 1


def prepare(lhs, rhs, assumptions=None) -> Sides:
    """Sides of one relation; ShapeMismatch when a matrix meets a scalar or another shape."""
    lhs, rhs = as_expr(lhs), as_expr(rhs)
    if isinstance(assumptions, Assumptions):
        A = assumptions
    else:  # names in a dict are looked up among the free symbols (a walk of both trees)
        A = Assumptions.coerce(assumptions, free_of(lhs) | free_of(rhs) if assumptions else ())
    sides = Sides(lhs, rhs, A)
    if sides.matrix:
        if not (isinstance(lhs, sp.MatrixBase) and isinstance(rhs, sp.MatrixBase)):
            raise ShapeMismatch("cannot compare a matrix with a scalar", None)
        if lhs.shape != rhs.shape:
            raise ShapeMismatch(f"shapes differ: {lhs.shape} vs {rhs.shape}", False)
    return sides


def as_expr(e):
    """Numbers and nested lists to SymPy; strings are refused (parse LaTeX first).

    Products, sums and determinants of explicit matrices are carried out, so a display
    form such as ``MatMul(A, B, evaluate=False)`` is compared entry by entry."""
    if isinstance(e, sp.MatrixBase):
        return sp.ImmutableMatrix(e)
    if isinstance(e, sp.MatrixExpr):
        done = e.doit()
        return sp.ImmutableMatrix(done) if isinstance(done, sp.MatrixBase) else done
    if isinstance(e, sp.Basic):
        if e.has(sp.Determinant, sp.Trace):
            e = e.replace(lambda x: isinstance(x, (sp.Determinant, sp.Trace)), lambda x: x.doit())
        return e
    if isinstance(e, bool) or e is None:
        raise TypeError(f"cannot compare {e!r}")
    if isinstance(e, (int, float, complex)):
        return sp.sympify(e)
    if isinstance(e, (list, tuple)):
        return sp.ImmutableMatrix(e)
    if isinstance(e, np.ndarray):
        return sp.ImmutableMatrix(e.tolist())
    raise TypeError(f"expected a SymPy expression or matrix, not {type(e).__name__}")


def free_of(e) -> set:
    """Free symbols and indexed entries (x[i] is sampled as one value)."""
    if isinstance(e, sp.Basic):
        return set(e.free_symbols) | set(e.atoms(sp.Indexed))
    return set()
