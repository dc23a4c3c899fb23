"""Softmax is a probability distribution: s_i = e^{z_i} / sum_k e^{z_k} > 0 and sum_i s_i = 1.

It is also unchanged when every logit is shifted by the same c, and the worked example's logits
[2.0, 1.0, 0.1] give the probabilities [0.659, 0.242, 0.099].
"""
import sympy as sp
from sympy import Float, IndexedBase, Rational, Sum, exp

from derive import Assumptions, Derivation
from derive.functions import softmax

SLUG = "softmax-normalization"
PILLAR = "probability and statistics"


def build() -> Derivation:
    z = IndexedBase("z")
    i, k = sp.symbols("i k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    c = sp.Symbol("c")
    A = (Assumptions().declare(z, "real").declare(c, "real").index(i, k, lower=1, upper=n))
    d = Derivation(SLUG, "Softmax outputs a probability distribution", pillar=PILLAR,
                   assumptions=A,
                   summary="Why a classifier's softmax layer can be read as class probabilities, "
                           "and why subtracting the largest logit changes nothing.")
    Z = Sum(exp(z[k]), (k, 1, n))
    d.start(Sum(softmax(z, k, n), (k, 1, n)), note="the outputs sum to one")
    d.state(Sum(exp(z[k]) / Z, (k, 1, n)), because="definition of softmax")
    ratio = sp.Mul(Z, sp.Pow(Z, -1, evaluate=False), evaluate=False)
    d.state(ratio, display=ratio, because="the denominator does not depend on k")
    d.state(sp.S.One, because="numerator and denominator are the same sum")

    three = [exp(z[m]) for m in (1, 2, 3)]
    d.start(softmax(z, 1, 3), note=r"each output lies in $(0, 1)$: shown for $n = 3$")
    d.state(three[0] / sum(three), because="definition of softmax")
    d.state(sp.S.Zero, relation=">", because="exponentials are positive")
    d.start(1 - softmax(z, 1, 3))
    d.state((three[1] + three[2]) / sum(three), because="definition of softmax; common denominator")
    d.state(sp.S.Zero, relation=">", because=r"exponentials are positive, so $s_1 < 1$")

    shifted = Sum(exp(z[k] + c), (k, 1, n))
    d.start(exp(z[i] + c) / shifted, note="shift invariance: add c to every logit")
    with sp.evaluate(False):
        pulled = (exp(c) * exp(z[i])) / (exp(c) * Z)
    d.state(exp(c) * exp(z[i]) / (exp(c) * Z), display=pulled,
            because=r"$e^{a + b} = e^a e^b$; the constant $e^c$ comes out of the sum")
    d.state(softmax(z, i, n), because=r"cancel $e^c$; definition of softmax")

    logits = (Rational(2), Rational(1), Rational(1, 10))
    shown = [Float("2.0"), Float("1.0"), Float("0.1")]
    exact = sp.Matrix([exp(v) / sum(exp(w) for w in logits) for v in logits])
    with sp.evaluate(False):
        display = sp.Matrix([exp(v) / sp.Add(*[exp(w) for w in shown]) for v in shown])
    d.start(exact, display=display, note="the worked example's logits (2.0, 1.0, 0.1)")
    d.state(sp.Matrix([Float("0.659"), Float("0.242"), Float("0.099")]), relation="≈",
            because="evaluate: 65.9% for class 1")
    return d
