"""No false refutations: true identities are never refuted, however they are written.

Hypothesis builds random expressions and pairs each with a form SymPy guarantees is
equal (expanded, factored, rewritten, differentiated, log rules under positivity);
the verifier may prove them or only sample them, but must never call them false.
The fixed cases at the end are catastrophic cancellations: the float samples
disagree, and only the high-precision re-evaluation can tell they are equal.
"""
import os

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings, strategies as st

from derive import Assumptions
from derive.verify import NumericSettings, numeric_compare, verify_relation

x, y = sp.symbols("x y", real=True)
a, b = sp.symbols("a b", positive=True)
BUDGET = 0.5   # symbolic seconds per check: only refutations matter here, and they are numeric

EXAMPLES = int(os.environ.get("DERIVE_PROPERTY_EXAMPLES", "30"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def not_refuted(lhs, rhs, assumptions=None):
    v = verify_relation(lhs, rhs, "=", assumptions, BUDGET)
    shown = f"{sp.sstr(lhs)[:120]} = {sp.sstr(rhs)[:120]}"
    assert v.holds is not False, f"true identity refuted: {shown}: {v.summary()}"
    return v


# -- strategies ----------------------------------------------------------------------------
small = st.sampled_from([sp.Integer(1), sp.Integer(2), sp.Integer(3), sp.Rational(1, 2),
                         sp.Integer(-1), sp.Rational(-3, 2)])


def trees(leaves, unary):
    """Expression trees over ``leaves`` with +, *, small integer powers and ``unary``."""
    def extend(children):
        return st.one_of(
            st.tuples(children, children).map(lambda t: t[0] + t[1]),
            st.tuples(children, children).map(lambda t: t[0] * t[1]),
            st.tuples(children, st.integers(2, 4)).map(lambda t: t[0] ** t[1]),
            st.tuples(st.sampled_from(unary), children).map(lambda t: t[0](t[1])),
        )
    return st.recursive(leaves, extend, max_leaves=7)


polynomials = trees(st.one_of(st.sampled_from([x, y]), small), [lambda e: -e])
elementary = trees(st.one_of(st.sampled_from([x, y]), small),
                   [sp.sin, sp.cos, sp.tanh, lambda e: sp.exp(e / 4)])
positive_leaves = st.one_of(st.sampled_from([a, b, a + 1, b ** 2 + 1]),
                            small.map(lambda c: abs(c) + 1))
positives = st.recursive(
    positive_leaves,
    lambda ch: st.one_of(st.tuples(ch, ch).map(lambda t: t[0] * t[1]),
                         st.tuples(ch, ch).map(lambda t: t[0] / t[1]),
                         st.tuples(ch, ch).map(lambda t: t[0] + t[1]),
                         ch.map(sp.sqrt), ch.map(lambda e: sp.exp(e / 3))),
    max_leaves=5)
linear_factors = st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3), st.integers(1, 3)),
                          min_size=1, max_size=3)


# -- algebraic rewrites ----------------------------------------------------------------------
@PROPERTY
@given(polynomials)
def test_expanded_polynomials_are_not_refuted(e):
    not_refuted(e, sp.expand(e))


@PROPERTY
@given(linear_factors)
def test_factored_polynomials_are_not_refuted(factors):
    product = sp.Mul(*[(c * x + d * y + 1) ** k for c, d, k in factors])
    expanded = sp.expand(product)
    not_refuted(expanded, sp.factor(expanded))


@PROPERTY
@given(polynomials, polynomials)
def test_rational_functions_over_a_positive_denominator(p, q):
    den = q ** 2 + 1
    not_refuted(p / den + q / (den + 1), sp.together(p / den + q / (den + 1)))
    not_refuted(sp.cancel(p * den / den ** 2), p / den)


@PROPERTY
@given(elementary)
def test_exp_rewrites_of_trigonometric_forms_are_not_refuted(e):
    not_refuted(e, e.rewrite(sp.exp))


@PROPERTY
@given(elementary)
def test_pythagorean_identities_are_not_refuted(e):
    not_refuted(sp.sin(e) ** 2 + sp.cos(e) ** 2, sp.Integer(1))
    not_refuted(sp.cosh(e / 4) ** 2 - sp.sinh(e / 4) ** 2, sp.Integer(1))


# -- derivative rules -------------------------------------------------------------------------
@PROPERTY
@given(elementary)
def test_unevaluated_derivatives_match_sympy_diff(e):
    not_refuted(sp.Derivative(e, x), sp.diff(e, x))


