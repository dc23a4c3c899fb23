"""Every matrix rule: its true form passes the check, and a deliberately broken variant is
refuted by the numbers (finite differences on random instances of several sizes).

The table in /work/notes/issue-17-matrix.md lists each rule with the test here that refutes it.
"""
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derive.core.assumptions import Assumptions
from derive.matrix.check import check_matrix_step
from derive.matrix.evaluate import structure_note
from derive.matrix.nodes import Elementwise, Gradient, LogSumExp, MatDiff, Scalar, ScalarDiff, Softmax
from derive.matrix import rules

n, d, k = (sp.Symbol(s, integer=True, positive=True) for s in "ndk")
W = sp.MatrixSymbol("W", d, d)
dW = sp.MatrixSymbol("dW", d, d)
A = sp.MatrixSymbol("A", d, d)
B = sp.MatrixSymbol("B", d, d)
C = sp.MatrixSymbol("C", d, d)
x = sp.MatrixSymbol("x", d, 1)
dx = sp.MatrixSymbol("dx", d, 1)
Z = sp.MatrixSymbol("Z", n, k)
dZ = sp.MatrixSymbol("dZ", n, k)


def D(f, wrt=W, direction=dW):
    return MatDiff(f, wrt, direction) if isinstance(f, sp.MatrixExpr) else ScalarDiff(f, wrt, direction)


def assumptions(**kinds):
    a = Assumptions()
    for name, kind in kinds.items():
        a.note(structure_note(name, kind))
    return a


def holds(before, after, **kinds):
    v = check_matrix_step(before, after, "=", assumptions(**kinds))
    assert v.holds is True, v.summary()
    return v


def refuted(before, after, **kinds):
    v = check_matrix_step(before, after, "=", assumptions(**kinds))
    assert v.status == "refuted", v.summary()
    assert v.counterexample
    return v


def M(*args):
    return sp.MatMul(*args)


# -- rule: its own output holds; a broken variant is refuted ---------------------------------
def test_product_rule():
    f = D(M(W, W))
    assert rules.product(f) is not None
    holds(f, rules.product(f))
    refuted(f, sp.MatAdd(M(dW, W), M(dW, W)))          # the factors commuted: 2 dW W


def test_linearity():
    f = D(sp.MatAdd(M(2, A, W), B))
    holds(f, rules.linearity(f))
    refuted(f, M(A, D(W)))                              # the constant 2 dropped


def test_transpose_rule():
    f = D(sp.Transpose(M(A, W)))
    holds(f, rules.transpose(f))
    refuted(f, D(M(A, W)))                              # transpose forgotten


def test_inverse_rule():
    f = D(sp.Inverse(W))
    holds(f, rules.inverse(f), W="spd")
    refuted(f, M(sp.Inverse(W), dW, sp.Inverse(W)), W="spd")          # sign lost
    refuted(f, M(-1, sp.Inverse(W), sp.Inverse(W), dW), W="spd")      # order: -W^{-2} dW


def test_log_det_rule():
    f = ScalarDiff(sp.log(sp.Determinant(W)), W, dW)
    out = rules.log_det(f)
    assert isinstance(out, sp.Trace)
    holds(f, out, W="spd")
    refuted(f, sp.Trace(M(W, dW)), W="spd")             # A instead of A^{-1}


def test_quadratic_form_rule():
    f = ScalarDiff(Scalar(M(sp.Transpose(x), A, x)), x, dx)
    holds(f, rules.quadratic(f))
    refuted(f, Scalar(M(2, sp.Transpose(x), A, dx)))    # 2 x^T A dx needs a symmetric A ...
    holds(f, Scalar(M(2, sp.Transpose(x), A, dx)), A="symmetric")   # ... and holds for one


def test_trace_rule():
    f = ScalarDiff(sp.Trace(M(sp.Transpose(W), A, W)), W, dW)
    holds(f, rules.trace(f))
    refuted(f, sp.Trace(M(sp.Transpose(dW), A, W)))    # one half of the product rule


def test_hadamard_rule():
    f = D(sp.HadamardProduct(W, W))
    holds(f, rules.hadamard(f))
    refuted(f, sp.HadamardProduct(W, dW))               # the factor 2 lost


@pytest.mark.parametrize("name", ["exp", "log", "sigma", "tanh"])
def test_elementwise_rule(name):
    f = D(Elementwise(name, W))
    holds(f, rules.elementwise(f), W="positive")
    broken = W if name == "exp" else Elementwise(name, W)   # f(A) ∘ dA, or A ∘ dA for exp
    refuted(f, sp.HadamardProduct(broken, dW), W="positive")


