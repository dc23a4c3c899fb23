"""The autodiff oracle: a second numeric judge of derivatives in derive.check(..., oracle=...).

jax runs in CI (the [autodiff] extra); torch tests run only where torch is installed. A
missing library is a clear error, whatever is installed (simulated by hiding the module).
"""
import sys

import pytest
import sympy as sp

import derive
from derive.core.verdict import Verdict
from derive.matrix import autodiff
from derive.matrix.autodiff import Judgement, OracleUnavailable, judge_matrix, judge_scalar
from derive.matrix.nodes import Elementwise, Gradient, LogSumExp, MatDiff, Scalar, Softmax

x = sp.Symbol("x", real=True)
a = sp.Symbol("a", positive=True)
sig = 1 / (1 + sp.exp(-x))
n, d, k = (sp.Symbol(s, integer=True, positive=True) for s in "ndk")
X, w, y = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("w", d, 1), sp.MatrixSymbol("y", n, 1)
W, Y = sp.MatrixSymbol("W", d, k), sp.MatrixSymbol("Y", n, k)


def oracles():
    out = []
    for name in ("jax", "torch"):
        try:
            autodiff.backend(name)
            out.append(name)
        except OracleUnavailable:
            pass
    return out


ORACLES = oracles() or [pytest.param("none", marks=pytest.mark.skip(reason="neither jax nor torch is installed"))]


@pytest.mark.parametrize("name", ["jax", "torch"])
def test_a_missing_library_is_a_clear_error(name, monkeypatch):
    monkeypatch.setitem(sys.modules, name, None)          # import name now raises ImportError
    if name == "jax":
        monkeypatch.setitem(sys.modules, "jax.numpy", None)
    with pytest.raises(OracleUnavailable, match=f"oracle='{name}' needs {name}, which is not installed"):
        derive.check(sp.Derivative(sig, x), sig * (1 - sig), oracle=name)
    with pytest.raises(derive.CheckError):                 # an OracleUnavailable is a CheckError too
        derive.check("x", "x", oracle=name)


def test_an_unknown_oracle_is_a_check_error():
    with pytest.raises(derive.CheckError, match="unknown oracle 'tensorflow'"):
        derive.check("x", "x", oracle="tensorflow")


@pytest.mark.parametrize("name", ORACLES)
def test_scalar_derivatives_judged_by_autodiff(name):
    assert judge_scalar([(sp.Derivative(sig, x), sig * (1 - sig))], lambda s: "real", name).holds is True
    wrong = judge_scalar([(sp.Derivative(sig, x), sig * (1 + sig))], lambda s: "real", name)
    assert wrong.holds is False and x in wrong.counterexample
    f = sp.log(a * x ** 2 + 1)
    dom = lambda s: "positive" if s == a else "real"  # noqa: E731
    assert judge_scalar([(sp.Derivative(f, x, 2), sp.diff(f, x, 2))], dom, name).holds is True
    assert judge_scalar([(sp.Derivative(f, x, 2), sp.diff(f, x))], dom, name).holds is False
    assert judge_scalar([(sp.Derivative(f, x, a), sp.diff(f, x, a))], dom, name).holds is True   # mixed


@pytest.mark.parametrize("name", ORACLES)
def test_check_carries_the_oracle_opinion_and_refutes_on_disagreement(name):
    v = derive.check(r"\frac{d}{dx} \sigma(x)", r"\sigma(x) (1 - \sigma(x))", oracle=name)
    assert v.holds is True and v.extra["oracle"]["holds"] is True and v.extra["oracle"]["name"] == name
    v = derive.check(r"\frac{d}{dx} \sigma(x)", r"\sigma(x) (1 + \sigma(x))", oracle=name)
    assert v.status == "refuted" and v.extra["oracle"]["holds"] is False
    v = derive.check("x^2", "x x", oracle=name)             # nothing to differentiate: no opinion
    assert v.holds is True and v.extra["oracle"]["holds"] is None


