"""Notation of ML papers that has no SymPy class: KL divergence and softmax by name.

``KLDivergence(p, q)`` typesets as ``D_{\\mathrm{KL}}(p \\,\\|\\, q)``; on two explicit
vectors it unfolds to ``sum_i p_i log(p_i / q_i)``. ``softmax(z)`` on an explicit
column or row vector unfolds to ``exp(z_i) / sum_k exp(z_k)`` entry by entry.
"""
from __future__ import annotations

import sympy as sp
from sympy import Function


def _is_vector(m) -> bool:
    return isinstance(m, sp.MatrixBase) and 1 in m.shape


class KLDivergence(Function):
    """D_KL(p || q): the Kullback-Leibler divergence of q from p."""

    nargs = 2

    @classmethod
    def eval(cls, p, q):
        if p == q:
            return sp.S.Zero

    def definition(self) -> sp.Expr:
        """sum_i p_i log(p_i / q_i) for explicit vectors of equal length."""
        return kl_vectors(*self.args)

    def _latex(self, printer, exp=None):
        p, q = (printer._print(a) for a in self.args)
        s = r"D_{\mathrm{KL}}\left(%s \,\|\, %s\right)" % (p, q)
        return s if exp is None else r"\left(%s\right)^{%s}" % (s, exp)

    def _sympystr(self, printer):
        return "D_KL(%s || %s)" % tuple(printer._print(a) for a in self.args)


class softmax(Function):
    """softmax(z), the normalised exponential of a vector; unfolds on explicit vectors."""

    nargs = 1

    def definition(self) -> sp.MatrixBase:
        return softmax_vector(self.args[0])

    def _latex(self, printer, exp=None):
        s = r"\operatorname{softmax}\left(%s\right)" % printer._print(self.args[0])
        return s if exp is None else r"\left(%s\right)^{%s}" % (s, exp)


def softmax_vector(z: sp.MatrixBase) -> sp.ImmutableMatrix:
    """exp(z_i) / sum_k exp(z_k), entry by entry, same shape as z."""
    if not _is_vector(z):
        raise ValueError("softmax needs an explicit vector")
    total = sp.Add(*[sp.exp(v) for v in z])
    return sp.ImmutableMatrix(z.shape[0], z.shape[1], [sp.exp(v) / total for v in z])


def kl_vectors(p: sp.MatrixBase, q: sp.MatrixBase) -> sp.Expr:
    """sum_i p_i log(p_i / q_i) for two explicit vectors of equal length."""
    if not (_is_vector(p) and _is_vector(q) and len(p) == len(q)):
        raise ValueError("D_KL needs two vectors of equal length")
    return sp.Add(*[a * sp.log(a / b) for a, b in zip(p, q)])


__all__ = ["KLDivergence", "softmax", "softmax_vector", "kl_vectors"]
