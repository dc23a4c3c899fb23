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
        ok = True
        for s in ds.indices:
            r = assumptions.ranges[s]
            lo, hi = r.lower.xreplace(point), r.upper.xreplace(point)
            if not (lo.is_Integer and hi.is_Integer) or hi < lo:
                ok = False
                break
            lo, hi = int(lo), int(hi)
            earlier = [int(point[x]) for x in ds.indices if x in point and lo <= int(point[x]) <= hi]
            if earlier and rng.random() < 0.5:
                point[s] = sp.Integer(earlier[int(rng.integers(len(earlier)))])
            else:
                point[s] = sp.Integer(int(rng.integers(lo, hi + 1)))
        if not ok:
            continue
        key = tuple(sorted((str(k), int(v)) for k, v in point.items()))
        if key in seen:
            continue
        seen.add(key)
        out.append(point)
    return out


def draw_point(symbols: Iterable[sp.Symbol], domain_of, simplex_groups: dict,
               rng: np.random.Generator, count: int) -> dict:
    """Arrays of ``count`` samples per continuous symbol.

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
            env[s] = continuous_draw(domain_of(s), rng, count)
    return env
