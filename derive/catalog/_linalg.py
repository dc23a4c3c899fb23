"""Explicit small matrices for the linear-algebra derivations: one symbol per entry.

The verifier compares matrices entry by entry, so a matrix identity is written for a
concrete small shape (a 2x3 weight matrix, a 3x2 design matrix) with symbolic entries.
Not a derivation itself: the leading underscore keeps catalog discovery away.
"""
from __future__ import annotations

import sympy as sp


def matrix_symbols(name: str, rows: int, cols: int, **flags) -> sp.ImmutableMatrix:
    """A rows x cols matrix of symbols ``name_ij`` (``name_i`` when it is a column)."""
    def entry(r, c):
        sub = f"{r + 1}" if cols == 1 else f"{r + 1}{c + 1}"
        return sp.Symbol(f"{name}_{sub}", **flags)
    return sp.ImmutableMatrix(rows, cols, entry)


def gradient(f: sp.Expr, variables) -> sp.ImmutableMatrix:
    """The column of unevaluated partial derivatives of ``f``, one per variable."""
    return sp.ImmutableMatrix([sp.Derivative(f, v) for v in variables])


def hessian(f: sp.Expr, variables) -> sp.ImmutableMatrix:
    """The matrix of unevaluated second partial derivatives of ``f``."""
    vs = list(variables)
    return sp.ImmutableMatrix(len(vs), len(vs), lambda r, c: sp.Derivative(f, vs[r], vs[c]))


def row_by_column(M: sp.MatrixBase, N: sp.MatrixBase) -> sp.ImmutableMatrix:
    """The product M N written out, each entry a row of M dotted with a column of N."""
    num = lambda e: sp.Integer(e) if isinstance(e, int) else e  # noqa: E731 - keep 1*5 as written
    M, N = M.tolist(), N.tolist()
    with sp.evaluate(False):
        return sp.ImmutableMatrix(len(M), len(N[0]), lambda r, c: sp.Add(
            *[num(M[r][k]) * num(N[k][c]) for k in range(len(N))]))


def det_2x2(M: sp.MatrixBase) -> sp.Expr:
    """det M by the 2 x 2 rule, as written: m11 m22 - m12 m21."""
    with sp.evaluate(False):
        return M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]


def shown_product(*factors) -> sp.MatMul:
    """The product of explicit matrices as written (unevaluated), for a display form."""
    return sp.MatMul(*factors, evaluate=False)
