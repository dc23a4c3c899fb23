"""Ridge regression in matrix form: grad_w (||X w - y||^2 + lambda ||w||^2) = 2 X^T (X w - y) + 2 lambda w."""
import sympy as sp

from derive.catalog._matrix_forms import X, lam, w, y
from derive.matrix.gradient import grad_steps
from derive.matrix.nodes import Scalar

SLUG = "ridge-matrix"
PILLAR = "optimization"


def build():
    r = sp.MatAdd(sp.MatMul(X, w), sp.MatMul(-1, y))
    loss = Scalar(sp.MatMul(sp.Transpose(r), r)) + lam * Scalar(sp.MatMul(sp.Transpose(w), w))
    return grad_steps(loss, w, slug=SLUG, pillar=PILLAR,
                      title=r"Ridge regression in matrix form: $2 X^{\mathsf T} (X w - y) + 2 \lambda w$")
