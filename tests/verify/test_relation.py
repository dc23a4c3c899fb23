"""The two-way verifier: domains honoured, numeric independent, refutations confirmed."""
import numpy as np
import pytest
import sympy as sp

from derive import Assumptions, Verdict
from derive.core.functions import E, sigmoid
from derive.verify import numeric_compare, verify_relation

x, y = sp.symbols("x y", real=True)


def test_sqrt_of_square_depends_on_domain():
    a = sp.Symbol("a")
    real = verify_relation(sp.sqrt(a ** 2), a)
    assert real.holds is False and real.counterexample[a] < 0
    assert real.lhs_value == pytest.approx(-real.rhs_value)
    pos = verify_relation(sp.sqrt(a ** 2), a, assumptions={"a": "positive"})
    assert pos.status == "proved"


def test_verdict_truthiness_and_status():
    assert bool(Verdict(True, "symbolic")) and Verdict(True, "symbolic").status == "proved"
    assert Verdict(True, "numeric").status == "numeric"
    assert not Verdict(None) and Verdict(None).status == "undecided"
    assert not Verdict(False, "numeric") and Verdict(False).status == "refuted"


@pytest.mark.parametrize("lhs, rhs", [
    (sp.Derivative(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))),
    (sp.Integral(sp.exp(-x ** 2 / 2), (x, -sp.oo, sp.oo)), sp.sqrt(2 * sp.pi)),
    (sp.Limit(((x + y) ** 2 - x ** 2) / y, y, 0), 2 * x),
    (sp.Sum(sp.Symbol("k") , (sp.Symbol("k"), 1, 10)), 55),
])
def test_true_unevaluated_forms_are_proved(lhs, rhs):
    v = verify_relation(lhs, rhs)
    assert v.status == "proved", v


@pytest.mark.parametrize("lhs, rhs", [
    (sp.Derivative(sigmoid(x), x), sigmoid(x) * (1 + sigmoid(x))),
    (sp.Derivative(sp.sin(x) * x, x), sp.cos(x) * x),
    (sp.Integral(sp.exp(-x ** 2 / 2), (x, -sp.oo, sp.oo)), sp.sqrt(2.02 * sp.pi)),
    (sp.Limit(((x + y) ** 2 - x ** 2) / y, y, 0), 2 * x + sp.Rational(1, 10 ** 4)),
    (sp.Integral(x ** 2, (x, 0, 1)), sp.Rational(1, 2)),
    # a limit whose value is 0: known to well below 2x, if not to 22 digits of itself
    (sp.Limit(((x + y) ** 2 - x ** 2) / y, y, 0), sp.Limit((x + y) ** 2 - x ** 2, y, 0)),
    (sp.Integral(sp.exp(-y ** 2), (x, 0, 1)), sp.exp(-y ** 2) / 2),   # integrand free of x
])
def test_wrong_unevaluated_forms_are_refuted(lhs, rhs):
    v = verify_relation(lhs, rhs)
    assert v.holds is False and v.method == "numeric" and v.counterexample is not None, v


