"""Finite sums, one rule a line.

    split_sum                    sum (a_k + b_k) = sum a_k + sum b_k                 "split the sum"
    constant_out_of_sum          sum c a_k = c sum a_k;  sum_{k=1}^{n} c = n c       "constant factor out of the sum"
    linearity_of_sum             both of the above, everywhere                       "linearity of the sum"
    merge_sums                   sum a_k + c sum b_k = sum (a_k + c b_k)             "merge the sums"
    geometric_series             sum_{k=lo}^{hi} r^(k+b) = r^(lo+b) (1 - r^m) / (1 - r)   "geometric series"
    probabilities_sum_to_one(A)  sum_{k=1}^{n} p_k = 1 for p on the simplex          "probabilities sum to 1"
    unroll_recurrence            m_t = (1 - beta) sum_{k=1}^{t} beta^(t-k) x_k       "unroll the recurrence"
"""
from __future__ import annotations

from typing import Optional

import sympy as sp

from ..core.functions import ema
from .core import Rule, everywhere, first, rule, rule_on, split_factors


def _one_sum(e) -> Optional[tuple]:
    """(summand, index, lower, upper) of a sum over one index."""
    if isinstance(e, sp.Sum) and len(e.limits) == 1:
        k, lo, hi = e.limits[0]
        return e.function, k, lo, hi
    return None


@rule("split the sum")
def split_sum(e):
    """sum (a_k + b_k) = sum a_k + sum b_k."""
    if not isinstance(e, sp.Sum) or not isinstance(e.function, sp.Add):
        return None
    return sp.Add(*[sp.Sum(t, *e.limits) for t in e.function.as_ordered_terms()])


@rule_on("constant factor out of the sum", _one_sum)
def constant_out_of_sum(f, k, lo, hi):
    """sum c a_k = c sum a_k for c free of k; a sum of a constant is (count) times it."""
    if not f.has(k):
        return (hi - lo + 1) * f
    const, rest = split_factors(f, lambda a: a.has(k))
    return const * sp.Sum(rest, (k, lo, hi)) if const != 1 else None


linearity_of_sum = everywhere(first(split_sum, constant_out_of_sum, name="linearity of the sum"))


@rule("merge the sums")
def merge_sums(e):
    """sum a_k + c sum b_k = sum (a_k + c b_k), for sums over the same range."""
    if not isinstance(e, sp.Add):
        return None
    groups: dict = {}
    for t in e.as_ordered_terms():
        sums = [f for f in sp.Mul.make_args(t) if isinstance(f, sp.Sum)]
        if len(sums) == 1:
            c = sp.Mul(*[f for f in sp.Mul.make_args(t) if f is not sums[0]])
            groups.setdefault(sums[0].limits, []).append((t, c * sums[0].function))
    for limits, members in groups.items():
        if len(members) >= 2:
            rest = [t for t in e.as_ordered_terms() if t not in {m[0] for m in members}]
            return sp.Add(sp.Sum(sp.Add(*[m[1] for m in members]), *limits), *rest)
    return None


@rule_on("geometric series", _one_sum)
def geometric_series(f, k, lo, hi):
    """sum_{k=lo}^{hi} c r^(+-k + b) in closed form, r free of k."""
    c, power = split_factors(f, lambda a: a.has(k))
    if not power.is_Pow or power.base.has(k):
        return None
    r, expo = power.base, sp.expand(power.exp)
    slope, offset = expo.coeff(k), expo.subs(k, 0)
    if sp.expand(expo - slope * k - offset) != 0 or slope not in (1, -1):
        return None
    start = lo + offset if slope == 1 else offset - hi
    return c * r ** start * (1 - r ** (hi - lo + 1)) / (1 - r)


def probabilities_sum_to_one(A) -> Rule:
    """sum_{k=1}^{n} p_k = 1 for every p declared on the simplex of size n."""
    sizes = {b: A.sizes.get(b) for b in A.simplex_bases()}

    @rule_on("probabilities sum to 1", _one_sum)
    def go(f, k, lo, hi):
        if isinstance(f, sp.Indexed) and f.base in sizes and f.indices == (k,) and lo == 1 \
                and (sizes[f.base] is None or sp.expand(hi - sizes[f.base]) == 0):
            return sp.S.One
        return None

    return go


@rule("unroll the recurrence")
def unroll_recurrence(e):
    """m_t = beta m_{t-1} + (1 - beta) x_t with m_0 = 0 is (1 - beta) sum_k beta^(t-k) x_k."""
    if not isinstance(e, ema):
        return None
    beta, x, k, t, _ = e.args
    return (1 - beta) * sp.Sum(beta ** (t - k) * x, (k, 1, t))
