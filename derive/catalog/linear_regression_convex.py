"""Least squares is convex: the Hessian of ||X theta - y||^2 is 2 X^T X, and
v^T (2 X^T X) v = 2 ||X v||^2 >= 0 for every v, so it is positive semidefinite.

Written for 3 samples and 2 features, with G = X^T X.
"""
import sympy as sp

from derive import Assumptions, Derivation
from derive.catalog._least_squares import least_squares
from derive.catalog._linalg import hessian, matrix_symbols

SLUG = "linear-regression-convex"
PILLAR = "optimization"


def build() -> Derivation:
    ls = least_squares()
    X, G = ls.X, ls.G
    v = matrix_symbols("v", 2, 1, real=True)
    A = Assumptions().note("G = X^T X; v is any direction in parameter space")
    d = Derivation(SLUG, "Linear regression has a convex loss", pillar=PILLAR, assumptions=A,
                   summary="Its Hessian $2 X^{\\mathsf T} X$ is positive semidefinite and does not depend on "
                           "theta, so every stationary point is a global minimum.")
    d.start(hessian(ls.loss, ls.theta), note=r"the Hessian of the loss $\lVert X\theta - y \rVert^2$")
    d.state(2 * X.T * X, because=r"differentiate twice: $\partial^2 r_i^2 / \partial \theta_j \partial \theta_k = 2 x_{ij} x_{ik}$")
    d.state(2 * G, because=r"$G = X^{\mathsf T} X$: constant in $\theta$")
    form = sp.expand((v.T * G * v)[0])
    with sp.evaluate(False):
        shown = 2 * form
    d.start(2 * form, display=shown, note=r"the curvature $v^{\mathsf T} (2G)\, v$ along any direction $v$")
    Xv = X * v
    with sp.evaluate(False):
        squares = 2 * sp.Add(*[e ** 2 for e in Xv])
    d.state(2 * sum(e ** 2 for e in Xv), display=squares,
            because=r"$G = X^{\mathsf T} X$: $v^{\mathsf T} G v = (X v)^{\mathsf T} (X v) = \lVert X v \rVert^2$, a sum of squares")
    d.state(sp.S.Zero, relation=">=", because="squares are nonnegative: the Hessian is PSD, the loss convex")
    return d
