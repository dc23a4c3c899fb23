"""Draw sample points from each symbol's domain, and instantiate discrete symbols.

Sampling is where assumptions meet numbers: reals include negatives, positives stay
positive, probability vectors lie on the simplex, and integer symbols (sizes, indices,
exponents) are instantiated to concrete values so sums can be unrolled.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import sympy as sp

from ..core.assumptions import DISCRETE, Assumptions

SIZE_VALUES = (1, 2, 3, 4, 5, 6)
# after the small sizes agree: the rest up to 12, two random ones up to 60 and one large
# (a closed form wrong from n = 7, or an EMA wrong from t = 8, is met there)
MORE_SIZES = (7, 8, 9, 10, 11, 12)
RANDOM_SIZES = (13, 60)
LARGE_SIZE = 150
MAX_MARK_SIZE = 2000   # a size the form mentions is tried up to here (sums are unrolled)


def continuous_draw(domain: str, rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` values from one continuous domain, spread to expose sign and scale errors."""
    if domain == "positive":
        return np.exp(rng.uniform(np.log(0.1), np.log(6.0), count))
    if domain == "nonnegative":
        return rng.uniform(0.0, 4.0, count)
    if domain == "negative":
        return -np.exp(rng.uniform(np.log(0.1), np.log(6.0), count))
    if domain == "unit":
        return rng.uniform(0.03, 0.97, count)
    # real: a mix of moderate values of both signs
    vals = rng.normal(0.0, 1.6, count)
    return np.where(np.abs(vals) < 1e-3, 0.37, vals)


