"""Gradient of softmax cross-entropy: d/dz_j [-sum_i y_i log softmax(z)_i] = softmax(z)_j - y_j.

The log turns the softmax Jacobian s_i (delta_ij - s_j) into delta_ij - s_j; summing
against a label y that sums to 1 leaves prediction minus target.
"""
import sympy as sp
from sympy import Derivative, IndexedBase, KroneckerDelta, Sum, exp, log

from derive import Assumptions, Derivation
from derive.functions import softmax

SLUG = "softmax-cross-entropy-gradient"
PILLAR = "information theory"


def build() -> Derivation:
    z, y = IndexedBase("z"), IndexedBase("y")
    i, j, k = sp.symbols("i j k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    A = (Assumptions().declare(z, "real").declare(y, "simplex", size=n)
         .index(i, j, k, lower=1, upper=n)
         .note("y is the target distribution (a one-hot label is one case)"))
    d = Derivation(SLUG, "Gradient of softmax cross-entropy", pillar=PILLAR, assumptions=A,
                   summary="The gradient every classifier backpropagates: prediction minus target.")
    s = lambda m: softmax(z, m, n)  # noqa: E731
    Z = Sum(exp(z[k]), (k, 1, n))
    d.start(Derivative(Sum(-y[i] * log(s(i)), (i, 1, n)), z[j]))
    d.state(-Sum(y[i] * Derivative(log(s(i)), z[j]), (i, 1, n)), because="linearity of the derivative")
    d.state(-Sum(y[i] * Derivative(z[i] - log(Z), z[j]), (i, 1, n)),
            because=r"log softmax: log of a quotient, $\log e^z = z$")
    d.state(-Sum(y[i] * (KroneckerDelta(i, j) - exp(z[j]) / Z), (i, 1, n)),
            because="derivative of log; derivative under the sum, sifted")
    d.state(-Sum(y[i] * (KroneckerDelta(i, j) - s(j)), (i, 1, n)), because="definition of softmax")
    with sp.evaluate(False):
        split = -y[j] + s(j) * Sum(y[i], (i, 1, n))
    d.state(-y[j] + s(j) * Sum(y[i], (i, 1, n)), display=split,
            because=r"Kronecker delta sifting; $s_j$ does not depend on $i$")
    with sp.evaluate(False):
        result = s(j) - y[j]
    d.state(s(j) - y[j], display=result, because="the target sums to 1")
    return d
