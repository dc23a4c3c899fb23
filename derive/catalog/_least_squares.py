"""The least-squares set-up shared by normal-equations and linear-regression-convex.

Three samples, two features: X is 3 x 2, theta and y are columns, the residual is
r = X theta - y and the loss ||r||^2. G = X^T X and h = X^T y appear by name (their
entries are checked by value), so matrix forms print compactly.
Not a derivation itself: the leading underscore keeps catalog discovery away.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from derive.catalog._linalg import matrix_symbols
from derive.catalog._named import named

SAMPLES, FEATURES = 3, 2


@dataclass(frozen=True)
class LeastSquares:
    X: sp.ImmutableMatrix
    theta: sp.ImmutableMatrix
    y: sp.ImmutableMatrix
    residual: sp.ImmutableMatrix   # r_i, named
    G: sp.ImmutableMatrix          # X^T X, named entries (symmetric: g_12 = g_21)
    h: sp.ImmutableMatrix          # X^T y, named entries

    @property
    def loss(self) -> sp.Expr:
        return sum(r ** 2 for r in self.residual)


def least_squares() -> LeastSquares:
    X = matrix_symbols("x", SAMPLES, FEATURES, real=True)
    theta = matrix_symbols("theta", FEATURES, 1, real=True)
    y = matrix_symbols("y", SAMPLES, 1, real=True)
    residual = sp.ImmutableMatrix([named(v, sp.Symbol(f"r_{i + 1}")) for i, v in enumerate(X * theta - y)])
    gram, Xty = X.T * X, X.T * y

    def g(r, c):
        lo, hi = sorted((r, c))
        return named(gram[lo, hi], sp.Symbol(f"g_{lo + 1}{hi + 1}"))
    G = sp.ImmutableMatrix(FEATURES, FEATURES, g)
    h = sp.ImmutableMatrix([named(v, sp.Symbol(f"h_{i + 1}")) for i, v in enumerate(Xty)])
    return LeastSquares(X, theta, y, residual, G, h)