def test_numeric_check_never_asks_sympy_to_evaluate(monkeypatch):
    """Finite differences, quadrature, unrolled sums: no doit() on the checked operators."""
    def boom(self, **hints):
        raise AssertionError(f"numeric check called doit on {type(self).__name__}")
    for cls in (sp.Derivative, sp.Integral, sp.Sum, sp.Limit):
        monkeypatch.setattr(cls, "doit", boom)
    k = sp.Symbol("k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    A = Assumptions().index(k, lower=1, upper=n)
    cases = [
        (sp.Derivative(x ** 3, x), 3 * x ** 2, True),
        (sp.Derivative(x ** 3, x), 3 * x ** 3, False),
        (sp.Integral(sp.cos(x), (x, 0, y)), sp.sin(y), True),
        (sp.Integral(sp.cos(x), (x, 0, y)), sp.cos(y), False),
        (sp.Sum(k, (k, 1, n)), n * (n + 1) / 2, True),
        (sp.Sum(k, (k, 1, n)), n * (n - 1) / 2, False),
        (sp.Limit(sp.sin(y * x) / y, y, 0), x, True),
    ]
    for lhs, rhs, truth in cases:
        out = numeric_compare(lhs, rhs, "=", A)
        assert out.holds is truth, (lhs, rhs, out)


def test_sums_are_instantiated_at_several_sizes():
    k = sp.Symbol("k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    A = Assumptions().index(k, lower=1, upper=n)
    # true for n = 1 and 2 only: sampling several sizes must catch it
    wrong = verify_relation(sp.Sum(k ** 2, (k, 1, n)), 4 * n - 3, assumptions=A)
    assert wrong.holds is False and wrong.counterexample[n] >= 3


def test_simplex_samples_sum_to_one():
    p = sp.IndexedBase("p")
    k = sp.Symbol("k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    A = Assumptions().declare(p, "simplex", size=n).index(k, lower=1, upper=n)
    v = verify_relation(sp.Sum(p[k], (k, 1, n)), 1, assumptions=A)
    assert v.status == "proved"
    assert verify_relation(sp.Sum(p[k] ** 2, (k, 1, n)), 1, assumptions=A).holds is False


def test_expectation_is_exact_over_declared_random_symbols():
    X, Y = sp.symbols("X Y")
    a = sp.Symbol("a")
    A = Assumptions().declare(X, "random").declare(Y, "random")
    assert verify_relation(E(a * X + Y), a * E(X) + E(Y), assumptions=A).status == "proved"
    assert verify_relation(E(X * Y), E(X) * E(Y), assumptions=A).holds is False  # may be dependent
    assert verify_relation(E(X + Y), E(X) + E(Y), assumptions=A).status == "proved"  # linearity still
    A.declare_independent(X, Y)
    assert verify_relation(E(X * Y), E(X) * E(Y), assumptions=A).status == "proved"
    wrong = verify_relation(E(X ** 2), E(X) ** 2, assumptions=A)
    assert wrong.holds is False


def test_inequalities():
    assert verify_relation(x ** 2 + 1, 2 * x, ">=").holds is True
    assert verify_relation(x ** 2, x, ">=").holds is False
    pos = verify_relation(sp.exp(x), 1 + x, ">=")
    assert pos.holds is True


def test_matrices_are_compared_entrywise():
    A = sp.Matrix([[x, 1], [0, y]])
    assert verify_relation(A * A.T, (A * A.T).expand()).status == "proved"
    v = verify_relation(A * A.T, A.T * A)
    assert v.holds is False
    assert verify_relation(A, sp.Matrix([x, y])).holds is False  # shapes differ


def test_nan_never_counts_as_agreement():
    # log of a negative real is NaN in numpy: no sample may "agree" on it
    v = verify_relation(sp.log(-x ** 2 - 1), sp.log(-x ** 2 - 1) + 1)
    assert v.holds is not True


def test_mismatch_is_confirmed_in_high_precision():
    # float cancellation makes these differ at |x| ~ 1e8; the truth is equality
    big = sp.Symbol("big", positive=True)
    lhs = (big + 1) ** 2 - big ** 2
    v = verify_relation(lhs * 1, 2 * big + 1, assumptions=None)
    assert v.holds is True


def test_undefined_functions_are_sampled_consistently():
    f, g = sp.Function("f"), sp.Function("g")
    chain = verify_relation(sp.Derivative(f(g(x)), x), sp.diff(f(g(x)), x))
    assert chain.holds is True
    assert verify_relation(sp.Derivative(f(x) * g(x), x), sp.Derivative(f(x), x) * sp.Derivative(g(x), x)).holds is False


def test_counterexample_reports_both_sides():
    v = verify_relation(sp.sin(x) ** 2, 1 - sp.cos(x))
    assert v.holds is False
    point = {s: val for s, val in v.counterexample.items()}
    lhs = float(sp.sin(x).subs(x, point[x]) ** 2)
    assert v.lhs_value == pytest.approx(lhs)
    assert "refuted at" in v.summary()


BIG_LSE = sp.log(sp.exp(998) + sp.exp(999) + sp.exp(1000))   # floats overflow inside the log


@pytest.mark.parametrize("wrong", [
    2 * BIG_LSE,
    sp.log(sp.exp(999) + sp.exp(1000)),                         # a dropped term
    BIG_LSE + 1,
    1001 + sp.log(sp.exp(-2) + sp.exp(-1) + 1),                 # m off by one
])
def test_wrong_constants_that_overflow_floats_are_refuted(wrong):
    """Only high precision can evaluate these; its resolution is set by the value's own
    error bound (about 1000 here), never by the 1e434-sized terms inside the log."""
    v = verify_relation(BIG_LSE, wrong, "=", None, 0.5)
    assert v.holds is False, v.summary()


def test_a_true_constant_that_overflows_floats_is_not_refuted():
    v = verify_relation(BIG_LSE, 1000 + sp.log(sp.exp(-2) + sp.exp(-1) + 1), "=", None, 0.5)
    assert v.holds is True, v.summary()


def test_values_equal_at_the_first_precision_skip_the_second_look(monkeypatch):
    """confirm_mismatch stops early only when no later figure could make a mismatch; a
    real mismatch still gets both precisions and the error scales."""
    from derive.verify import precise

    calls = []
    real = precise.error_scale
    monkeypatch.setattr(precise, "error_scale", lambda *a: calls.append(a) or real(*a))
    t = sp.Symbol("t", real=True)
    same = precise.confirm_mismatch(sp.sin(t) ** 2 + sp.cos(t) ** 2, sp.S.One, "=", {t: 0.3},
                                    None, 0, False)
    assert same is None and calls == []
    differ = precise.confirm_mismatch(sp.sin(t) ** 2, sp.cos(t) ** 2, "=", {t: 0.3}, None, 0, False)
    assert differ is not None and len(calls) == 2
