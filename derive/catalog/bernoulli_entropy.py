"""Entropy of a coin: H(p) = -p log2 p - (1 - p) log2 (1 - p) is largest at p = 1/2, where it is 1 bit.

A fair coin is the least predictable; a 99%-heads coin carries only 0.0808 bits.
"""
import sympy as sp
from sympy import Derivative, Eq, Float, Rational, log

from derive import Assumptions, Derivation
from derive.catalog._distributions import binary_entropy

SLUG = "bernoulli-entropy"
PILLAR = "information theory"


def build() -> Derivation:
    p = sp.Symbol("p")
    A = Assumptions().declare(p, "unit").note("logarithms base 2: log2 x = log x / log 2")
    H = binary_entropy
    d = Derivation(SLUG, "A fair coin has maximal entropy: one bit", pillar=PILLAR, assumptions=A,
                   summary="The entropy of a Bernoulli($p$) variable peaks at $p = 1/2$.")
    d.start(Derivative(H(p), p), note="stationary point")
    d.state(-(log(p) + 1 - log(1 - p) - 1) / log(2), because="product rule; derivative of log (the 1s cancel)")
    d.state(log((1 - p) / p) / log(2), because="log of a quotient")
    d.state(Eq(p, Rational(1, 2)), relation="=>", because=r"set to zero: $(1 - p)/p = 1$")
    d.start(Derivative(H(p), (p, 2)), note="curvature")
    d.state(-1 / (p * (1 - p) * log(2)), because=r"derivative of $\log((1 - p)/p)$")
    d.state(sp.S.Zero, relation="<",
            because=r"$p(1 - p) > 0$: $H$ is concave, so $p = 1/2$ is the maximum")
    half = Rational(1, 2)
    d.start(H(half), note="the value at the maximum")
    term = sp.Mul(-half, log(half, evaluate=False), sp.Pow(log(2), -1), evaluate=False)
    terms = sp.Add(term, term, evaluate=False)
    d.state(terms, display=terms, because="definition of the binary entropy")
    d.state(sp.S.One, because=r"$\log_2(1/2) = -1$: one bit")
    d.start(H(Rational(99, 100)), note="a coin with 99% heads")
    d.state(H(Rational(99, 100)).definition(), because="definition of the binary entropy")
    d.state(Float("0.0808"), relation="≈", because="evaluate: nearly certain, little entropy")
    return d
