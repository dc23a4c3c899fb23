"""How far a float evaluation of a form can be from its exact value.

``sin(x)^2 + cos(x)^2 - 1`` evaluates to about 1e-16 rather than 0, because it
subtracts numbers of size 1; ``x / 10^11`` evaluates to 1e-11 with every digit right.
A fixed absolute tolerance cannot tell the two apart: it either calls the first a
mismatch or swallows a mistake in the second. The bounds here can. Each is a form,
built from the expression's own tree, whose value bounds (up to a small factor) one
kind of error, carried through the tree by first-order propagation: a sum errs by its
terms' errors, a product by each factor's error times the other factors, a function by
its slope times its argument's error.

- ``rounding_bound``: times the unit roundoff, the rounding error of floats. Every
  operation adds the size of its result (a sum: the sizes of its terms); sampled
  inputs and integers are exact, constants such as 1/3 are not.
- ``approximation_bound``: times the checker's approximation tolerance, the error of
  finite differences, quadrature and limits, which scales with the size of what they
  act on: |f| over a length for d/dx f, the integral of |f| for an integral.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..core.functions import Expectation

_ZERO = sp.Integer(0)
_LENGTH = sp.Rational(1, 20)   # the smallest length a finite difference scales with


@lru_cache(maxsize=4096)
def rounding_bound(expr: sp.Basic) -> sp.Basic:
    """Nonnegative form: the float error of ``expr`` is about eps times its value, or less."""
    return _propagate(expr, _rounding_own)


@lru_cache(maxsize=4096)
def approximation_bound(expr: sp.Basic) -> sp.Basic:
    """Nonnegative form scaling the error of the approximate operators in ``expr``."""
    return _propagate(expr, _approximation_own)


def _abs(e: sp.Basic) -> sp.Basic:
    """|e|, built without evaluating (SymPy's Abs asks the assumption system about e)."""
    if e.is_Number:
        return abs(e)
    return sp.Abs(e, evaluate=False)


def _add(*parts: sp.Basic) -> sp.Basic:
    """A sum of bounds, built without evaluating; zero terms left out."""
    parts = [p for p in parts if p is not _ZERO and p != 0]
    if not parts:
        return _ZERO
    return parts[0] if len(parts) == 1 else sp.Add(*parts, evaluate=False)


def _mul(*factors: sp.Basic) -> sp.Basic:
    """A product of bounds, built without evaluating; factors of 1 left out."""
    factors = [f for f in factors if f != 1]
    if any(f is _ZERO or f == 0 for f in factors):
        return _ZERO
    if not factors:
        return sp.Integer(1)
    return factors[0] if len(factors) == 1 else sp.Mul(*factors, evaluate=False)


def _rounding_own(e: sp.Basic) -> sp.Basic:
    """The error an operation adds itself, in units of the unit roundoff."""
    if e.is_Symbol or isinstance(e, sp.Indexed) or e.is_Integer:
        return _ZERO
    if isinstance(e, sp.Add):
        return _add(*[_abs(t) for t in e.args])
    if isinstance(e, (sp.Sum, Expectation)):
        inside = e.function if isinstance(e, sp.Sum) else e.args[0]
        return e.func(sp.Abs(inside), *e.args[1:])
    return _abs(e)


def _approximation_own(e: sp.Basic) -> sp.Basic:
    """The error an approximate operator adds: relative to the size of what it acts on."""
    if isinstance(e, sp.Derivative):
        length = sp.Mul(*[(sp.Abs(v) + _LENGTH) ** c for v, c in e.variable_count])
        return sp.Abs(e.expr) / length
    if isinstance(e, sp.Integral):
        return sp.Integral(sp.Abs(e.function), *e.limits)
    if isinstance(e, sp.Limit):
        return sp.Abs(e)
    return _ZERO


def _propagate(e: sp.Basic, own) -> sp.Basic:
    if e.is_Atom:
        return own(e)
    if isinstance(e, (sp.Derivative, sp.Integral, sp.Limit, sp.Subs)):
        return own(e)  # what happens inside is the operator's own error
    if isinstance(e, sp.Add):
        return _add(own(e), *[_propagate(t, own) for t in e.args])
    if isinstance(e, sp.Mul):
        parts = [own(e)]
        for i, f in enumerate(e.args):
            ef = _propagate(f, own)
            if ef != 0:
                parts.append(_mul(ef, *[_abs(g) for j, g in enumerate(e.args) if j != i]))
        return _add(*parts)
    if isinstance(e, sp.Pow):
        base, p = e.args
        eb, ep = _propagate(base, own), _propagate(p, own)
        parts = [own(e)]
        if eb != 0:
            parts.append(_mul(_abs(p * base ** (p - 1)), eb))
        if ep != 0:
            parts.append(_mul(_abs(e * sp.log(base)), ep))
        return _add(*parts)
    if isinstance(e, sp.Sum):
        inner = _propagate(e.function, own)
        return _add(own(e), sp.Sum(inner, *e.limits) if inner != 0 else _ZERO)
    if isinstance(e, Expectation):
        inner = _propagate(e.args[0], own)
        return _add(own(e), Expectation(inner) if inner != 0 else _ZERO)
    if isinstance(e, sp.Function) and all(isinstance(a, sp.Expr) for a in e.args):
        parts = [own(e)]
        for i, a in enumerate(e.args, start=1):
            ea = _propagate(a, own)
            if ea == 0:
                continue
            try:
                slope = e.fdiff(i)
            except Exception:  # noqa: BLE001 - no known slope: assume a modest one
                slope = sp.Integer(1)
            if slope.has(sp.Derivative, sp.Subs):
                slope = sp.Integer(1)
            parts.append(_mul(_abs(slope), ea))
        return _add(*parts)
    return own(e)