@PROPERTY
@given(elementary, elementary)
def test_product_and_chain_rules(f, g):
    not_refuted(sp.Derivative(f * g, x), sp.Derivative(f, x) * g + f * sp.Derivative(g, x))
    inner = sp.sin(g)
    not_refuted(sp.Derivative(inner, x), sp.cos(g) * sp.Derivative(g, x))


# -- log rules under positivity -------------------------------------------------------------
@PROPERTY
@given(positives, positives, st.integers(-3, 5))
def test_log_rules_hold_for_positive_arguments(p, q, k):
    A = Assumptions().declare(a, "positive").declare(b, "positive")
    not_refuted(sp.log(p * q), sp.log(p) + sp.log(q), A)
    not_refuted(sp.log(p / q), sp.log(p) - sp.log(q), A)
    not_refuted(sp.log(p ** k), k * sp.log(p), A)
    not_refuted(sp.exp(sp.log(p)), p, A)


@PROPERTY
@given(positives)
def test_expand_log_is_not_refuted(p):
    not_refuted(sp.log(p), sp.expand_log(sp.log(p), force=True))


# -- catastrophic cancellation ---------------------------------------------------------------
t = sp.Symbol("t", real=True)
s = sp.Symbol("s", real=True)
m = sp.Symbol("m", integer=True)
u = t / 10 ** 6                    # a tiny argument: exp(u) - 1 - u loses every digit in floats
BIG = sp.Integer(10) ** 12

CANCELLATIONS = {
    "x (1 + 1e10 y^2) - 1e10 x y^2": (x * (1 + 10 ** 10 * y ** 2) - 10 ** 10 * x * y ** 2, x),
    "(x + 1e10)^2 - 1e20 against its expansion": ((x + 10 ** 10) ** 2 - 10 ** 20,
                                                   x ** 2 + 2 * 10 ** 10 * x),
    "(exp(u) - 1 - u) / u^2 for tiny u, against the integral remainder": (
        (sp.exp(u) - 1 - u) / u ** 2, sp.Integral((1 - s) * sp.exp(s * u), (s, 0, 1))),
    "(exp(u) - 1 - u) / u^2 for tiny u, against its series": (
        (sp.exp(u) - 1 - u) / u ** 2, sp.Sum(u ** (m - 2) / sp.factorial(m), (m, 2, sp.oo))),
    "expm1 of a tiny argument": (sp.exp(t / 10 ** 9) - 1,
                                 2 * sp.exp(t / (2 * 10 ** 9)) * sp.sinh(t / (2 * 10 ** 9))),
    "log(1 + a/1e12) as a difference of logs, scaled": (
        BIG * sp.log(1 + a / BIG), BIG * (sp.log(BIG + a) - 12 * sp.log(10))),
    "(x - 1)^20 against its expansion": ((x - 1) ** 20, sp.expand((x - 1) ** 20)),
    "(x + 1)^40 against its expansion": ((x + 1) ** 40, sp.expand((x + 1) ** 40)),
    "cosh^2 - sinh^2 of 10x": (sp.cosh(10 * x) ** 2 - sp.sinh(10 * x) ** 2, sp.Integer(1)),
    # these two cancel more digits than a fixed 40-digit precision keeps: the confirmation
    # sizes its precision to the largest term
    "(x + 1)^80 against its expansion": ((x + 1) ** 80, sp.expand((x + 1) ** 80)),
    "cosh^2 - sinh^2 of 30x": (sp.cosh(30 * x) ** 2 - sp.sinh(30 * x) ** 2, sp.Integer(1)),
}
HARD_FOR_FLOATS = ["x (1 + 1e10 y^2) - 1e10 x y^2", "(x + 1e10)^2 - 1e20 against its expansion",
                   "(exp(u) - 1 - u) / u^2 for tiny u, against the integral remainder",
                   "log(1 + a/1e12) as a difference of logs, scaled", "cosh^2 - sinh^2 of 10x",
                   "(x + 1)^40 against its expansion"]


def float_disagreements(lhs, rhs) -> int:
    """Samples on which plain floats disagree: relative comparison, no rounding
    allowance, nothing confirmed in high precision."""
    quiet = NumericSettings(confirm_max=0, noise=0.0, extras=False)
    out = numeric_compare(lhs, rhs, "=", None, quiet)
    return quiet.samples - out.agreed


@pytest.mark.parametrize("name", list(CANCELLATIONS))
def test_catastrophic_cancellation_is_not_refuted(name):
    lhs, rhs = CANCELLATIONS[name]
    not_refuted(lhs, rhs)


@pytest.mark.parametrize("name", HARD_FOR_FLOATS)
def test_cancellation_cases_really_defeat_floats(name):
    """The cases above are hard: floats alone get some samples wrong."""
    lhs, rhs = CANCELLATIONS[name]
    assert float_disagreements(lhs, rhs) > 0
