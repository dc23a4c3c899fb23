"""The variance shortcut: Var(X) = E[X^2] - E[X]^2.

Expand the square inside the expectation and use linearity, first for any constant c,
then for the constant c = E[X].
"""
import sympy as sp

from derive import Assumptions, Derivation
from derive.catalog._distributions import variance
from derive.functions import Expectation as E

SLUG = "variance-shortcut"
PILLAR = "probability and statistics"


def build() -> Derivation:
    X = sp.Symbol("X")
    A = Assumptions().declare(X, "random", family="X")
    d = Derivation(SLUG, "Variance is the mean square minus the squared mean", pillar=PILLAR,
                   assumptions=A,
                   summary="$\\operatorname{Var}(X) = E[X^2] - E[X]^2$: the form used to compute variances in one "
                           "pass over the data.")
    c = sp.Symbol("c")
    d.start(E((X - c) ** 2), note="any constant c first")
    d.state(E(X ** 2 - 2 * c * X + c ** 2), because="expand the square")
    linear = sp.Add(E(X ** 2), -2 * c * E(X), c ** 2, evaluate=False)
    d.state(E(X ** 2) - 2 * c * E(X) + c ** 2, display=linear,
            because="linearity of expectation: constants come out")
    m = E(X)
    any_constant = sp.Eq(d.steps[0].expr, d.result).xreplace({c: m})
    d.start(variance(X))
    d.state(E((X - m) ** 2), because="definition of variance")
    shown = sp.Add(E(X ** 2), -2 * m * m, m ** 2, evaluate=False)
    d.state(E(X ** 2) - E(X) ** 2, display=shown, using=[any_constant],
            because=r"the identity above with the constant $c = E[X]$")
    d.state(E(X ** 2) - E(X) ** 2, because=r"collect the $E[X]^2$ terms")
    return d
