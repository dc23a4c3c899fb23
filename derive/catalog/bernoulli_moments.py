"""Bernoulli moments: for X ~ Bernoulli(p), E[X] = p and Var(X) = p (1 - p).

Both expectations are written as the explicit sum over the outcomes 0 and 1, each
weighted by its probability P(X = x) = p^x (1 - p)^(1 - x).
"""
import sympy as sp
from sympy import Sum

from derive import Assumptions, Derivation

SLUG = "bernoulli-moments"
PILLAR = "probability and statistics"


def build() -> Derivation:
    p = sp.Symbol("p")
    x = sp.Symbol("x", integer=True)
    A = (Assumptions().declare(p, "unit")
         .note("X ~ Bernoulli(p): P(X = 1) = p, P(X = 0) = 1 - p, i.e. P(X = x) = p^x (1 - p)^(1 - x)"))
    pmf = p ** x * (1 - p) ** (1 - x)
    d = Derivation(SLUG, "Mean and variance of a Bernoulli variable", pillar=PILLAR, assumptions=A,
                   summary="A coin that lands 1 with probability p has mean p and variance "
                           "p(1 - p), largest for a fair coin.")
    d.start(Sum(x * pmf, (x, 0, 1)), note=r"$E[X] = \sum_x x\, P(X = x)$, over the outcomes")
    with sp.evaluate(False):
        outcomes = 0 * (1 - p) + 1 * p
    d.state(outcomes, display=outcomes, because=r"sum over the outcomes $x = 0$ and $x = 1$")
    d.state(p, because="arithmetic")
    d.start(Sum((x - p) ** 2 * pmf, (x, 0, 1)), note=r"$\operatorname{Var}(X) = E[(X - p)^2]$, with $E[X] = p$")
    with sp.evaluate(False):
        outcomes = (0 - p) ** 2 * (1 - p) + (1 - p) ** 2 * p
        common = p * (1 - p) * (p + (1 - p))
    d.state(outcomes, display=outcomes, because=r"sum over the outcomes $x = 0$ and $x = 1$")
    d.state(common, display=common, because="take out the common factor p(1 - p)")
    d.state(p * (1 - p), because=r"$p + (1 - p) = 1$")
    d.start(Sum(x ** 2 * pmf, (x, 0, 1)) - Sum(x * pmf, (x, 0, 1)) ** 2,
            note=r"the same variance by the shortcut $E[X^2] - E[X]^2$")
    with sp.evaluate(False):
        outcomes = (0 ** 2 * (1 - p) + 1 ** 2 * p) - (0 * (1 - p) + 1 * p) ** 2
    d.state(outcomes, display=outcomes, because=r"sum over the outcomes $x = 0$ and $x = 1$")
    d.state(p - p ** 2, because=r"$x^2 = x$ on $\{0, 1\}$")
    d.state(p * (1 - p), because="factor: the same p(1 - p)")
    return d
