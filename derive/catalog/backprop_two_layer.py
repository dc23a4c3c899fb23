"""Backpropagation through a two-layer network, L = 1/2 (w2 sigma(w1 x) - y)^2.

Forward: z = w1 x, a = sigma(z), yhat = w2 a. Backward, each layer multiplies the
incoming gradient by its local gradient: dL/dw2 = (yhat - y) a and
dL/dw1 = (yhat - y) w2 a (1 - a) x.
"""
import sympy as sp
from sympy import Derivative, Rational

from derive import Assumptions, Derivation
from derive.catalog._named import named
from derive.functions import sigmoid

SLUG = "backprop-two-layer"
PILLAR = "calculus"


def build() -> Derivation:
    x, y, w1, w2 = sp.symbols("x y w_1 w_2", real=True)
    z = named(w1 * x, sp.Symbol("z"))
    a = named(sigmoid(z), sp.Symbol("a"))
    yhat = named(w2 * a, sp.Symbol("yhat"))
    loss = Rational(1, 2) * (yhat - y) ** 2
    A = Assumptions().note("forward pass: z = w_1 x, a = sigma(z), yhat = w_2 a, "
                           "L = (yhat - y)^2 / 2")
    d = Derivation(SLUG, "Backpropagation through two layers", pillar=PILLAR, assumptions=A,
                   summary="The chain rule applied from the loss backwards: each layer multiplies "
                           "the gradient it receives by its own local gradient.")
    err = yhat - y
    d.start(Derivative(loss, w2), note="the output layer's weight")
    d.state(err * Derivative(yhat, w2), because=r"chain rule: $\partial L / \partial \hat y = \hat y - y$")
    d.state(err * a, because=r"local gradient: $\partial \hat y / \partial w_2 = a$")

    def shown(*factors):  # the incoming gradient first, as written: (yhat - y) times ...
        return sp.Mul(sp.Add(yhat, -y, evaluate=False), *factors, evaluate=False)

    d.start(Derivative(loss, w1), note="the hidden layer's weight: the backward pass")
    d.state(err * Derivative(yhat, w1), display=shown(Derivative(yhat, w1)),
            because=r"chain rule: the incoming gradient $\partial L / \partial \hat y = \hat y - y$")
    d.state(err * w2 * Derivative(a, w1), display=shown(w2, Derivative(a, w1)),
            because=r"times the local gradient $\partial \hat y / \partial a = w_2$")
    d.state(err * w2 * a * (1 - a) * Derivative(z, w1), display=shown(w2, a, 1 - a, Derivative(z, w1)),
            because=r"times $\partial a / \partial z = \sigma(z) (1 - \sigma(z))$, the sigmoid derivative")
    d.state(err * w2 * a * (1 - a) * x, display=shown(w2, a, 1 - a, x),
            because=r"times $\partial z / \partial w_1 = x$")
    return d
