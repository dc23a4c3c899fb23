"""Named quantities of probability used by several catalog derivations.

Each is a ``Defined`` function: the checkers unfold ``definition()``, the printers show
the name a textbook uses (Var, the normal density, the binary entropy in bits).
Not a derivation itself: the leading underscore keeps catalog discovery away.
"""
from __future__ import annotations

import sympy as sp
from sympy import exp, log, pi, sqrt

from derive.functions import Defined, Expectation


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


__all__ = ["variance", "normal_pdf", "binary_entropy"]