def test_elementwise_sigma_without_its_derivative_is_refuted():
    f = D(Elementwise("sigma", W))
    refuted(f, sp.HadamardProduct(Elementwise("sigma", W), dW))   # sigma' = sigma (1 - sigma)


def test_softmax_rules():
    f = MatDiff(LogSumExp(Z), Z, dZ)
    holds(f, rules.softmax(f))
    refuted(f, M(dZ, sp.OneMatrix(k, 1)))               # the softmax weights dropped
    g = MatDiff(Softmax(Z), Z, dZ)
    holds(g, rules.softmax(g))
    refuted(g, sp.HadamardProduct(Softmax(Z), dZ))      # the normalisation term dropped


def test_log_scalar_rule():
    f = ScalarDiff(sp.log(sp.Trace(M(sp.Transpose(W), W))), W, dW)
    holds(f, rules.log_scalar(f))
    refuted(f, ScalarDiff(sp.Trace(M(sp.Transpose(W), W)), W, dW))   # 1/f lost


# -- algebra of traces: proved by the normal form, broken variants refuted -------------------
def test_trace_cyclicity_is_proved_and_a_swap_refuted():
    assert holds(sp.Trace(M(A, B, C)), sp.Trace(M(C, A, B))).status == "proved"
    refuted(sp.Trace(M(A, B, C)), sp.Trace(M(B, A, C)))


def test_trace_of_transpose_is_proved_and_half_a_transpose_refuted():
    assert holds(sp.Trace(M(A, B)), sp.Trace(M(sp.Transpose(B), sp.Transpose(A)))).status == "proved"
    refuted(sp.Trace(M(A, B)), sp.Trace(M(A, sp.Transpose(B))))


def test_a_number_is_its_trace_and_a_wrong_rotation_refuted():
    y = sp.MatrixSymbol("y", d, 1)
    assert holds(Scalar(M(sp.Transpose(x), A, y)), sp.Trace(M(A, y, sp.Transpose(x)))).status == "proved"
    refuted(Scalar(M(sp.Transpose(x), A, y)), sp.Trace(M(A, x, sp.Transpose(y))))


def test_hadamard_in_a_trace():
    P = sp.MatrixSymbol("P", d, d)
    lhs = sp.Trace(M(P, sp.HadamardProduct(B, dW)))
    holds(lhs, sp.Trace(M(sp.Transpose(sp.HadamardProduct(sp.Transpose(P), B)), dW)))
    refuted(lhs, sp.Trace(M(sp.Transpose(sp.HadamardProduct(P, B)), dW)))   # P not transposed


def test_read_off_in_denominator_layout():
    L = sp.Trace(M(A, W))
    holds(Gradient(L, W), sp.Transpose(A))
    refuted(Gradient(L, W), A)                          # numerator layout's answer


def test_symmetric_structure_is_used_and_needed():
    L = sp.log(sp.Determinant(W))
    holds(Gradient(L, W), sp.Inverse(W), W="spd")
    holds(Gradient(L, W), sp.Transpose(sp.Inverse(W)), W="spd")
    # with W only invertible (no structure), W^{-1} is not the gradient: W^{-T} is
    Wn = sp.MatrixSymbol("V", d, d)
    Ln = sp.log(sp.Determinant(sp.MatMul(sp.Transpose(Wn), Wn)))
    refuted(Gradient(Ln, Wn), sp.Inverse(Wn))


def test_collect():
    P1, P2 = sp.MatrixSymbol("P", d, d), sp.MatrixSymbol("Q", d, d)
    lhs = sp.Trace(M(P1, dW)) + sp.Trace(M(P2, dW))
    assert holds(lhs, sp.Trace(M(sp.Transpose(sp.Transpose(sp.MatAdd(P1, P2))), dW))).status == "proved"
    refuted(lhs, sp.Trace(M(sp.Transpose(sp.MatAdd(P1, P2)), dW)))


def test_shapes_that_differ_are_refuted():
    v = refuted(MatDiff(M(A, x), x, dx), sp.Transpose(M(A, dx)))
    assert "shape" in v.detail


