"""The naive way to check a relation with plain SymPy: the baseline derive is measured against.

What a careful SymPy user writes by hand: ``.doit()`` the unevaluated operators,
``simplify(lhs - rhs) == 0``, then ``subs`` + ``evalf`` at random points, one point at
a time. Integer symbols (sizes, indices) take the same values derive's sampler gives
them, and the number of points is derive's, so both sides do the same amount of checking.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np
import sympy as sp

from derive.verify.step import _decimals  # digits shown: the same reading as derive
from derive.core.assumptions import DISCRETE
from derive.core.functions import unfold_defined
from derive.verify.sampling import continuous_draw, discrete_symbols, instantiations
from derive.verify import DEFAULT

EQUALITY = {"=", "==", "≡"}
RTOL, ATOL = 1e-8, 1e-10

# what the naive check concluded
PROVED = "proved"            # simplify(lhs - rhs) == 0
SAMPLED = "sampled"          # simplify failed, every point agreed
REFUTED = "refuted"          # a point disagreed
NOT_NUMERIC = "not numeric"  # evalf left symbols or operators behind
FAILED = "failed"            # SymPy raised


@dataclass
class NaiveOutcome:
    """The naive verdict on one relation and how many points it evaluated."""

    status: str
    points: int = 0
    detail: str = ""


def plain(expr):
    """The form in plain SymPy (derive's named functions written out, as a SymPy user
    writes them) with its unevaluated operators carried out."""
    return unfold_defined(expr).doit() if isinstance(expr, sp.Basic) else sp.sympify(expr)


def step_relation(before: sp.Basic, step) -> tuple:
    """(lhs, rhs, relation) of a derivation step, read the way derive reads it.

    ``=>`` substitutes the solution into the previous form read as ``form = 0``; a step
    between equations compares their residuals lhs - rhs.
    """
    rel, after = step.relation, step.expr
    if rel == "=>":
        return residual(before).xreplace({after.lhs: after.rhs}), sp.S.Zero, "="
    if isinstance(before, sp.Eq) or isinstance(after, sp.Eq):
        return residual(before), residual(after), "="
    return before, after, rel


def residual(form):
    return form.lhs - form.rhs if isinstance(form, sp.Eq) else form


def check_step(before, step, assumptions, rng: np.random.Generator,
               samples: int = DEFAULT.samples, instances: int = DEFAULT.instances) -> NaiveOutcome:
    """The naive check of one derivation step."""
    lhs, rhs, rel = step_relation(before, step)
    if rel == "≈" and not (_free(lhs) or _free(rhs)):
        try:
            return rounding(lhs, rhs, step.digits)
        except Exception as exc:  # noqa: BLE001 - SymPy failing is the naive way's outcome
            return NaiveOutcome(FAILED, 1, f"N: {type(exc).__name__}")
    if rel == "≈":
        rel = "="
    return check(lhs, rhs, rel, assumptions, rng, samples, instances)


def check(lhs, rhs, relation, assumptions, rng: np.random.Generator,
          samples: int = DEFAULT.samples, instances: int = DEFAULT.instances,
          stop_at_proof: bool = False) -> NaiveOutcome:
    """simplify, then subs/evalf sampling: ``samples`` points per integer instantiation.

    With ``stop_at_proof`` the sampling is skipped once simplify has proved the
    relation (a user looking for a counterexample stops there).
    """
    try:
        proved = simplify_says(plain(lhs), plain(rhs), relation)
    except Exception as exc:  # noqa: BLE001 - SymPy failing is the naive way's outcome
        return NaiveOutcome(FAILED, detail=f"simplify: {type(exc).__name__}")
    if proved and stop_at_proof:
        return NaiveOutcome(PROVED)
    out = sample(lhs, rhs, relation, assumptions, rng, samples, instances)
    if proved and out.status == SAMPLED:
        return NaiveOutcome(PROVED, out.points)
    return out


def simplify_says(lhs, rhs, relation) -> bool:
    """True when simplify reduces the difference to zero (or settles its sign)."""
    if relation in EQUALITY:
        diff = sp.simplify(lhs - rhs)
        if isinstance(diff, sp.MatrixBase):
            return all(x == 0 for x in diff)
        return diff == 0
    small, big = (lhs, rhs) if relation in ("<", "<=") else (rhs, lhs)
    gap = sp.simplify(big - small)
    return bool(gap.is_positive if relation in ("<", ">") else gap.is_nonnegative)


def sample(lhs, rhs, relation, assumptions, rng, samples: int, instances: int) -> NaiveOutcome:
    """Evaluate both sides with subs + evalf at random points until one disagrees."""
    ds = discrete_symbols([_as_basic(lhs), _as_basic(rhs)], assumptions)
    points = 0
    for integers in instantiations(ds, assumptions, rng, instances):
        try:
            left = plain(lhs.subs(integers) if integers else lhs)
            right = plain(rhs.subs(integers) if integers else rhs)
        except Exception as exc:  # noqa: BLE001 - SymPy failing is the naive way's outcome
            return NaiveOutcome(FAILED, points, f"doit: {type(exc).__name__}")
        draws = draw(_sample_atoms(left) | _sample_atoms(right), assumptions, rng, samples, integers)
        for k in range(samples):
            values = {s: float(v[k]) for s, v in draws.items()}
            try:
                agree = _agree(left.subs(values).evalf(), right.subs(values).evalf(), relation)
            except Exception as exc:  # noqa: BLE001 - as above
                return NaiveOutcome(FAILED, points, f"subs/evalf: {type(exc).__name__}")
            points += 1
            if agree is None:
                return NaiveOutcome(NOT_NUMERIC, points, "evalf left a symbolic value")
            if agree is False:
                return NaiveOutcome(REFUTED, points, f"disagree at {values}")
    return NaiveOutcome(SAMPLED, points)


def draw(atoms: set, assumptions, rng: np.random.Generator, samples: int, integers: dict) -> dict:
    """``samples`` values per atom from its domain; a probability vector's entries jointly."""
    draws: dict = {}
    for base in assumptions.simplex_bases():
        members = sorted((a for a in atoms if isinstance(a, sp.Indexed) and a.base == base),
                         key=sp.default_sort_key)
        if members:   # the entries shown plus whatever mass the unshown ones hold
            weights = rng.dirichlet(np.ones(len(members) + 1), samples).T
            weights[-2] += weights[-1] if _complete(members, base, assumptions, integers) else 0
            draws.update(zip(members, weights))
    for a in atoms - set(draws):   # an integer left over (SymPy's subs missed it) stays symbolic
        if assumptions.domain_of(a) not in DISCRETE:
            draws[a] = continuous_draw(assumptions.domain_of(a), rng, samples)
    return draws


