"""Expectations, one rule a line; which symbols are random comes from the Assumptions.

    linearity(A)                  E[a X + b Y] = a E[X] + b E[Y];  E[sum_k X_k] = sum_k E[X_k]   "linearity of expectation"
    expectation_of_constant(A)    E[c] = c                                          "expectation of a constant"
    independence(A)               E[X Y] = E[X] E[Y]  (no random symbol shared)     "independence"
    identically_distributed(A)    E[f(g_k)] = E[f(g)]  (g_k i.i.d. copies of g)     "identically distributed"

Distinct random symbols, and entries of one random family with certainly different
indices, are independent: that is what declaring them random (with a family) means.
"""
from __future__ import annotations

import sympy as sp

from ..core.functions import Expectation
from .core import Rule, everywhere, split_factors


def random_atoms(e: sp.Basic, A) -> set:
    """The random symbols and random entries (g_k) that occur in ``e``."""
    indexed = e.atoms(sp.Indexed)
    plain = e.xreplace({ix: sp.Dummy() for ix in indexed}).free_symbols  # g apart from g_k
    return {a for a in indexed | plain if not isinstance(a, sp.Dummy) and A.is_random(a)}


def _arg(e):
    return e.args[0] if isinstance(e, Expectation) else None


def _at_expectations(name: str, fn) -> Rule:
    """A rule on E[...] nodes, applied everywhere in a form."""
    return everywhere(Rule(name, lambda e: fn(_arg(e)) if isinstance(e, Expectation) else None,
                           (fn.__doc__ or "").strip()))


def linearity(A) -> Rule:
    """E[a X + b Y] = a E[X] + b E[Y], and E of a sum is the sum of the E's."""

    def push(x):
        if isinstance(x, sp.Add):
            return sp.Add(*[Expectation(t) if random_atoms(t, A) else t for t in x.as_ordered_terms()])
        if isinstance(x, sp.Sum) and not any(random_atoms(b, A) for lim in x.limits for b in lim[1:]):
            return sp.Sum(Expectation(x.function), *x.limits)
        if isinstance(x, sp.Mul):
            const, rest = split_factors(x, lambda f: bool(random_atoms(f, A)))
            if const != 1 and rest != 1:
                return const * Expectation(rest)
        return None

    return _at_expectations("linearity of expectation", push)


def expectation_of_constant(A) -> Rule:
    """E[c] = c when nothing in c is random."""
    return _at_expectations("expectation of a constant",
                            lambda x: x if not random_atoms(x, A) else None)


def _distinct(a, b) -> bool:
    """Certainly different random variables (so independent, by the assumptions)."""
    if isinstance(a, sp.Indexed) and isinstance(b, sp.Indexed) and a.base == b.base:
        return any(sp.expand(i - j).is_number and sp.expand(i - j) != 0
                   for i, j in zip(a.indices, b.indices))
    return a != b


def independence(A) -> Rule:
    """E[X Y] = E[X] E[Y] when X and Y involve certainly different random variables."""

    def split(x):
        if not isinstance(x, sp.Mul):
            return None
        factors = [f for f in x.as_ordered_factors() if random_atoms(f, A)]
        joint = A.joint_families()
        if len(factors) < 2 or not all(_distinct(a, b) and not (A.family_of(a) in joint and
                                                                A.family_of(b) in joint)
                                       for i, f in enumerate(factors)
                                       for g in factors[i + 1:] for a in random_atoms(f, A)
                                       for b in random_atoms(g, A)):
            return None
        const, _ = split_factors(x, lambda f: bool(random_atoms(f, A)))
        return const * sp.Mul(*[Expectation(f) for f in factors])

    return _at_expectations("independence", split)


def identically_distributed(A) -> Rule:
    """E[f(g_k)] = E[f(g)]: an i.i.d. copy has the distribution of its family's representative."""
    representative = {A.families[t]: t for t, d in A.domains.items()
                      if d == "random" and isinstance(t, sp.Symbol)}

    def swap(x):
        atoms = random_atoms(x, A)
        if len(atoms) != 1:
            return None
        (a,) = atoms
        rep = representative.get(A.family_of(a))
        if rep is None or rep == a:
            return None
        return Expectation(x.xreplace({a: rep}))

    return _at_expectations("identically distributed", swap)
