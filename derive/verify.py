"""Verify one relation between two forms: sample first, then prove.

The numeric check runs first and always: a confirmed mismatch refutes at once with a
counterexample. Only when the samples agree does the symbolic ladder try for a
proof; its failure leaves the verdict ``numeric``, never ``proved``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import mpmath
import numpy as np
import sympy as sp

from .assumptions import Assumptions
from .budget import BudgetExceeded, Deadline, within
from .functions import Defined, unfold_defined
from .divergence import no_value
from .error_bounds import approximation_bound, rounding_bound
from .numeric import (MAX_UNROLL, OPAQUE, Evaluator, NotNumeric, Random, atoms_for, evaluate_mp,
                      is_approximate, random_functions)
from .sampling import discrete_symbols, draw_point, instantiations
from .symbolic import prove_equal, prove_inequality
from .treemap import bottom_up_map
from .verdict import Verdict

EQUALITY = {"=", "==", "≡"}
ORDER = {"<=": (False, False), "<": (False, True), ">=": (True, False), ">": (True, True)}


@dataclass
class NumericSettings:
    samples: int = 96          # per instantiation of the discrete symbols
    instances: int = 6         # joint assignments of sizes and indices
    seed: int = 20261125
    rtol: float = 1e-8
    noise: float = 1e-13        # float error allowed per unit of the rounding bound (~450 eps)
    approx_rtol: float = 2e-5   # when finite differences / quadrature / limits are involved
    approx_atol: float = 1e-7   # approximation error allowed per unit of its bound
    confirm_max: int = 12       # mismatched samples re-evaluated in high precision, at most
    seconds: float = 20.0       # wall budget of one whole comparison (floats and high precision)
    entry_seconds: float = 0.05  # added to it per entry of a matrix (64 x 64: 225 s, never hours)


DEFAULT = NumericSettings()


@dataclass
class NumericOutcome:
    holds: Optional[bool]
    agreed: int = 0
    counterexample: Optional[dict] = None
    lhs_value: object = None
    rhs_value: object = None
    detail: str = ""
    notes: list = field(default_factory=list)


# -- concretising: integers in, sums unrolled, indexed entries to plain symbols ----------
class Concretiser:
    """Turns an index-notation form into an explicit one for one assignment of integers."""

    def __init__(self, A: Assumptions, point: dict):
        self.A, self.point = A, point
        self.entries: dict = {}    # Symbol -> the Indexed it stands for

    def __call__(self, expr: sp.Basic) -> sp.Basic:
        out, entries = concretise(expr, tuple(sorted(self.point.items(), key=str)))
        self.entries.update(entries)
        return out

    def entry(self, ix: sp.Indexed) -> sp.Symbol:
        s = _entry_symbol(ix)
        self.entries[s] = ix
        return s

    def domain_of(self, s):
        return self.A.domain_of(self.entries.get(s, s))

    def family_of(self, s):
        if self.A.domain_of(self.entries.get(s, s)) != "random":
            return None
        return self.A.family_of(self.entries.get(s, s))

    def simplex_groups(self) -> dict:
        groups = {}
        for base in self.A.simplex_bases():
            size = self.A.sizes.get(base)
            present = [s for s, ix in self.entries.items() if ix.base == base]
            if not present:
                continue
            n = size.xreplace(self.point) if size is not None else None
            if n is not None and n.is_Integer:
                groups[base] = [self.entry(base[k]) for k in range(1, int(n) + 1)]
            else:  # unknown length: the present entries plus one unseen remainder
                groups[base] = present + [sp.Dummy("rest")]
        return groups


def _entry_symbol(ix: sp.Indexed) -> sp.Symbol:
    return sp.Symbol(f"{ix.base.label}[{','.join(str(i) for i in ix.indices)}]")


@lru_cache(maxsize=8192)
def concretise(expr: sp.Basic, point: tuple) -> tuple:
    """(explicit form, its entry symbols) for one assignment of the integer symbols.

    A pure function of its arguments, so cached: a step's right-hand side is the next
    step's left-hand side, and both are concretised at the same points."""
    point = dict(point)
    e = expr
    if point:  # bound summation indices must stay bound: subs respects them
        e = e.subs(point) if _binds_any(e, point) else e.xreplace(point)
        e = _index_derivative_variables(e, point)
    e = _unroll(unfold_defined(e))
    rep = {ix: _entry_symbol(ix) for ix in e.atoms(sp.Indexed)
           if all(i.is_Integer for i in ix.indices)}
    return e.xreplace(rep), tuple((v, k) for k, v in rep.items())