# -- property: the numeric check tells the true gradient from any rescaled one -----------------
@settings(max_examples=25, deadline=None)
@given(st.fractions(min_value=-3, max_value=3).filter(lambda c: c != 1))
def test_a_rescaled_gradient_is_refuted(c):
    X = sp.MatrixSymbol("X", n, d)
    w, y = sp.MatrixSymbol("w", d, 1), sp.MatrixSymbol("y", n, 1)
    r = sp.MatAdd(M(X, w), M(-1, y))
    L = Scalar(M(sp.Transpose(r), r))
    g = M(2, sp.Transpose(X), r)
    holds(Gradient(L, w), g)
    refuted(Gradient(L, w), M(sp.Rational(c.numerator, c.denominator) * 2, sp.Transpose(X), r))


def test_a_constant_inside_a_differential_is_equivalent_but_a_variable_term_is_not():
    """d(F + C) = dF for C free of W (what the mutation runner uses to call such rewrites
    equivalent); adding a term that depends on W is a different differential."""
    from derive.matrix.check import proved_same_form
    from derive.matrix.nodes import Elementwise, MatDiff
    n, d = sp.Symbol("n", integer=True, positive=True), sp.Symbol("d", integer=True, positive=True)
    X, w, dw = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("w", d, 1), sp.MatrixSymbol("dw", d, 1)
    z = Elementwise("exp", X * w)
    one = sp.OneMatrix(n, 1)
    assert proved_same_form(MatDiff(sp.MatAdd(z, one), w, dw), MatDiff(z, w, dw))
    assert proved_same_form(MatDiff(sp.MatAdd(z, 2 * one), w, dw), MatDiff(sp.MatAdd(z, -one), w, dw))
    assert not proved_same_form(MatDiff(sp.MatAdd(z, X * w), w, dw), MatDiff(z, w, dw))
    assert not proved_same_form(MatDiff(sp.MatAdd(z, one), w, dw), 2 * MatDiff(z, w, dw))


