"""The derivative from its definition: d/dx x^2 = lim_{h->0} ((x + h)^2 - x^2) / h = 2x."""
import sympy as sp
from sympy import Derivative, Limit

from derive import Assumptions, Derivation

SLUG = "derivative-definition"
PILLAR = "calculus"


def build() -> Derivation:
    x, h = sp.symbols("x h", real=True)
    A = Assumptions().declare(x, "real").note("h -> 0 through nonzero values")
    d = Derivation(SLUG, r"The derivative of $x^2$ from the limit definition", pillar=PILLAR,
                   assumptions=A,
                   summary="The slope of the secant through x and x + h tends to the slope of the "
                           "tangent, 2x, as h shrinks.")
    d.start(Derivative(x ** 2, x))
    with sp.evaluate(False):
        secant = ((x + h) ** 2 - x ** 2) / h
        expanded = (x ** 2 + 2 * x * h + h ** 2 - x ** 2) / h
        cancelled = (2 * x * h + h ** 2) / h
    d.state(Limit(((x + h) ** 2 - x ** 2) / h, h, 0, "+-"), display=Limit(secant, h, 0, "+-"),
            because=r"definition of the derivative: $\lim_{h \to 0} (f(x + h) - f(x))/h$")
    d.state(Limit(expanded, h, 0, "+-"), display=Limit(expanded, h, 0, "+-"), because="expand the square")
    d.state(Limit(cancelled, h, 0, "+-"), display=Limit(cancelled, h, 0, "+-"), because=r"the $x^2$ terms cancel")
    d.state(Limit(2 * x + h, h, 0, "+-"), because=r"divide by $h$ ($h \ne 0$ inside the limit)")
    d.state(2 * x, because=r"the limit of a polynomial: set $h = 0$")
    return d
