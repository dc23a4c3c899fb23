"""A dense layer y = W x + b in matrix form: with delta = dL/dy from above, dL = delta^T dy
gives dL/dW = delta x^T, by differentials (the entrywise version is dense-layer-gradients)."""
import sympy as sp

from derive.catalog._matrix_forms import Wd, b, delta, x
from derive.matrix.gradient import grad_steps
from derive.matrix.nodes import Scalar

SLUG = "dense-layer-matrix"
PILLAR = "linear algebra"


def build():
    # L linearised at the layer's output: L(y + dy) = L(y) + delta^T dy, so dL is that of delta^T y
    first_order = Scalar(sp.MatMul(sp.Transpose(delta), sp.MatAdd(sp.MatMul(Wd, x), b)))
    d = grad_steps(first_order, Wd, slug=SLUG, pillar=PILLAR,
                   title=r"A dense layer in matrix form: $\partial L / \partial W = \delta x^{\mathsf T}$")
    d.assumptions.note("delta = dL/dy is the gradient from the layers above (L linear in y to first order)")
    return d
