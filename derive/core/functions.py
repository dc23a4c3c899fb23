"""Named functions of ML notation (sigmoid, softplus, expectation, ...) as SymPy objects.

Each knows its derivative, its defining elementary form (``.definition()``, which the
numeric checker and the symbolic ladder both unfold) and how it is typeset.
"""
from __future__ import annotations

import sympy as sp
from sympy import Function, exp, log


class Defined(Function):
    """A function with an elementary definition; ``definition()`` unfolds one level."""

    def definition(self) -> sp.Expr:  # pragma: no cover - abstract
        raise NotImplementedError

    def _eval_rewrite_as_exp(self, *args, **kwargs):
        return self.definition()


class sigmoid(Defined):
    """The logistic sigmoid 1 / (1 + e^{-x})."""

    nargs = 1
    is_real = True

    def fdiff(self, argindex=1):
        x = self.args[0]
        return sigmoid(x) * (1 - sigmoid(x))

    def definition(self):
        return 1 / (1 + exp(-self.args[0]))

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return sp.S.Half

    def _eval_is_positive(self):
        return self.args[0].is_extended_real

    def _latex(self, printer, exp=None):
        s = r"\sigma\left(%s\right)" % printer._print(self.args[0])
        return s if exp is None else r"%s^{%s}" % (s, exp)


class softplus(Defined):
    """softplus(x) = log(1 + e^x), whose derivative is the sigmoid."""

    nargs = 1
    is_real = True

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def definition(self):
        return log(1 + exp(self.args[0]))

    def _latex(self, printer, exp=None):
        s = r"\operatorname{softplus}\left(%s\right)" % printer._print(self.args[0])
        return s if exp is None else r"%s^{%s}" % (s, exp)


class Expectation(Function):
    """E[X]: expectation over the random symbols declared in the assumptions.

    Left unevaluated on purpose: rules (linearity, constants, independence) move it,
    and the numeric checker computes it exactly over a sampled finite distribution.
    """

    nargs = 1

    def _latex(self, printer, exp=None):
        s = r"\mathbb{E}\left[%s\right]" % printer._print(self.args[0])
        return s if exp is None else r"\left(%s\right)^{%s}" % (s, exp)

    def _sympystr(self, printer):
        return "E[%s]" % printer._print(self.args[0])


# the bound index of sums inside definitions: fixed, so two unfoldings compare equal
_K = sp.Symbol("k", integer=True)


class softmax(Defined):
    """softmax(z, i, n) = e^{z_i} / sum_k e^{z_k}, the i-th of n outputs."""

    nargs = 3
    is_positive = True

    def definition(self):
        z, i, n = self.args
        return exp(z[i]) / sp.Sum(exp(z[_K]), (_K, 1, n))

    def _latex(self, printer, exp=None):
        z, i, _ = self.args
        s = r"\operatorname{softmax}\left(%s\right)_{%s}" % (printer._print(z), printer._print(i))
        return s if exp is None else r"%s^{%s}" % (s, exp)


class cross_entropy(Defined):
    """H(p, q) = -sum_k p_k log q_k over k = 1..n."""

    nargs = 3

    def definition(self):
        p, q, n = self.args
        return -sp.Sum(p[_K] * log(q[_K]), (_K, 1, n))

    def _latex(self, printer, exp=None):
        p, q, _ = self.args
        return r"H\left(%s, %s\right)" % (printer._print(p), printer._print(q))


class entropy(Defined):
    """H(p) = -sum_k p_k log p_k over k = 1..n."""

    nargs = 2

    def definition(self):
        p, n = self.args
        return -sp.Sum(p[_K] * log(p[_K]), (_K, 1, n))

    def _latex(self, printer, exp=None):
        return r"H\left(%s\right)" % printer._print(self.args[0])


class kl_divergence(Defined):
    """D_KL(p || q) = sum_k p_k log(p_k / q_k) over k = 1..n."""

    nargs = 3

    def definition(self):
        p, q, n = self.args
        return sp.Sum(p[_K] * log(p[_K] / q[_K]), (_K, 1, n))

    def _latex(self, printer, exp=None):
        p, q, _ = self.args
        return r"D_{\mathrm{KL}}\left(%s \,\|\, %s\right)" % (printer._print(p), printer._print(q))


class ema(Defined):
    """ema(beta, x_k, k, t, m): m_0 = 0, m_t = beta m_{t-1} + (1 - beta) x_t, printed m_t.

    Unfolds only for a concrete t (the numeric checker instantiates t); for symbolic t
    the symbolic ladder proves closed forms by induction (``recurrence``).
    """

    nargs = 5

    @property
    def free_symbols(self):
        beta, x, k, t, _ = self.args
        return (beta.free_symbols | x.free_symbols | t.free_symbols) - {k}

    def _eval_subs(self, old, new):
        if old == self.args[2]:  # k is bound: substituting it changes nothing
            return self

    def recurrence(self):
        """(initial value at t = 0, step m_t in terms of m_{t-1} and t)."""
        beta, x, k, t, _ = self.args
        return sp.S.Zero, lambda prev, tt: beta * prev + (1 - beta) * x.xreplace({k: tt})

    def definition(self):
        beta, x, k, t, _ = self.args
        if not t.is_Integer:
            return self
        m = sp.S.Zero
        for tt in range(1, int(t) + 1):
            m = beta * m + (1 - beta) * x.xreplace({k: sp.Integer(tt)})
        return m

    def _latex(self, printer, exp=None):
        t, name = self.args[3], self.args[4]
        s = r"%s_{%s}" % (printer._print(name), printer._print(t))
        return s if exp is None else r"%s^{%s}" % (s, exp)


def unfold_defined(expr: sp.Basic) -> sp.Basic:
    """Replace every Defined function by its elementary definition, innermost first."""
    if not expr.has(Defined):
        return expr
    for _ in range(8):  # definitions may contain other definitions
        expr = expr.replace(lambda e: isinstance(e, Defined), lambda e: e.definition())
        if not expr.has(Defined):
            break
    return expr


E = Expectation

__all__ = ["Defined", "sigmoid", "softplus", "softmax", "cross_entropy", "entropy",
           "kl_divergence", "ema", "Expectation", "E", "unfold_defined"]
