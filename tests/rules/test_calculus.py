"""Differentiation rules: where each applies, where it must not, and that each is sound."""
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from derive import Assumptions
from derive.core.functions import sigmoid, softmax, softplus
from derive.rules import calculus as C
from derive.verify import numeric_compare, verify_relation
from tests.expression_trees import UNARY, X, trees, varying_trees

# random trees overflow at some sample points; those samples are dropped, not errors
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

x, y = X, sp.Symbol("y", real=True)
D = sp.Derivative
z = sp.IndexedBase("z")
i, j, k = sp.symbols("i j k", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
INNER = x / 3 + sp.Rational(1, 4)   # stays inside every outer function below

# one outer function per entry of the derivative table, as a function of its argument
SAMPLES = {
    "power rule": lambda u: u ** 3, "derivative of exp": sp.exp, "exponential rule": lambda u: 2 ** u,
    "derivative of log": sp.log, "derivative of sin": sp.sin, "derivative of cos": sp.cos,
    "derivative of tan": sp.tan, "derivative of cot": sp.cot, "derivative of sec": sp.sec,
    "derivative of csc": sp.csc, "derivative of arcsin": sp.asin, "derivative of arccos": sp.acos,
    "derivative of arctan": sp.atan, "derivative of sinh": sp.sinh, "derivative of cosh": sp.cosh,
    "derivative of tanh": sp.tanh, "derivative of arsinh": sp.asinh, "derivative of artanh": sp.atanh,
    "derivative of erf": sp.erf, "derivative of the absolute value": sp.Abs,
    "derivative of sigmoid": sigmoid, "derivative of softplus": softplus,
}


def same(a, b, **assumptions):
    v = verify_relation(a, b, "=", assumptions or None, budget=2.0)
    return v.holds is True


def test_every_outer_function_has_a_sample():
    assert set(SAMPLES) == {o.name for o in C.OUTER}


@pytest.mark.parametrize("outer", C.OUTER, ids=lambda o: o.name)
def test_elementary_rule_is_the_table_entry(outer):
    F = SAMPLES[outer.name]
    out = C.elementary(outer)(D(F(x), x))
    assert out is not None and not out.has(sp.Derivative)
    assert same(out, sp.diff(F(x), x))
    assert C.elementary(outer)(D(F(INNER), x)) is None       # an inner function: chain rule
    assert C.elementary(outer)(D(F(y), x)) is None           # constant: constant rule


@pytest.mark.parametrize("outer", C.OUTER, ids=lambda o: o.name)
def test_chain_rule_leaves_the_inner_derivative(outer):
    F = SAMPLES[outer.name]
    out = C.chain(outer)(D(F(INNER), x))
    assert out.has(D(INNER, x)) and same(out, sp.diff(F(INNER), x))
    assert C.chain(outer)(D(F(x), x)) is None
    assert C.chain(outer).name == f"chain rule, {outer.name}"


def test_constant_and_variable_rules():
    assert C.constant_rule(D(sp.sin(y), x)) == 0
    assert C.constant_rule(D(sp.sin(x), x)) is None
    assert C.constant_rule(D(z[k], z[j])) is None             # another entry of the variable
    assert C.variable_rule(D(x, x)) == 1
    assert C.variable_rule(D(z[i], z[j])) == sp.KroneckerDelta(i, j)
    assert C.variable_rule(D(y, x)) is None


def test_sum_and_constant_factor_rules():
    assert C.sum_rule(D(x + sp.sin(x), x)) == D(x, x) + D(sp.sin(x), x)
    assert C.sum_rule(D(x * sp.sin(x), x)) is None
    assert C.constant_factor_rule(D(3 * y * sp.sin(x), x)) == 3 * y * D(sp.sin(x), x)
    assert C.constant_factor_rule(D(x * sp.sin(x), x)) is None
    assert C.constant_factor_rule(D(3 * y, x)) is None


def test_product_and_quotient_rules():
    u, v = sp.sin(x), sp.exp(x)
    assert C.product_rule(D(u * v, x)) == D(u, x) * v + u * D(v, x) or \
        C.product_rule(D(u * v, x)) == D(v, x) * u + v * D(u, x)
    assert C.product_rule(D(3 * u, x)) is None
    out = C.quotient_rule(D(u / (1 + x), x))
    assert out == (D(u, x) * (1 + x) - u * D(1 + x, x)) / (1 + x) ** 2
    assert C.quotient_rule(D(3 / (1 + x), x)) is None         # constant numerator
    assert C.quotient_rule(D(u * v, x)) is None


def test_log_differentiation_and_unknown_functions():
    assert C.log_differentiation(D(x ** x, x)) == D(sp.exp(x * sp.log(x)), x)
    assert C.log_differentiation(D(x ** 2, x)) is None
    f = sp.Function("f")
    out = C.chain_unknown(D(f(x ** 2), x))
    assert out.has(sp.Subs) and out.has(D(x ** 2, x))
    assert C.chain_unknown(D(f(x), x)) is None


def test_derivative_under_the_sum_and_definitions():
    Z = sp.Sum(sp.exp(z[k]), (k, 1, n))
    assert C.sum_derivative(D(Z, z[j])) == sp.Sum(D(sp.exp(z[k]), z[j]), (k, 1, n))
    assert C.sum_derivative(D(sp.Sum(x * k, (k, 1, x)), x)) is None     # bound depends on x
    assert C.sum_derivative(D(sp.Sum(x ** 2, (x, 1, n)), x)) is None    # x is the summation index
    unfold = C.definition_inside(softmax)
    assert unfold(D(softmax(z, i, n), z[j])) == D(sp.exp(z[i]) / Z, z[j])
    assert unfold(D(sp.exp(z[i]), z[j])) is None
    assert unfold.name == "definition of softmax"


def test_differentiate_directly_is_the_last_resort():
    out = C.differentiate_directly(D(sp.besselj(0, x), x))
    assert out is not None and not out.has(sp.Derivative)
    assert C.differentiate_directly(D(sp.Function("f")(x), x)) is None
    assert C.next_rule(D(sp.besselj(0, x), x)).name == "differentiate directly"


def test_higher_derivatives_take_one_derivative_at_a_time():
    out = C.higher_derivative(D(x ** 3, (x, 2)))
    assert out == D(3 * x ** 2, x)
    subs = C.higher_derivative.substeps(D(x ** 3, (x, 2)))
    assert subs == [(D(x ** 3, x), "the first derivative"), (3 * x ** 2, "power rule")]
    assert C.higher_derivative(D(x ** 2 * y, x, y)) == D(2 * x * y, y)
    assert C.higher_derivative(D(x ** 3, x)) is None


def test_kronecker_sift_needs_the_index_range():
    A = Assumptions().index(j, k, lower=1, upper=n)
    sift = C.kronecker_sift(A)
    assert sift(sp.Sum(sp.exp(z[k]) * sp.KroneckerDelta(j, k), (k, 1, n))) == sp.exp(z[j])
    assert sift(sp.Sum(sp.KroneckerDelta(k, j), (k, 1, n))) == 1
    assert C.kronecker_sift()(sp.Sum(sp.exp(z[k]) * sp.KroneckerDelta(j, k), (k, 1, n))) is None
    assert sift(sp.Sum(sp.exp(z[k]) * sp.KroneckerDelta(j, k), (k, 2, n))) is None   # j may be 1
    assert sift(sp.Sum(sp.exp(z[k]), (k, 1, n))) is None
    assert C.kronecker_sift()(sp.Sum(z[k] * sp.KroneckerDelta(2, k), (k, 1, 3))) == z[2]


def test_next_rule_takes_the_outermost_derivative_first():
    e = D(sp.log(1 + sp.exp(x)) * sp.sin(x), x)
    names = [name for _, name in C.derivative_steps(e)]
    assert names[0] == "product rule"
    assert names.index("chain rule, derivative of log") < names.index("derivative of exp")
    assert C.next_rule(sp.sin(x)) is None


def test_inner_aside_works_the_inner_derivative_out_as_substeps():
    rule = C.inner_aside(C.chain_log)
    e = D(sp.log(1 + sp.exp(x)), x)
    assert rule(e) == sp.exp(x) / (1 + sp.exp(x))
    subs = rule.substeps(e)
    assert subs[0] == (D(1 + sp.exp(x), x), "inner derivative") and subs[-1][0] == sp.exp(x)
    assert rule(D(sp.log(x), x)) is None and rule.substeps(D(sp.log(x), x)) == []


# -- soundness: every rule that applies keeps the value --------------------------------------
def shaped(children):
    """Derivatives of the forms the rules look for, built from random trees."""
    pair = st.tuples(children, children)
    return st.one_of(
        children,
        pair.map(lambda p: p[0] * p[1]), pair.map(lambda p: p[0] / p[1]),
        pair.map(lambda p: p[0] + p[1]), pair.map(lambda p: p[0] ** p[1]),
        st.tuples(st.sampled_from(UNARY), children).map(lambda p: p[0](p[1])),
        children.map(lambda c: sp.Rational(3, 2) * y * c))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.filter_too_much])
@given(shaped(varying_trees(max_leaves=3)))
def test_every_rule_that_applies_is_sound(f):
    node = D(f, x)
    for r in C.DIFF_RULES + C.LAST_RESORT:
        out = r(node)
        if out is not None:
            verdict = numeric_compare(node, out, "=")
            assert verdict.holds is not False, (r.name, f, out, verdict.counterexample)


@settings(max_examples=25, deadline=None)
@given(trees(max_leaves=4))
def test_steps_end_at_sympys_derivative(f):
    steps = C.derivative_steps(D(f, x))
    result = steps[-1][0] if steps else D(f, x)
    assert not result.has(sp.Derivative)
    assert numeric_compare(result, sp.diff(f, x), "=").holds is not False


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.sampled_from(C.OUTER), varying_trees(max_leaves=3))
def test_table_and_chain_rules_are_sound_on_random_inner_functions(outer, g):
    node = D(SAMPLES[outer.name](g), x)
    for r in (C.elementary(outer), C.chain(outer)):
        out = r(node)
        if out is not None:
            assert numeric_compare(node, out, "=").holds is not False, (r.name, g)
