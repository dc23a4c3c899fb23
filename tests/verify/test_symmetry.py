"""Large explicit matrices checked one entry per orbit of symbol renamings (symmetry.py):
the reduction must never let a wrong entry through, and must find the real symmetry."""
import operator

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derive.core.assumptions import Assumptions
from derive.verify import verify_relation
from derive.verify.symmetry import _id, orbits

N = 8   # 64 entries: the smallest size the reduction applies to
Z = sp.symbols(f"z1:{N + 1}", real=True)


def softmax_jacobian(z=Z):
    den = sp.Add(*[sp.exp(v) for v in z])
    s = sp.Matrix([sp.exp(v) / den for v in z])
    jac = sp.ImmutableMatrix(len(z), len(z), lambda r, c: sp.Derivative(sp.exp(z[r]) / den, z[c]))
    return jac, sp.ImmutableMatrix(sp.diag(*s) - s * s.T), s


def test_the_softmax_jacobian_has_two_orbits_and_is_proved():
    jac, want, _ = softmax_jacobian()
    found = orbits(jac, want, Assumptions())
    assert found.representatives == [0, 1]          # the diagonal and the rest
    v = verify_relation(jac, want)
    assert v.status == "proved" and "2 of 64 entries" in v.detail, v.detail


@settings(max_examples=12, deadline=None, derandomize=True)
@given(st.integers(0, N * N - 1), st.sampled_from([sp.Rational(1, 1000), -1, 2]))
def test_one_wrong_entry_anywhere_is_refuted(pos, change):
    """A wrong entry breaks the symmetry: every entry is then checked, and it is found."""
    jac, want, _ = softmax_jacobian()
    wrong = want.as_mutable()
    r, c = divmod(pos, N)
    wrong[r, c] = wrong[r, c] * (1 + change) if change != -1 else -wrong[r, c]
    wrong = sp.ImmutableMatrix(wrong)
    assert orbits(jac, wrong, Assumptions()) is None or pos in orbits(
        jac, wrong, Assumptions()).representatives
    v = verify_relation(jac, wrong)
    assert v.status == "refuted" and f"({r + 1}, {c + 1})" in v.detail, v.detail


def test_a_whole_orbit_wrong_is_refuted():
    """diag(s) + s s^T is as symmetric as the truth: its representatives are wrong."""
    jac, _, s = softmax_jacobian()
    wrong = sp.ImmutableMatrix(sp.diag(*s) + s * s.T)
    assert orbits(jac, wrong, Assumptions()) is not None
    assert verify_relation(jac, wrong).status == "refuted"


def test_declared_or_unlike_symbols_are_not_permuted():
    jac, want, _ = softmax_jacobian()
    A = Assumptions().declare(Z[3], "positive")   # z4 lives elsewhere: it may not move
    found = orbits(jac, want, A)
    assert found is not None and len(found.representatives) > 2
    assert "(7 symbols)" in found.describe(N * N)
    # z1 positive, the rest real: SymPy assumptions differ, so z1 is not renamed
    z = (sp.Symbol("z1", positive=True),) + Z[1:]
    jac2, want2, _ = softmax_jacobian(z)
    found2 = orbits(jac2, want2, Assumptions())
    assert found2 is not None and len(found2.representatives) > 2
    assert verify_relation(jac2, want2).status == "proved"


def test_small_matrices_are_checked_entry_by_entry():
    jac, want, _ = softmax_jacobian(Z[:4])
    assert orbits(jac, want, Assumptions()) is None


W = sp.symbols("w1:4", real=True)
_leaf = st.sampled_from(list(W) + [sp.Integer(2), sp.Rational(1, 2)])
_forms = st.recursive(_leaf, lambda inner: st.one_of(
    st.tuples(st.sampled_from([operator.add, operator.mul]), inner, inner).map(lambda t: t[0](t[1], t[2])),
    st.tuples(st.sampled_from([sp.exp, sp.sin]), inner).map(lambda t: t[0](t[1])),
    inner.map(lambda e: e ** 2)), max_leaves=6)
SWAP = {W[0]: W[1], W[1]: W[0]}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(_forms, _forms)
def test_ids_are_equal_exactly_when_the_trees_are(e, f):
    """Equal ids mean equal trees (soundness); renaming is seen without building a tree."""
    ids: dict = {}
    assert (_id(e, {}, {}, ids) == _id(f, {}, {}, ids)) == (e == f)
    assert _id(e, SWAP, {}, ids) == _id(e.xreplace(SWAP), {}, {}, ids)
