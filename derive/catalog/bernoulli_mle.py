"""Bernoulli maximum likelihood: the estimate of p is the sample mean."""
import sympy as sp
from sympy import Derivative, Eq, IndexedBase, Product, Sum, log

from derive import Assumptions, Derivation
from derive.rules.algebra import common_denominator
from derive.rules.calculus import chain_log, constant_factor_rule, inner_aside, log_rule, sum_rule
from derive.rules.core import everywhere, first
from derive.rules.logs import log_of_power, log_of_product
from derive.rules.sums import linearity_of_sum

SLUG = "bernoulli-mle"
PILLAR = "probability and statistics"


def build() -> Derivation:
    x = IndexedBase("x")
    i = sp.Symbol("i", integer=True)
    N = sp.Symbol("N", integer=True, positive=True)
    p = sp.Symbol("p")
    A = (Assumptions().declare(p, "unit").declare(x, "unit").index(i, lower=1, upper=N)
         .note("x_i in {0, 1} are the observations; the identities hold for every x_i in [0, 1], "
               "which is where they are sampled"))
    S = Sum(x[i], (i, 1, N))
    d = Derivation(SLUG, "Maximum likelihood for a Bernoulli parameter", pillar=PILLAR,
                   assumptions=A, summary="Log-likelihood, its gradient, and the estimator $\\hat p = \\bar x$, the mean of the observations.")
    d.start(log(Product(p ** x[i] * (1 - p) ** (1 - x[i]), (i, 1, N))),
            note="log-likelihood of N independent observations")
    with sp.evaluate(False):
        powers = Sum(x[i] * log(p) + (1 - x[i]) * log(1 - p), (i, 1, N))
        linear = S * Derivative(log(p), p) + (N - S) * Derivative(log(1 - p), p)
        ell_shown = log(p) * S + log(1 - p) * (N - S)
        grad_shown = S / p - (N - S) / (1 - p)
        common_shown = (S - N * p) / (p * (1 - p))
        estimate = Eq(p, sp.Mul(sp.Rational(1, 1) / N, S, evaluate=False), evaluate=False)
    d.apply(everywhere(log_of_product))
    d.apply(everywhere(log_of_power), display=powers)
    d.apply(linearity_of_sum, display=ell_shown)
    d.start(Derivative(d.result, p), display=Derivative(ell_shown, p),
            note="gradient of the log-likelihood")
    d.apply(everywhere(first(sum_rule, constant_factor_rule, name="linearity of the derivative")),
            display=linear)
    d.apply(everywhere(first(log_rule, inner_aside(chain_log), name="derivative of log, chain rule")),
            display=grad_shown)
    d.apply(common_denominator, display=common_shown)
    d.state(Eq(p, S / N), because="set the gradient to zero and solve", relation="=>",
            display=estimate)
    return d
