"""Backpropagation through two layers in matrix form: for L = (1/2) ||W2 sigma(W1 x) - y||^2,
dL/dW1 = ((W2^T r) o sigma'(W1 x)) x^T with r = W2 sigma(W1 x) - y."""
import sympy as sp

from derive.catalog._matrix_forms import W1, W2, d, k, n, x
from derive.matrix.gradient import grad_steps
from derive.matrix.nodes import Elementwise, Scalar

SLUG = "backprop-two-layer-matrix"
PILLAR = "calculus"
target = sp.MatrixSymbol("t", n, 1)


def build():
    r = sp.MatAdd(sp.MatMul(W2, Elementwise("sigma", sp.MatMul(W1, x))), sp.MatMul(-1, target))
    loss = sp.Rational(1, 2) * Scalar(sp.MatMul(sp.Transpose(r), r))
    return grad_steps(loss, W1, slug=SLUG, pillar=PILLAR,
                      title=r"Two-layer backpropagation in matrix form: $\partial L / \partial W_1$")
