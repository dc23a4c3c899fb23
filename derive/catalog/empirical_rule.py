"""The empirical rule: P(|X - mu| < k sigma) = erf(k / sqrt 2) for X ~ N(mu, sigma^2).

At k = 1, 2, 3 this is 0.6827, 0.9545 and 0.9973: the 68 / 95 / 99.7 rule.
"""
import sympy as sp
from sympy import Integral, erf, exp, pi, sqrt

from derive import Assumptions, Derivation
from derive.catalog._distributions import normal_pdf

SLUG = "empirical-rule"
PILLAR = "probability and statistics"


def build() -> Derivation:
    x, u, t = sp.symbols("x u t", real=True)
    mu, sigma, k = sp.Symbol("mu"), sp.Symbol("sigma"), sp.Symbol("k")
    A = (Assumptions().declare(mu, "real").declare(sigma, "positive").declare(k, "positive")
         .note("X ~ N(mu, sigma^2); erf(z) = 2/sqrt(pi) times the integral of exp(-t^2) from 0 to z"))
    d = Derivation(SLUG, "The 68-95-99.7 rule", pillar=PILLAR, assumptions=A,
                   summary="How much of a Gaussian lies within k standard deviations of its mean.")
    d.start(Integral(normal_pdf(x, mu, sigma), (x, mu - k * sigma, mu + k * sigma)),
            note=r"$P(|X - \mu| < k\sigma)$")
    d.state(Integral(normal_pdf(u, 0, 1), (u, -k, k)), because=r"standardise: $u = (x - \mu) / \sigma$")
    d.state(Integral(exp(-t ** 2) / sqrt(pi), (t, -k / sqrt(2), k / sqrt(2))),
            because=r"substitute $u = \sqrt{2}\, t$")
    twice = sp.Mul(2 / sqrt(pi), Integral(exp(-t ** 2), (t, 0, k / sqrt(2))), evaluate=False)
    d.state(twice, display=twice, because="the integrand is even")
    d.state(erf(k / sqrt(2)), because="definition of the error function")
    ks = (1, 2, 3)
    d.start(sp.Matrix([erf(sp.Integer(m) / sqrt(2)) for m in ks]), note=r"$k = 1, 2, 3$")
    d.state(sp.Matrix([sp.Float("0.6827"), sp.Float("0.9545"), sp.Float("0.9973")]),
            because="evaluate erf", relation="≈")
    d.state(sp.Matrix([sp.Float("0.68"), sp.Float("0.95"), sp.Float("0.997")]),
            because="68%, 95% and 99.7%", relation="≈")
    return d
