"""Algebra a reader does in their head, one rule a line.

    expand_rule           a (b + c) = a b + a c                       "expand"
    factor_rule           a b + a c = a (b + c)                       "factor"
    collect_in(x)         a x + b x = (a + b) x                       "collect terms in x"
    cancel_rule           (x^2 - 1) / (x - 1) = x + 1                 "cancel"
    common_denominator    a / b + c / d = (a d + b c) / (b d)         "common denominator"
    split_fraction        (a + b) / c = a / c + b / c                 "split the fraction"
    complete_square(x)    a x^2 + b x + c = a (x + b/2a)^2 + c - b^2/4a   "complete the square"
    simplify_rule         SymPy's simplify, for a final tidy form     "simplify"
    substitute(eq, why)   replace eq.lhs by eq.rhs                    why, e.g. "the result above"
"""
from __future__ import annotations

import sympy as sp

from .core import Rule, rule


@rule("expand")
def expand_rule(e):
    """Multiply out products and powers of sums."""
    return sp.expand(e)


@rule("factor")
def factor_rule(e):
    """Write a sum as a product of factors."""
    return sp.factor(e)


def collect_in(x: sp.Basic) -> Rule:
    """Gather the terms of a sum by powers of x."""

    def go(e):
        if not isinstance(e, sp.Add):
            return None
        return sp.collect(e, x)

    return Rule(f"collect terms in {sp.sstr(x)}", go, go.__doc__ or "")


@rule("cancel")
def cancel_rule(e):
    """Cancel common factors of a numerator and denominator."""
    return sp.cancel(e)


@rule("common denominator")
def common_denominator(e):
    """Bring a sum of fractions over one denominator."""
    if not isinstance(e, sp.Add):
        return None
    return sp.together(e)


@rule("split the fraction")
def split_fraction(e):
    """(a + b) / c = a / c + b / c."""
    num, den = sp.fraction(e)
    if den == 1 or not isinstance(num, sp.Add):
        return None
    return sp.Add(*[t / den for t in num.as_ordered_terms()])


def complete_square(x: sp.Symbol) -> Rule:
    """a x^2 + b x + c = a (x + b / 2a)^2 + c - b^2 / 4a, for a quadratic in x."""

    def go(e):
        if not isinstance(e, sp.Add) or not e.has(x):
            return None
        try:
            poly = sp.Poly(e, x)
        except sp.PolynomialError:
            return None
        if poly.degree() != 2:
            return None
        a, b, c = poly.all_coeffs()
        shift = sp.together(b / (2 * a))
        return a * (x + shift) ** 2 + sp.together(c - b ** 2 / (4 * a))

    return Rule("complete the square", go, go.__doc__ or "")


@rule("simplify")
def simplify_rule(e):
    """SymPy's simplify: used for a final tidy form, never to skip reasoning."""
    return sp.simplify(e)


def substitute(eq: sp.Eq, because: str = "the result above") -> Rule:
    """Replace eq.lhs by eq.rhs wherever it occurs (an earlier result, a definition)."""

    def go(e):
        return e.subs(eq.lhs, eq.rhs) if e.has(eq.lhs) else None

    return Rule(because, go, f"replace {sp.sstr(eq.lhs)} by {sp.sstr(eq.rhs)}")
