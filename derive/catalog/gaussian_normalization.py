"""The Gaussian density integrates to 1."""
import sympy as sp
from sympy import Integral, exp, oo, pi, sqrt

from derive import Assumptions, Derivation

SLUG = "gaussian-normalization"
PILLAR = "probability and statistics"


def build() -> Derivation:
    x, u, t = sp.symbols("x u t")
    mu, sigma = sp.Symbol("mu"), sp.Symbol("sigma")
    A = Assumptions().declare(mu, "real").declare(sigma, "positive")
    c = 1 / (sigma * sqrt(2 * pi))
    d = Derivation(SLUG, "The Gaussian density integrates to one", pillar=PILLAR, assumptions=A,
                   summary="Why 1/(sigma sqrt(2 pi)) is the right constant.")
    d.start(Integral(c * exp(-(x - mu) ** 2 / (2 * sigma ** 2)), (x, -oo, oo)))
    with sp.evaluate(False):
        out = c * Integral(exp(-(x - mu) ** 2 / (2 * sigma ** 2)), (x, -oo, oo))
    d.state(out, because="constant factor out of the integral", display=out)
    with sp.evaluate(False):
        sub1 = c * Integral(exp(-u ** 2 / (2 * sigma ** 2)), (u, -oo, oo))
    d.state(sub1, because="substitute u = x - mu", display=sub1)
    with sp.evaluate(False):
        sub2 = c * (sigma * sqrt(2)) * Integral(exp(-t ** 2), (t, -oo, oo))
    d.state(sub2, because=r"substitute u = sigma sqrt(2) t", display=sub2)
    with sp.evaluate(False):
        gauss = c * (sigma * sqrt(2)) * sqrt(pi)
    d.state(gauss, because="Gaussian integral: integral of exp(-t^2) is sqrt(pi)", display=gauss)
    d.state(sp.S.One, because="cancel")
    return d
