"""Gibbs' inequality: D_KL(p || q) >= 0, with equality if and only if p = q.

The one fact needed is log x <= x - 1 for x > 0, with equality only at x = 1: the
convex function x - 1 - log x has its single minimum, 0, at x = 1. Applied to
x = q_k / p_k and weighted by p_k, it bounds -D_KL(p || q) by sum q - sum p = 0.
"""
import sympy as sp
from sympy import Derivative, Eq, IndexedBase, Subs, Sum, log

from derive import Assumptions, Derivation
from derive.functions import kl_divergence

SLUG = "kl-nonnegative"
PILLAR = "information theory"


def build() -> Derivation:
    p, q = IndexedBase("p"), IndexedBase("q")
    n = sp.Symbol("n", integer=True, positive=True)
    k = sp.Symbol("k", integer=True)
    x = sp.Symbol("x")
    A = (Assumptions().declare(p, "simplex", size=n).declare(q, "simplex", size=n)
         .declare(x, "positive").index(k, lower=1, upper=n))
    d = Derivation(SLUG, "KL divergence is nonnegative (Gibbs' inequality)", pillar=PILLAR,
                   assumptions=A,
                   summary="A distribution is never closer to p than p itself: the reason a "
                           "KL term can only penalise.")
    gap = x - 1 - log(x)
    d.start(Derivative(gap, x), note=r"the gap $x - 1 - \log x$: where is it smallest?")
    d.state(1 - 1 / x, because="derivative of log")
    d.state(Eq(x, 1), relation="=>", because="set to zero and solve")
    d.start(Derivative(gap, (x, 2)))
    d.state(1 / x ** 2, because="power rule")
    d.state(sp.S.Zero, relation=">", because=r"strictly convex: $x = 1$ is the only minimum")
    d.start(Subs(gap, x, 1), note="the minimum value")
    d.state(sp.S.Zero, because=r"$1 - 1 - \log 1 = 0$, so $\log x \le x - 1$, equal only at $x = 1$")

    d.start(kl_divergence(p, q, n))
    d.state(Sum(p[k] * log(p[k] / q[k]), (k, 1, n)), because="definition of KL divergence")
    d.state(-Sum(p[k] * log(q[k] / p[k]), (k, 1, n)), because="log of a reciprocal")
    d.state(-Sum(p[k] * (q[k] / p[k] - 1), (k, 1, n)), relation=">=",
            because=r"$\log x \le x - 1$ at $x = q_k / p_k$, weighted by $p_k > 0$")
    d.state(-Sum(q[k] - p[k], (k, 1, n)), because="multiply out")
    with sp.evaluate(False):
        totals = -(Sum(q[k], (k, 1, n)) - Sum(p[k], (k, 1, n)))
    d.state(totals, display=totals, because="linearity of the sum")
    d.state(sp.S.Zero, because="both p and q sum to 1")

    d.start(kl_divergence(p, p, n), note=r"equality when $q = p$ (and only then: $\log x = x - 1$ only at $x = 1$)")
    ones = Sum(p[k] * log(sp.S.One, evaluate=False), (k, 1, n))
    d.state(ones, display=ones, because=r"definition of KL divergence: $p_k / p_k = 1$")
    d.state(sp.S.Zero, because=r"$\log 1 = 0$")
    return d
