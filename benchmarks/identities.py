"""A table of true and false identities of ML maths, as SymPy forms, for bench_check.

Each false one is a mistake people make (a lost factor, a flipped sign, a log of a
sum split like a log of a product). Symbols carry their domains as SymPy assumptions,
so derive and plain SymPy are handed exactly the same objects.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy import Derivative, Integral, Limit, Matrix, Sum, cos, cosh, exp, log, oo, pi, sin, sinh, sqrt, tanh


@dataclass(frozen=True)
class Identity:
    name: str
    lhs: object
    rhs: object
    holds: bool
    domains: dict | None = None   # derive-style domains beyond the symbols' own, e.g. {"p": "unit"}


def table() -> list:
    """Every identity, true ones first."""
    x, y, a, b, c, m, w, z, mu = sp.symbols("x y a b c m w z mu", real=True)
    xp, yp = sp.symbols("x_p y_p", positive=True)
    s = sp.Symbol("sigma", positive=True)
    p = sp.Symbol("p", positive=True)          # a probability: declared "unit" below
    n = sp.Symbol("n", integer=True, positive=True)
    t = sp.Symbol("t", integer=True, positive=True)
    k = sp.Symbol("k", integer=True)
    sig = lambda v: 1 / (1 + exp(-v))  # noqa: E731
    A = Matrix(2, 2, sp.symbols("a11 a12 a21 a22", real=True))
    B = Matrix(2, 2, sp.symbols("b11 b12 b21 b22", real=True))
    gauss = -(x - mu) ** 2 / (2 * s ** 2) - log(s) - log(2 * pi) / 2
    bce = -(y * log(sig(z)) + (1 - y) * log(1 - sig(z)))
    bern_h = -p * log(p) - (1 - p) * log(1 - p)
    lse = log(exp(a) + exp(b))
    geo = (1 - c) * Sum(c ** (t - k), (k, 1, t))
    rows = [
        ("sigmoid derivative", Derivative(sig(x), x), sig(x) * (1 - sig(x)), True),
        ("softplus derivative", Derivative(log(1 + exp(x)), x), sig(x), True),
        ("tanh via sigmoid", tanh(x), 2 * sig(2 * x) - 1, True),
        ("log-sum-exp shift", lse, m + log(exp(a - m) + exp(b - m)), True),
        ("Pythagoras", sin(x) ** 2 + cos(x) ** 2, sp.S.One, True),
        ("square of a sum", (a + b) ** 2, a ** 2 + 2 * a * b + b ** 2, True),
        ("log of a product", log(xp * yp), log(xp) + log(yp), True),
        ("exp of a sum", exp(a + b), exp(a) * exp(b), True),
        ("power rule", Derivative(x ** 3, x), 3 * x ** 2, True),
        ("squared-error gradient", Derivative((w * x - y) ** 2, w), 2 * x * (w * x - y), True),
        ("Gaussian score in mu", Derivative(gauss, mu), (x - mu) / s ** 2, True),
        ("two-point variance", (a ** 2 + b ** 2) / 2 - ((a + b) / 2) ** 2, (a - b) ** 2 / 4, True),
        ("BCE gradient in the logit", Derivative(bce, z), sig(z) - y, True),
        ("log-sigmoid", log(sig(x)), -log(1 + exp(-x)), True),
        ("sigmoid symmetry", 1 - sig(x), sig(-x), True),
        ("tanh derivative", Derivative(tanh(x), x), 1 - tanh(x) ** 2, True),
        ("hyperbolic Pythagoras", cosh(x) ** 2 - sinh(x) ** 2, sp.S.One, True),
        ("cancel a factor", (x ** 2 - 1) / (x - 1), x + 1, True),
        ("Gauss sum", Sum(k, (k, 1, n)), n * (n + 1) / 2, True),
        ("Adam bias factor", geo, 1 - c ** t, True),
        ("Gaussian integral", Integral(exp(-x ** 2 / 2), (x, -oo, oo)), sqrt(2 * pi), True),
        ("integral of x^2", Integral(x ** 2, (x, 0, 1)), sp.Rational(1, 3), True),
        ("sinc limit", Limit(sin(x) / x, x, 0), sp.S.One, True),
        ("derivative of log", Derivative(log(xp), xp), 1 / xp, True),
        ("transpose of a product", (A * B).T, B.T * A.T, True),
        ("trace is cyclic", sp.Matrix([(A * B).trace()]), sp.Matrix([(B * A).trace()]), True),
        ("determinant is multiplicative", sp.Matrix([(A * B).det()]), sp.Matrix([A.det() * B.det()]), True),
        ("softmax shift invariance", exp(a) / (exp(a) + exp(b)),
         exp(a - c) / (exp(a - c) + exp(b - c)), True),
        ("two-class softmax is a sigmoid", exp(a) / (exp(a) + exp(b)), sig(a - b), True),
        ("log of a square", log(xp ** 2), 2 * log(xp), True),
        ("root of a square", sqrt(xp ** 2), xp, True),
        ("x log x derivative", Derivative(xp * log(xp), xp), log(xp) + 1, True),
        ("Bernoulli entropy derivative", Derivative(bern_h, p), log(1 - p) - log(p), True, {"p": "unit"}),
        ("product of exponentials", exp(a) * exp(-a), sp.S.One, True),
        # -- mistakes ----------------------------------------------------------------
        ("sigmoid derivative, wrong sign", Derivative(sig(x), x), sig(x) * (1 + sig(x)), False),
        ("softplus derivative, reflected", Derivative(log(1 + exp(x)), x), sig(-x), False),
        ("square of a sum, no cross term", (a + b) ** 2, a ** 2 + b ** 2, False),
        ("log of a sum split", log(xp + yp), log(xp) + log(yp), False),
        ("power rule, exponent kept", Derivative(x ** 3, x), 3 * x ** 3, False),
        ("squared-error gradient, lost x", Derivative((w * x - y) ** 2, w), 2 * (w * x - y), False),
        ("Gaussian score, flipped", Derivative(gauss, mu), (mu - x) / s ** 2, False),
        ("BCE gradient, flipped", Derivative(bce, z), y - sig(z), False),
        ("sigmoid symmetry, no reflection", 1 - sig(x), sig(x), False),
        ("tanh derivative, wrong sign", Derivative(tanh(x), x), 1 + tanh(x) ** 2, False),
        ("Gauss sum, off by one", Sum(k, (k, 1, n)), n * (n - 1) / 2, False),
        ("Gaussian integral, lost 2", Integral(exp(-x ** 2 / 2), (x, -oo, oo)), sqrt(pi), False),
        ("log-sigmoid, lost sign", log(sig(x)), log(1 + exp(-x)), False),
        ("transpose of a product, same order", (A * B).T, A.T * B.T, False),
        ("exp of a sum as a sum", exp(a + b), exp(a) + exp(b), False),
        ("root of a square, real", sqrt(x ** 2), x, False),
        ("Adam bias factor, off by one", geo, 1 - c ** (t + 1), False),
        ("log-sum-exp shift, half done", lse, m + log(exp(a - m) + exp(b)), False),
        ("integral of x^2, wrong", Integral(x ** 2, (x, 0, 1)), sp.Rational(1, 2), False),
        ("x log x derivative, lost 1", Derivative(xp * log(xp), xp), log(xp), False),
        ("softmax shift, one side", exp(a) / (exp(a) + exp(b)), exp(a - c) / (exp(a) + exp(b - c)), False),
    ]
    return [Identity(*r) for r in rows]
