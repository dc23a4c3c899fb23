"""Adam's step for a constant gradient g: the bias-corrected moments are exactly g and g^2,
so the step alpha mhat / (sqrt(vhat) + eps) = alpha g / (|g| + eps), about alpha sign(g):
its size is alpha whatever the scale of g.
"""
import sympy as sp
from sympy import Eq, Limit, Rational, sqrt

from derive import Assumptions, Derivation
from derive.functions import ema

SLUG = "adam-update"
PILLAR = "optimization"


def build() -> Derivation:
    g, alpha = sp.Symbol("g", real=True), sp.Symbol("alpha", positive=True)
    eps, c = sp.Symbol("epsilon", positive=True), sp.Symbol("c", positive=True)
    b1, b2 = sp.Symbol("beta_1"), sp.Symbol("beta_2")
    k = sp.Symbol("k", integer=True)
    t = sp.Symbol("t", integer=True, positive=True)
    A = (Assumptions().declare(b1, "unit").declare(b2, "unit").declare(g, "real")
         .declare(alpha, "positive").declare(eps, "positive").declare(c, "positive")
         .note("every step sees the same gradient g != 0; m_0 = v_0 = 0"))
    d = Derivation(SLUG, "Adam's update is scale-invariant", pillar=PILLAR, assumptions=A,
                   summary="With bias correction, Adam's first steps already have size about "
                           "alpha: the update depends on the sign of the gradient, not its scale.")
    m = ema(b1, g, k, t, sp.Symbol("m"))
    v = ema(b2, g ** 2, k, t, sp.Symbol("v"))
    m_closed, v_closed = (1 - b1 ** t) * g, (1 - b2 ** t) * g ** 2
    d.start(m, note=r"first moment: $m_t = \beta_1 m_{t-1} + (1 - \beta_1) g$")
    d.state(m_closed, because="geometric series (induction on t)")
    d.start(v, note=r"second moment: $v_t = \beta_2 v_{t-1} + (1 - \beta_2) g^2$")
    d.state(v_closed, because="geometric series (induction on t)")
    step = alpha * (m / (1 - b1 ** t)) / (sqrt(v / (1 - b2 ** t)) + eps)
    d.start(step, note=r"the update $\alpha \hat m_t / (\sqrt{\hat v_t} + \epsilon)$")
    with sp.evaluate(False):
        corrected = alpha * g / (sqrt(g ** 2) + eps)
    d.state(alpha * g / (sp.Abs(g) + eps), display=corrected, using=[Eq(m, m_closed), Eq(v, v_closed)],
            because=r"bias correction: $\hat m_t = g$, $\hat v_t = g^2$ exactly")
    d.state(alpha * g / (sp.Abs(g) + eps), because=r"$\sqrt{g^2} = |g|$")
    d.start(Limit(alpha * g / (sp.Abs(g) + eps), eps, 0, "+"), note="for $\\epsilon$ much smaller than $|g|$")
    d.state(alpha * g / sp.Abs(g), display=alpha * sp.sign(g),
            because=r"$\epsilon \to 0$: the step is $\alpha \operatorname{sign}(g)$, of size $\alpha$")
    with sp.evaluate(False):
        scaled = alpha * (c * g) / sqrt((c * g) ** 2)
        pulled = alpha * (c * g) / (c * sp.Abs(g))
    d.start(scaled, display=scaled, note=r"scale the gradient by any $c > 0$ (as $\epsilon \to 0$)")
    d.state(pulled, display=pulled, because=r"$\sqrt{c^2 g^2} = c |g|$ for $c > 0$")
    d.state(alpha * g / sp.Abs(g), because="c cancels: the step does not change")
    uncorrected = (1 - b1) / sqrt(1 - b2)
    d.start(sp.Subs(uncorrected, (b1, b2), (Rational(9, 10), Rational(999, 1000))),
            note=r"without bias correction the first step would be $\alpha m_1 / \sqrt{v_1} = "
                 r"\alpha (1 - \beta_1) / \sqrt{1 - \beta_2}\, \operatorname{sign}(g)$, at the default $\beta$s")
    d.state(sqrt(10), because=r"$0.1 / \sqrt{0.001} = \sqrt{10}$")
    d.state(sp.Float("3.16"), relation="≈", because="about 3.16 times too large: why Adam corrects the bias")
    return d
