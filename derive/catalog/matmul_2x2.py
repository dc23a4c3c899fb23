"""Matrix multiplication: (AB)_ij = sum_k a_ik b_kj, a row of A dotted with a column of B.

The worked example: [[1, 2], [3, 4]] [[5, 6], [7, 8]] = [[19, 22], [43, 50]],
e.g. the top-left cell is 1*5 + 2*7 = 19.
"""
import sympy as sp
from sympy import Integer as N

from derive import Assumptions, Derivation
from derive.catalog._linalg import row_by_column, shown_product

SLUG = "matmul-2x2"
PILLAR = "linear algebra"

LEFT = sp.ImmutableMatrix([[1, 2], [3, 4]])
RIGHT = sp.ImmutableMatrix([[5, 6], [7, 8]])


def build() -> Derivation:
    a, b = sp.IndexedBase("a"), sp.IndexedBase("b")
    k = sp.Symbol("k", integer=True)
    A = (Assumptions().declare(a, "real").declare(b, "real")
         .note("A and B are 2 x 2; the same rule holds for any (m x n)(n x p) product"))
    d = Derivation(SLUG, "Matrix multiplication, row by column", pillar=PILLAR, assumptions=A,
                   summary="Each entry of a product is the dot product of a row of the left "
                           "matrix with a column of the right one: the operation y = Wx + b "
                           "repeats in every layer.")
    ma = sp.ImmutableMatrix(2, 2, lambda r, c: a[r + 1, c + 1])
    mb = sp.ImmutableMatrix(2, 2, lambda r, c: b[r + 1, c + 1])
    d.start(ma * mb, display=shown_product(ma, mb), note=r"the product of two $2 \times 2$ matrices")
    d.state(sp.ImmutableMatrix(2, 2, lambda r, c: sp.Sum(a[r + 1, k] * b[k, c + 1], (k, 1, 2))),
            because=r"definition of the matrix product: $(AB)_{ij} = \sum_k a_{ik} b_{kj}$")
    rows_by_cols = row_by_column(ma, mb)
    d.state(rows_by_cols, display=rows_by_cols,
            because="write out the sum: row i of A dotted with column j of B")
    d.start(LEFT * RIGHT, display=shown_product(LEFT, RIGHT), note=r"the worked example")
    dots = row_by_column(LEFT, RIGHT)
    with sp.evaluate(False):
        products = sp.ImmutableMatrix(2, 2, lambda r, c: sp.Add(
            *[N(int(LEFT[r, k]) * int(RIGHT[k, c])) for k in range(2)]))
    d.state(dots, display=dots, because="row times column, e.g. 1 x 5 + 2 x 7 in the top-left cell")
    d.state(products, display=products, because="multiply")
    d.state(sp.ImmutableMatrix([[19, 22], [43, 50]]), because="add")
    return d
