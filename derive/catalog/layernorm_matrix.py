"""LayerNorm's gradient in vector form: for y = H x / sigma, sigma = sqrt(var(x) + eps), the
backward pass of an upstream gradient g is grad_x (g^T y) = (1/sigma) (H - y y^T / d) g.

H = I - (1/d) 1 1^T is the centring matrix (H x is x minus its mean),
var(x) = (1/d) (H x)^T (H x) the variance of the entries and sigma_eps(x) = sqrt(var(x) + eps).
LayerNorm's scale and shift act after y and are left out.
"""
import sympy as sp

from derive.matrix.gradient import grad_steps
from derive.matrix.nodes import Centering, Scalar, Std

SLUG = "layernorm-matrix"
PILLAR = "calculus"

d = sp.Symbol("d", integer=True, positive=True)
eps = sp.Symbol("epsilon", positive=True)
x = sp.MatrixSymbol("x", d, 1)
g = sp.MatrixSymbol("g", d, 1)   # the gradient arriving from the layers above, dL/dy
H = Centering(d)


def objective():
    return sp.Mul(Scalar(sp.MatMul(sp.Transpose(g), H, x)), sp.Pow(Std(x, eps), -1))


def gradient():
    sigma = Std(x, eps)
    return sp.MatMul(1 / sigma, sp.MatAdd(H, sp.MatMul(-1 / (d * sigma ** 2), H, x, sp.Transpose(x), H)), g)


def build():
    D = grad_steps(objective(), x, slug=SLUG, pillar=PILLAR,
                   title="LayerNorm's gradient: (1/sigma) (H - y y^T / d) g")
    D.state(gradient(), because=r"factor out $1/\sigma$; with $y = H x / \sigma$ it is "
                                r"$\frac{1}{\sigma} (H - y y^{\top} / d)\, g$")
    D.gradient = gradient()
    return D
