"""The error bounds: float error stays within them, and they see cancellation."""
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derive.core.functions import Expectation, unfold_defined
from derive.verify.evaluate import Evaluator
from derive.verify.error_bounds import approximation_bound, rounding_bound
from tests.expression_trees import X, trees

EPS = np.finfo(float).eps
y = sp.Symbol("y", real=True)
k, n = sp.symbols("k n", integer=True, positive=True)


def built(e):
    """A bound with evaluation on (they are built unevaluated, to skip SymPy's assumptions)."""
    return e.func(*[built(a) for a in e.args]) if isinstance(e, sp.Basic) and e.args else e


def exact(e, value):
    return complex(e.evalf(40, subs={X: sp.Float(value, 40)}))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(trees(max_leaves=7), st.sampled_from([-3.7, -1.2, -0.3, 0.45, 1.9, 4.2]))
def test_float_error_stays_within_the_bound(expr, value):
    """What floats get wrong is at most a small multiple of eps times the bound."""
    expr = unfold_defined(expr)  # as the numeric check compiles it
    got = complex(np.broadcast_to(Evaluator()(expr, {X: np.array([value])}), (1,))[0])
    try:
        want, bound = exact(expr, value), exact(rounding_bound(expr), value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return
    if not all(np.isfinite(v) for v in (got, want, bound)) or abs(want.imag) > 1e-12:
        return
    assert bound.real >= 0 and abs(bound.imag) <= 1e-20
    assert abs(got - want) <= 16 * EPS * bound.real + 1e-300, (expr, value, got, want, bound)


@pytest.mark.parametrize("expr, value, size", [
    (sp.sin(X) ** 2 + sp.cos(X) ** 2 - 1, 0.7, 2.0),      # cancels to 0 from terms of size 1
    (sp.cosh(10 * X) ** 2 - sp.sinh(10 * X) ** 2, 2.0, 2 * (math.cosh(20) ** 2)),
    (sp.exp(X / 10 ** 6) - 1 - X / 10 ** 6, 1.0, 2.0),
])
def test_cancelling_terms_set_the_bound(expr, value, size):
    assert size <= exact(rounding_bound(expr), value).real <= 100 * size


def test_an_exact_small_quantity_has_a_small_bound():
    """x / 10^11 is known to every digit: its bound is its own size, not 1."""
    assert exact(rounding_bound(X / 10 ** 11), 3.0).real == pytest.approx(6e-11)
    assert built(rounding_bound(X * y)) == sp.Abs(X * y)


def test_error_in_an_argument_is_carried_through_the_slope():
    # log(1 + x - 1) at x = 1e-8: an argument of 1e-8 made from terms of size 1, and
    # log's slope 1/u = 1e8 turns its error into a bound of about 2e8
    u = sp.Symbol("u", positive=True)
    e = sp.log(sp.Add(1, u, -1, evaluate=False), evaluate=False)
    assert rounding_bound(e).subs(u, sp.Float(1e-8)).evalf() > 1e8


def test_exact_exponents_add_nothing():
    assert built(rounding_bound((-1) ** k)) == sp.Abs((-1) ** k)     # no log(-1) term for k


def test_sums_and_expectations_bound_inside():
    alternating = sp.Sum((-1) ** k * y / 3, (k, 1, n))
    assert rounding_bound(alternating).subs({y: 3, n: 4}).doit() == 16
    assert built(rounding_bound(Expectation(X - y))) == (Expectation(sp.Abs(X) + 2 * sp.Abs(y))
                                                 + Expectation(sp.Abs(X - y)))


t = sp.Symbol("t", real=True)


def test_approximation_bound_scales_with_what_the_operator_acts_on():
    d = sp.Derivative(X ** 2 / 10 ** 8, X)
    assert built(approximation_bound(d)) == sp.Abs(X ** 2 / 10 ** 8) / (sp.Abs(X) + sp.Rational(1, 20))
    integral = sp.Integral(sp.exp(-t ** 2) / 10 ** 9, (t, 0, X))
    assert built(approximation_bound(3 * integral)) == 3 * sp.Integral(sp.Abs(sp.exp(-t ** 2) / 10 ** 9), (t, 0, X))


def test_forms_without_approximations_have_no_approximation_error():
    assert approximation_bound(sp.exp(X) * sp.Sum(X ** k, (k, 1, n)) - 1 / X) == 0
