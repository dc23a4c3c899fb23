"""The determinant measures volume: det [[a, b], [c, d]] = ad - bc is the signed area of
the image of the unit square, and det(AB) = det(A) det(B) (areas scale in turn).
"""
import sympy as sp
from sympy import Rational

from derive import Assumptions, Derivation
from derive.catalog._linalg import det_2x2, matrix_symbols, shown_product

SLUG = "determinant-volume"
PILLAR = "linear algebra"


def shoelace(points) -> sp.Expr:
    """Signed area of a polygon from its corners in order: 1/2 sum (x_k y_k+1 - x_k+1 y_k).

    Terms through a corner at the origin are zero and left out.
    """
    edges = [(p, q) for p, q in zip(points, points[1:] + points[:1]) if any(p) and any(q)]
    with sp.evaluate(False):
        return Rational(1, 2) * sp.Add(*[p[0] * q[1] - q[0] * p[1] for p, q in edges])


def build() -> Derivation:
    M = matrix_symbols("a", 2, 2, real=True)
    B = matrix_symbols("b", 2, 2, real=True)
    A = Assumptions().note("the unit square has corners 0, e_1, e_1 + e_2, e_2 (counter-clockwise)")
    d = Derivation(SLUG, "The determinant is a signed volume", pillar=PILLAR, assumptions=A,
                   summary="A matrix maps the unit square to a parallelogram whose signed area is "
                           "its determinant: zero exactly when the matrix is not invertible.")
    corners = [sp.ImmutableMatrix(c) for c in ([0, 0], [1, 0], [1, 1], [0, 1])]
    images = [list(M * c) for c in corners]
    d.start(M.det(), display=sp.Determinant(M))
    d.state(det_2x2(M), display=det_2x2(M), because="the 2 x 2 determinant: ad - bc")
    d.state(shoelace(images), display=shoelace(images),
            because="shoelace formula: the signed area of the image of the unit square "
                    "(corners $0$, $A e_1$, $A (e_1 + e_2)$, $A e_2$)")
    d.start((M * B).det(), display=sp.Determinant(shown_product(M, B)), note="the determinant of a product")
    d.state(det_2x2(M * B), display=det_2x2(M * B), because=r"the $2 \times 2$ rule on the entries of $AB$")
    d.state(sp.expand((M * B).det()), because=r"expand: terms such as $a_{11} a_{21} b_{11} b_{12}$ cancel")
    factored = sp.Mul(det_2x2(M), det_2x2(B), evaluate=False)
    d.state(M.det() * B.det(), display=factored,
            because=r"factor: $\det(A) \det(B)$, the area scale of $A$ times that of $B$")
    return d