def test_inverse_whatever_its_hidden_exponent_is_A_inverse_as_sympy_reads_it():
    """SymPy prints and evaluates Inverse(A, k) as A^{-1} for any k (a mutant can change k)."""
    from derive.matrix.check import proved_same_form
    d = sp.Symbol("d", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", d, d), sp.MatrixSymbol("B", d, d)
    v = check_matrix_step(sp.Inverse(A, 0) * B, sp.Inverse(A) * B)
    assert v.holds and v.method == "symbolic"
    assert proved_same_form(sp.Inverse(A, 0) * B, sp.Inverse(A) * B)
    assert check_matrix_step(sp.Inverse(A) * B, B * sp.Inverse(A)).holds is False


def test_a_gradient_with_a_renamed_inverse_exponent_is_the_same_form():
    from derive.matrix.check import proved_same_form
    from derive.matrix.nodes import Gradient
    d = sp.Symbol("d", integer=True, positive=True)
    A, S = sp.MatrixSymbol("A", d, d), sp.MatrixSymbol("S", d, d)
    f = lambda k: Gradient(sp.Trace(sp.Inverse(A, k) * S), A)   # noqa: E731
    assert proved_same_form(f(0), f(-1))
    assert not proved_same_form(f(-1), Gradient(sp.Trace(A * S), A))


def test_linearity_of_the_trace_is_proved_and_a_lost_sign_refuted():
    assert holds(sp.Trace(sp.MatAdd(M(A, dW), M(-1, B, dW))),
                 sp.Trace(M(A, dW)) - sp.Trace(M(B, dW))).status == "proved"
    refuted(sp.Trace(sp.MatAdd(M(A, dW), M(-1, B, dW))), sp.Trace(M(A, dW)) + sp.Trace(M(B, dW)))


# -- set to zero and solve (=>) -----------------------------------------------------------------
def _mean_gradient():
    X, mu, S = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("mu", d, 1), sp.MatrixSymbol("Sigma", d, d)
    ones = sp.OneMatrix(n, 1)
    return X, mu, ones, M(sp.Inverse(S), sp.MatAdd(M(X.T, ones), M(-n, mu)))


def test_set_to_zero_and_solve_puts_the_solution_in():
    X, mu, ones, g = _mean_gradient()
    v = check_matrix_step(g, sp.Eq(mu, M(1 / n, X.T, ones)), "=>", assumptions(Sigma="spd"))
    assert v.holds is True, v.summary()
    v = check_matrix_step(sp.Eq(g, sp.ZeroMatrix(d, 1)), sp.Eq(mu, M(1 / n, X.T, ones)), "=>",
                          assumptions(Sigma="spd"))
    assert v.holds is True, v.summary()


@pytest.mark.parametrize("wrong", ["no 1/n", "1/(n+1)", "transpose order"])
def test_a_wrong_solution_is_refuted(wrong):
    X, mu, ones, g = _mean_gradient()
    value = {"no 1/n": M(X.T, ones), "1/(n+1)": M(1 / (n + 1), X.T, ones),
             "transpose order": M(1 / n, sp.OneMatrix(d, n), X, sp.OneMatrix(d, 1))}[wrong]
    v = check_matrix_step(g, sp.Eq(mu, value), "=>", assumptions(Sigma="spd"))
    assert v.status == "refuted", v.summary()


def test_an_equation_that_holds_for_every_value_does_not_determine_it():
    X, mu, ones, _ = _mean_gradient()
    zero_for_all = sp.MatAdd(M(mu, sp.OneMatrix(1, 1)), M(-1, mu))
    v = check_matrix_step(zero_for_all, sp.Eq(mu, M(1 / n, X.T, ones)), "=>")
    assert v.holds is None and "every mu" in v.detail
    v = check_matrix_step(M(X.T, ones), sp.Eq(mu, M(1 / n, X.T, ones)), "=>")
    assert v.holds is None and "does not involve" in v.detail


# -- LayerNorm: centring, variance, standard deviation, powers of a number -----------------------
from derive.matrix.nodes import Centering, Std, Variance  # noqa: E402

Hd = Centering(d)
eps = sp.Symbol("epsilon", positive=True)


def test_centring_matrix_is_x_minus_its_mean():
    mean_removed = sp.MatAdd(x, M(-1 / d, sp.OneMatrix(d, 1), sp.OneMatrix(1, d), x))
    holds(M(Hd, x), mean_removed)
    refuted(M(Hd, x), sp.MatAdd(x, M(-1, sp.OneMatrix(d, 1), sp.OneMatrix(1, d), x)))   # sum, not mean


def test_centring_is_symmetric_and_idempotent_and_the_normal_form_knows():
    assert holds(M(Hd, Hd, x), M(Hd, x)).status == "proved"
    assert holds(M(sp.Transpose(Hd), x), M(Hd, x)).status == "proved"
    refuted(M(Hd, Hd, x), x)                                          # H H = I is wrong
    refuted(M(Hd, A, Hd, x), M(Hd, A, x))                             # H A H != H A


def test_power_rule():
    s = Scalar(M(sp.Transpose(x), x))
    f = ScalarDiff(sp.Pow(s, -sp.Rational(1, 2)), x, dx)
    assert rules.power(f) is not None
    holds(f, rules.power(f))
    refuted(f, sp.Mul(-sp.Rational(1, 2), sp.Pow(s, -sp.Rational(1, 2)), ScalarDiff(s, x, dx)))   # p s^p ds
    refuted(f, sp.Mul(sp.Pow(s, -sp.Rational(3, 2)), ScalarDiff(s, x, dx)))                       # p lost


def test_variance_rule():
    f = ScalarDiff(Variance(x), x, dx)
    assert holds(f, rules.variance(f)).status == "proved"
    refuted(f, Scalar(M(2 / d, sp.Transpose(x), dx)))            # not centred: (2/d) x^T dx
    refuted(f, Scalar(M(1 / d, sp.Transpose(M(Hd, x)), dx)))     # the 2 lost
    assert holds(Variance(x), Scalar(M(1 / d, sp.Transpose(x), Hd, x))).status == "proved"


def test_standard_deviation_rule():
    f = ScalarDiff(Std(x, eps), x, dx)
    holds(f, rules.std(f))
    refuted(f, sp.Mul(ScalarDiff(Variance(x), x, dx), sp.Pow(Std(x, eps), -1)))        # the 1/2 lost
    refuted(f, sp.Mul(ScalarDiff(Variance(x), x, dx), sp.Pow(2 * Std(x, eps) ** 2, -1)))  # 1/(2 sigma^2)
    refuted(Std(x, eps), sp.sqrt(Variance(x)))                                          # eps dropped


def test_read_off_with_a_number_of_the_point_as_coefficient():
    a, b = sp.MatrixSymbol("a", d, 1), sp.MatrixSymbol("b", d, 1)
    from derive.matrix.gradient import grad_steps
    L = Scalar(M(sp.Transpose(a), x)) * Scalar(M(sp.Transpose(b), x))
    D = grad_steps(L, x)
    assert D.verify().ok
    want = sp.MatAdd(M(Scalar(M(sp.Transpose(b), x)), a), M(Scalar(M(sp.Transpose(a), x)), b))
    holds(Gradient(L, x), want)
    holds(D.result, want)
    refuted(Gradient(L, x), M(Scalar(M(sp.Transpose(b), x)), a))      # one term of the product lost
