"""Logistic regression in matrix form: the negative log-likelihood 1^T (log(1 + e^{Xw}) - y o Xw)
has gradient X^T (sigma(X w) - y)."""
import sympy as sp

from derive.catalog._matrix_forms import X, n, w, y
from derive.matrix.gradient import grad_steps
from derive.matrix.nodes import Elementwise, Scalar

SLUG = "logistic-regression-matrix"
PILLAR = "optimization"


def build():
    z = sp.MatMul(X, w)
    nll = Scalar(sp.MatMul(sp.OneMatrix(1, n), sp.MatAdd(
        Elementwise("log", sp.MatAdd(sp.OneMatrix(n, 1), Elementwise("exp", z))),
        sp.MatMul(-1, sp.HadamardProduct(y, z)))))
    d = grad_steps(nll, w, slug=SLUG, pillar=PILLAR,
                   title="Logistic regression in matrix form: the gradient X^T (sigma(X w) - y)")
    g = sp.MatMul(sp.Transpose(X), sp.MatAdd(Elementwise("sigma", z), sp.MatMul(-1, y)))
    d.state(g, because=r"$e^z / (1 + e^z) = \sigma(z)$, entry by entry: $X^{\top} (\sigma(X w) - y)$")
    d.gradient = g
    return d
