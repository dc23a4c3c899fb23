"""The gradient of attention with respect to the queries: for A = softmax(Q K^T / tau) V and an
upstream gradient G = dL/dA, dL/dQ = ((G V^T - ((G V^T o S) 1) 1^T) o S) K / tau, S = softmax(Q K^T / tau)."""
import sympy as sp

from derive.matrix.gradient import grad_steps
from derive.matrix.nodes import Softmax

SLUG = "attention-query-matrix"
PILLAR = "calculus"
n, m, d, e = (sp.Symbol(s, integer=True, positive=True) for s in ("n", "m", "d", "e"))
Q, K = sp.MatrixSymbol("Q", n, d), sp.MatrixSymbol("K", m, d)
V, G = sp.MatrixSymbol("V", m, e), sp.MatrixSymbol("G", n, e)
tau = sp.Symbol("tau", positive=True)


def build():
    S = Softmax(sp.MatMul(sp.Pow(tau, -1), Q, sp.Transpose(K)))
    first_order = sp.Trace(sp.MatMul(sp.Transpose(G), S, V))   # dL = tr(G^T dA)
    d = grad_steps(first_order, Q, slug=SLUG, pillar=PILLAR,
                   title="Attention: the gradient with respect to the queries Q")
    d.assumptions.note("G = dL/dA is the gradient from above (L linear in A to first order); tau = sqrt(d)")
    H = sp.MatMul(G, sp.Transpose(V))
    rows = sp.MatMul(sp.HadamardProduct(S, H), sp.OneMatrix(m, 1), sp.OneMatrix(1, m))
    g = sp.MatMul(sp.Pow(tau, -1), sp.HadamardProduct(S, sp.MatAdd(H, sp.MatMul(-1, rows))), K)
    d.state(g, because=r"collect: $\frac{1}{\tau} (S \odot (G V^{\top} - ((S \odot G V^{\top}) \mathbf{1}) \mathbf{1}^{\top})) K$, the softmax backward pass")
    d.gradient = g
    return d
