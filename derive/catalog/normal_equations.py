"""The normal equations: grad ||X theta - y||^2 = 2 X^T (X theta - y) = 0 gives
theta = (X^T X)^{-1} X^T y.

Written for 3 samples and 2 features, with G = X^T X and h = X^T y.
"""
import sympy as sp

from derive import Assumptions, Derivation
from derive.catalog._least_squares import least_squares
from derive.catalog._linalg import gradient
from derive.catalog._named import named

SLUG = "normal-equations"
PILLAR = "linear algebra"


def build() -> Derivation:
    ls = least_squares()
    X, theta, r, G, h = ls.X, ls.theta, ls.residual, ls.G, ls.h
    A = Assumptions().note("r = X theta - y is the residual; G = X^T X (invertible: X has full "
                           "column rank) and h = X^T y")
    d = Derivation(SLUG, "Least squares: the normal equations", pillar=PILLAR, assumptions=A,
                   summary="Linear regression in closed form: the gradient of the squared error "
                           "vanishes where $X^{\\mathsf T} X \\theta = X^{\\mathsf T} y$.")
    d.start(gradient(ls.loss, theta), note=r"the gradient of the loss $\lVert X\theta - y \rVert^2$")
    d.state(sp.ImmutableMatrix([sum(2 * r[i] * X[i, j] for i in range(3)) for j in range(2)]),
            because=r"chain rule: $\partial r_i^2 / \partial \theta_j = 2 r_i x_{ij}$")
    d.state(2 * X.T * (X * theta - ls.y), because=r"matrix form: $2 X^{\mathsf T} (X\theta - y)$")
    d.state(2 * (G * theta - h), because=r"expand: $2 (X^{\mathsf T} X \theta - X^{\mathsf T} y) = 2 (G \theta - h)$")
    det = G[0, 0] * G[1, 1] - G[0, 1] ** 2
    solution = sp.ImmutableMatrix([(G[1, 1] * h[0] - G[0, 1] * h[1]) / det,   # G^{-1} h by the
                                   (G[0, 0] * h[1] - G[0, 1] * h[0]) / det])  # 2 x 2 inverse
    hat = sp.ImmutableMatrix([named(v, sp.Symbol(f"thetahat_{i + 1}")) for i, v in enumerate(solution)])
    d.start(2 * (G * hat - h), note=r"the gradient at $\hat\theta = G^{-1} h$, the claimed minimiser")
    d.state(2 * (G * solution - h), because=r"$\hat\theta = (X^{\mathsf T} X)^{-1} X^{\mathsf T} y$, by the $2 \times 2$ inverse")
    d.state(sp.zeros(2, 1), because=r"$G G^{-1} = I$: the gradient vanishes, the normal equations hold")
    return d
