"""Log-likelihood: log prod_i p(x_i | theta) = sum_i log p(x_i | theta).

The log turns the product of N likelihoods into a sum (numerically stable, and
differentiable term by term); maximising it is minimising the negative
log-likelihood, whose gradient is the negative score.
"""
import sympy as sp
from sympy import Derivative, Function, IndexedBase, Product, Sum, log

from derive import Assumptions, Derivation

SLUG = "log-likelihood-sum"
PILLAR = "probability and statistics"


def build() -> Derivation:
    L, x = IndexedBase("L"), IndexedBase("x")
    i = sp.Symbol("i", integer=True)
    N = sp.Symbol("N", integer=True, positive=True)
    theta = sp.Symbol("theta")
    p = Function("p", positive=True)
    A = (Assumptions().declare(L, "positive").declare(x, "real").declare(theta, "real")
         .index(i, lower=1, upper=N)
         .note("L_i = p(x_i | theta) > 0 is the likelihood of the i-th of N independent observations"))
    d = Derivation(SLUG, "The log-likelihood is a sum", pillar=PILLAR, assumptions=A,
                   summary="Why training maximises a sum of log-probabilities, i.e. minimises "
                           "the negative log-likelihood.")
    d.start(log(Product(L[i], (i, 1, N))), note="log of the likelihood of independent data")
    d.state(Sum(log(L[i]), (i, 1, N)), because="log of a product")
    d.start(-log(Product(L[i], (i, 1, N))), note="the negative log-likelihood (NLL)")
    d.state(Sum(-log(L[i]), (i, 1, N)), because="log of a product: a sum of per-example losses")
    like = p(x[i], theta)
    d.start(Derivative(Sum(-log(like), (i, 1, N)), theta), note="gradient of the NLL")
    d.state(Sum(-Derivative(like, theta) / like, (i, 1, N)),
            because="derivative under the sum; derivative of log")
    score = Derivative(Sum(log(like), (i, 1, N)), theta)
    d.state(-score, display=sp.Mul(-1, score, evaluate=False),
            because=r"minus the score: both vanish at the same $\theta$")
    d.start(Derivative(Sum(-log(like), (i, 1, N)), (theta, 2)), note="curvature of the NLL")
    curvature = Derivative(Sum(log(like), (i, 1, N)), (theta, 2))
    d.state(-curvature, display=sp.Mul(-1, curvature, evaluate=False),
            because="linearity: a maximum of the log-likelihood is a minimum of the NLL")
    return d