def _index_derivative_variables(expr: sp.Basic, point: dict) -> sp.Basic:
    """subs leaves d/dz_j alone inside a sum; put the concrete index in by hand."""
    def fix(d):
        new = [(v.xreplace(point), c) for v, c in d.variable_count]
        return sp.Derivative(d.expr, *new) if new != list(d.variable_count) else d
    if not expr.has(sp.Derivative):
        return expr
    return expr.replace(lambda e: isinstance(e, sp.Derivative)
                        and any(v.free_symbols & set(point) for v in e.variables), fix)


def _binds_any(expr: sp.Basic, point: dict) -> bool:
    """Does ``expr`` use one of the point's symbols as a bound variable somewhere?"""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Sum, sp.Product, sp.Integral)):
            if any(lim[0] in point for lim in node.limits):
                return True
        elif isinstance(node, Defined) and hasattr(node, "recurrence") and node.args[2] in point:
            return True
    return False


def _unroll(expr: sp.Basic) -> sp.Basic:
    """Write sums and products with concrete, short ranges out term by term."""
    if not expr.has(sp.Sum, sp.Product):
        return expr

    def node(e):
        if not isinstance(e, (sp.Sum, sp.Product)):
            return e
        k, lo, hi = e.limits[-1]  # the outermost limit, peeled by hand: SymPy re-merges
        if not (lo.is_Integer and hi.is_Integer and hi - lo < MAX_UNROLL):
            return e
        if len(e.limits) > 1:  # the inner limits bind their own indices: subs respects that
            inner = e.func(e.function, *e.limits[:-1])
            terms = [_unroll(inner.subs(k, sp.Integer(v))) for v in range(int(lo), int(hi) + 1)]
        else:
            terms = [_unroll(e.function.xreplace({k: sp.Integer(v)}))
                     for v in range(int(lo), int(hi) + 1)]
        return sp.Add(*terms) if isinstance(e, sp.Sum) else sp.Mul(*terms)

    return bottom_up_map(expr, node)


# -- the numeric check ------------------------------------------------------------------
def numeric_compare(lhs, rhs, relation: str = "=", A: Assumptions | None = None,
                    settings: NumericSettings = DEFAULT) -> NumericOutcome:
    """Compare both sides on samples from every symbol's domain, within a time budget
    (``settings.seconds``, plus ``entry_seconds`` per entry of a matrix): a form too big
    to sample in time is undecided, not a hang."""
    A = A or Assumptions()
    lhs, rhs = as_expr(lhs), as_expr(rhs)
    matrix = isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase)
    seconds = settings.seconds
    if matrix:
        _same_shape(lhs, rhs)
        seconds += settings.entry_seconds * len(lhs)
    with within(seconds):
        if matrix:
            return _numeric_matrix(lhs, rhs, relation, A, settings)
        return _numeric_scalar(lhs, rhs, relation, A, settings)
    return NumericOutcome(None, detail=f"numeric check incomplete: over its budget of {seconds:g} s")


