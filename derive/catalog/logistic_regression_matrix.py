"""Logistic regression in matrix form: the negative log-likelihood 1^T log(1 + e^{Xw}) - y^T X w
has gradient X^T (sigma(X w) - y).

The data term is written y^T X w (not 1^T (y o Xw), the same number) so that the steps stay
short enough for a slide.
"""
import sympy as sp

from derive.catalog._matrix_forms import X, n, w, y
from derive.matrix.gradient import grad_steps
from derive.matrix.nodes import Elementwise, Scalar

SLUG = "logistic-regression-matrix"
PILLAR = "optimization"


def objective():
    z = sp.MatMul(X, w)
    softplus = Elementwise("log", sp.MatAdd(sp.OneMatrix(n, 1), Elementwise("exp", z)))
    return Scalar(sp.MatMul(sp.OneMatrix(1, n), softplus)) - Scalar(sp.MatMul(sp.Transpose(y), X, w))


def build():
    d = grad_steps(objective(), w, slug=SLUG, pillar=PILLAR,
                   title="Logistic regression in matrix form: X^T (sigma(Xw) - y)")
    g = sp.MatMul(sp.Transpose(X), sp.MatAdd(Elementwise("sigma", sp.MatMul(X, w)), sp.MatMul(-1, y)))
    d.state(g, because=r"$e^z / (1 + e^z) = \sigma(z)$, entry by entry: $X^{\top} (\sigma(X w) - y)$")
    d.gradient = g
    return d
