"""Momentum unrolled: v_t = beta v_{t-1} + g_t (v_0 = 0) is v_t = sum_k beta^(t-k) g_k, and
for a constant gradient g the step alpha v_t tends to alpha g / (1 - beta).
"""
import sympy as sp
from sympy import IndexedBase, Limit, Rational, Sum, oo

from derive import Assumptions, Derivation
from derive.functions import ema

SLUG = "momentum-unrolled"
PILLAR = "optimization"


def build() -> Derivation:
    g = IndexedBase("g")
    G, alpha = sp.Symbol("g", real=True), sp.Symbol("alpha", positive=True)
    k = sp.Symbol("k", integer=True)
    t = sp.Symbol("t", integer=True, positive=True)
    beta = sp.Symbol("beta")
    A = (Assumptions().declare(beta, "unit").declare(g, "real").declare(alpha, "positive")
         .index(k, lower=1, upper=t)
         .note("v_t = beta v_{t-1} + g_t with v_0 = 0: an exponential moving average of "
               "g / (1 - beta); the parameters move by -alpha v_t"))
    d = Derivation(SLUG, "Momentum as a geometric sum of past gradients", pillar=PILLAR,
                   assumptions=A,
                   summary="Momentum weights the gradient from k steps ago by $\\beta^k$; when the "
                           "gradients agree, the step grows to $1 / (1 - \\beta)$ times plain SGD.")
    velocity = ema(beta, g[k] / (1 - beta), k, t, sp.Symbol("v"))
    d.start(velocity, note="the velocity after t steps")
    d.state(Sum(beta ** (t - k) * g[k], (k, 1, t)), because="unroll the recurrence (induction on t)")
    d.start(alpha * Sum(beta ** (t - k) * G, (k, 1, t)), note=r"a constant gradient $g_k = g$")
    d.state(alpha * G * Sum(beta ** (t - k), (k, 1, t)), because="g out of the sum")
    d.state(alpha * G * (1 - beta ** t) / (1 - beta), because="geometric series")
    d.start(Limit(alpha * G * (1 - beta ** t) / (1 - beta), t, oo), note="the step after many steps")
    d.state(alpha * G / (1 - beta) * (1 - Limit(beta ** t, t, oo)), because="constants out of the limit")
    d.state(alpha * G / (1 - beta), because=r"$\beta^t \to 0$ for $0 < \beta < 1$")
    d.start(sp.Subs(alpha * G / (1 - beta), beta, Rational(9, 10)), note=r"with the usual $\beta = 0.9$")
    d.state(10 * alpha * G, because=r"$1/(1 - 0.9) = 10$: ten times the plain gradient step")
    return d
