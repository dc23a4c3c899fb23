"""High precision for stage 3: a value trusted to a stated resolution, and a mismatch confirmed.

A float mismatch refutes nothing until mpmath, at a precision above the worst
cancellation in the form, gives two values that agree with each other and still
disagree with the other side.
"""
from __future__ import annotations

import time

import mpmath
import numpy as np
import sympy as sp

from .budget import BudgetExceeded, within
from .error_bounds import approximation_bound, rounding_bound
from .evaluate import OPAQUE, evaluate_mp
from ..core.chain import EQUALITY
from .numeric import related

MAX_SPREAD = 1000       # digits kept for the smallest term of a sum, at most
CONFIRM_SECONDS = 2.0   # high-precision look at one sample, at most
PRECISE_SECONDS = 15.0  # all high-precision looks of one comparison, at most


class Unstable(ArithmeticError):
    """A value that changes with the working precision is not a value to refute with."""


class TooSlow(Unstable):
    """No high-precision value within its budget; other samples of the same form would
    cost as much, so the search moves on to a smaller instance."""


def digits_needed(expr, sample, random, idx) -> int:
    """Digits that survive the worst cancellation in ``expr``: cosh(x)^2 - sinh(x)^2 at
    x = 90 subtracts two numbers near 1e78, so 78 more digits are needed for its 1; and
    that keep every term of a sum: log(1 + e^-159) is 0 unless 1 + e^-159 keeps 159
    digits. The body of a derivative is walked too: finite differences evaluate it."""
    worst, seen = 0.0, 0

    def walk(e):
        nonlocal worst, seen
        if seen > 40:
            return
        if isinstance(e, sp.Derivative):
            walk(e.expr)
            return
        if isinstance(e, OPAQUE):
            return
        if isinstance(e, sp.Add):
            logs = []
            for t in e.args:
                seen += 1
                try:  # magnitudes in mpmath: 1e1537 does not fit a float
                    v = abs(evaluate_mp(t, sample, random, idx, dps=20))
                    if v > 0 and mpmath.isfinite(v):
                        logs.append(float(mpmath.log10(v)))
                except BudgetExceeded:
                    raise
                except Exception:  # noqa: BLE001 - an unevaluable term adds nothing here
                    continue
            if logs:
                worst = max(worst, max(logs), min(max(logs) - min(logs), MAX_SPREAD))
        for a in e.args:
            walk(a)

    walk(expr)
    return 30 + int(np.ceil(worst))


def error_scale(expr, sample, random, idx, approx) -> float:
    """What the error of evaluating ``expr`` here is proportional to: its rounding bound
    (and approximation bound) from ``derive.verify.error_bounds``, evaluated at the sample.

    Not the largest term anywhere in the tree: log(e^998 + e^999 + e^1000) has terms near
    1e434 inside the log, but its value, about 1000, is known to within 1e-400 of itself.
    0 when a bound cannot be evaluated (then only the value itself sets the scale)."""
    total = 0.0
    for bound in (rounding_bound, approximation_bound) if approx else (rounding_bound,):
        try:
            # a magnitude: 15 digits serve (quadrature of |f| costs less at low precision)
            size = abs(complex(evaluate_mp(bound(expr), sample, random, idx, dps=15)))
        except BudgetExceeded:
            raise
        except Exception:  # noqa: BLE001 - no bound: the value alone sets the scale
            continue
        if not np.isfinite(size):
            raise Unstable(f"the error bound of {expr} is beyond floating point here")
        total += size
    return total


# digits a high-precision value is trusted to, below its error scale: the working
# precision keeps 30 beyond the largest term, so 22 leaves a wide margin; quadrature,
# mpmath's differences and limits are trusted to 10
TRUSTED_DIGITS = 22
TRUSTED_DIGITS_APPROX = 10


def first_look(expr, sample, random, idx) -> tuple[int, complex, float]:
    """(the working precision, the value at it, CPU seconds spent): the first half of
    ``high_precision``, within its budget."""
    start = time.process_time()
    with within(CONFIRM_SECONDS):  # mpmath can chase a divergent limit for ever
        dps = digits_needed(expr, sample, random, idx)
        if dps > 3000:
            raise Unstable("cancellation beyond 3000 digits")
        low = complex(evaluate_mp(expr, sample, random, idx, dps=dps))
        return dps, low, time.process_time() - start
    raise TooSlow(f"no high-precision value within {CONFIRM_SECONDS:g} s")


