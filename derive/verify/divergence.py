"""Certificates that a form has no finite value, so that '= a finite form' is refuted.

A wrong difference quotient, lim_{h -> 0} (x^2 + (x + h)^2) / h, or a density with the
wrong exponent, the integral of exp(-(x - mu)^3) over the line, has no value: a step
that sets it equal to something finite is wrong. Sampling cannot say so by itself (the
float evaluator gives NaN or noise, and high precision has no value to agree on), so
these checks look, in high precision, at where the value would be decided:

- a limit: if |f| grows at least 10^4-fold each time the distance to the point shrinks
  10^8-fold (as fast as h^(-1/2) or faster), or, at infinity, each time the argument
  grows 10^8-fold; or if a two-sided limit's one-sided values settle on different
  numbers;
- an integral over an infinite range: if x f(x) keeps one sign and does not decay
  faster than 1/log x while x runs from 10^2 to 10^32 (the integrand falls off no
  faster than 1/(x log x), whose integral diverges).

Both are conservative: slow divergence such as log h is not certified, and a form that
is a limit or an integral only deep inside is not looked at; those stay undecided.
"""
from __future__ import annotations

from typing import Optional

import mpmath
import sympy as sp

from .budget import within
from .evaluate import OPAQUE, evaluate_mp

DPS = 100                        # digits: 10^-32 steps leave 60 after the worst cancellation
STEPS = (8, 16, 24, 32)          # distances 10^-k to the point of a limit
GROWTH = mpmath.mpf(10) ** 4     # per step, for a blow-up
DECADES = (2, 4, 8, 16, 32)      # x = 10^k towards an infinite end of an integral
SECONDS = 2.0


def no_value(expr: sp.Basic, sample: dict, random=None, idx: int = 0) -> Optional[str]:
    """Why ``expr`` has no finite value at ``sample``; None when no certificate is found.

    ``expr`` is a limit or an integral, or a product of one with factors finite and
    nonzero here, or a sum in which exactly one term has no value and the others have."""
    try:
        with within(SECONDS), mpmath.workdps(DPS):
            return _why(expr, sample, random, idx)
    except (ArithmeticError, ValueError, TypeError, KeyError, NameError, AttributeError):
        pass  # a point mpmath cannot evaluate certifies nothing
    return None


def _why(expr, sample, random, idx) -> Optional[str]:
    if isinstance(expr, sp.Limit):
        return _limit(expr, sample, random, idx)
    if isinstance(expr, sp.Integral):
        if len(expr.limits) == 1 and len(expr.limits[0]) == 3:
            return _integral(expr, sample, random, idx)
        return None
    if isinstance(expr, sp.Mul):
        # a divergent integral over sqrt(2 pi) sigma diverges too; 0 times it is undefined
        cores = [f for f in expr.args if isinstance(f, (sp.Limit, sp.Integral))]
        rest = sp.Mul(*[f for f in expr.args if not isinstance(f, (sp.Limit, sp.Integral))])
        if len(cores) != 1 or rest.has(*OPAQUE) or not _finite(rest, sample, random, idx, nonzero=True):
            return None
        return _why(cores[0], sample, random, idx)
    if isinstance(expr, sp.Add):
        # one divergent term among finite ones; two could cancel, so they say nothing
        reasons = [(t, _why(t, sample, random, idx)) for t in expr.args]
        bad = [(t, why) for t, why in reasons if why is not None]
        if len(bad) != 1:
            return None
        if not all(_finite(t, sample, random, idx) for t, why in reasons if why is None):
            return None
        return bad[0][1]
    return None


def _finite(expr, sample, random, idx, nonzero: bool = False) -> bool:
    value = mpmath.mpc(evaluate_mp(expr, sample, random, idx, dps=DPS))
    return bool(mpmath.isfinite(value)) and (value != 0 or not nonzero)


def _at(f, x, v, sample, random, idx):
    value = mpmath.mpc(evaluate_mp(f, {**sample, x: v}, random, idx, dps=DPS))
    if not mpmath.isfinite(value):
        raise ArithmeticError("no finite value at a probe point")
    return value


def _blows_up(values) -> bool:
    sizes = [abs(v) for v in values]
    return sizes[0] > 0 and all(b >= GROWTH * a for a, b in zip(sizes, sizes[1:]))


def _limit(node: sp.Limit, sample, random, idx) -> Optional[str]:
    f, x, x0, direction = node.args
    if x0 in (sp.oo, -sp.oo):
        sign = 1 if x0 == sp.oo else -1
        values = [_at(f, x, sign * mpmath.mpf(10) ** k, sample, random, idx) for k in STEPS]
        return f"{f} grows without bound as {x} -> {x0}" if _blows_up(values) else None
    point = mpmath.mpf(evaluate_mp(x0, sample, random, idx, dps=DPS).real)
    sides = {"+": (1,), "-": (-1,), "+-": (1, -1)}[str(direction)]
    settled = []
    for s in sides:
        values = [_at(f, x, point + s * mpmath.mpf(10) ** -k, sample, random, idx) for k in STEPS]
        if _blows_up(values):
            return f"{f} grows without bound as {x} -> {x0}{'+' if s > 0 else '-'}"
        near, nearer = values[-2], values[-1]
        if abs(near - nearer) <= mpmath.mpf(10) ** -6 * max(abs(nearer), mpmath.mpf(10) ** -30):
            settled.append(nearer)
    if len(settled) == 2:
        a, b = settled
        if abs(a - b) > mpmath.mpf(10) ** -3 * max(abs(a), abs(b)):
            return (f"the one-sided limits of {f} at {x} -> {x0} differ "
                    f"({mpmath.nstr(a.real, 8)} and {mpmath.nstr(b.real, 8)})")
    return None


def _integral(node: sp.Integral, sample, random, idx) -> Optional[str]:
    f = node.function
    x, a, b = node.limits[0]
    for end, sign in ((b, 1), (a, -1)):
        if end != sign * sp.oo:
            continue
        xs = [sign * mpmath.mpf(10) ** k for k in DECADES]
        tails = [v * _at(f, x, v, sample, random, idx) for v in xs]
        if any(abs(t.imag) > 1e-30 * abs(t) for t in tails):
            continue
        reals = [t.real for t in tails]
        one_sign = all(t > 0 for t in reals) or all(t < 0 for t in reals)
        if one_sign and all(abs(q) >= abs(p) / 2 for p, q in zip(reals, reals[1:])):
            return f"the integrand does not decay as {x} -> {end}: the integral diverges"
    return None
