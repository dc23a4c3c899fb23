"""Adam's bias correction: E[m_t] = (1 - beta1^t) E[g], so m_t / (1 - beta1^t) is unbiased."""
import sympy as sp
from sympy import IndexedBase

from derive import Assumptions, Derivation
from derive.functions import Expectation as E, ema
from derive.rules.core import everywhere, top_down
from derive.rules.expectation import identically_distributed, linearity
from derive.rules.sums import constant_out_of_sum, geometric_series, unroll_recurrence

SLUG = "adam-bias-correction"
PILLAR = "optimization"


def build() -> Derivation:
    g = IndexedBase("g")
    G = sp.Symbol("g")
    k = sp.Symbol("k", integer=True)
    t = sp.Symbol("t", integer=True, positive=True)
    b1, b2 = sp.Symbol("beta_1"), sp.Symbol("beta_2")
    m, v = sp.Symbol("m"), sp.Symbol("v")
    A = (Assumptions().declare(b1, "unit").declare(b2, "unit")
         .declare(g, "random", family="g").declare(G, "random", family="g")
         .index(k, lower=1, upper=t)
         .note("g_1, g_2, ... are i.i.d. copies of the gradient g (stationarity); m_0 = v_0 = 0"))
    d = Derivation(SLUG, "Bias correction in Adam", pillar=PILLAR, assumptions=A,
                   summary="The moment estimates start at zero, so they are biased towards zero; "
                           "dividing by $1 - \\beta^t$ removes the bias.")
    for beta, x, name, gx in ((b1, g[k], m, G), (b2, g[k] ** 2, v, G ** 2)):
        rec = ema(beta, x, k, t, name)
        idx = "1" if beta == b1 else "2"
        grad = "g_t" if beta == b1 else "g_t^2"
        d.start(rec, note=f"the {'first' if beta == b1 else 'second'} moment estimate, "
                          f"${name}_t = \\beta_{idx} {name}_{{t-1}} + (1 - \\beta_{idx}) {grad}$ with ${name}_0 = 0$")
        d.apply(unroll_recurrence)
        d.start(E(rec))
        d.apply(top_down(unroll_recurrence))
        d.apply(linearity(A))
        d.apply(identically_distributed(A))
        d.apply(everywhere(constant_out_of_sum))
        d.apply(top_down(geometric_series))
        d.start(E(rec / (1 - beta ** t)))
        d.apply(linearity(A))
        with sp.evaluate(False):
            shown = (1 - beta ** t) * E(gx) / (1 - beta ** t)
        d.state((1 - beta ** t) * E(gx) / (1 - beta ** t), display=shown,
                because="the result above", using=[sp.Eq(E(rec), (1 - beta ** t) * E(gx))])
        d.state(E(gx), because="cancel: the corrected estimate is unbiased")
    return d
