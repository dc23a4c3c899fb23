"""The sigmoid's derivative: sigma'(x) = sigma(x) (1 - sigma(x))."""
import sympy as sp
from sympy import Derivative, exp

from derive import Assumptions, Derivation
from derive.functions import sigmoid

SLUG = "sigmoid-derivative"
PILLAR = "calculus"


def build() -> Derivation:
    x = sp.Symbol("x", real=True)
    A = Assumptions().declare(x, "real")
    d = Derivation(SLUG, "Derivative of the sigmoid", pillar=PILLAR, assumptions=A,
                   summary="$\\sigma' = \\sigma (1 - \\sigma)$: the backward pass reuses the forward "
                           "activation, and the gradient is at most $1/4$.")
    s = sigmoid(x)
    d.start(Derivative(s, x))
    d.state(Derivative((1 + exp(-x)) ** -1, x), display=Derivative(1 / (1 + exp(-x)), x),
            because=r"definition: $\sigma(x) = 1 / (1 + e^{-x})$")
    with sp.evaluate(False):
        split = s * (exp(-x) / (1 + exp(-x)))
        final = s * (1 - s)
    d.state(exp(-x) / (1 + exp(-x)) ** 2,
            because=r"chain rule: $\frac{d}{du} u^{-1} = -u^{-2}$, and $\frac{d}{dx} (1 + e^{-x}) = -e^{-x}$")
    d.state(s * exp(-x) / (1 + exp(-x)), display=split, because=r"split the fraction: $1 / (1 + e^{-x}) = \sigma(x)$")
    d.state(s * (1 - s), display=final, because=r"$e^{-x} / (1 + e^{-x}) = 1 - 1 / (1 + e^{-x}) = 1 - \sigma(x)$")
    return d
