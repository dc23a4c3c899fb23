"""Perplexity: PPL = exp(H); a uniform model over K tokens has perplexity K.

Whatever the true next-token distribution p, a model that spreads its probability
evenly over K tokens has cross-entropy log K, hence perplexity K. Per token, the
perplexity of a sequence is the inverse geometric mean of the probabilities given to it.
"""
import sympy as sp
from sympy import IndexedBase, Product, Sum, exp, log

from derive import Assumptions, Derivation

SLUG = "perplexity"
PILLAR = "information theory"


def build() -> Derivation:
    p, q = IndexedBase("p"), IndexedBase("q")
    K = sp.Symbol("K", integer=True, positive=True)
    T = sp.Symbol("T", integer=True, positive=True)
    k, t = sp.symbols("k t", integer=True)
    A = (Assumptions().declare(p, "simplex", size=K).declare(q, "unit")
         .index(k, lower=1, upper=K).index(t, lower=1, upper=T)
         .note("p is the true next-token distribution over K tokens; the model u is uniform, "
               "u_k = 1/K; q_t is the probability the model gave the t-th of T observed tokens"))
    d = Derivation(SLUG, "Perplexity of a uniform model", pillar=PILLAR, assumptions=A,
                   summary="Perplexity K means the model is as unsure as a uniform choice "
                           "among K tokens.")
    d.start(exp(-Sum(p[k] * log(1 / K), (k, 1, K))), note=r"$\mathrm{PPL} = \exp H(p, u)$")
    with sp.evaluate(False):
        pulled = exp(log(K) * Sum(p[k], (k, 1, K)))
    d.state(exp(log(K) * Sum(p[k], (k, 1, K))), display=pulled,
            because=r"$\log(1/K) = -\log K$ comes out of the sum")
    d.state(K, display=exp(log(K, evaluate=False), evaluate=False), because="p sums to 1")
    d.state(K, because="exp and log are inverse")

    d.start(exp(-Sum(log(q[t]), (t, 1, T)) / T), note="perplexity of a sequence: exp of the mean NLL")
    with sp.evaluate(False):
        as_log = exp(-log(Product(q[t], (t, 1, T))) / T)
    d.state(exp(-log(Product(q[t], (t, 1, T))) / T), display=as_log,
            because="sum of logs is the log of the product")
    d.state(Product(q[t], (t, 1, T)) ** (-1 / T), because=r"$\exp(a \log x) = x^a$")
    return d