def _complete(members: list, base, assumptions, integers: dict) -> bool:
    """Are the entries base[1..n] all present (so they alone sum to 1)?"""
    size = assumptions.sizes.get(base)
    size = size.xreplace(integers) if size is not None else None
    return size is not None and size.is_Integer and len(members) == int(size)


def rounding(exact, shown, digits: Optional[int]) -> NaiveOutcome:
    """A rounded number shown to ``digits`` decimals: is it within half a unit of the exact one?"""
    exact, shown = plain(exact), plain(shown)
    pairs = list(zip(exact, shown)) if isinstance(exact, sp.MatrixBase) else [(exact, shown)]
    for e, s in pairs:
        places = _decimals(s) if digits is None else digits
        if abs(complex(sp.N(e, 30)) - complex(sp.N(s, 30))) > 0.5 * 10.0 ** -places * (1 + 1e-6):
            return NaiveOutcome(REFUTED, 1)
    return NaiveOutcome(PROVED, 1)


def _agree(left, right, relation) -> Optional[bool]:
    """Do two evaluated values satisfy the relation? None when either is not a number."""
    pairs = list(zip(left, right)) if isinstance(left, sp.MatrixBase) else [(left, right)]
    for a, b in pairs:
        try:
            a, b = complex(a), complex(b)
        except (TypeError, ValueError):
            return None
        if not (math.isfinite(abs(a)) and math.isfinite(abs(b))):
            continue
        tol = ATOL + RTOL * max(abs(a), abs(b))
        if relation in EQUALITY:
            ok = abs(a - b) <= tol
        elif relation in ("<", "<="):
            ok = a.real <= b.real + tol
        else:
            ok = a.real >= b.real - tol
        if not ok:
            return False
    return True


def _sample_atoms(expr) -> set:
    """What gets a random value: Indexed entries and the symbols that are not their labels."""
    if isinstance(expr, sp.MatrixBase):
        return set().union(*(_sample_atoms(x) for x in expr)) if len(expr) else set()
    indexed = expr.atoms(sp.Indexed)
    labels = {ix.base.label for ix in indexed}
    symbols = {s for s in expr.free_symbols if isinstance(s, sp.Symbol) and s not in labels}
    return {ix for ix in indexed if not (ix.free_symbols - {ix, ix.base.label})} | symbols


def _free(e) -> set:
    return _as_basic(e).free_symbols


def _as_basic(e):
    if isinstance(e, sp.MatrixBase):
        return sp.Tuple(*e)
    return e
