"""Gaussian maximum likelihood: mean-hat is the sample mean, variance-hat the biased variance."""
import sympy as sp
from sympy import Derivative, Eq, IndexedBase, Sum, exp, log, pi, sqrt

from derive import Assumptions, Derivation

SLUG = "gaussian-mle"
PILLAR = "probability and statistics"


def build() -> Derivation:
    x = IndexedBase("x")
    i = sp.Symbol("i", integer=True)
    N = sp.Symbol("N", integer=True, positive=True)
    mu, v = sp.Symbol("mu"), sp.Symbol("sigma^2")
    A = (Assumptions().declare(x, "real").declare(mu, "real").declare(v, "positive")
         .index(i, lower=1, upper=N))
    pdf = 1 / sqrt(2 * pi * v) * exp(-(x[i] - mu) ** 2 / (2 * v))
    SS = Sum((x[i] - mu) ** 2, (i, 1, N))
    ell = -N / 2 * log(2 * pi * v) - SS / (2 * v)
    d = Derivation(SLUG, "Maximum likelihood for a Gaussian", pillar=PILLAR, assumptions=A,
                   summary="The mean estimate is the sample mean; the variance estimate divides by N.")
    d.start(Sum(log(pdf), (i, 1, N)), note="log-likelihood (log of the product of densities)")
    d.state(Sum(-log(2 * pi * v) / 2 - (x[i] - mu) ** 2 / (2 * v), (i, 1, N)),
            because="log of a product; log of exp")
    with sp.evaluate(False):
        shown = -N / 2 * log(2 * pi * v) - SS / (2 * v)
    d.state(ell, because="linearity of the sum", display=shown)
    d.start(Derivative(ell, mu), note="gradient in mu")
    d.state(Sum(x[i] - mu, (i, 1, N)) / v, because="chain rule; derivative under the sum")
    d.state((Sum(x[i], (i, 1, N)) - N * mu) / v, because="linearity of the sum")
    xbar = Sum(x[i], (i, 1, N)) / N
    d.state(Eq(mu, xbar), because="set to zero and solve", relation="=>")
    SSbar = Sum((x[i] - xbar) ** 2, (i, 1, N))
    ell_v = -N / 2 * log(2 * pi * v) - SSbar / (2 * v)
    d.start(Derivative(ell_v, v), note="gradient in sigma^2 at mu = mean(x)")
    d.state(-N / (2 * v) + SSbar / (2 * v ** 2), because="derivative of log; power rule")
    d.state((SSbar - N * v) / (2 * v ** 2), because="common denominator")
    d.state(Eq(v, SSbar / N), because="set to zero and solve", relation="=>")
    return d
