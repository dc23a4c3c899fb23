"""A normal form for polynomial matrix forms under the trace: the symbolic half of a check.

A form is expanded into a sum of coefficient x (scalar factors) x (word of matrices). A
word under a trace, or a 1 x 1 word read as a number, is canonical up to rotation (trace
cyclicity) and transposition (tr A = tr A^T); a declared symmetric matrix is its own
transpose, and A A^{-1} cancels. A differential of a polynomial form is its part linear
in t of F(W + t dW): the definition, not a rule. Forms the normal form cannot expand
(an inverse of a sum, log det, elementwise functions) are kept as opaque letters, so
two forms with equal normal forms are equal; unequal ones are left to the numbers.
"""
from __future__ import annotations

from collections import defaultdict

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr

from .nodes import Centering, Gradient, MatDiff, Scalar, ScalarDiff, Variance

SYMMETRIC = {"symmetric", "spd", "diagonal"}


class NotNormal(Exception):
    """The form has a part the normal form does not expand."""


class Normaliser:
    def __init__(self, kinds: dict):
        self.symmetric = {name for name, k in kinds.items() if k in SYMMETRIC}
        self._sym_letters: set = set()   # letters (sreprs) of declared symmetric atoms

    # -- letters and words ----------------------------------------------------------
    def trace_key(self, word):
        if not word:
            raise NotNormal("the trace of an identity needs its size")
        words = [word, self._tw(word)]
        return ("tr", min(w[k:] + w[:k] for w in words for k in range(len(w))))

    def _tw(self, word):
        out = []
        for a, t in reversed(word):
            out.append((a, t) if a in self._sym_letters else (a, 1 - t))
        return tuple(out)

    # -- matrices -------------------------------------------------------------------
    def matrix(self, e) -> dict:
        out = defaultdict(lambda: sp.S.Zero)
        for (skey, word), c in self._matrix(e).items():
            out[(skey, self._cancel(word))] += c
        return {k: v for k, v in out.items() if sp.expand(v) != 0}

    def _cancel(self, word):
        word = list(word)
        k = 0
        while k + 1 < len(word):
            a, b = word[k], word[k + 1]
            if a == b and a[0].startswith("Centering("):   # H H = H: centring twice is centring once
                del word[k + 1]
                continue
            if (a[0].startswith("Inverse(") and a[0][8:-1] == b[0] and a[1] == b[1]) or \
                    (b[0].startswith("Inverse(") and b[0][8:-1] == a[0] and a[1] == b[1]):
                del word[k:k + 2]
                k = max(k - 1, 0)
            else:
                k += 1
        return tuple(word)

    def _atom(self, e):
        letter = sp.srepr(e)
        base = e.arg if isinstance(e, sp.Inverse) else e
        if getattr(base, "name", None) in self.symmetric or isinstance(base, Centering):
            self._sym_letters.add(letter)
        return {((), ((letter, 0),)): sp.S.One}

    def _matrix(self, e) -> dict:  # noqa: C901
        if isinstance(e, sp.MatrixSymbol):
            return self._atom(e)
        if isinstance(e, sp.Identity):
            return {((), ()): sp.S.One}
        if isinstance(e, sp.ZeroMatrix):
            return {}
        if isinstance(e, sp.MatAdd):
            return _sum(self._matrix(a) for a in e.args)
        if isinstance(e, sp.MatMul):
            out = {((), ()): sp.S.One}
            for a in e.args:
                out = _product(out, self._matrix(a) if isinstance(a, MatrixExpr) else
                               {(k, ()): c for k, c in self.scalar(a).items()})
            return out
        if isinstance(e, sp.Transpose):
            return {(k, self._tw(w)): c for (k, w), c in self._matrix(e.arg).items()}
        if isinstance(e, MatDiff):
            return self._linear_part(e, self._matrix)
        if isinstance(e, Gradient):
            return self._gradient(e)
        if isinstance(e, sp.MatPow) and e.exp.is_Integer and e.exp > 0:
            out = {((), ()): sp.S.One}
            for _ in range(int(e.exp)):
                out = _product(out, self._matrix(e.base))
            return out
        if isinstance(e, sp.Inverse) and isinstance(e.arg, sp.Transpose):
            return {(k, self._tw(w)): c for (k, w), c in self._matrix(sp.Inverse(e.arg.arg)).items()}
        if isinstance(e, sp.HadamardProduct):
            args = sorted(e.args, key=sp.default_sort_key)
            return self._atom(sp.HadamardProduct(*args, evaluate=False) if len(args) > 1 else args[0])
        if isinstance(e, MatrixExpr):
            if any(isinstance(a, MatrixExpr) and _has_dummy(a, self) for a in e.args):
                raise NotNormal("a variable inside a form the normal form keeps opaque")
            return self._atom(e)
        raise NotNormal(f"not a matrix form: {type(e).__name__}")

    # -- scalars --------------------------------------------------------------------
    def scalar(self, e) -> dict:
        if isinstance(e, MatrixExpr):
            raise NotNormal("a matrix where a scalar was expected")
        if isinstance(e, (sp.Trace, Scalar)):
            out = defaultdict(lambda: sp.S.Zero)
            for (skey, word), c in self.matrix(e.args[0]).items():
                out[tuple(sorted(skey + (self.trace_key(word),)))] += c
            return dict(out)
        if isinstance(e, ScalarDiff):
            return self._linear_part(e, self.scalar)
        if isinstance(e, Variance):
            return self.scalar(e.definition)
        if isinstance(e, sp.Add):
            return _sum(self.scalar(a) for a in e.args)
        if isinstance(e, sp.Mul):
            out = {(): sp.S.One}
            for a in e.args:
                out = _sproduct(out, self.scalar(a))
            return out
        if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp > 0 and _matrixy(e.base):
            out = {(): sp.S.One}
            for _ in range(int(e.exp)):
                out = _sproduct(out, self.scalar(e.base))
            return out
        if not _matrixy(e):
            return {(): e}
        if self._t in e.free_symbols:
            raise NotNormal("a variable inside a form the normal form keeps opaque")
        return {(("op", sp.srepr(e)),): sp.S.One}

    _t = sp.Dummy("t")

    def _gradient(self, e):
        """G read off dL = sum c tr(P dW): each trace rotated so dW is last, G = sum c P^T."""
        f, wrt = e.args
        direction = sp.MatrixSymbol("_dW_", *wrt.shape)
        letter = (sp.srepr(direction), 0)
        out = defaultdict(lambda: sp.S.Zero)
        for skey, c in self._linear_part(ScalarDiff(f, wrt, direction), self.scalar).items():
            holding = [key for key in skey if key[0] == "tr" and any(l[0] == letter[0] for l in key[1])]
            rest = list(skey)
            if len(holding) != 1:
                raise NotNormal("a differential not linear in one trace")
            rest.remove(holding[0])
            word = holding[0][1]
            if sum(1 for l in word if l[0] == letter[0]) != 1:
                raise NotNormal("dW twice in one trace")
            if (letter[0], 1) in word:
                word = self._tw(word)
            k = word.index(letter)
            p_word = word[k + 1:] + word[:k]
            out[(tuple(sorted(rest)), self._cancel(self._tw(p_word)))] += c
        return dict(out)

    def _linear_part(self, e, expand):
        f, wrt, direction = e.args
        if wrt not in f.free_symbols:          # d(constant) = 0, by definition
            return {}
        if isinstance(f, (sp.MatAdd, sp.Add)):  # d is linear, by definition
            return _sum(self._linear_part(e.func(a, wrt, direction), expand) for a in f.args)
        moved = f.xreplace({wrt: sp.MatAdd(wrt, sp.MatMul(self._t, direction))})
        try:
            expanded = expand(moved)
        except NotNormal:
            if isinstance(e, MatDiff):        # not polynomial: d(F) kept as a letter of its own
                return self._atom(e)
            return {(("op", sp.srepr(e)),): sp.S.One}
        out = {}
        for k, c in expanded.items():
            c1 = sp.expand(c).coeff(self._t, 1)
            if c1 != 0:
                out[k] = c1
        return out


