"""Gradient descent on f(theta) = a theta^2 / 2 (a > 0): theta_{t+1} = (1 - alpha a) theta_t,
so theta_t = (1 - alpha a)^t theta_0, which converges to the minimum iff |1 - alpha a| < 1,
i.e. iff 0 < alpha < 2 / a.
"""
import sympy as sp
from sympy import Abs, Derivative, Eq, Limit, oo

from derive import Assumptions, Derivation
from derive.functions import Defined

SLUG = "gradient-descent-quadratic"
PILLAR = "calculus"


class iterate(Defined):
    """iterate(r, x0, name, t): x_0 given, x_t = r x_{t-1}; printed name_t.

    Unfolds for a concrete t; for symbolic t the symbolic ladder proves a closed form
    by induction through ``recurrence`` (as for ``ema``).
    """

    nargs = 4

    @property
    def free_symbols(self):
        r, x0, _, t = self.args
        return r.free_symbols | x0.free_symbols | t.free_symbols

    def recurrence(self):
        r, x0, _, _ = self.args
        return x0, lambda prev, tt: r * prev

    def definition(self):
        r, x0, _, t = self.args
        return r ** t * x0 if t.is_Integer else self

    def _latex(self, printer, exp=None):
        s = r"%s_{%s}" % (printer._print(self.args[2]), printer._print(self.args[3]))
        return s if exp is None else r"%s^{%s}" % (s, exp)


def build() -> Derivation:
    theta, theta0 = sp.symbols("theta_t theta_0", real=True)
    a, alpha = sp.symbols("a alpha", positive=True)
    t = sp.Symbol("t", integer=True, nonnegative=True)
    rho, s = sp.Symbol("rho"), sp.Symbol("s", positive=True)
    A = (Assumptions().declare(a, "positive").declare(alpha, "positive").declare(rho, "unit")
         .declare(s, "positive")
         .note("a > 0 is the curvature f''; alpha > 0 the learning rate; "
               "rho = |1 - alpha a| is the contraction factor"))
    d = Derivation(SLUG, "Gradient descent on a quadratic: when does it converge?", pillar=PILLAR,
                   assumptions=A,
                   summary="Each step multiplies the distance to the minimum by 1 - alpha a: "
                           "the learning rate must stay below 2 / a, twice the inverse curvature.")
    f = a * theta ** 2 / 2
    d.start(theta - alpha * Derivative(f, theta), note=r"one step: $\theta_{t+1} = \theta_t - \alpha f'(\theta_t)$")
    d.state(theta - alpha * a * theta, because=r"$f'(\theta) = a \theta$")
    d.state((1 - alpha * a) * theta, because=r"factor: each step scales $\theta$ by $r = 1 - \alpha a$")
    r = 1 - alpha * a
    d.start(iterate(r, theta0, sp.Symbol("theta"), t), note=r"$\theta_t$ after $t$ steps from $\theta_0$")
    d.state(r ** t * theta0, because="unroll the recurrence (induction on t)")
    with sp.evaluate(False):
        gap = 1 - (1 - alpha * a) ** 2
        factored = a ** 2 * alpha * (2 / a - alpha)
    d.start(gap, display=gap, note=r"$|\theta_t|$ shrinks iff $r^2 < 1$, i.e.\ iff $1 - r^2 > 0$")
    d.state(2 * alpha * a - alpha ** 2 * a ** 2, because="expand")
    d.state(a ** 2 * alpha * (2 / a - alpha), display=factored,
            because=r"factor: positive exactly when $0 < \alpha < 2/a$")
    d.state(Eq(alpha, 2 / a), relation="=>", because=r"the critical learning rate: $1 - r^2 = 0$ at $\alpha = 2 / a$")
    d.start(Limit(rho ** t * Abs(theta0), t, oo),
            note=r"inside the stable range $\rho = |r| < 1$, and $|\theta_t| = \rho^t |\theta_0|$")
    d.state(sp.S.Zero, because=r"a geometric sequence with ratio in $(0, 1)$ tends to $0$: $\theta_t \to 0$")
    d.start(sp.Subs(Abs(1 - alpha * a), alpha, (2 + s) / a),
            note="beyond it: $\\rho$ at $\\alpha = (2 + s) / a$, $s > 0$")
    d.state(1 + s, because=r"substitute: $|1 - (2 + s)| = |-1 - s| = 1 + s$")
    d.state(sp.S.One, relation=">", because=r"$\rho > 1$: $|\theta_t|$ grows without bound, the iteration diverges")
    return d