def high_precision(expr, sample, random, idx, approx, first=None) -> tuple[complex, complex, float]:
    """(value at a precision above what cancellation in ``expr`` eats, the value at more
    digits still, the error scale): the two values tell how far the first may be off
    (sin(e^(e^x)) at x = 4 needs more digits than any fixed precision). ``first`` is
    ``first_look``'s result when it was taken already; both halves share one budget."""
    dps, low, spent = first if first is not None else first_look(expr, sample, random, idx)
    left = CONFIRM_SECONDS - spent
    if left > 0:
        with within(left):
            # quadrature and differencing are judged to fewer digits: fewer serve, cost less
            more = 10 if approx else dps
            high = complex(evaluate_mp(expr, sample, random, idx, dps=dps + more))
            if not (np.isfinite(low) and np.isfinite(high)):
                raise Unstable(f"{expr} has no finite value here")
            return low, high, error_scale(expr, sample, random, idx, approx)
    raise TooSlow(f"no high-precision value within {CONFIRM_SECONDS:g} s")


def resolution_of(size: float, approx: bool) -> float:
    return size * 10.0 ** -(TRUSTED_DIGITS_APPROX if approx else TRUSTED_DIGITS)


def stable_value(expr, sample, random, idx, approx) -> tuple[complex, float]:
    """The high-precision value and the resolution it is trusted to, relative to its
    error scale, not to 1 (x / 10^11 is known to all its digits); Unstable when the two
    precisions disagree beyond it."""
    low, high, scale = high_precision(expr, sample, random, idx, approx)
    resolution = resolution_of(max(abs(high), scale), approx)
    if abs(low - high) > resolution:
        raise Unstable(f"{expr} is not stable in high precision")
    return high, resolution


def _close(a: complex, b: complex, rtol: float) -> bool:
    return bool(abs(a - b) <= rtol * max(abs(a), abs(b)))


def as_number(z: complex):
    return z.real if z.imag == 0 else z


def confirm_mismatch(l, r, relation, sample, random, idx, approx):
    """Re-evaluate a mismatch in high precision; return both values if it is real.

    Values are compared as complex numbers: a side that leaves the reals where the
    other does not is a real difference for an equation (an order needs both real).
    The allowance is relative: to the values and error scales of both sides, which also
    set how stable each must be: a limit equal to 0 need only be known to well below the
    other side's 2x, not to 22 digits of its own size."""
    rtol = 1e-7 if approx else 1e-12
    try:
        firsts = [first_look(e, sample, random, idx) for e in (l, r)]
        if relation in EQUALITY and _close(firsts[0][1], firsts[1][1], rtol / 10):
            # equal to a tenth of the tolerance at the first precision: whatever the second
            # precision and the error scales say, the answer below is "no mismatch"
            # (stable values then differ by at most 2 resolutions + rtol/10 of the larger)
            return None
        (l_low, lm, l_scale), (r_low, rm, r_scale) = (
            high_precision(e, sample, random, idx, approx, first) for e, first in zip((l, r), firsts))
    except (BudgetExceeded, TooSlow):  # the callers decide what to do next
        raise
    except Exception:  # noqa: BLE001 - a point mpmath cannot evaluate refutes nothing
        return None
    resolution = resolution_of(max(abs(lm), abs(rm), l_scale, r_scale), approx)
    if abs(l_low - lm) > resolution or abs(r_low - rm) > resolution:
        return None  # a value that moves with the precision refutes nothing
    atol = 4 * resolution
    if relation in EQUALITY:
        if abs(lm - rm) <= atol + rtol * max(abs(lm), abs(rm)):
            return None
        return as_number(lm), as_number(rm)
    if abs(lm.imag) > 1e-20 or abs(rm.imag) > 1e-20:
        return None
    ok = related(np.array([lm.real]), np.array([rm.real]), relation, rtol, atol)[0]
    return None if ok else (lm.real, rm.real)
