"""Expectation rules: which symbols are random comes from the Assumptions."""
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import Assumptions
from derive.core.functions import Expectation as E
from derive.rules import expectation as X
from derive.verify import numeric_compare

g = sp.IndexedBase("g")
G, Hs, a, b = sp.symbols("g h a b")
k = sp.Symbol("k", integer=True)
t = sp.Symbol("t", integer=True, positive=True)
A = (Assumptions().declare(g, "random", family="g").declare(G, "random", family="g")
     .declare(Hs, "random", family="h").index(k, lower=1, upper=t))


def test_random_atoms_come_from_the_assumptions():
    assert X.random_atoms(a * g[k] + G ** 2 + b, A) == {g[k], G}
    assert X.random_atoms(a + b, A) == set()


def test_linearity_of_expectation():
    lin = X.linearity(A)
    assert lin(E(a * G + b * Hs)) == a * E(G) + b * E(Hs)
    assert lin(E(G + 3)) == E(G) + 3
    assert lin(E(sp.Sum(a * g[k], (k, 1, t)))) == sp.Sum(a * E(g[k]), (k, 1, t))
    assert lin(E(G * Hs)) is None
    assert lin(E(G)) is None


def test_expectation_of_a_constant():
    rule = X.expectation_of_constant(A)
    assert rule(E(a * b + 1)) == a * b + 1
    assert rule(E(a * G)) is None


def test_independence_needs_different_random_variables():
    ind = X.independence(A)
    assert ind(E(a * G * Hs)) == a * E(G) * E(Hs)
    assert ind(E(g[1] * g[2])) == E(g[1]) * E(g[2])
    assert ind(E(G * G ** 2)) is None              # the same variable twice
    assert ind(E(g[k] * g[1])) is None              # k may be 1
    assert ind(E(G)) is None


def test_identically_distributed_copies_share_moments():
    iid = X.identically_distributed(A)
    assert iid(E(g[k] ** 2)) == E(G ** 2)
    assert iid(E(a * g[k])) == E(a * G)
    assert iid(E(G)) is None                        # already the representative
    assert iid(E(g[1] * g[2])) is None              # two copies: not one variable
    assert iid(E(Hs)) is None


# -- soundness -----------------------------------------------------------------------------
B = (Assumptions().declare(g, "random", family="g").declare(G, "random", family="g")
     .declare(Hs, "random", family="h"))
atoms = st.sampled_from([G, Hs, g[1], g[2], a, b, sp.Integer(2)])
monomials = st.lists(st.tuples(atoms, st.sampled_from([1, 2])), min_size=1, max_size=3).map(
    lambda fs: sp.Mul(*[f ** e for f, e in fs]))
polys = st.lists(monomials, min_size=1, max_size=3).map(lambda ms: sp.Add(*ms))


@settings(max_examples=40, deadline=None)
@given(polys)
def test_expectation_rules_are_sound(f):
    e = E(f)
    for law in (X.linearity(B), X.expectation_of_constant(B), X.independence(B),
                X.identically_distributed(B)):
        out = law(e)
        if out is not None:
            assert numeric_compare(e, out, "=", B).holds is not False, (law.name, e, out)