@pytest.mark.parametrize("name", ORACLES)
def test_matrix_gradients_judged_by_autodiff(name):
    r = sp.MatAdd(X * w, -y)
    L = Scalar(r.T * r)
    assert judge_matrix(Gradient(L, w), 2 * X.T * r, {}, name, count=3).holds is True
    assert judge_matrix(Gradient(L, w), X.T * r, {}, name, count=3).holds is False            # the 2 lost
    ce = sp.Add(Scalar(sp.MatMul(sp.OneMatrix(1, n), LogSumExp(X * W))), -sp.Trace(Y.T * X * W))
    P = Softmax(X * W)
    assert judge_matrix(Gradient(ce, W), X.T * sp.MatAdd(P, -Y), {"Y": "onehot"}, name, count=3).holds is True
    assert judge_matrix(Gradient(ce, W), X.T * P, {"Y": "onehot"}, name, count=3).holds is False
    dW = sp.MatrixSymbol("dW", d, k)
    s = Elementwise("sigma", W)
    assert judge_matrix(MatDiff(s, W, dW), sp.HadamardProduct(Elementwise("dsigma", W), dW), {}, name, count=3).holds
    assert judge_matrix(MatDiff(s, W, dW), sp.HadamardProduct(s, dW), {}, name, count=3).holds is False


@pytest.mark.parametrize("name", ORACLES)
def test_check_accepts_matrix_forms_with_an_oracle(name):
    S = sp.MatrixSymbol("Sigma", d, d)
    v = derive.check(Gradient(sp.log(sp.Determinant(S)), S), S.I, assumptions={"Sigma": "spd"}, oracle=name)
    assert v.holds is True and v.extra["oracle"]["holds"] is True
    v = derive.check(Gradient(sp.log(sp.Determinant(S)), S), S, assumptions={"Sigma": "spd"}, oracle=name)
    assert v.status == "refuted"
    with pytest.raises(derive.CheckError, match="structure"):
        derive.check(Gradient(sp.log(sp.Determinant(S)), S), S.I, assumptions={"Sigma": "positive definite"})


def _agrees_with_autodiff(slug, name):
    from derive.matrix.evaluate import structures
    D = derive.get(slug)
    j = judge_matrix(Gradient(D.objective, D.wrt), D.gradient, structures(D.assumptions.notes), name, count=3)
    assert j.holds is True, (slug, j.detail)


@pytest.mark.parametrize("name", ORACLES)
@pytest.mark.parametrize("slug", ["layernorm-matrix", "gaussian-mle-mean-matrix"])
def test_the_new_matrix_catalog_gradients_agree_with_autodiff(slug, name):
    _agrees_with_autodiff(slug, name)


@pytest.mark.full   # jax compiles each operation for each new shape: ~20 s of CPU for the lot
@pytest.mark.parametrize("name", ORACLES)
def test_every_matrix_catalog_gradient_agrees_with_autodiff(name):
    for slug in [s for s in derive.catalog() if s.endswith("-matrix")]:
        D = derive.get(slug)
        if not hasattr(D, "gradient"):
            continue
        _agrees_with_autodiff(slug, name)


def test_a_disagreeing_oracle_refutes_whatever_the_first_judge_said():
    """The combination rule, on its own: autodiff saying 'differs' turns a pass into a refutation."""
    from derive.checking import _judged
    passed = Verdict(True, "symbolic", detail="simplify")
    out = _judged(passed, Judgement(False, 0, {x: 0.5}, 1.0, 2.0, "autodiff (jax) gives 1 and 2"), "jax")
    assert out.status == "refuted" and out.counterexample == {x: 0.5} and "first judge said proved" in out.detail
    agreed = _judged(passed, Judgement(True, 8, detail="agrees"), "jax")
    assert agreed.status == "proved" and agreed.extra["oracle"]["samples"] == 8
    undecided = _judged(Verdict(None), Judgement(True, 8, detail="agrees"), "jax")
    assert undecided.holds is None          # a second opinion does not replace the first judge


@pytest.mark.parametrize("name", ORACLES)
def test_the_oracle_tells_a_power_rule_from_a_wrong_exponent(name):
    """Property: d/dx (c x^k) = k c x^(k-1) is judged true; any other exponent is refuted."""
    from hypothesis import given, settings, strategies as st

    @settings(max_examples=15, deadline=None)
    @given(st.integers(1, 5), st.integers(-4, 4).filter(bool), st.integers(-2, 2).filter(bool))
    def run(k, c, off):
        f = c * x ** k
        right = judge_scalar([(sp.Derivative(f, x), k * c * x ** (k - 1))], lambda s: "real", name)
        assert right.holds is True, right.detail
        wrong = judge_scalar([(sp.Derivative(f, x), k * c * x ** (k - 1 + off))], lambda s: "real", name)
        assert wrong.holds is False, wrong.detail
    run()
