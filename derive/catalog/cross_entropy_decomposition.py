"""Cross-entropy = entropy + KL: H(p, q) = H(p) + D_KL(p || q)."""
import sympy as sp
from sympy import IndexedBase, Sum, log

from derive import Assumptions, Derivation
from derive.functions import cross_entropy, entropy, kl_divergence
from derive.rules.core import at, at_first
from derive.rules.definitions import fold, unfold
from derive.rules.logs import merge_log_quotient
from derive.rules.sums import merge_sums

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
    S = lambda f: Sum(f, (k, 1, n))  # noqa: E731
    with sp.evaluate(False):
        plogq = S(p[k] * log(q[k]))
        pair = S(p[k] * log(p[k])) - plogq
        added = -S(p[k] * log(p[k])) + pair
        merged = -S(p[k] * log(p[k])) + S(p[k] * log(p[k]) - p[k] * log(q[k]))
        quotient = -S(p[k] * log(p[k])) + S(p[k] * log(p[k] / q[k]))
    d.start(cross_entropy(p, q, n))
    d.apply(unfold(cross_entropy), display=-plogq)
    d.state(added, because=r"add and subtract $H(p)$", display=added)
    d.apply(at(merge_sums, pair), display=merged)
    d.apply(at_first(merge_log_quotient), display=quotient)
    d.apply(fold(entropy(p, n), kl_divergence(p, q, n)),
            display=sp.Add(entropy(p, n), kl_divergence(p, q, n), evaluate=False))
    return d
