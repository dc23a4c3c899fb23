"""Gaussian moments: for X ~ N(mu, sigma^2), E[X] = mu and Var(X) = sigma^2.

Both are integrals against the density; a shift u = x - mu centres them, oddness
kills the first moment of the centred density, and integration by parts turns the
second moment back into the normalisation integral.
"""
import sympy as sp
from sympy import Integral, oo

from derive import Assumptions, Derivation
from derive.catalog._distributions import normal_pdf

SLUG = "gaussian-moments"
PILLAR = "probability and statistics"


def build() -> Derivation:
    x, u, t = sp.symbols("x u t", real=True)
    mu, sigma = sp.Symbol("mu"), sp.Symbol("sigma")
    A = Assumptions().declare(mu, "real").declare(sigma, "positive")
    d = Derivation(SLUG, "Mean and variance of a Gaussian", pillar=PILLAR, assumptions=A,
                   summary="The parameters of $\\mathcal N(\\mu, \\sigma^2)$ are its mean and its variance.")

    def over(f, v):
        return Integral(f, (v, -oo, oo))

    d.start(over(x * normal_pdf(x, mu, sigma), x), note="E[X]")
    d.state(over((u + mu) * normal_pdf(u, 0, sigma), u), because=r"substitute $u = x - \mu$")
    odd, mass = over(u * normal_pdf(u, 0, sigma), u), over(normal_pdf(u, 0, sigma), u)
    split = sp.Add(odd, sp.Mul(mu, mass, evaluate=False), evaluate=False)
    d.state(split, display=split, because="linearity of the integral")
    d.state(mu, because=r"$u\, \mathcal{N}(u; 0, \sigma^2)$ is odd, so its integral is $0$; the density integrates to $1$")

    d.start(over((x - mu) ** 2 * normal_pdf(x, mu, sigma), x), note=r"$\operatorname{Var}(X) = E[(X - \mu)^2]$")
    d.state(over(u ** 2 * normal_pdf(u, 0, sigma), u), because=r"substitute $u = x - \mu$")
    scaled = sp.Mul(sigma ** 2, over(t ** 2 * normal_pdf(t, 0, 1), t), evaluate=False)
    parts = sp.Mul(sigma ** 2, over(normal_pdf(t, 0, 1), t), evaluate=False)
    d.state(scaled, display=scaled, because=r"substitute $u = \sigma t$")
    d.state(parts, display=parts,
            because=r"integrate by parts: $t e^{-t^2/2}$ is the derivative of $-e^{-t^2/2}$")
    d.state(sigma ** 2, because="the density integrates to 1")
    return d
