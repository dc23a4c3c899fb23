"""Eigenvalues of a 2 x 2 matrix: det(A - lambda I) = 0, then A v = lambda v.

Worked for A = [[2, 1], [1, 2]] (eigenvalues 3 and 1, eigenvectors (1, 1) and (1, -1)),
then for any symmetric [[a, b], [b, c]]: lambda = (a + c)/2 +- sqrt(((a - c)/2)^2 + b^2),
real because the discriminant is a sum of squares.
"""
import sympy as sp
from sympy import Eq, sqrt

from derive import Assumptions, Derivation
from derive.catalog._linalg import det_2x2, row_by_column, shown_product

SLUG = "eigen-2x2"
PILLAR = "linear algebra"


def build() -> Derivation:
    lam = sp.Symbol("lambda")
    a, b, c = sp.symbols("a b c", real=True)
    A = Assumptions().declare(lam, "real").note("A v = lambda v with v != 0 needs A - lambda I "
                                                "to be singular: det(A - lambda I) = 0")
    d = Derivation(SLUG, r"Eigenvalues and eigenvectors of a $2 \times 2$ matrix", pillar=PILLAR,
                   assumptions=A,
                   summary="The characteristic polynomial gives the eigenvalues; each solves "
                           "A v = lambda v. Symmetric matrices always have real eigenvalues.")
    M = sp.ImmutableMatrix([[2, 1], [1, 2]])
    shifted = M - lam * sp.eye(2)
    poly = det_2x2(shifted)
    d.start(shifted.det(), display=sp.Determinant(shifted), note=r"the characteristic polynomial of $A = \begin{pmatrix} 2 & 1 \\ 1 & 2 \end{pmatrix}$")
    d.state(poly, display=poly, because=r"$2 \times 2$ determinant: $ad - bc$")
    d.state(lam ** 2 - 4 * lam + 3, because="expand")
    with sp.evaluate(False):
        factored = (lam - 3) * (lam - 1)
    d.state(factored, display=factored, because="factor")
    d.state(Eq(lam, 3), relation="=>", because=r"set $\det(A - \lambda I) = 0$: $\lambda = 3$")
    d.start(factored, display=factored)
    d.state(Eq(lam, 1), relation="=>", because=r"set $\det(A - \lambda I) = 0$: $\lambda = 1$")
    for value, v in ((3, sp.ImmutableMatrix([1, 1])), (1, sp.ImmutableMatrix([1, -1]))):
        d.start(M * v, display=shown_product(M, v), note=f"check the eigenvector for $\\lambda = {value}$")
        d.state(row_by_column(M, v), display=row_by_column(M, v), because="row times column")
        d.state(value * v, because=f"= {value} v: v is only scaled, not rotated")

    S = sp.ImmutableMatrix([[a, b], [b, c]])
    general = det_2x2(S - lam * sp.eye(2))
    d.start((S - lam * sp.eye(2)).det(), display=sp.Determinant(S - lam * sp.eye(2)),
            note=r"any symmetric $2 \times 2$ matrix $\begin{pmatrix} a & b \\ b & c \end{pmatrix}$")
    d.state(general, display=general, because=r"$2 \times 2$ determinant")
    d.state(lam ** 2 - (a + c) * lam + a * c - b ** 2, because=r"expand: $\lambda^2 - (\operatorname{tr} A)\lambda + \det A$")
    top = (a + c) / 2 + sqrt(((a - c) / 2) ** 2 + b ** 2)
    d.state(Eq(lam, top), relation="=>", because="quadratic formula (the + root)")
    d.start(S * sp.ImmutableMatrix([b, top - a]), display=shown_product(S, sp.ImmutableMatrix([b, top - a])),
            note=r"its eigenvector $v = (b, \lambda - a)$")
    d.state(top * sp.ImmutableMatrix([b, top - a]), because=r"$\lambda$ solves the characteristic equation")
    d.start(((a - c) / 2) ** 2 + b ** 2, note="the discriminant (over 4)")
    d.state(sp.S.Zero, relation=">=", because="a sum of squares: both eigenvalues are real")
    return d
