"""Bayes' theorem for a medical test: P(D | +) = P(+ | D) P(D) / P(+).

The worked example: a test that is 99% accurate for a disease affecting 1 in 1000
people. A positive result means the disease with probability 11/122, about 9%.
"""
import sympy as sp
from sympy import Float, Rational

from derive import Assumptions, Derivation

SLUG = "bayes-medical-test"
PILLAR = "probability and statistics"


def build() -> Derivation:
    r, s, f = sp.symbols("r s f")
    A = (Assumptions().declare(r, "unit").declare(s, "unit").declare(f, "unit")
         .note("r = P(D), the prevalence; s = P(+ | D), the sensitivity; "
               "f = P(+ | not D), the false-positive rate"))
    d = Derivation(SLUG, "Bayes' theorem: the medical test", pillar=PILLAR, assumptions=A,
                   summary="A positive result from an accurate test for a rare disease is still "
                           "probably a false alarm: the prior matters.")
    d.start(s * r / (s * r + f * (1 - r)),
            note=r"$P(D \mid +) = P(+ \mid D)\, P(D) / P(+)$, with $P(+)$ by the law of total probability")
    odds_form = 1 / (1 + (f / s) * ((1 - r) / r))
    d.state(odds_form, because=r"divide through by $s r$: likelihood ratio times prior odds")

    accurate, rare = Rational(99, 100), Rational(1, 1000)
    with sp.evaluate(False):
        exact = accurate * rare / (accurate * rare + (1 - accurate) * (1 - rare))
        shown = (Float("0.99") * Float("0.001")
                 / (Float("0.99") * Float("0.001") + Float("0.01") * Float("0.999")))
        odds = 1 / (1 + Rational(1, 99) * 999)
    d.start(exact, display=shown, note=r"$s = 0.99$, $f = 0.01$, $r = 0.001$")
    d.state(odds, display=odds, because=r"the odds form above: $f/s = 1/99$, $(1 - r)/r = 999$")
    d.state(Rational(11, 122), because="arithmetic: 99/1098 in lowest terms")
    d.state(Float("0.0902"), because="rounded", relation="≈")
    d.state(Float("0.09"), because="about 9%", relation="≈")
    return d
