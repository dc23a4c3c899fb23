"""The catalog's matrix-calculus entries reach their advertised gradients."""
import sympy as sp

import derive
from derive.catalog._matrix_forms import S, Sigma, W, X, Y, lam, w, y
from derive.matrix.nodes import Elementwise, Softmax


def test_least_squares_matrix():
    d = derive.get("least-squares-matrix")
    assert d.verify().ok and d.result == 2 * X.T * (X * w - y)


def test_ridge_matrix():
    d = derive.get("ridge-matrix")
    assert d.verify().ok and sp.simplify((d.result - (2 * X.T * (X * w - y) + 2 * lam * w)).doit()).is_ZeroMatrix


def test_gaussian_mle_matrix_vanishes_at_the_scatter():
    d = derive.get("gaussian-mle-matrix")
    assert d.verify().ok
    N = sp.Symbol("N", positive=True)
    assert d.result.xreplace({S: Sigma}).doit() == sp.ZeroMatrix(*Sigma.shape) or \
        sp.simplify(d.result.xreplace({S: Sigma})).is_ZeroMatrix


def test_softmax_regression_is_XT_P_minus_Y():
    d = derive.get("softmax-regression-matrix")
    assert d.verify().ok
    assert d.result == sp.MatMul(X.T, sp.MatAdd(Softmax(X * W), -Y))


def test_logistic_regression_is_XT_sigma_minus_y():
    d = derive.get("logistic-regression-matrix")
    assert d.verify().ok
    assert d.result == sp.MatMul(X.T, sp.MatAdd(Elementwise("sigma", X * w), -y))


def test_two_layer_backprop_is_the_backpropagated_error_times_x_transpose():
    from derive.catalog._matrix_forms import W1, W2, x
    from derive.catalog.backprop_two_layer_matrix import target
    d = derive.get("backprop-two-layer-matrix")
    assert d.verify().ok
    r = sp.MatAdd(sp.MatMul(W2, Elementwise("sigma", W1 * x)), sp.MatMul(-1, target))
    delta = sp.HadamardProduct(sp.MatMul(W2.T, r), Elementwise("dsigma", W1 * x))
    assert sp.srepr(d.result) == sp.srepr(sp.MatMul(delta, x.T))


def test_gaussian_mle_mean_matrix_solves_for_the_sample_mean():
    from derive.catalog._matrix_forms import mu, n
    d = derive.get("gaussian-mle-mean-matrix")
    assert d.verify().ok
    assert d.steps[-1].relation == "=>" and d.steps[-1].verdict.holds
    assert d.result == sp.Eq(mu, sp.MatMul(1 / n, X.T, sp.OneMatrix(n, 1)))
    assert d.gradient == sp.MatMul(Sigma.I, sp.MatAdd(X.T * sp.OneMatrix(n, 1), sp.MatMul(-n, mu)))


def test_layernorm_gradient_and_its_wrong_neighbours():
    from derive.catalog import layernorm_matrix as ln
    from derive.matrix.check import check_matrix_step
    from derive.matrix.nodes import Gradient, Std
    D = derive.get("layernorm-matrix")
    assert D.verify().ok
    assert D.result == ln.gradient()
    grad = Gradient(ln.objective(), ln.x)
    sigma, H, x, g, dim = Std(ln.x, ln.eps), ln.H, ln.x, ln.g, ln.d
    wrong = {"no 1/d": sp.MatMul(1 / sigma, sp.MatAdd(H, sp.MatMul(-1 / sigma ** 2, H, x, x.T, H)), g),
             "no mean (I for H)": sp.MatMul(1 / sigma, sp.MatAdd(sp.Identity(dim), sp.MatMul(-1 / (dim * sigma ** 2),
                                                                                       H, x, x.T, H)), g),
             "no variance term": sp.MatMul(1 / sigma, H, g)}
    for name, form in wrong.items():
        v = check_matrix_step(grad, form, "=", D.assumptions)
        assert v.status == "refuted", (name, v.summary())
