"""Certificates of no value: divergent limits and integrals are recognised, convergent
ones never are (a certificate refutes, so a wrong one would be a false refutation)."""
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derive.verify.divergence import no_value
from derive.verify import verify_relation

x, h, mu, t = sp.symbols("x h mu t", real=True)
s = sp.Symbol("sigma", positive=True)
SAMPLE = {x: 1.3, mu: 0.4, s: 1.7}
GAUSS = sp.exp(-(x - mu) ** 2 / (2 * s ** 2)) / (sp.sqrt(2 * sp.pi) * s)

DIVERGENT = {
    "a difference quotient without the cancelling term": sp.Limit((x ** 2 + (x + h) ** 2) / h, h, 0, "+-"),
    "1/h^2 from the right": sp.Limit(1 / h ** 2, h, 0, "+"),
    "one-sided limits that differ": sp.Limit(sp.Abs(h) / h, h, 0, "+-"),
    "growth at infinity": sp.Limit(x * h, h, sp.oo),
    "a constant over the whole line": sp.Integral(sp.exp(-mu ** 2) / s, (x, -sp.oo, sp.oo)),
    "a cubic in the exponent": sp.Integral(sp.exp(-(x - mu) ** 3 / (2 * s ** 2)), (x, -sp.oo, sp.oo)),
    "1/(x log x)": sp.Integral(1 / (x * sp.log(x)), (x, 3, sp.oo)),
    "a linear integrand": sp.Integral(mu + t, (t, -sp.oo, sp.oo)),
    "twice a divergent integral": 2 * sp.Integral(1 / (1 + sp.Abs(x)), (x, -sp.oo, sp.oo)),
    "a divergent term beside a finite one": mu * sp.Integral(GAUSS, (x, -sp.oo, sp.oo))
                                            + sp.Integral(t, (t, -sp.oo, sp.oo)),
}

CONVERGENT = {
    "the derivative of x^2 by its definition": sp.Limit(((x + h) ** 2 - x ** 2) / h, h, 0, "+-"),
    "sin h / h": sp.Limit(sp.sin(h) / h, h, 0),
    "h log h": sp.Limit(h * sp.log(h), h, 0, "+"),
    "(1 + 1/h)^h at infinity": sp.Limit((1 + 1 / h) ** h, h, sp.oo),
    "the Gaussian density": sp.Integral(GAUSS, (x, -sp.oo, sp.oo)),
    "1/(1 + x^2)": sp.Integral(1 / (1 + x ** 2), (x, -sp.oo, sp.oo)),
    "1/(x log^2 x), barely": sp.Integral(1 / (x * sp.log(x) ** 2), (x, 3, sp.oo)),
    "sin x / x, conditionally": sp.Integral(sp.sin(x) / x, (x, 1, sp.oo)),
    "x e^-x": sp.Integral(x * sp.exp(-x), (x, 0, sp.oo)),
    "a finite range": sp.Integral(1 / x, (x, 1, 2)),
}


@pytest.mark.parametrize("name", list(DIVERGENT))
def test_divergent_forms_are_certified(name):
    assert no_value(DIVERGENT[name], SAMPLE) is not None


@pytest.mark.parametrize("name", list(CONVERGENT))
def test_convergent_forms_are_never_certified(name):
    assert no_value(CONVERGENT[name], SAMPLE) is None


def test_two_divergent_terms_could_cancel_so_certify_nothing():
    assert no_value(sp.Integral(t, (t, -sp.oo, sp.oo)) - sp.Integral(x ** 3, (x, -sp.oo, sp.oo)),
                    SAMPLE) is None


def test_slow_divergence_is_left_undecided():
    """log h diverges, but too slowly to certify from four probes: no verdict, no claim."""
    assert no_value(sp.Limit(sp.log(h), h, 0, "+"), SAMPLE) is None


def test_a_step_equating_a_divergent_form_with_a_finite_one_is_refuted():
    v = verify_relation(DIVERGENT["a difference quotient without the cancelling term"], 2 * x, "=", None, 0.5)
    assert v.holds is False and "no value" in str(v.lhs_value) and "grows without bound" in v.detail
    w = verify_relation(1, DIVERGENT["a cubic in the exponent"] / (sp.sqrt(2 * sp.pi) * s), "=", None, 0.5)
    assert w.holds is False and w.rhs_value == "no value" and "diverges" in w.detail


def test_two_divergent_sides_are_not_refuted_for_it():
    v = verify_relation(sp.Limit(1 / h ** 2, h, 0, "+"), sp.Limit(2 / h ** 2, h, 0, "+"), "=", None, 0.5)
    assert v.holds is not False


coefficients = st.lists(st.integers(-3, 3), min_size=1, max_size=4).filter(lambda c: c[-1] != 0)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(coefficients, st.integers(1, 4), st.integers(-2, 2))
def test_polynomials_times_a_gaussian_converge_and_bare_polynomials_do_not(cs, a, m):
    poly = sum(c * x ** k for k, c in enumerate(cs))
    decaying = sp.Integral(poly * sp.exp(-a * (x - m) ** 2), (x, -sp.oo, sp.oo))
    assert no_value(decaying, SAMPLE) is None
    assert no_value(sp.Integral(poly, (x, -sp.oo, sp.oo)), SAMPLE) is not None
