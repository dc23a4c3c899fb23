"""Cross-entropy = entropy + KL: H(p, q) = H(p) + D_KL(p || q)."""
import sympy as sp
from sympy import IndexedBase, Sum, log, symbols

from derive import Assumptions, Derivation
from derive.functions import cross_entropy, entropy, kl_divergence

SLUG = "cross-entropy-decomposition"
PILLAR = "information theory"


def build() -> Derivation:
    p, q = IndexedBase("p"), IndexedBase("q")
    n = sp.Symbol("n", integer=True, positive=True)
    k = sp.Symbol("k", integer=True)
    A = (Assumptions().declare(p, "simplex", size=n).declare(q, "simplex", size=n)
         .index(k, lower=1, upper=n))
    d = Derivation(SLUG, "Cross-entropy is entropy plus KL divergence", pillar=PILLAR,
                   assumptions=A,
                   summary="Minimising cross-entropy in q minimises the KL divergence, since "
                           "H(p) does not depend on q.")
    d.start(cross_entropy(p, q, n))
    d.state(-Sum(p[k] * log(q[k]), (k, 1, n)), because="definition of cross-entropy")
    with sp.evaluate(False):
        added = (-Sum(p[k] * log(p[k]), (k, 1, n)) + Sum(p[k] * log(p[k]), (k, 1, n))
                 - Sum(p[k] * log(q[k]), (k, 1, n)))
    d.state(added, because="add and subtract sum p log p", display=added)
    with sp.evaluate(False):
        merged = -Sum(p[k] * log(p[k]), (k, 1, n)) + Sum(p[k] * log(p[k]) - p[k] * log(q[k]), (k, 1, n))
    d.state(merged, because="linearity of the sum", display=merged)
    with sp.evaluate(False):
        quotient = -Sum(p[k] * log(p[k]), (k, 1, n)) + Sum(p[k] * log(p[k] / q[k]), (k, 1, n))
    d.state(quotient, because="log of a quotient", display=quotient)
    d.state(entropy(p, n) + kl_divergence(p, q, n), because="definitions of entropy and KL divergence",
            display=sp.Add(entropy(p, n), kl_divergence(p, q, n), evaluate=False))
    return d
