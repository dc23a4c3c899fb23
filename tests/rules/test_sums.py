"""Finite sums: where each rule applies, where it must not, and soundness on random sums."""
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import Assumptions
from derive.core.functions import ema
from derive.rules import sums as S
from derive.verify import numeric_compare

x, p, q = sp.IndexedBase("x"), sp.IndexedBase("p"), sp.IndexedBase("q")
k = sp.Symbol("k", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
t = sp.Symbol("t", integer=True, positive=True)
c, r = sp.symbols("c r")


def Sk(f, lo=1, hi=n):
    return sp.Sum(f, (k, lo, hi))


def test_split_sum():
    assert S.split_sum(Sk(x[k] + x[k] ** 2)) == Sk(x[k]) + Sk(x[k] ** 2)
    assert S.split_sum(Sk(x[k] * c)) is None


def test_constant_out_of_sum():
    assert S.constant_out_of_sum(Sk(c * x[k])) == c * Sk(x[k])
    assert S.constant_out_of_sum(Sk(c)) == n * c
    assert S.constant_out_of_sum(Sk(c, 2, n)) == (n - 1) * c
    assert S.constant_out_of_sum(Sk(x[k] ** 2)) is None


def test_linearity_of_sum_does_both_everywhere():
    out = S.linearity_of_sum(Sk(c * x[k] + 1 - x[k]))
    assert sp.expand(out - ((c - 1) * Sk(x[k]) + n)) == 0 and not out.has(Sk(c * x[k]))
    assert S.linearity_of_sum.name == "linearity of the sum"


def test_merge_sums():
    assert S.merge_sums(Sk(x[k]) - c * Sk(x[k] ** 2)) == Sk(x[k] - c * x[k] ** 2)
    assert S.merge_sums(Sk(x[k]) + sp.Sum(x[k], (k, 2, n))) is None      # different ranges
    assert S.merge_sums(Sk(x[k]) + c) is None


def test_geometric_series():
    assert S.geometric_series(sp.Sum(r ** (t - k), (k, 1, t))) == (1 - r ** t) / (1 - r)
    out = S.geometric_series(sp.Sum(c * r ** k, (k, 0, n)))
    assert sp.simplify(out - c * (1 - r ** (n + 1)) / (1 - r)) == 0
    assert S.geometric_series(Sk(r ** (2 * k))) is None
    assert S.geometric_series(Sk(k * r ** k)) is None


def test_probabilities_sum_to_one():
    A = Assumptions().declare(p, "simplex", size=n)
    rule = S.probabilities_sum_to_one(A)
    assert rule(Sk(p[k])) == 1
    assert rule(Sk(q[k])) is None                 # q is not a probability vector
    assert rule(Sk(p[k], 1, n - 1)) is None       # not the whole vector


def test_unroll_recurrence():
    beta = sp.Symbol("beta")
    m = ema(beta, x[k], k, t, sp.Symbol("m"))
    assert S.unroll_recurrence(m) == (1 - beta) * sp.Sum(beta ** (t - k) * x[k], (k, 1, t))
    assert S.unroll_recurrence(x[k]) is None
    m3 = ema(beta, x[k], k, 3, sp.Symbol("m"))
    assert sp.expand(S.unroll_recurrence(m3).doit() - m3.definition()) == 0


# -- soundness -----------------------------------------------------------------------------
A = Assumptions().declare(x, "real").index(k, lower=1, upper=n)
terms = st.sampled_from([x[k], x[k] ** 2, c, c * x[k], sp.sin(x[k]), 2, r ** k, c * r ** (n - k)])
summands = st.lists(terms, min_size=1, max_size=3).map(lambda ts: sp.Add(*ts))


@settings(max_examples=40, deadline=None)
@given(summands, summands, st.sampled_from([1, 0, 2]))
def test_sum_rules_are_sound(f, g, lo):
    forms = [Sk(f, lo), Sk(f, lo) + c * Sk(g, lo), Sk(c * f, lo)]
    for e in forms:
        for law in (S.split_sum, S.constant_out_of_sum, S.linearity_of_sum, S.merge_sums,
                    S.geometric_series):
            out = law(e)
            if out is not None:
                assert numeric_compare(e, out, "=", A).holds is not False, (law.name, e, out)
