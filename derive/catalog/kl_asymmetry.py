"""KL divergence is not symmetric: a worked example with D_KL(p || q) != D_KL(q || p).

p is a fair coin (1/2, 1/2), q a biased one (9/10, 1/10); in nats,
D_KL(p || q) = log(5/3) = 0.5108 but D_KL(q || p) = (9/5) log 3 - log 5 = 0.3681.
"""
import sympy as sp
from sympy import Float, Rational, log

from derive import Assumptions, Derivation

SLUG = "kl-asymmetry"
PILLAR = "information theory"


def _kl_terms(p, q, number=lambda r: r):
    """sum_x p(x) log(p(x) / q(x)) written out term by term, unevaluated."""
    with sp.evaluate(False):
        return sp.Add(*[number(a) * log(number(a) / number(b)) for a, b in zip(p, q)])


def _decimal(r: Rational) -> Float:
    """A probability as the seed writes it (0.9, not 9/10)."""
    return Float(str(float(r)))


def build() -> Derivation:
    fair = (Rational(1, 2), Rational(1, 2))
    biased = (Rational(9, 10), Rational(1, 10))
    A = Assumptions().note("p = (1/2, 1/2), a fair coin; q = (9/10, 1/10), a biased coin; "
                           "natural logarithms (nats)")
    d = Derivation(SLUG, "KL divergence is not symmetric", pillar=PILLAR, assumptions=A,
                   summary="Swapping the arguments changes the value: $D_{\\mathrm{KL}}$ is a divergence, "
                           "not a distance.")
    forward, backward = log(Rational(5, 3)), Rational(9, 5) * log(3) - log(5)
    d.start(_kl_terms(fair, biased), display=_kl_terms(fair, biased, _decimal), note=r"$D_{\mathrm{KL}}(p \parallel q)$")
    with sp.evaluate(False):
        halves = Rational(1, 2) * log(Rational(5, 9)) + Rational(1, 2) * log(5)
    d.state(halves, display=halves, because="simplify each ratio")
    d.state(forward, because=r"$\log a + \log b = \log ab$: $\tfrac12 \log(25/9) = \log(5/3)$")
    d.state(Float("0.5108"), relation="≈", because="evaluate")
    d.start(_kl_terms(biased, fair), display=_kl_terms(biased, fair, _decimal), note=r"$D_{\mathrm{KL}}(q \parallel p)$")
    with sp.evaluate(False):
        tenths = Rational(9, 10) * log(Rational(9, 5)) + Rational(1, 10) * log(Rational(1, 5))
    d.state(tenths, display=tenths, because="simplify each ratio")
    d.state(backward, because=r"$\log 9 = 2 \log 3$, $\log(1/5) = -\log 5$")
    d.state(Float("0.3681"), relation="≈", because="evaluate")
    d.start(forward - backward, note=r"$D_{\mathrm{KL}}(p \parallel q) - D_{\mathrm{KL}}(q \parallel p)$")
    d.state(2 * log(5) - Rational(14, 5) * log(3), because="collect the logs")
    d.state(sp.S.Zero, relation=">", because=r"so $D_{\mathrm{KL}}(p \parallel q) \ne D_{\mathrm{KL}}(q \parallel p)$")
    return d
