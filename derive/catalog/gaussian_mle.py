"""Gaussian maximum likelihood: mean-hat is the sample mean, variance-hat the biased variance."""
import sympy as sp
from sympy import Derivative, Eq, IndexedBase, Sum, exp, log, pi

from derive import Assumptions, Derivation
from derive.catalog._named import named
from derive.rules.algebra import common_denominator
from derive.rules.calculus import (chain_log, chain_power, constant_factor_rule, constant_rule,
                                   inner_aside, power_rule, sum_derivative, sum_rule)
from derive.rules.core import everywhere, first, top_down
from derive.rules.logs import log_of_exp, log_of_power, log_of_product
from derive.rules.sums import linearity_of_sum

SLUG = "gaussian-mle"
PILLAR = "probability and statistics"

linearity_of_derivative = everywhere(first(sum_rule, constant_rule, constant_factor_rule,
                                           name="linearity of the derivative"))


def build() -> Derivation:
    x = IndexedBase("x")
    i = sp.Symbol("i", integer=True)
    N = sp.Symbol("N", integer=True, positive=True)
    mu, v = sp.Symbol("mu"), sp.Symbol("sigma^2")
    A = (Assumptions().declare(x, "real").declare(mu, "real").declare(v, "positive")
         .index(i, lower=1, upper=N))
    S = lambda f: Sum(f, (i, 1, N))  # noqa: E731
    pdf = sp.Mul(sp.Pow(2 * pi * v, -sp.S.Half, evaluate=False), exp(-(x[i] - mu) ** 2 / (2 * v)),
                 evaluate=False)
    xbar = S(x[i]) / N
    xbar_named = named(xbar, sp.Symbol("xbar"))  # printed x-bar, checked as the mean
    SSbar = S((x[i] - xbar) ** 2)
    with sp.evaluate(False):
        density = exp(-(x[i] - mu) ** 2 / (2 * v)) / sp.sqrt(2 * pi * v)
        SSbar_shown = S((x[i] - xbar_named) ** 2)
        ell_shown = -N / 2 * log(2 * pi * v) - S((x[i] - mu) ** 2) / (2 * v)
        ell_v_shown = -N / 2 * log(2 * pi * v) - SSbar_shown / (2 * v)
        linear_v = -N / 2 * Derivative(log(2 * pi * v), v) - SSbar_shown / 2 * Derivative(1 / v, v)
        grad_mu = S(x[i] - mu) / v
        mean_form = (S(x[i]) - N * mu) / v
        grad_v = -N / (2 * v) + SSbar_shown / (2 * v ** 2)
        var_form = (SSbar_shown - N * v) / (2 * v ** 2)
        var_hat = Eq(v, SSbar_shown / N)
    d = Derivation(SLUG, "Maximum likelihood for a Gaussian", pillar=PILLAR, assumptions=A,
                   summary="The mean estimate is the sample mean; the variance estimate divides by N.")
    d.start(S(log(pdf)), display=S(log(density)), note="log-likelihood (log of the product of densities)")
    d.apply(top_down(log_of_product, once=True))
    d.apply(everywhere(first(log_of_power, log_of_exp, name="log of a power, log of exp")))
    d.apply(linearity_of_sum, display=ell_shown)
    ell = d.result
    d.start(Derivative(ell, mu), display=Derivative(ell_shown, mu), note=r"gradient in $\mu$")
    d.apply(linearity_of_derivative)
    d.apply(everywhere(first(sum_derivative, inner_aside(chain_power),
                             name="derivative under the sum, chain rule")), display=grad_mu)
    d.apply(linearity_of_sum, display=mean_form)
    d.state(Eq(mu, xbar), because="set to zero and solve: the sample mean", relation="=>")
    ell_v = ell.subs(mu, xbar)
    d.start(Derivative(ell_v, v), display=Derivative(ell_v_shown, v),
            note=r"gradient in $\sigma^2$ at $\mu = \bar x$")
    d.apply(linearity_of_derivative, display=linear_v)
    d.apply(everywhere(first(inner_aside(chain_log), power_rule, name="derivative of log, power rule")),
            display=grad_v)
    d.apply(common_denominator, display=var_form)
    d.state(Eq(v, SSbar / N), because="set to zero and solve", relation="=>", display=var_hat)
    return d
