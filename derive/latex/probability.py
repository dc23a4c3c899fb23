"""Probability and named distributions as papers write them: E, Var, Cov, Pr, KL, H, softmax.

``p(x \\mid \\theta)`` is the density p applied to both (as ``p(x; \\theta)`` is);
``\\mathbb{E}_{x \\sim p}[f]`` and ``E_x[f]`` are expectations (the distribution
lives in the assumptions); ``\\mathrm{Cov}(X, Y)`` is E[(X - E X)(Y - E Y)].
"""
from __future__ import annotations

import sympy as sp

from ..core.functions import Expectation
from ..core.notation import entropy_of, kl_of, softmax_entry, variance
from .bridge import Emitted
from .build import apply_function
from .errors import ReadError
from .items import (end_of, is_paren, operand_end, paren, script_arg, skip_ws, split_at, strip_ws,
                    tok_is)
from .tokens import Group
from .vocabulary import softmax_of

CONDITIONAL = ("mid", "vert")   # p(x \mid y): the bar of a conditional, read as an argument separator


def covariance(x, y):
    """Cov(X, Y) by its definition, so every rule about E applies to it."""
    return Expectation((x - Expectation(x)) * (y - Expectation(y)))


def separator(x) -> bool:
    """Commas, semicolons and the conditional bar separate the arguments of a call."""
    return (tok_is(x, "char", ",") or tok_is(x, "char", ";")
            or tok_is(x, "cmd") and x.text in CONDITIONAL)


class Probability:
    """Expectations, variances, covariances, probabilities, KL, entropy and softmax
    (mixed into ``Reader``, whose ``read`` they call)."""

    def bracketed(self, items, k, f, pos, out: Emitted, scope, arity=1) -> int:
        """Var[X], Cov[X, Y], Pr[A]: a named function applied to the contents of brackets."""
        j = skip_ws(items, k)
        if j >= len(items) or not (is_paren(items[j]) or isinstance(items[j], Group)
                                   and items[j].kind == "["):
            return -1
        g = items[j] if isinstance(items[j], Group) and items[j].kind == "[" else paren(items[j])
        parts = split_at(g.items, separator)
        if arity is not None and len(parts) != arity:
            raise ReadError(f"expected {arity} argument{'s' if arity > 1 else ''}", g.pos)
        args = [self.read(p, scope, g.pos, g.end) for p in parts]
        out.hole(apply_function(f, args, False, pos), pos)
        return j + 1

    def var_or_cov(self, items, k, name, pos, out: Emitted, scope) -> int:
        """Var(X), Var[X], Cov(X, Y), Cov[X, Y]."""
        f, arity = (variance, 1) if name == "Var" else (covariance, 2)
        if name in ("Corr", "Cor"):
            f = lambda a, b: covariance(a, b) / sp.sqrt(variance(a) * variance(b))  # noqa: E731
        end = self.bracketed(items, k, f, pos, out, scope, arity=arity)
        if end < 0:
            raise ReadError(f"{name} needs its argument in parentheses or brackets", pos)
        return end

    def probability(self, items, k, name, pos, out: Emitted, scope) -> int:
        """\\Pr(X = 1), P(A \\mid B): the function Pr (or P) applied to events."""
        f = sp.Function(name, real=True)
        end = self.bracketed(items, k, f, pos, out, scope, arity=None)
        if end < 0:
            raise ReadError(f"{name} needs its event in parentheses: {name}(X = 1)", pos)
        return end

    def softmax(self, items, j, pos, out: Emitted, scope) -> int:
        """softmax(z), or its i-th output softmax(z)_i (of n, the default size); several
        arguments softmax(z_1, z_2, z_3) are the entries of the vector."""
        args = self.arguments(items, j, None, scope)
        if len(args) > 1 and any(isinstance(a, sp.MatrixBase) for a in args):
            raise ReadError("softmax takes one vector or its entries", pos)
        z = args[0] if len(args) == 1 else sp.ImmutableMatrix(args)
        k = skip_ws(items, j + 1)
        if k >= len(items) or not tok_is(items[k], "char", "_"):
            out.hole(apply_function(softmax_of, [z], False, pos), pos)
            return j + 1
        sub, end = script_arg(items, k + 1)
        index = self.indices(sub, scope, pos)
        if len(index) != 1:
            raise ReadError("softmax(z)_i takes one index", items[k].pos)
        try:
            out.hole(softmax_entry(z, index[0], self.n), pos)
        except ValueError as e:
            raise ReadError(str(e), pos) from None
        return end

    def entropy(self, items, j, pos, out: Emitted, scope) -> int:
        """H(p) and H(p, q) of named distributions; H of anything else is a function H."""
        args = self.arguments(items, j, None, scope)
        value = entropy_of(args, self.n)
        if value is None:
            value = apply_function(sp.Function("H", real=True), args, False, pos)
        out.hole(value, pos)
        return j + 1

    def expectation(self, items, k, pos, out: Emitted, scope) -> int:
        j = skip_ws(items, k)
        if j < len(items) and tok_is(items[j], "char", "_"):
            _, j = script_arg(items, j + 1)   # E_{x ~ p}: the distribution is in the assumptions
            j = skip_ws(items, j)
        if j >= len(items) or not (isinstance(items[j], Group) and items[j].kind in ("[", "(")):
            end = operand_end(items, j, len(items), products=True)   # E_{q} \\log p(x): to the next +
            if not strip_ws(items[j:end]):
                raise ReadError("\\mathbb{E} needs its argument in brackets: \\mathbb{E}[X]", pos)
            self.note("an expectation without brackets as the expectation of everything up to the next + or -")
            value = self.read(items[j:end], scope, pos, end_of(items[end - 1]))
            out.hole(value.applyfunc(Expectation) if isinstance(value, sp.MatrixBase)
                     else Expectation(value), pos)
            return end
        g = items[j]
        value = self.read(g.items, scope, g.pos, g.end)
        if isinstance(value, sp.MatrixBase):
            value = value.applyfunc(Expectation)
        else:
            value = Expectation(value)
        out.hole(value, pos)
        return j + 1

    def kl(self, items, k, pos, out: Emitted, scope) -> int:
        j = skip_ws(items, k)
        square = j < len(items) and isinstance(items[j], Group) and items[j].kind == "["
        if j >= len(items) or not (is_paren(items[j]) or square):
            raise ReadError("D_KL needs its arguments in parentheses: D_{KL}(p \\| q)", pos)
        g = items[j] if square else paren(items[j])
        seps = [m for m, x in enumerate(g.items) if tok_is(x, "cmd", "|") or tok_is(x, "cmd", "parallel")
                or tok_is(x, "char", ",")]
        if len(seps) != 1:
            bars = [m for m in range(len(g.items) - 1)
                    if tok_is(g.items[m], "char", "|") and tok_is(g.items[m + 1], "char", "|")]
            if len(seps) == 0 and len(bars) == 1:
                left, right = g.items[:bars[0]], g.items[bars[0] + 2:]
            else:
                raise ReadError("D_KL takes two arguments separated by \\|", g.pos)
        else:
            left, right = g.items[:seps[0]], g.items[seps[0] + 1:]
        p = self.read(left, scope, g.pos, g.end)
        q = self.read(right, scope, g.pos, g.end)
        try:
            value = kl_of(p, q, self.n)
        except ValueError as e:
            raise ReadError(str(e), pos) from None
        out.hole(value, pos)
        return j + 1
