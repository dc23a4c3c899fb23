"""The refuter tries hard before it agrees: each class of false accept in issue 13 is refuted
(or at least not accepted), and the true controls beside them still hold."""
import pytest
import sympy as sp

from derive import check
from derive.core.assumptions import Assumptions
from derive.core.verdict import Verdict
from derive.verify.step import _approximately, _decimals

REFUTED = [
    # sizes beyond 1..6: wrong from n = 7
    (r"\sum_{k=1}^{n} k", r"n(n+1)/2 + (n-1)(n-2)(n-3)(n-4)(n-5)(n-6)", "=",
     {"n": "positive_integer"}),
    # strict orders strictly
    ("x", "x", "<", None),
    ("x^2", "x^2", ">", None),
    # domains across magnitudes and near the numbers a form mentions
    (r"\max(x, 10)", "10", "=", None),
    ("x", "10", "<=", None),
    (r"e^{-(x-50)^2} + x", "x", "=", None),
    (r"\lfloor x/20 \rfloor", "0", "=", None),
    (r"\log p", "-4", ">=", {"p": "unit"}),
    # exactness: exact against a float differing beyond the literal's rounding
    (r"\pi", "3.14159265", "=", None),
    ("1/3", "0.333333333333", "=", None),
    (r"\frac{d}{dx} x^2", "2.00001 x", "=", None),
    (r"\int_0^1 x^2 dx", "0.333334", "=", None),
    # limits at infinity over several scales
    (r"\lim_{x\to\infty} \frac{x}{x+10^7}", r"\frac{1}{11}", "=", None),
]

NOT_HOLDING = [
    (r"\lim_{x\to 0} \frac{|x|}{x}", "1", "=", None),              # two-sided: sides differ
    (r"\int_0^{2\pi} |\sin x \cos x| dx", "1", "=", None),         # SymPy's doit, no sample agrees
]

CONTROLS = [
    (r"\sum_{k=1}^{n} k", r"n(n+1)/2", "=", {"n": "positive_integer"}),
    (r"\lim_{x\to\infty} \frac{x}{x+1}", "1", "=", None),
    (r"\lim_{x\to\infty} (1 + 1/x)^x", "e", "=", None),
    (r"\lim_{x\to 0} \frac{\sin x}{x}", "1", "=", None),
    (r"\int_0^{\pi} \sin x dx", "2", "=", None),
    ("x^2 + 1", "0", ">", None),
    (r"\log p", "0", "<", {"p": "unit"}),
    (r"\max(x, 10)", "10", ">=", None),
    ("0.5", "1/2", "=", None),
]


@pytest.mark.parametrize("lhs,rhs,rel,assume", REFUTED)
def test_false_claims_are_refuted(lhs, rhs, rel, assume):
    v = check(lhs, rhs, relation=rel, assumptions=assume)
    assert v.holds is False, (lhs, rel, rhs, v.detail)


@pytest.mark.parametrize("lhs,rhs,rel,assume", NOT_HOLDING)
def test_false_claims_do_not_hold(lhs, rhs, rel, assume):
    v = check(lhs, rhs, relation=rel, assumptions=assume)
    assert v.holds is not True, (lhs, rel, rhs, v.detail)


@pytest.mark.parametrize("lhs,rhs,rel,assume", CONTROLS)
def test_true_controls_hold(lhs, rhs, rel, assume):
    v = check(lhs, rhs, relation=rel, assumptions=assume)
    assert v.holds is True, (lhs, rel, rhs, v.detail)


def test_larger_sizes_are_the_evidence():
    v = check(r"\sum_{k=1}^{n} k", r"n(n+1)/2 + (n-1)(n-2)(n-3)(n-4)(n-5)(n-6)",
              assumptions={"n": "positive_integer"})
    assert v.holds is False and "larger size" in v.detail
    assert int({str(k): n for k, n in v.counterexample.items()}["n"]) >= 7


def test_symbolic_result_without_agreeing_samples_is_not_proved():
    v = check(r"\int_0^{2\pi} |\sin x \cos x| dx", "1")
    assert v.method != "symbolic" and "not confirmed" in v.detail or v.holds is False


def test_e_notation_decimals_are_counted():
    assert _decimals(sp.Float("3.7e-6")) == 7
    assert _decimals(sp.Float("2.303")) == 3
    A = Assumptions()
    assert _approximately(sp.Float("3.7e-6"), sp.Float("5.2e-6"), A, 2.0).holds is False
    assert _approximately(sp.Rational(37, 10**7), sp.Float("3.7e-6"), A, 2.0).holds is True
    assert _approximately(sp.Rational(1, 3), sp.Float("0.333"), A, 2.0).holds is True


def test_numeric_verdict_states_its_evidence():
    v = Verdict(True, "numeric", samples=40, sizes={"n": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 40]},
                domains={"x": (-1e6, 2e5)})
    line = v.summary()
    assert "n = 1..12,40" in line and "x in [-1e+06, 2e+05]" in line


@pytest.mark.parametrize("rhs", [r"\frac{n(n+1)}{2} + \lfloor n/1000 \rfloor",
                                 r"\frac{n(n+1)}{2} + \lfloor n/1999 \rfloor"])
def test_a_size_the_form_mentions_is_tried(rhs):
    """floor(n/1000) is 0 at every size below 1000: the sizes tried include 999..1001."""
    assert check(r"\sum_{k=1}^{n} k", rhs).holds is False
    assert check(r"\sum_{k=1}^{n} k", r"\frac{n(n+1)}{2}").holds is True


@pytest.mark.parametrize("c", ["200000", "-7000", "3000000"])
def test_a_narrow_bump_at_a_number_the_form_mentions_is_met(c):
    assert check(rf"e^{{-(x-({c}))^2}} + x", "x").holds is False
