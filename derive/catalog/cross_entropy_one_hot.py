"""Cross-entropy with a one-hot label: H(y, q) = -sum_k y_k log q_k = -log q_c.

With y_k = delta_kc only the true class c survives. The worked example's numbers: a model that
gives the true class 0.95 pays -log 0.95 = 0.051; one that gives it 0.10 pays 2.303.
"""
import sympy as sp
from sympy import Float, IndexedBase, KroneckerDelta, Rational, Sum, log

from derive import Assumptions, Derivation

SLUG = "cross-entropy-one-hot"
PILLAR = "information theory"


def build() -> Derivation:
    q = IndexedBase("q")
    n = sp.Symbol("n", integer=True, positive=True)
    k, c = sp.symbols("k c", integer=True)
    A = (Assumptions().declare(q, "simplex", size=n).index(k, c, lower=1, upper=n)
         .note("y is the one-hot label of the true class c: y_k = delta_kc"))
    d = Derivation(SLUG, "Cross-entropy of a one-hot label", pillar=PILLAR, assumptions=A,
                   summary="For classification the loss is minus the log-probability the model "
                           "gives the true class.")
    d.start(-Sum(KroneckerDelta(k, c) * log(q[k]), (k, 1, n)), note=r"$H(y, q)$ with $y_k = \delta_{kc}$")
    d.state(-log(q[c]), because=r"Kronecker $\delta$ sifting: only $k = c$ survives")

    label = (0, 0, 1, 0)
    with sp.evaluate(False):
        written = -sp.Add(*[sp.Mul(sp.Integer(y), log(q[m + 1])) for m, y in enumerate(label)])
    d.start(written, display=written, note=r"the worked example's label $y = (0, 0, 1, 0)$: class 3 of 4")
    d.state(-log(q[3]), because=r"$0 \log q_k = 0$ for the other classes")

    d.start(-log(Rational(95, 100)), display=-log(Float("0.95"), evaluate=False),
            note="the model gives the true class 0.95")
    d.state(log(Rational(20, 19)), because=r"$-\log x = \log(1/x)$")
    d.state(Float("0.051"), relation="≈", because="a small loss")
    d.start(-log(Rational(1, 10)), display=-log(Float("0.10"), evaluate=False),
            note="the model gives the true class 0.10")
    d.state(log(10), because=r"$-\log x = \log(1/x)$")
    d.state(Float("2.303"), relation="≈", because="a large loss")
    return d
