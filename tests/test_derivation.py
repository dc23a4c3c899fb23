"""Derivations verify themselves: rules, stated forms, display forms, solve steps, caching."""
import pytest
import sympy as sp

from derive import Assumptions, Derivation, DerivationError
from derive.core.functions import sigmoid
from derive.rules.core import Rule, rule

x = sp.Symbol("x", real=True)


def _sig():
    d = Derivation("t", "sigmoid", pillar="calculus")
    d.start(sp.Derivative(sigmoid(x), x))
    d.state(sp.exp(-x) / (1 + sp.exp(-x)) ** 2, because="chain rule")
    d.state(sigmoid(x) * (1 - sigmoid(x)), because="definition of sigmoid")
    return d


def test_linear_chain_verifies():
    d = _sig()
    r = d.verify()
    assert r.ok and r.proved == 2 and len(d) == 2
    assert d.result == sigmoid(x) * (1 - sigmoid(x))
    assert all(s.verdict.status == "proved" for s in d.steps[1:])


def test_wrong_stated_step_is_refuted_and_report_not_ok():
    d = _sig()
    d.state(sigmoid(x) * (1 + sigmoid(x)), because="a slip")
    r = d.verify()
    assert not r.ok and r.refuted == 1
    assert d.steps[-1].verdict.counterexample


def test_apply_records_the_rule_name():
    @rule("double angle")
    def double_angle(e):
        return e.func(*e.args).replace(sp.sin(2 * x), 2 * sp.sin(x) * sp.cos(x)) if e.has(sp.sin(2 * x)) else None

    d = Derivation("t", "trig").start(sp.sin(2 * x) + 1)
    d.apply(double_angle)
    assert d.steps[-1].rule == "double angle"
    assert d.verify().proved == 1
    with pytest.raises(DerivationError, match="does not apply"):
        d.apply(double_angle)


def test_a_rule_that_lies_is_caught():
    liar = Rule("bogus", lambda e: e + 1)
    d = Derivation("t", "t").start(x ** 2).apply(liar)
    assert d.verify().refuted == 1


def test_display_form_must_match_verified_form():
    d = Derivation("t", "t").start(x ** 2)
    with sp.evaluate(False):
        shown = x * x
    d.state(x ** 2, because="display", display=shown)
    assert d.verify().ok
    d2 = Derivation("t", "t").start(x ** 2)
    d2.state(x ** 2, because="display", display=x * (x + 1))
    assert d2.verify().refuted == 1


def test_solve_step_substitutes_into_previous_form():
    p = sp.Symbol("p")
    A = Assumptions().declare(p, "unit")
    d = Derivation("t", "t", assumptions=A).start(3 / p - 2 / (1 - p))
    d.state(sp.Eq(p, sp.Rational(3, 5)), because="solve", relation="=>")
    assert d.verify().proved == 1
    d2 = Derivation("t", "t", assumptions=A).start(3 / p - 2 / (1 - p))
    d2.state(sp.Eq(p, sp.Rational(2, 5)), because="solve", relation="=>")
    assert d2.verify().refuted == 1
    with pytest.raises(DerivationError):
        Derivation("t", "t").start(x).state(x + 1, because="?", relation="=>")


def test_rounded_numbers():
    d = Derivation("t", "t").start(sp.Rational(99, 1098))
    d.state(sp.Float("0.0902"), because="rounded", relation="≈")
    assert d.verify().proved == 1
    d2 = Derivation("t", "t").start(sp.Rational(99, 1098))
    d2.state(sp.Float("0.0903"), because="rounded", relation="≈")
    assert d2.verify().refuted == 1


def test_several_chains_and_starts():
    d = _sig()
    d.start(sp.cos(x) ** 2 + sp.sin(x) ** 2).state(sp.S.One, because="Pythagoras")
    assert d.verify().proved == 3
    assert [s.is_start for s in d.steps] == [True, False, False, True, False]


def test_verify_is_cached_until_changed():
    d = _sig()
    r1 = d.verify()
    assert d.verify() is r1
    d.state(sigmoid(x) - sigmoid(x) ** 2, because="expand")
    assert d.verify() is not r1 and d.verify().proved == 3