def _has_dummy(e, norm) -> bool:
    return norm._t in e.free_symbols


def _matrixy(e) -> bool:
    return any(isinstance(a, MatrixExpr) for a in sp.preorder_traversal(e))


def _sum(parts) -> dict:
    out = defaultdict(lambda: sp.S.Zero)
    for p in parts:
        for k, c in p.items():
            out[k] += c
    return dict(out)


def _product(a: dict, b: dict) -> dict:
    out = defaultdict(lambda: sp.S.Zero)
    for (ka, wa), ca in a.items():
        for (kb, wb), cb in b.items():
            out[(tuple(sorted(ka + kb)), wa + wb)] += ca * cb
    return dict(out)


def _sproduct(a: dict, b: dict) -> dict:
    out = defaultdict(lambda: sp.S.Zero)
    for ka, ca in a.items():
        for kb, cb in b.items():
            out[tuple(sorted(ka + kb))] += ca * cb
    return dict(out)


def normal_form(e, kinds: dict | None = None):
    """The normal form of a scalar or matrix form; NotNormal when it cannot be expanded."""
    n = Normaliser(kinds or {})
    if isinstance(e, MatrixExpr):
        return ("matrix", _clean(n.matrix(e)))
    return ("scalar", _clean(n.scalar(e)))


def _clean(d: dict) -> dict:
    return {k: sp.expand(v) for k, v in d.items() if sp.expand(v) != 0}


def constant_free(e):
    """d(F + C) -> d(F) and d(C) -> 0 for C free of the variable (the definition of d), zeros tidied."""
    from .rules import tidy

    def reduce(node):
        f, wrt, direction = node.args
        if wrt not in f.free_symbols:
            return sp.ZeroMatrix(*f.shape) if isinstance(node, MatDiff) else sp.S.Zero
        if isinstance(f, (sp.MatAdd, sp.Add)):
            keep = [a for a in f.args if wrt in a.free_symbols]
            if len(keep) < len(f.args) or len(keep) == 1:   # a one-term sum is that term
                return node.func(keep[0] if len(keep) == 1 else f.func(*keep), wrt, direction)
        return node
    return tidy(e.replace(lambda n: isinstance(n, (MatDiff, ScalarDiff)), reduce))


def same_normal_form(a, b, kinds: dict | None = None) -> bool:
    """True when both forms expand to the same normal form (a proof they are equal)."""
    a, b = (x.replace(lambda n: isinstance(n, sp.Inverse) and n.args[1] != -1,   # SymPy reads
                      lambda n: sp.Inverse(n.arg)) for x in (a, b))        # any Inverse as A^{-1}
    if a == b:                     # the same tree (a gradient or other opaque node included)
        return True
    na, nb = normal_form(constant_free(a), kinds), normal_form(constant_free(b), kinds)
    if na[0] != nb[0]:
        return False
    keys = set(na[1]) | set(nb[1])
    return all(sp.simplify(na[1].get(k, 0) - nb[1].get(k, 0)) == 0 for k in keys)
