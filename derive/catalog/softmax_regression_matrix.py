"""Softmax regression in matrix form: the cross-entropy sum_i (lse(x_i^T W) - y_i^T W^T x_i) of
one-hot targets Y has gradient X^T (P - Y), P = softmax(X W) row by row.
"""
import sympy as sp

from derive.catalog._matrix_forms import W, X, Y, ones_n
from derive.matrix.gradient import grad_steps
from derive.matrix.nodes import LogSumExp, Scalar, Softmax

SLUG = "softmax-regression-matrix"
PILLAR = "optimization"


def objective():
    return sp.Add(Scalar(sp.MatMul(ones_n, LogSumExp(sp.MatMul(X, W)))),
                  -sp.Trace(sp.MatMul(sp.Transpose(Y), X, W)))


def build():
    d = grad_steps(objective(), W, assume={"Y": "onehot"}, slug=SLUG, pillar=PILLAR,
                   title=r"Softmax regression in matrix form: the gradient $X^{\mathsf T} (P - Y)$")
    P = Softmax(sp.MatMul(X, W))
    g = sp.MatMul(sp.Transpose(X), sp.MatAdd(P, sp.MatMul(-1, Y)))
    d.state(g, because=r"$\mathbf{1} \mathbf{1}^{\top} \odot P = P$: the gradient $X^{\top} (P - Y)$, $P = \operatorname{softmax}(X W)$")
    d.gradient = g
    return d
