"""A saddle point: f(x, y) = x^2 - y^2 has zero gradient at the origin, but its Hessian
has eigenvalues 2 and -2: a minimum along x, a maximum along y.
"""
import sympy as sp
from sympy import Derivative, Eq

from derive import Assumptions, Derivation
from derive.catalog._linalg import det_2x2, hessian

SLUG = "saddle-point"
PILLAR = "calculus"


def build() -> Derivation:
    x, y, lam = sp.symbols("x y lambda", real=True)
    f = x ** 2 - y ** 2
    A = Assumptions().declare(x, "real").declare(y, "real").declare(lam, "real")
    d = Derivation(SLUG, "A saddle point: zero gradient, mixed curvature", pillar=PILLAR,
                   assumptions=A,
                   summary="Gradient descent can stall where the gradient vanishes without a "
                           "minimum: the Hessian's eigenvalues have both signs.")
    d.start(Derivative(f, x), note="where is the gradient zero?")
    d.state(2 * x, because="power rule")
    d.state(Eq(x, 0), relation="=>", because="set to zero")
    d.start(Derivative(f, y))
    d.state(-2 * y, because="power rule")
    d.state(Eq(y, 0), relation="=>", because="set to zero: the only stationary point is the origin")
    H = sp.ImmutableMatrix([[2, 0], [0, -2]])
    d.start(hessian(f, (x, y)), note="the curvature: the Hessian")
    d.state(H, because="second derivatives: constant, with no mixed term")
    shifted = H - lam * sp.eye(2)
    d.start(shifted.det(), display=sp.Determinant(shifted), note="its eigenvalues")
    d.state(det_2x2(shifted), display=det_2x2(shifted), because=r"$2 \times 2$ determinant")
    with sp.evaluate(False):
        factored = (lam - 2) * (lam + 2)
    d.state((lam - 2) * (lam + 2), display=factored, because="factor")
    d.state(Eq(lam, 2), relation="=>", because="one eigenvalue is 2 (curving up along x)")
    d.start((lam - 2) * (lam + 2), display=factored)
    d.state(Eq(lam, -2), relation="=>", because=r"the other is $-2$ (curving down along $y$): a saddle")
    d.start(f.subs(y, 0), note=r"along the $x$-axis, $f(x, 0)$")
    d.state(sp.S.Zero, relation=">=", because=r"$x^2 \ge 0 = f(0, 0)$: a minimum along $x$")
    d.start(f.subs(x, 0), note="along the y-axis, f(0, y)")
    d.state(sp.S.Zero, relation="<=", because=r"$-y^2 \le 0 = f(0, 0)$: a maximum along $y$")
    return d
