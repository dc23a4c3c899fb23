"""Stable log-sum-exp: log sum_k e^{z_k} = m + log sum_k e^{z_k - m}, for any m; take m = max z.

After the shift every exponent is at most 0 and the largest term is 1, so nothing
overflows and the log never sees 0. At z = (1000, 999, 998) the naive form overflows in
floating point (e^1000 > 10^308); the stable one gives 1000.408.
"""
import sympy as sp
from sympy import Float, IndexedBase, Sum, exp, log

from derive import Assumptions, Derivation

SLUG = "log-sum-exp-stable"
PILLAR = "information theory"


def build() -> Derivation:
    z = IndexedBase("z")
    k = sp.Symbol("k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    m = sp.Symbol("m")
    A = (Assumptions().declare(z, "real").declare(m, "real").index(k, lower=1, upper=n)
         .note("the identity holds for every real m; the stable choice is m = max_k z_k"))
    d = Derivation(SLUG, "Numerically stable log-sum-exp", pillar=PILLAR, assumptions=A,
                   summary="How softmax and cross-entropy are computed without overflow.")
    d.start(log(Sum(exp(z[k]), (k, 1, n))))
    with sp.evaluate(False):
        factored = log(Sum(exp(m) * exp(z[k] - m), (k, 1, n)))
        pulled = log(exp(m) * Sum(exp(z[k] - m), (k, 1, n)))
    d.state(factored, display=factored, because=r"$e^{z_k} = e^m e^{z_k - m}$")
    d.state(pulled, display=pulled, because=r"the constant $e^m$ comes out of the sum")
    shifted = m + log(Sum(exp(z[k] - m), (k, 1, n)))
    d.state(shifted, because=r"log of a product; $\log e^m = m$")

    big = (1000, 999, 998)
    top = max(big)
    d.start(log(sum(exp(sp.Integer(v)) for v in big)), note=r"$z = (1000, 999, 998)$: $e^{1000}$ overflows")
    with sp.evaluate(False):
        stable = top + log(sp.Add(*[exp(sp.Integer(v - top)) for v in big]))
    d.state(stable, display=stable, because=r"the identity above with $m = \max z = 1000$")
    d.state(Float("1000.408"), relation="≈", because="every term is at most 1: nothing overflows")
    return d
