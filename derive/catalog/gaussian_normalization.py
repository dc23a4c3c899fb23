"""The Gaussian density integrates to 1."""
import sympy as sp
from sympy import Integral, exp, oo, pi, sqrt

from derive import Assumptions, Derivation
from derive.rules.core import sequence, top_down
from derive.rules.integrals import constant_out_of_integral, gaussian_integral, substitution

SLUG = "gaussian-normalization"
PILLAR = "probability and statistics"


def build() -> Derivation:
    x, u, t = sp.symbols("x u t")
    mu, sigma = sp.Symbol("mu"), sp.Symbol("sigma", positive=True)
    A = Assumptions().declare(mu, "real").declare(sigma, "positive")
    with sp.evaluate(False):
        c = 1 / (sigma * sqrt(2 * pi))
        density = Integral(c * exp(-(x - mu) ** 2 / (2 * sigma ** 2)), (x, -oo, oo))
        out = c * Integral(exp(-(x - mu) ** 2 / (2 * sigma ** 2)), (x, -oo, oo))
        sub1 = c * Integral(exp(-u ** 2 / (2 * sigma ** 2)), (u, -oo, oo))
        sub2 = c * (sigma * sqrt(2)) * Integral(exp(-t ** 2), (t, -oo, oo))
        gauss = c * (sigma * sqrt(2)) * sqrt(pi)
    shift = substitution(x, u + mu, u, because=r"substitute $u = x - \mu$")
    scale = sequence(top_down(substitution(u, sigma * sqrt(2) * t, t)), top_down(constant_out_of_integral),
                     name=r"substitute $u = \sigma \sqrt{2}\, t$")
    d = Derivation(SLUG, "The Gaussian density integrates to one", pillar=PILLAR, assumptions=A,
                   summary="Why $1/(\\sigma\\sqrt{2\\pi})$ is the right constant.")
    d.start(Integral(c * exp(-(x - mu) ** 2 / (2 * sigma ** 2)), (x, -oo, oo)), display=density)
    d.apply(constant_out_of_integral, display=out)
    d.apply(top_down(shift), display=sub1)
    d.apply(scale, display=sub2)
    d.apply(top_down(gaussian_integral), display=gauss)
    d.state(sp.S.One, because="cancel")
    return d