def _numeric_scalar(lhs, rhs, relation: str, A: Assumptions, settings: NumericSettings):
    rng = np.random.default_rng(settings.seed)
    funcs = random_functions([lhs, rhs], rng)
    if funcs:
        lhs, rhs = (_apply_functions(e, funcs) for e in (lhs, rhs))
    ds = discrete_symbols([lhs, rhs], A)
    approx = is_approximate(lhs) or is_approximate(rhs)
    rtol = settings.approx_rtol if approx else settings.rtol
    agreed, notes, failed = 0, [], False
    precise = Deadline(PRECISE_SECONDS)  # all high-precision work of this comparison
    # small instances first: a mismatch there is the cheapest to confirm in high precision
    points = sorted(instantiations(ds, A, rng, settings.instances),
                    key=lambda pt: sum(abs(int(v)) for v in pt.values()))
    for point in points:
        conc = Concretiser(A, point)
        try:
            l, r = conc(lhs), conc(rhs)
        except BudgetExceeded:  # a budget ran out: its owner decides, not this handler
            raise
        except Exception as exc:  # noqa: BLE001 - any failure to instantiate is a note
            notes.append(f"could not instantiate at {point}: {exc}")
            failed = True
            continue
        groups = conc.simplex_groups()
        free = sorted((l.free_symbols | r.free_symbols) - set(point), key=sp.default_sort_key)
        env = draw_point(free, conc.domain_of, groups, rng, settings.samples)
        random = Random(conc.family_of, rng, settings.samples, atoms_for((l, r), conc.family_of))
        ev = Evaluator(random, conc.domain_of)
        try:
            lv, rv = _real(ev(l, env), settings.samples), _real(ev(r, env), settings.samples)
        except NotNumeric as exc:
            notes.append(str(exc))
            failed = True
            continue
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, KeyError, NameError,
                AttributeError, RecursionError) as exc:
            notes.append(f"numeric evaluation failed: {type(exc).__name__}: {exc}")
            failed = True
            continue
        valid = np.isfinite(lv) & np.isfinite(rv)
        if np.count_nonzero(valid) < max(4, settings.samples // 8):
            # floats overflowed or left the domain: let high precision decide a few points
            rescued = _rescue(l, r, relation, env, free, random, settings, approx, precise)
            if rescued is None:
                divergent = _no_value(l, r, relation, env, free, random, 0, point, conc)
                if divergent:
                    return divergent
                notes.append(f"too few samples could be evaluated at {point or 'the sample points'}")
                failed = True
            elif rescued[0] is False:
                _, idx, lm, rm = rescued
                return NumericOutcome(False, agreed, _counterexample(point, _sample(env, free, idx), conc),
                                      lm, rm, "high-precision values disagree")
            else:
                agreed += rescued[1]
            continue
        bad = valid & ~_related(lv, rv, relation, rtol, 0.0)
        if bad.any():  # what floats and approximations may get wrong, sized per sample
            bad &= ~_related(lv, rv, relation, rtol, _allowance(l, r, ev, env, settings, approx))
        suspects = np.flatnonzero(bad)
        if len(suspects) > settings.confirm_max:  # too many to examine: no verdict here
            notes.append(f"{len(suspects)} samples disagree in floating point")
            failed = True
        # one side defined and the other not (log(xy) vs log x + log y at x = y = -1):
        # high precision, in complex arithmetic, says whether the two really differ
        onesided = np.flatnonzero(np.isfinite(lv) ^ np.isfinite(rv))[:2]
        for idx in list(suspects[: settings.confirm_max]) + list(onesided):
            if precise.expired():
                notes.append("high-precision budget spent")
                failed = True
                break
            sample = _sample(env, free, idx)
            try:
                verdict = _confirm(l, r, relation, sample, random, int(idx), approx)
            except TooSlow as exc:
                notes.append(f"{exc} at {point or 'the sample points'}")
                failed = True
                break
            if verdict is not None:
                lm, rm = verdict
                return NumericOutcome(False, agreed, _counterexample(point, sample, conc), lm, rm,
                                      "samples disagree")
        if len(suspects) > settings.confirm_max:  # every sample off: is one side undefined?
            divergent = _no_value(l, r, relation, env, free, random, int(suspects[0]), point, conc)
            if divergent:
                return divergent
        agreed += int(np.count_nonzero(valid & ~bad))
    if failed or agreed == 0:  # a case we could not evaluate is a case we did not check
        why = notes[0] if notes else "no sample could be evaluated"
        return NumericOutcome(None, agreed, detail=f"numeric check incomplete: {why}", notes=notes)
    return NumericOutcome(True, agreed, detail="samples agree", notes=notes)


def _sample(env: dict, free, idx) -> dict:
    return {s: env[s][idx] if np.ndim(env[s]) else env[s] for s in free if s in env}


def _counterexample(point: dict, sample: dict, conc: Concretiser) -> dict:
    """The sizes and indices, then the sampled values, named as the user wrote them."""
    values = {conc.entries.get(s, s): float(v) for s, v in sample.items() if not isinstance(s, sp.Dummy)}
    return {**{k: int(v) for k, v in point.items()}, **values}


def _no_value(l, r, relation, env, free, random, idx, point, conc) -> NumericOutcome | None:
    """A refutation when one side has no finite value at the sample (a limit that blows
    up, an integral that diverges: ``derive.divergence``) and the other side has one."""
    if relation not in EQUALITY:
        return None
    sample = _sample(env, free, idx)
    why_l, why_r = (no_value(e, sample, random, idx) for e in (l, r))
    if (why_l is None) == (why_r is None):  # neither certified, or both: nothing to compare
        return None
    finite = r if why_l else l
    try:
        value, _ = _stable_mp(finite, sample, random, idx, is_approximate(finite))
    except BudgetExceeded:
        raise
    except Exception:  # noqa: BLE001 - no trusted value on the other side: no verdict
        return None
    why = why_l or why_r
    missing, value = "no value", _as_number(value)   # the detail says why
    lm, rm = (missing, value) if why_l else (value, missing)
    return NumericOutcome(False, 0, _counterexample(point, sample, conc), lm, rm,
                          f"one side has no value: {why}")


def _apply_functions(expr, funcs):
    """Put concrete functions in place of undefined ones. A derivative with respect to
    an application, d f(g(x)) / d g(x), first becomes a derivative in a fresh variable
    evaluated at g(x), so that it survives the substitution."""
    def by_variable(d):
        wrt = [v for v, _ in d.variable_count if not v.is_Symbol]
        if not wrt:
            return d
        rep = {v: sp.Dummy("xi", real=True) for v in wrt}
        inner = sp.Derivative(d.expr.xreplace(rep), *[(rep.get(v, v), c) for v, c in d.variable_count])
        return sp.Subs(inner, tuple(rep.values()), tuple(rep.keys()))

    expr = expr.replace(lambda e: isinstance(e, sp.Derivative), by_variable)
    return expr.replace(lambda e: e.func in funcs if hasattr(e, "func") else False,
                        lambda e: funcs[e.func](*e.args))


def _allowance(l, r, ev, env, settings, approx) -> np.ndarray:
    """Per sample, the error the evaluation itself may carry: rounding, and for finite
    differences, quadrature and limits their approximation error. Both are relative to
    each side's own terms, never absolute: x / 10^11 = 0 is a mistake, sin^2 + cos^2 - 1
    = 0 is not. Where a bound cannot be evaluated, no allowance: high precision decides."""
    parts = [(settings.noise, rounding_bound)]
    if approx:
        parts.append((settings.approx_atol, approximation_bound))
    total = np.zeros(settings.samples)
    for factor, bound in parts:
        try:
            size = (_real(ev(bound(l), env), settings.samples)
                    + _real(ev(bound(r), env), settings.samples))
        except BudgetExceeded:  # a budget ran out: its owner decides, not this handler
            raise
        except Exception:  # noqa: BLE001 - no size, no allowance
            continue
        total += np.where(np.isfinite(size), factor * size, 0.0)
    return total


def _real(v, count):
    v = np.broadcast_to(np.asarray(v), (count,)) if np.ndim(v) <= 1 else np.asarray(v)
    if np.iscomplexobj(v):
        v = np.where(np.abs(v.imag) <= 1e-12 * np.maximum(1, np.abs(v.real)), v.real, np.nan)
    return v.astype(float)


def _related(lv, rv, relation, rtol, atol):
    tol = atol + rtol * np.maximum(np.abs(lv), np.abs(rv))
    if relation in EQUALITY:
        with np.errstate(invalid="ignore"):  # inf - inf is NaN: not related, and no warning
            return np.abs(lv - rv) <= tol
    if relation in ("<=", "<"):
        return lv <= rv + tol
    if relation in (">=", ">"):
        return lv >= rv - tol
    raise ValueError(f"unknown relation {relation!r}")


def _rescue(l, r, relation, env, free, random, settings, approx, precise, points: int = 8):
    """Evaluate a few samples in mpmath when floats fail; (False, idx, l, r) on a
    mismatch, (True, agreeing count) when enough agree, None when mpmath fails too."""
    good = 0
    for idx in range(min(points, settings.samples)):
        if precise.expired():
            break
        sample = _sample(env, free, idx)
        try:
            differ = _confirm(l, r, relation, sample, random, idx, approx)
        except TooSlow:
            break
        if differ is not None:
            return False, idx, differ[0], differ[1]
        try:
            (lm, _), (rm, _) = (_stable_mp(e, sample, random, idx, approx) for e in (l, r))
        except BudgetExceeded:  # a budget ran out: its owner decides, not this handler
            raise
        except Exception:  # noqa: BLE001 - a point mpmath cannot evaluate says nothing
            continue
        if abs(lm.imag) <= 1e-20 and abs(rm.imag) <= 1e-20:  # agreement on the reals only
            good += 1
    return (True, good) if good >= 4 else None


CONFIRM_SECONDS = 2.0   # high-precision look at one sample, at most
PRECISE_SECONDS = 15.0  # all high-precision looks of one comparison, at most


class Unstable(ArithmeticError):
    """A value that changes with the working precision is not a value to refute with."""


class TooSlow(Unstable):
    """No high-precision value within its budget; other samples of the same form would
    cost as much, so the search moves on to a smaller instance."""


def _digits_needed(expr, sample, random, idx) -> int:
    """Digits that survive the worst cancellation in ``expr``: cosh(x)^2 - sinh(x)^2 at
    x = 90 subtracts two numbers near 1e78, so 78 more digits are needed for its 1."""
    worst, seen = 0.0, 0

    def walk(e):
        nonlocal worst, seen
        if isinstance(e, OPAQUE) or seen > 40:
            return
        if isinstance(e, sp.Add):
            for t in e.args:
                seen += 1
                try:  # magnitudes in mpmath: 1e1537 does not fit a float
                    v = abs(evaluate_mp(t, sample, random, idx, dps=20))
                    if v > 0 and mpmath.isfinite(v):
                        worst = max(worst, float(mpmath.log10(v)))
                except BudgetExceeded:
                    raise
                except Exception:  # noqa: BLE001 - an unevaluable term adds nothing here
                    continue
        for a in e.args:
            walk(a)

    walk(expr)
    return 30 + int(np.ceil(worst))


def _error_scale(expr, sample, random, idx, approx) -> float:
    """What the error of evaluating ``expr`` here is proportional to: its rounding bound
    (and approximation bound) from ``derive.error_bounds``, evaluated at the sample.

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


def _high_precision(expr, sample, random, idx, approx) -> tuple[complex, complex, float]:
    """(value at a precision above what cancellation in ``expr`` eats, the value at more
    digits still, the error scale): the two values tell how far the first may be off
    (sin(e^(e^x)) at x = 4 needs more digits than any fixed precision)."""
    with within(CONFIRM_SECONDS):  # mpmath can chase a divergent limit for ever
        dps = _digits_needed(expr, sample, random, idx)
        if dps > 3000:
            raise Unstable("cancellation beyond 3000 digits")
        # quadrature and differencing are judged to fewer digits: fewer serve, cost less
        more = 10 if approx else dps
        low = complex(evaluate_mp(expr, sample, random, idx, dps=dps))
        high = complex(evaluate_mp(expr, sample, random, idx, dps=dps + more))
        if not (np.isfinite(low) and np.isfinite(high)):
            raise Unstable(f"{expr} has no finite value here")
        return low, high, _error_scale(expr, sample, random, idx, approx)
    raise TooSlow(f"no high-precision value within {CONFIRM_SECONDS:g} s")


def _resolution(size: float, approx: bool) -> float:
    return size * 10.0 ** -(TRUSTED_DIGITS_APPROX if approx else TRUSTED_DIGITS)


def _stable_mp(expr, sample, random, idx, approx) -> tuple[complex, float]:
    """The high-precision value and the resolution it is trusted to, relative to its
    error scale, not to 1 (x / 10^11 is known to all its digits); Unstable when the two
    precisions disagree beyond it."""
    low, high, scale = _high_precision(expr, sample, random, idx, approx)
    resolution = _resolution(max(abs(high), scale), approx)
    if abs(low - high) > resolution:
        raise Unstable(f"{expr} is not stable in high precision")
    return high, resolution


def _as_number(z: complex):
    return z.real if z.imag == 0 else z


def _confirm(l, r, relation, sample, random, idx, approx):
    """Re-evaluate a mismatch in high precision; return both values if it is real.

    Values are compared as complex numbers: a side that leaves the reals where the
    other does not is a real difference for an equation (an order needs both real).
    The allowance is relative: to the values and error scales of both sides, which also
    set how stable each must be: a limit equal to 0 need only be known to well below the
    other side's 2x, not to 22 digits of its own size."""
    try:
        (l_low, lm, l_scale), (r_low, rm, r_scale) = (
            _high_precision(e, sample, random, idx, approx) for e in (l, r))
    except (BudgetExceeded, TooSlow):  # the callers decide what to do next
        raise
    except Exception:  # noqa: BLE001 - a point mpmath cannot evaluate refutes nothing
        return None
    resolution = _resolution(max(abs(lm), abs(rm), l_scale, r_scale), approx)
    if abs(l_low - lm) > resolution or abs(r_low - rm) > resolution:
        return None  # a value that moves with the precision refutes nothing
    rtol, atol = (1e-7 if approx else 1e-12), 4 * resolution
    if relation in EQUALITY:
        if abs(lm - rm) <= atol + rtol * max(abs(lm), abs(rm)):
            return None
        return _as_number(lm), _as_number(rm)
    if abs(lm.imag) > 1e-20 or abs(rm.imag) > 1e-20:
        return None
    ok = _related(np.array([lm.real]), np.array([rm.real]), relation, rtol, atol)[0]
    return None if ok else (lm.real, rm.real)


def _same_shape(lhs, rhs) -> None:
    if not (isinstance(lhs, sp.MatrixBase) and isinstance(rhs, sp.MatrixBase)):
        raise ValueError("cannot compare a matrix with a scalar")
    if lhs.shape != rhs.shape:
        raise ValueError(f"shapes differ: {lhs.shape} vs {rhs.shape}")


def _numeric_matrix(lhs, rhs, relation, A, settings):
    agreed = 0
    for pos, (a, b) in enumerate(zip(lhs, rhs)):
        out = _numeric_scalar(a, b, relation, A, settings)
        if out.holds is False:
            i, j = divmod(pos, lhs.shape[1])
            out.detail = f"entry ({i + 1}, {j + 1}) differs"
            return out
        if out.holds is None:
            return out
        agreed = out.agreed if not agreed else min(agreed, out.agreed)
    return NumericOutcome(True, agreed, detail="all entries agree")


# -- the whole check --------------------------------------------------------------------
def verify_relation(lhs, rhs, relation: str = "=", assumptions=None, budget: float = 2.0,
                    settings: NumericSettings = DEFAULT, lemmas: dict | None = None) -> Verdict:
    """Decide ``lhs relation rhs``: numeric first (refutes fast), then the symbolic ladder."""
    start = time.perf_counter()
    lhs, rhs = as_expr(lhs), as_expr(rhs)
    A = assumptions if isinstance(assumptions, Assumptions) else Assumptions.coerce(
        assumptions, _free(lhs) | _free(rhs))
    try:
        num = numeric_compare(lhs, rhs, relation, A, settings)
    except ValueError as exc:
        return Verdict(False if "shapes differ" in str(exc) else None, None, detail=str(exc),
                       seconds=time.perf_counter() - start)
    if num.holds is False:
        return Verdict(False, "numeric", num.counterexample, num.lhs_value, num.rhs_value,
                       detail=num.detail, samples=num.agreed, seconds=time.perf_counter() - start)
    if lemmas:  # earlier results, used by the symbolic side only (numbers need no help)
        lhs, rhs = (e.xreplace(lemmas) if isinstance(e, sp.Basic) else e for e in (lhs, rhs))
    if relation in EQUALITY:
        proved, how = prove_equal(lhs, rhs, A, budget)
    else:
        flip, strict = ORDER[relation]
        small, big = (rhs, lhs) if flip else (lhs, rhs)
        proved, how = prove_inequality(small, big, strict, A, budget)
    elapsed = time.perf_counter() - start
    if proved:
        return Verdict(True, "symbolic", detail=how, samples=num.agreed, seconds=elapsed)
    if num.holds is None:
        return Verdict(None, None, detail=f"{num.detail}; {how}", seconds=elapsed)
    return Verdict(True, "numeric", detail=how, samples=num.agreed, seconds=elapsed)


def as_expr(e):
    """Numbers and nested lists to SymPy; strings are refused (parse LaTeX first).

    Products, sums and determinants of explicit matrices are carried out, so a display
    form such as ``MatMul(A, B, evaluate=False)`` is compared entry by entry."""
    if isinstance(e, sp.MatrixBase):
        return sp.ImmutableMatrix(e)
    if isinstance(e, sp.MatrixExpr):
        done = e.doit()
        return sp.ImmutableMatrix(done) if isinstance(done, sp.MatrixBase) else done
    if isinstance(e, sp.Basic):
        if e.has(sp.Determinant, sp.Trace):
            e = e.replace(lambda x: isinstance(x, (sp.Determinant, sp.Trace)), lambda x: x.doit())
        return e
    if isinstance(e, bool) or e is None:
        raise TypeError(f"cannot compare {e!r}")
    if isinstance(e, (int, float, complex)):
        return sp.sympify(e)
    if isinstance(e, (list, tuple)):
        return sp.ImmutableMatrix(e)
    if isinstance(e, np.ndarray):
        return sp.ImmutableMatrix(e.tolist())
    raise TypeError(f"expected a SymPy expression or matrix, not {type(e).__name__}")


def _free(e) -> set:
    if isinstance(e, sp.Basic):
        return set(e.free_symbols) | set(e.atoms(sp.Indexed))
    return set()
