"""Algebra rules: where each applies, where it must not, and soundness on random forms."""
import sympy as sp
from hypothesis import given, settings

from derive.rules import algebra as G
from derive.verify import numeric_compare
from tests.expression_trees import X, trees

x, a, b = X, sp.Symbol("a"), sp.Symbol("b")


def test_expand_and_factor():
    assert G.expand_rule(a * (x + b)) == a * x + a * b
    assert G.expand_rule(a * x) is None
    assert G.factor_rule(a * x + a * b) == a * (x + b)
    assert G.factor_rule(a * x) is None


def test_collect_in():
    assert G.collect_in(x)(a * x + b * x + 1) == (a + b) * x + 1
    assert G.collect_in(x)(a * x) is None
    assert G.collect_in(x).name == "collect terms in x"


def test_cancel_and_common_denominator():
    assert G.cancel_rule((x ** 2 - 1) / (x - 1)) == x + 1
    assert G.cancel_rule(x + 1) is None
    assert G.common_denominator(1 / a + 1 / b) == (a + b) / (a * b)
    assert G.common_denominator(1 / a) is None


def test_split_fraction():
    assert G.split_fraction((a + x) / b) == a / b + x / b
    assert G.split_fraction(a / b) is None
    assert G.split_fraction(a + x) is None


def test_complete_the_square():
    out = G.complete_square(x)(x ** 2 + 2 * a * x + b)
    assert out == (x + a) ** 2 + b - a ** 2
    assert G.complete_square(x)(x ** 3 + x) is None
    assert G.complete_square(x)(sp.sin(x) + x) is None


def test_simplify_and_substitute():
    assert G.simplify_rule(sp.sin(x) ** 2 + sp.cos(x) ** 2) == 1
    assert G.simplify_rule(x) is None
    by = G.substitute(sp.Eq(sp.Function("m")(a), 2 * a), because="the result above")
    assert by(sp.Function("m")(a) / a) == 2 and by.name == "the result above"
    assert by(a) is None


@settings(max_examples=30, deadline=None)
@given(trees(max_leaves=4))
def test_algebra_rules_are_sound(e):
    for law in (G.expand_rule, G.factor_rule, G.collect_in(x), G.cancel_rule, G.common_denominator,
                G.split_fraction, G.complete_square(x)):
        out = law(e)
        if out is not None:
            assert numeric_compare(e, out, "=").holds is not False, (law.name, e, out)
