"""Gradients of a dense layer y = W x + b: dL/dW = delta x^T, dL/db = delta, dL/dx = W^T delta.

Here delta = dL/dy is the gradient arriving from the layers above, and L is any smooth
function of the outputs. Written for W of shape 2 x 3, entry by entry.
"""
import sympy as sp

from derive import Assumptions, Derivation
from derive.catalog._linalg import matrix_symbols
from derive.catalog._named import named, names

SLUG = "dense-layer-gradients"
PILLAR = "linear algebra"

LOSS = sp.Function("L")        # the rest of the network: any smooth function of y
OUTPUTS = sp.symbols("y_1 y_2", real=True)


def upstream(y1, y2, r: int) -> sp.Expr:
    """delta_r = dL/dy_r at the layer's outputs: the gradient handed down from above."""
    return sp.Subs(sp.Derivative(LOSS(*OUTPUTS), OUTPUTS[r - 1]), OUTPUTS, (y1, y2))


def build() -> Derivation:
    W = matrix_symbols("w", 2, 3, real=True)
    x = matrix_symbols("x", 3, 1, real=True)
    b = matrix_symbols("b", 2, 1, real=True)
    y = names(W * x + b, OUTPUTS)
    loss = LOSS(*y)
    delta = sp.ImmutableMatrix([named(upstream(*y, r), sp.Symbol(f"delta_{r}")) for r in (1, 2)])
    A = Assumptions().note("L is any differentiable function of y = W x + b; "
                           "delta = dL/dy is the gradient from the layer above")
    d = Derivation(SLUG, "Gradients of a dense layer", pillar=PILLAR, assumptions=A,
                   summary="The backward pass of $y = W x + b$: the weight gradient is an outer "
                           "product, the input gradient is $W^{\\mathsf T} \\delta$.")

    def chain_rule(v):
        return sum(delta[r] * sp.Derivative(y[r], v) for r in range(2))

    d.start(sp.ImmutableMatrix(2, 3, lambda i, j: sp.Derivative(loss, W[i, j])),
            note=r"$\partial L / \partial W$, entry $(i, j) = \partial L / \partial w_{ij}$")
    d.state(sp.ImmutableMatrix(2, 3, lambda i, j: chain_rule(W[i, j])),
            because=r"chain rule through $y$: $\partial L / \partial w_{ij} = \sum_r \delta_r\, \partial y_r / \partial w_{ij}$")
    d.state(delta * x.T, because=r"$\partial y_r / \partial w_{ij} = x_j$ if $r = i$, else $0$: the outer product $\delta x^{\mathsf T}$")
    d.start(sp.ImmutableMatrix([sp.Derivative(loss, v) for v in b]), note=r"$\partial L / \partial b$")
    d.state(sp.ImmutableMatrix([chain_rule(v) for v in b]), because="chain rule through y")
    d.state(delta, because=r"$\partial y_r / \partial b_i = 1$ if $r = i$, else $0$: $\partial L / \partial b = \delta$")
    d.start(sp.ImmutableMatrix([sp.Derivative(loss, v) for v in x]), note=r"$\partial L / \partial x$, passed on to the layer below")
    d.state(sp.ImmutableMatrix([chain_rule(v) for v in x]), because="chain rule through y")
    d.state(W.T * delta, because=r"$\partial y_r / \partial x_j = w_{rj}$: $\partial L / \partial x = W^{\mathsf T} \delta$")
    return d
