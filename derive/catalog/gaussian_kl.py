"""KL divergence of a Gaussian from the standard normal (the VAE term):

D_KL(N(mu, sigma^2) || N(0, 1)) = (mu^2 + sigma^2 - 1 - log sigma^2) / 2,

from the integral definition: the log-ratio of the densities is a quadratic in x, so
the KL divergence needs only the first two moments of N(mu, sigma^2).
"""
import sympy as sp
from sympy import Integral, log, oo

from derive import Assumptions, Derivation
from derive.catalog._distributions import normal_pdf

SLUG = "gaussian-kl"
PILLAR = "information theory"


def build() -> Derivation:
    x, t = sp.symbols("x t", real=True)
    mu, sigma = sp.Symbol("mu"), sp.Symbol("sigma")
    A = Assumptions().declare(mu, "real").declare(sigma, "positive")
    d = Derivation(SLUG, "KL divergence between a Gaussian and the standard normal",
                   pillar=PILLAR, assumptions=A,
                   summary="The closed-form regulariser of a variational autoencoder.")
    p, q = normal_pdf(x, mu, sigma), normal_pdf(x, 0, 1)

    def over(f, v=x):
        return Integral(f, (v, -oo, oo))

    ratio = -log(sigma) - (x - mu) ** 2 / (2 * sigma ** 2) + x ** 2 / 2
    d.start(log(p / q), note="the log-ratio of the densities, pointwise")
    d.state(ratio, because=r"log of a quotient; $\log e^a = a$")

    d.start(over(p * log(p / q)), note=r"$D_{\mathrm{KL}}(p \parallel q)$, $p = \mathcal{N}(\mu, \sigma^2)$, $q = \mathcal{N}(0, 1)$")
    d.state(over(p * ratio), because="the log-ratio above", using=[sp.Eq(log(p / q), ratio)])
    phi = normal_pdf(t, 0, 1)
    const, slope, curve = mu ** 2 / 2 - log(sigma), mu * sigma, (sigma ** 2 - 1) / 2
    quadratic = sp.Add(const, slope * t, curve * t ** 2, evaluate=False)
    d.state(over(phi * (const + slope * t + curve * t ** 2), t), display=over(phi * quadratic, t),
            because=r"substitute $x = \mu + \sigma t$; expand the square")
    terms = (const * over(phi, t), slope * over(t * phi, t), curve * over(t ** 2 * phi, t))
    d.state(sp.Add(*terms), display=sp.Add(*terms, evaluate=False), because="linearity of the integral")
    moments = (const, sp.Mul(slope, 0, evaluate=False), curve)
    d.state(sp.Add(*moments), display=sp.Add(*moments, evaluate=False),
            because=r"standard normal moments: $E[1] = 1$, $E[t] = 0$, $E[t^2] = 1$")
    vae = (mu ** 2 + sigma ** 2 - 1 - log(sigma ** 2)) / 2
    shown = sp.Mul(sp.Add(mu ** 2, sigma ** 2, -1, -log(sigma ** 2), evaluate=False),
                   sp.Pow(2, -1, evaluate=False), evaluate=False)
    d.state(vae, display=shown, because=r"collect: $2 \log \sigma = \log \sigma^2$")
    return d
