"""Bernoulli maximum likelihood: the estimate of p is the sample mean."""
import sympy as sp
from sympy import Derivative, Eq, IndexedBase, Product, Sum, log, symbols

from derive import Assumptions, Derivation

SLUG = "bernoulli-mle"
PILLAR = "probability and statistics"


def build() -> Derivation:
    x = IndexedBase("x")
    i = sp.Symbol("i", integer=True)
    N = sp.Symbol("N", integer=True, positive=True)
    p = sp.Symbol("p")
    A = (Assumptions().declare(p, "unit").declare(x, "unit").index(i, lower=1, upper=N)
         .note("x_i in {0, 1} are the observations; the identities hold for every x_i in [0, 1], "
               "which is where they are sampled"))
    S = Sum(x[i], (i, 1, N))
    ell = log(p) * S + log(1 - p) * (N - S)
    d = Derivation(SLUG, "Maximum likelihood for a Bernoulli parameter", pillar=PILLAR,
                   assumptions=A, summary="Log-likelihood, its gradient, and the estimator p = mean(x).")
    d.start(log(Product(p ** x[i] * (1 - p) ** (1 - x[i]), (i, 1, N))),
            note="log-likelihood of N independent observations")
    d.state(Sum(log(p ** x[i] * (1 - p) ** (1 - x[i])), (i, 1, N)), because="log of a product")
    d.state(Sum(x[i] * log(p) + (1 - x[i]) * log(1 - p), (i, 1, N)), because="log of a power")
    with sp.evaluate(False):
        shown = log(p) * S + log(1 - p) * (N - S)
    d.state(ell, because="linearity of the sum", display=shown)
    d.start(Derivative(ell, p), note="gradient of the log-likelihood")
    with sp.evaluate(False):
        grad = S / p - (N - S) / (1 - p)
    d.state(S / p - (N - S) / (1 - p), because="derivative of log; chain rule", display=grad)
    d.state((S - N * p) / (p * (1 - p)), because="common denominator")
    d.state(Eq(p, S / N), because="set the gradient to zero and solve", relation="=>",
            display=Eq(p, sp.Mul(sp.Rational(1, 1) / N, S, evaluate=False), evaluate=False))
    return d
