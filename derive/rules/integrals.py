"""Definite integrals, one rule a line.

    integral_linearity          int (f + g) = int f + int g                          "linearity of the integral"
    constant_out_of_integral    int c f dx = c int f dx                              "constant factor out of the integral"
    substitution(x, phi, t)     int f(x) dx = int f(phi(t)) phi'(t) dt, limits mapped  "substitute x = phi(t)"
    gaussian_integral           int_R e^(-a t^2 + b t + c) dt = sqrt(pi/a) e^(b^2/4a + c)  "Gaussian integral"
    odd_integrand               int_{-a}^{a} f = 0 for odd f (and convergent)        "odd integrand over a symmetric range"
"""
from __future__ import annotations

from typing import Optional

import sympy as sp

from .core import Rule, rule_on, split_factors


def _one_integral(e) -> Optional[tuple]:
    """(integrand, variable, lower, upper) of a definite integral in one variable."""
    if isinstance(e, sp.Integral) and len(e.limits) == 1 and len(e.limits[0]) == 3:
        x, lo, hi = e.limits[0]
        return e.function, x, lo, hi
    return None


@rule_on("linearity of the integral", _one_integral)
def integral_linearity(f, x, lo, hi):
    """int (f + g) = int f + int g."""
    if not isinstance(f, sp.Add):
        return None
    return sp.Add(*[sp.Integral(t, (x, lo, hi)) for t in f.as_ordered_terms()])


@rule_on("constant factor out of the integral", _one_integral)
def constant_out_of_integral(f, x, lo, hi):
    """int c f dx = c int f dx for c free of x."""
    const, rest = split_factors(f, lambda a: a.has(x))
    return const * sp.Integral(rest, (x, lo, hi)) if const != 1 else None


def substitution(x: sp.Symbol, phi: sp.Basic, t: sp.Symbol, because: str | None = None) -> Rule:
    """x = phi(t), phi invertible: the integrand gains phi'(t) and the limits move.

    Applies only when the new limits are determined (for an infinite limit, the sign of
    phi's slope must be known from the symbols' SymPy assumptions).
    """
    y = sp.Dummy("y")
    solutions = sp.solve(sp.Eq(y, phi), t)
    inverse = solutions[0] if len(solutions) == 1 else None

    def new_limit(b):
        value = sp.limit(inverse, y, b) if b.has(sp.oo, -sp.oo) else inverse.subs(y, b)
        return value if value.is_finite or value in (sp.oo, -sp.oo) else None

    def go(f, var, lo, hi):
        if inverse is None or var != x:
            return None
        a, b = new_limit(lo), new_limit(hi)
        if a is None or b is None:
            return None
        return sp.Integral(f.subs(x, phi) * sp.diff(phi, t), (t, a, b))

    return rule_on(because or f"substitute {sp.sstr(x)} = {sp.sstr(phi)}", _one_integral)(go)


@rule_on("Gaussian integral", _one_integral)
def gaussian_integral(f, t, lo, hi):
    """int over R of c e^(-a t^2 + b t + d) = c sqrt(pi / a) e^(b^2 / 4a + d), a > 0."""
    if (lo, hi) != (-sp.oo, sp.oo):
        return None
    c, rest = split_factors(f, lambda g: g.has(t))
    if not isinstance(rest, sp.exp):
        return None
    q = _quadratic(rest.args[0], t)
    if q is None or not (-q[0]).is_positive:
        return None
    a, b, d = -q[0], q[1], q[2]
    return c * sp.sqrt(sp.pi / a) * sp.exp(b ** 2 / (4 * a) + d)


def _quadratic(e, t) -> Optional[tuple]:
    """(a, b, c) with e = a t^2 + b t + c, or None."""
    try:
        poly = sp.Poly(sp.expand(e), t)
    except sp.PolynomialError:
        return None
    if poly.degree() != 2:
        return None
    return tuple(poly.all_coeffs())


@rule_on("odd integrand over a symmetric range", _one_integral)
def odd_integrand(f, x, lo, hi):
    """int_{-a}^{a} f(x) dx = 0 when f(-x) = -f(x) and the integral converges."""
    if lo != -hi or sp.simplify(f.subs(x, -x) + f) != 0:
        return None
    if not hi.has(sp.oo, -sp.oo, sp.zoo) or _gaussian_tail(f, x):
        return sp.S.Zero
    return None


def _gaussian_tail(f, x) -> bool:
    """A polynomial times e^(q(x)) with q a quadratic opening downwards: integrable on R."""
    exps = [g for g in sp.Mul.make_args(f) if isinstance(g, sp.exp)]
    others = [g for g in sp.Mul.make_args(f) if not isinstance(g, sp.exp)]
    if len(exps) != 1 or not all(g.is_polynomial(x) for g in others):
        return False
    q = _quadratic(exps[0].args[0], x)
    return q is not None and bool(q[0].is_negative)