def wide_draw(domain: str, rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` values spread over magnitudes (log-uniform), both signs where the domain
    has them, near 0, near each boundary and far out: what a narrow draw never meets."""
    if domain == "unit":  # both ends of (0, 1), down to 1e-9 from each
        near = 10.0 ** rng.uniform(-9, -0.5, count)
        return np.where(rng.random(count) < 0.5, near, 1 - near)
    if domain == "nonnegative":
        mags = 10.0 ** rng.uniform(-6, 6, count)
        return np.where(np.arange(count) == 0, 0.0, mags)
    mags = 10.0 ** rng.uniform(-6, 6, count)
    if domain == "positive":
        return mags
    if domain == "negative":
        return -mags
    return mags * np.where(rng.random(count) < 0.5, -1.0, 1.0)


def landmark_draw(domain: str, marks: list, rng: np.random.Generator, count: int) -> np.ndarray:
    """Values at and around the numbers a form mentions (50 in e^{-(x-50)^2}, 10 in
    max(x, 10), 20 in floor(x/20)): where a form changes behaviour, a claim often breaks."""
    if not marks:
        return continuous_draw(domain, rng, count)
    base = np.asarray(marks, dtype=float)[rng.integers(len(marks), size=count)]
    sign = np.where(rng.random(count) < 0.5, -1.0, 1.0)
    near = base + rng.normal(0.0, 1.0, count) * np.maximum(0.05, 0.02 * np.abs(base))
    tight = sign * base + rng.normal(0.0, 0.3, count)   # a bump of width 1 at 2e5 is 1e-5 wide relatively
    scaled = base * sign * 10.0 ** rng.uniform(-1, 1, count)
    pick = rng.random(count)
    vals = np.where(pick < 0.35, tight, np.where(pick < 0.65, near, scaled))
    if domain == "unit":
        vals = np.abs(vals) % 1.0
        return np.clip(vals, 1e-9, 1 - 1e-9)
    if domain in ("positive", "nonnegative"):
        return np.maximum(np.abs(vals), 1e-9)
    if domain == "negative":
        return -np.maximum(np.abs(vals), 1e-9)
    return vals


def landmarks(exprs: Iterable[sp.Basic]) -> list:
    """The numbers a form mentions whose size a narrow draw misses (|c| >= 3 or |c| <= 0.3)."""
    found: set = set()
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for a in e.atoms(sp.Number):
            try:
                v = abs(float(a))
            except (TypeError, ValueError):
                continue
            if np.isfinite(v) and v != 0 and (v >= 3 or v <= 0.3) and v < 1e12:
                found.add(v)
            if isinstance(a, sp.Rational) and not a.is_Integer and a.q >= 3:
                found.add(float(a.q))   # n/1000 changes behaviour at n = 1000
    return sorted(found)[:12]


def discrete_draw(domain: str, rng: np.random.Generator) -> int:
    if domain == "positive_integer":
        return int(rng.integers(1, 7))
    if domain == "nonnegative_integer":
        return int(rng.integers(0, 7))
    return int(rng.integers(-3, 5))


@dataclass
class DiscreteSymbols:
    """The integer symbols of a relation, split by role."""

    indices: list   # symbols with a declared range (i, j over 1..n)
    others: list    # sizes, exponents and other integer symbols

    def __bool__(self) -> bool:
        return bool(self.indices or self.others)


def discrete_symbols(exprs: Iterable[sp.Basic], assumptions: Assumptions) -> DiscreteSymbols:
    """Free integer symbols of ``exprs``, including those only used inside ranges."""
    free: set = set()
    for e in exprs:
        free |= {s for s in e.free_symbols if isinstance(s, sp.Symbol)}
        # SymPy counts a derivative's variable as bound; its indices are still free,
        # unless a sum around it binds them
        bound = {lim[0] for node in e.atoms(sp.Sum, sp.Product, sp.Integral) for lim in node.limits}
        for d in e.atoms(sp.Derivative):
            for v in d.variables:
                free |= {s for s in v.free_symbols if isinstance(s, sp.Symbol)} - bound
    # bounds of an index range and sizes of simplices are needed to instantiate it
    for s in list(free):
        if s in assumptions.ranges:
            r = assumptions.ranges[s]
            free |= r.lower.free_symbols | r.upper.free_symbols
    for base in assumptions.simplex_bases():
        if base in assumptions.sizes and any(_uses_base(e, base) for e in exprs):
            free |= assumptions.sizes[base].free_symbols
    indices = sorted((s for s in free if s in assumptions.ranges), key=str)
    others = sorted((s for s in free if s not in assumptions.ranges
                     and assumptions.domain_of(s) in DISCRETE), key=str)
    return DiscreteSymbols(indices, others)


def _uses_base(expr: sp.Basic, base) -> bool:
    return any(ix.base == base for ix in expr.atoms(sp.Indexed))


def instantiations(ds: DiscreteSymbols, assumptions: Assumptions, rng: np.random.Generator,
                   count: int) -> list[dict]:
    """Up to ``count`` joint assignments of the discrete symbols, covering small sizes.

    Sizes cycle through 1..6 so that every small case is met; indices are drawn in their
    range, half the time equal to an earlier index (to hit delta_ij = 1).
    """
    if not ds:
        return [{}]
    out: list[dict] = []
    seen: set = set()
    attempts = 0
    while len(out) < count and attempts < count * 6:
        t = attempts
        attempts += 1
        point: dict = {}
        for m, s in enumerate(ds.others):
            dom = assumptions.domain_of(s)
            if dom == "positive_integer":
                point[s] = sp.Integer(SIZE_VALUES[(t + 2 * m) % len(SIZE_VALUES)])
            else:
                point[s] = sp.Integer(discrete_draw(dom, rng))
        def near_earlier(lo, hi):   # half the time an earlier index's value: delta_ij = 1
            earlier = [int(point[x]) for x in ds.indices if x in point and lo <= int(point[x]) <= hi]
            if earlier and rng.random() < 0.5:
                return earlier[int(rng.integers(len(earlier)))]
            return int(rng.integers(lo, hi + 1))

        if not place_indices(ds, assumptions, point, near_earlier):
            continue
        key = point_key(point)
        if key in seen:
            continue
        seen.add(key)
        out.append(point)
    return out


def point_key(point: dict) -> tuple:
    """An assignment of integers as a hashable key (to try each one once)."""
    return tuple(sorted((str(k), int(v)) for k, v in point.items()))


def place_indices(ds: DiscreteSymbols, assumptions: Assumptions, point: dict, choose) -> bool:
    """Put each index of ``ds`` into ``point`` at ``choose(lo, hi)`` within its range there;
    False when a range has no integer ends or is empty at this point."""
    for s in ds.indices:
        bounds = index_bounds(assumptions.ranges[s], point)
        if bounds is None:
            return False
        point[s] = sp.Integer(choose(*bounds))
    return True


def index_bounds(r, point: dict):
    """An index range's integer ends at ``point`` (its sizes filled in), or None when
    they are not integers or the range is empty."""
    lo, hi = r.lower.xreplace(point), r.upper.xreplace(point)
    if not (lo.is_Integer and hi.is_Integer) or hi < lo:
        return None
    return int(lo), int(hi)


def more_sizes(rng: np.random.Generator, large: bool, marks: Iterable[float] = ()) -> list[int]:
    """The sizes tried once the small ones agree: 7..12, two random up to 60, one large,
    and (when large ones are affordable) each side of an integer the form mentions, for a
    term like floor(n / 1000) that is 0 below it."""
    lo, hi = RANDOM_SIZES
    extra = sorted({int(v) for v in rng.integers(lo, hi + 1, 2)})
    near = sorted({int(m) + d for m in marks if m == int(m) and hi < m <= MAX_MARK_SIZE
                   for d in (-1, 0, 1)}) if large else []
    return list(MORE_SIZES) + extra + ([LARGE_SIZE] if large else []) + near


def size_instantiations(ds: DiscreteSymbols, assumptions: Assumptions, rng: np.random.Generator,
                        sizes: list, seen: list) -> list[dict]:
    """Assignments with every size (positive or nonnegative integer) at a larger value
    (the m-th size symbol offset by m, so two sizes are not always equal); indices are
    drawn in their ranges. Assignments already in ``seen`` are left out."""
    grown = [s for s in ds.others if assumptions.domain_of(s) in ("positive_integer",
                                                                  "nonnegative_integer")]
    if not grown:
        return []
    done = {point_key(p) for p in seen}
    out = []
    for size in sizes:
        point: dict = {}
        for m, s in enumerate(ds.others):
            if s in grown:
                point[s] = sp.Integer(max(1, size - (m if size > 12 else 0)))
            else:
                point[s] = sp.Integer(discrete_draw(assumptions.domain_of(s), rng))
        # an index at its ends and in between: the last entry is where off-by-one hides
        ok = place_indices(ds, assumptions, point,
                           lambda lo, hi: (hi, lo, int(rng.integers(lo, hi + 1)))[len(out) % 3])
        key = point_key(point)
        if ok and key not in done:
            done.add(key)
            out.append(point)
    return out


def draw_point(symbols: Iterable[sp.Symbol], domain_of, simplex_groups: dict,
               rng: np.random.Generator, count: int, draw=None) -> dict:
    """Arrays of ``count`` samples per continuous symbol (``draw(domain, rng, count)``,
    by default ``continuous_draw``).

    ``simplex_groups`` maps a group name to the list of symbols that form one probability
    vector (drawn jointly from a flat Dirichlet); other symbols are drawn independently.
    """
    env: dict = {}
    for members in simplex_groups.values():
        weights = rng.dirichlet(np.ones(len(members)), count).T
        for s, w in zip(members, weights):
            env[s] = np.clip(w, 1e-9, None)
    for s in symbols:
        if s not in env:
            env[s] = (draw or continuous_draw)(domain_of(s), rng, count)
    return env
