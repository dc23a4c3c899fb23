"""Notation of ML papers that has no SymPy class: quantities written by name.

``KLDivergence(p, q)`` typesets as ``D_{\\mathrm{KL}}(p \\,\\|\\, q)``; on two explicit
vectors it unfolds to ``sum_i p_i log(p_i / q_i)``. ``softmax(z)`` on an explicit
column or row vector unfolds to ``exp(z_i) / sum_k exp(z_k)`` entry by entry.

The named quantities of probability (``variance``, ``normal_pdf``, ``binary_entropy``)
live here rather than in the catalog because the parser builds them from what the
printer writes (``\\operatorname{Var}(X)``, ``\\mathcal{N}(x;\\, \\mu, \\sigma^{2})``,
``H_{2}(p)``): printer, parser and catalog share one class each.
"""
from __future__ import annotations

import sympy as sp
from sympy import Function, exp, log, pi, sqrt

from . import functions
from .functions import Defined, Expectation


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


# -- what a written notation stands for, given its arguments ---------------------------------
def distribution(p: sp.Symbol) -> sp.IndexedBase:
    """A probability vector written by its name p: the entries p_1, ..., p_n."""
    return sp.IndexedBase(p.name, real=True)


def entropy_of(args: list, n: sp.Symbol):
    """H(p) or H(p, q) on distributions named by symbols; None for any other arguments."""
    if not 1 <= len(args) <= 2 or not all(isinstance(a, sp.Symbol) for a in args):
        return None
    bases = [distribution(a) for a in args]
    return functions.entropy(bases[0], n) if len(bases) == 1 else functions.cross_entropy(*bases, n)


def kl_of(p, q, n: sp.Symbol) -> sp.Expr:
    """D_KL(p || q): written out on explicit vectors, over 1..n on named distributions."""
    if isinstance(p, sp.MatrixBase) or isinstance(q, sp.MatrixBase):
        return kl_vectors(p, q)
    if isinstance(p, sp.Symbol) and isinstance(q, sp.Symbol):
        return functions.kl_divergence(distribution(p), distribution(q), n)
    return KLDivergence(p, q)


def softmax_entry(z, i, n: sp.Symbol) -> sp.Expr:
    """softmax(z)_i: of an explicit vector (i a whole number), or of the n entries of z."""
    if isinstance(z, sp.MatrixBase):
        if not (i.is_Integer and 1 <= i <= len(z)):
            raise ValueError("an entry of softmax of an explicit vector needs a whole-number index")
        return softmax_vector(z)[int(i) - 1]
    if not isinstance(z, sp.Symbol):
        raise ValueError("softmax(z)_i needs a vector z")
    return functions.softmax(sp.IndexedBase(z.name, real=True), i, n)


def normal_density(x, mu, var) -> sp.Expr:
    """N(x; mu, sigma^2) as written: the third argument is the variance."""
    return normal_pdf(x, mu, sp.sqrt(var))


class variance(Defined):
    """Var(X) = E[(X - E[X])^2]."""

    nargs = 1

    def definition(self):
        x = self.args[0]
        return Expectation((x - Expectation(x)) ** 2)

    def _latex(self, printer, exp=None):
        s = r"\operatorname{Var}\left(%s\right)" % printer._print(self.args[0])
        return s if exp is None else r"%s^{%s}" % (s, exp)

    def _sympystr(self, printer):
        return "Var(%s)" % printer._print(self.args[0])


class normal_pdf(Defined):
    """The density of N(mu, sigma^2) at x: exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))."""

    nargs = 3

    def definition(self):
        x, mu, sigma = self.args
        return exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * sqrt(2 * pi))

    def _latex(self, printer, exp=None):
        x, mu, sigma = self.args
        s = r"\mathcal{N}\left(%s;\, %s, %s\right)" % (printer._print(x), printer._print(mu),
                                                       printer._print(sigma ** 2))
        return s if exp is None else r"%s^{%s}" % (s, exp)

    def _sympystr(self, printer):
        x, mu, sigma = (printer._print(a) for a in self.args)
        return "N(%s; %s, %s^2)" % (x, mu, sigma)


class binary_entropy(Defined):
    """H(p) = -p log2 p - (1 - p) log2 (1 - p), the entropy of a coin in bits."""

    nargs = 1

    def definition(self):
        p = self.args[0]
        return -(p * log(p) + (1 - p) * log(1 - p)) / log(2)

    def _latex(self, printer, exp=None):
        s = r"H_{2}\left(%s\right)" % printer._print(self.args[0])
        return s if exp is None else r"%s^{%s}" % (s, exp)

    def _sympystr(self, printer):
        return "H2(%s)" % printer._print(self.args[0])


__all__ = ["KLDivergence", "softmax", "softmax_vector", "kl_vectors", "variance", "normal_pdf",
           "binary_entropy", "distribution", "entropy_of", "kl_of", "softmax_entry",
           "normal_density"]
