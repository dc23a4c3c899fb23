"""Least squares in matrix form: grad_w ||X w - y||^2 = 2 X^T (X w - y), by differentials."""
import sympy as sp

from derive.catalog._matrix_forms import X, w, y
from derive.matrix.gradient import grad_steps
from derive.matrix.nodes import Scalar

SLUG = "least-squares-matrix"
PILLAR = "linear algebra"


def build():
    r = sp.MatAdd(sp.MatMul(X, w), sp.MatMul(-1, y))
    return grad_steps(Scalar(sp.MatMul(sp.Transpose(r), r)), w, slug=SLUG, pillar=PILLAR,
                      title=r"Least squares in matrix form: the gradient $2 X^{\mathsf T} (X w - y)$")
