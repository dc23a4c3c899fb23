"""Entries of a large explicit matrix that a renaming of its symbols maps onto each other.

An identity stays an identity when its variables are renamed: if swapping z_1 and z_2
(symbols alike in every assumption, and not named by the declared assumptions) turns
entry p of both sides into entry q of both sides, entry p holds exactly when entry q
does. So one entry per orbit of such renamings is checked, numerically and
symbolically; the n x n softmax Jacobian has two orbits (the diagonal and the rest).

"Turns into" is decided exactly, without building a renamed tree: every node gets an
id from its type and its arguments' ids (a multiset of them for + and *), the leaves
renamed, so equal ids mean trees equal up to the order of terms and factors. A
renaming that fails on any entry is not used at all; no renaming, no reduction.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

import sympy as sp

from ..core.assumptions import Assumptions

MIN_ENTRIES = 64          # smaller matrices are checked entry by entry, as before
_BINDING = (sp.Sum, sp.Product, sp.Integral, sp.Limit, sp.Subs, sp.Lambda, sp.Indexed,
            sp.IndexedBase)
_STEM = re.compile(r"^(.*?)_?(\d+)$")


class Orbits:
    """One entry per orbit (flat positions, in order) and what the renamings were."""

    def __init__(self, representatives: list, families: list):
        self.representatives = representatives
        self.families = families       # [names of the symbols of one family permuted]

    def describe(self, total: int) -> str:
        fams = "; ".join(", ".join(f) if len(f) <= 3 else f"{f[0]}, {f[1]}, ..., {f[-1]} "
                         f"({len(f)} symbols)" for f in self.families)
        return (f"{len(self.representatives)} of {total} entries checked, the rest by symmetry "
                f"(permutations of {fams})")


def orbits(lhs: sp.MatrixBase, rhs: sp.MatrixBase, A: Assumptions) -> Optional[Orbits]:
    """The orbit representatives of a large matrix relation, or None (no symmetry found,
    or a small matrix). Remembered on the assumptions, which decide which symbols may move."""
    if len(lhs) < MIN_ENTRIES:
        return None
    lhs, rhs = sp.ImmutableMatrix(lhs), sp.ImmutableMatrix(rhs)
    key = ("orbits", lhs, rhs)
    if key not in A.memo:
        A.memo[key] = _orbits(lhs, rhs, A)
    return A.memo[key]


def _orbits(lhs, rhs, A) -> Optional[Orbits]:
    ids: dict = {}
    identity: dict = {}
    seen = _Seen()   # one walk of each distinct subtree: a shared sum is walked once
    pairs = [(_id(a, {}, identity, ids, seen), _id(b, {}, identity, ids, seen))
             for a, b in zip(lhs, rhs)]
    if seen.binding:
        return None
    families = _families(seen.symbols, A)
    if not families:
        return None
    where: dict = {}
    for pos, pair in enumerate(pairs):
        where.setdefault(pair, pos)
    parent = list(range(len(pairs)))

    def find(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    used = []
    for _stem, members in families:
        generators = [{members[0]: members[1], members[1]: members[0]}]   # a swap
        if len(members) > 2:                                              # and a cycle
            generators.append({s: members[(k + 1) % len(members)] for k, s in enumerate(members)})
        for sigma in generators:
            memo: dict = {}
            images = []
            for a, b in zip(lhs, rhs):
                q = where.get((_id(a, sigma, memo, ids), _id(b, sigma, memo, ids)))
                if q is None:
                    break
                images.append(q)
            else:  # a symmetry of every entry: p and its image share an orbit
                for p, q in enumerate(images):
                    parent[find(p)] = find(q)
                family = tuple(m.name for m in members)
                if family not in used:
                    used.append(family)
    # the orbit's representative is its first entry: find() need not return it
    first: dict = {}
    for p in range(len(pairs)):
        first.setdefault(find(p), p)
    reps = sorted(first.values())
    if len(reps) == len(pairs):
        return None
    return Orbits(reps, sorted(used))


def _families(symbols, A: Assumptions) -> list:
    """Symbols named stem + number (z1, z2, ...), alike in their SymPy assumptions and not
    named by ``A``: [(stem, members ordered by number)] for families of two or more."""
    named = set()
    for table in (A.domains, A.ranges, A.families, A.sizes):
        for k in table:
            named.add(str(getattr(k, "label", k)))
    for bound in list(A.sizes.values()) + [v for r in A.ranges.values() for v in (r.lower, r.upper)]:
        named |= {str(s) for s in getattr(bound, "free_symbols", ())}
    groups: dict = {}
    for s in symbols:
        if type(s) is not sp.Symbol or s.name in named:
            continue
        m = _STEM.match(s.name)
        if not m:
            continue
        key = (m.group(1), tuple(sorted(s.assumptions0.items())))
        groups.setdefault(key, []).append((int(m.group(2)), s))
    out = []
    for (stem, _), members in sorted(groups.items(), key=lambda kv: kv[0][0]):
        numbers = [n for n, _ in members]
        if len(members) >= 2 and len(set(numbers)) == len(numbers):
            out.append((stem, [s for _, s in sorted(members, key=lambda t: t[0])]))
    return out


class _Seen:
    """What the first walk met: the symbols, and whether anything binds a variable."""

    def __init__(self):
        self.symbols: set = set()
        self.binding = False


def _id(e: sp.Basic, sigma: dict, memo: dict, ids: dict, seen: Optional[_Seen] = None) -> int:
    """The id of ``e`` with its symbols renamed by ``sigma``: equal ids, equal trees up
    to the order of the terms of a sum and the factors of a product."""
    got = memo.get(e)
    if got is not None:
        return got
    if seen is not None:
        seen.binding = seen.binding or isinstance(e, _BINDING)
        if e.is_Symbol:
            seen.symbols.add(e)
    if e.is_Symbol:
        key = ("S", sigma.get(e, e))
    elif not e.args:
        key = ("A", type(e), e)
    else:
        args = [_id(a, sigma, memo, ids, seen) for a in e.args]
        if isinstance(e, (sp.Add, sp.Mul)) and e.is_commutative:
            key = (type(e), frozenset(Counter(args).items()))
        else:
            key = (type(e), tuple(args))
    out = ids.setdefault(key, len(ids))
    memo[e] = out
    return out
