"""Reading matrix LaTeX (``\\|\\mathbf X \\mathbf w - \\mathbf y\\|^2``, ``\\log\\det \\mathbf\\Sigma``,
``\\operatorname{tr}``, ``\\odot``) into matrix forms with symbolic sizes.

Bold capitals (and capital Greek letters) are matrices, bold lower case letters column
vectors, other letters scalars. Sizes come from ``shapes`` ({"X": ("n", "d")}) or are
inferred: products and sums tie the sizes together, and each size left free is named
n, d, k, m, ... The text is tokenised and parsed here; nothing is evaluated.
"""
from __future__ import annotations

import re

import sympy as sp

from .nodes import Elementwise, LogSumExp, Scalar, Softmax


class MatrixParseError(ValueError):
    """Matrix LaTeX that cannot be read; the message names what and where."""


_TOKEN = re.compile(r"\s*(\\\||\\[A-Za-z]+|[A-Za-z]|\d+(?:\.\d+)?|[-+^_{}()|,]|\S)")
GREEK = {"alpha", "beta", "gamma", "delta", "lambda", "mu", "sigma", "theta", "eta", "tau", "phi", "psi",
         "omega", "Sigma", "Lambda", "Theta", "Phi", "Psi", "Omega", "Gamma", "Delta", "Pi", "epsilon"}
BOLD = {r"\mathbf", r"\boldsymbol", r"\bm", r"\vec", r"\mathbfit"}
IGNORED = {r"\left", r"\right", r"\,", r"\cdot", r"\!", r"\;", r"\big", r"\Big"}
FUNCS = {r"\exp": "exp", r"\sigma": "sigma", r"\tanh": "tanh"}
NAMES = ["n", "d", "k", "m", "p", "q", "r", "s"]


def tokenize(text: str):
    pos, out = 0, []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            break
        if m.group(1) not in IGNORED:
            out.append((m.group(1), m.start(1)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text):
        self.text, self.toks, self.k, self.depth = text, tokenize(text), 0, 0

    def peek(self):
        return self.toks[self.k][0] if self.k < len(self.toks) else None

    def take(self, want=None):
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            col = self.toks[self.k][1] if self.k < len(self.toks) else len(self.text)
            raise MatrixParseError(f"expected {want or 'more input'} at column {col + 1}, found {tok or 'the end'}")
        self.k += 1
        return tok

    def error(self, what):
        col = self.toks[self.k][1] if self.k < len(self.toks) else len(self.text)
        return MatrixParseError(f"{what} at column {col + 1}")

    # AST: ("sym", name, bold) ("num", value) ("add", [(sign, ast)]) ("mul", [ast]) ("odot", a, b)
    # ("T", a) ("inv", a) ("pow", a, k) ("norm2", a) ("tr", a) ("det", a) ("log", a) ("fn", name, a)
    def expr(self, stop=()):
        terms = []
        sign = 1
        if self.peek() in ("+", "-"):
            sign = -1 if self.take() == "-" else 1
        terms.append((sign, self.term(stop)))
        while self.peek() in ("+", "-"):
            sign = -1 if self.take() == "-" else 1
            terms.append((sign, self.term(stop)))
        return terms[0][1] if len(terms) == 1 and terms[0][0] == 1 else ("add", terms)

    def term(self, stop):
        factors = [self.factor()]
        while self.peek() not in (None, "+", "-", ")", "}", *stop) and not (self.peek() == r"\|" and self.depth):
            if self.peek() == r"\odot":
                self.take()
                factors = [("odot", factors[0] if len(factors) == 1 else ("mul", factors), self.factor())]
                continue
            factors.append(self.factor())
        return factors[0] if len(factors) == 1 else ("mul", factors)

    def group(self):
        if self.peek() == "{":
            self.take()
            e = self.expr()
            self.take("}")
            return e
        return self.factor(postfix=False)

    def factor(self, postfix=True):
        a = self.atom()
        while postfix and self.peek() == "^":
            self.take()
            if self.peek() == "{":
                self.take()
                toks = []
                while self.peek() not in ("}", None):
                    toks.append(self.take())
                self.take("}")
            else:
                toks = [self.take()]
            sup = "".join(toks)
            if sup in ("T", r"\top", r"\intercal", r"\mathsf T", r"\mathsfT"):
                a = ("T", a)
            elif sup == "-1":
                a = ("inv", a)
            elif sup.isdigit():
                a = ("norm2", a[1]) if a[0] == "norm" and sup == "2" else ("pow", a, int(sup))
            else:
                raise self.error(f"unsupported superscript {sup!r}")
        if a[0] == "norm":
            raise self.error("a norm must be squared here (\\|v\\|^2)")
        return a

    def atom(self):  # noqa: C901
        tok = self.take()
        if tok in BOLD:
            inner = self.take()
            if inner == "{":
                inner = self.take()
                self.take("}")
            name = inner.lstrip("\\")
            if not (name.isalpha() and (len(name) == 1 or name in GREEK)):
                raise self.error(f"expected a letter after {tok}")
            return ("sym", name, True)
        if tok == "(":
            e = self.expr()
            self.take(")")
            return e
        if tok == r"\|":
            self.depth += 1
            e = self.expr()
            self.take(r"\|")
            self.depth -= 1
            return ("norm", e)
        if tok == r"\frac":
            num, den = self.group(), self.group()
            if num[0] != "num" or den[0] != "num":
                raise self.error("\\frac is read for numbers only")
            return ("num", sp.Rational(num[1]) / sp.Rational(den[1]))
        if tok in (r"\operatorname", r"\mathrm"):
            self.take("{")
            name = ""
            while self.peek() not in ("}", None):
                name += self.take()
            self.take("}")
            if name.lower() in ("tr", "trace"):
                return ("tr", self.factor())
            if name in ("softmax", "lse", "logsumexp"):
                return ("fn", "softmax" if name == "softmax" else "lse", self.factor())
            raise self.error(f"unknown operator {name!r}")
        if tok == r"\log":
            return ("log", self.factor())
        if tok == r"\det":
            return ("det", self.factor())
        if tok in FUNCS and self.peek() == "(":
            return ("fn", FUNCS[tok], self.factor())
        if tok.startswith("\\") and tok[1:] in GREEK:
            return ("sym", tok[1:], tok[1:][0].isupper())
        if len(tok) == 1 and tok.isalpha():
            return ("sym", tok, False)
        if re.fullmatch(r"\d+(\.\d+)?", tok):
            return ("num", sp.Rational(tok))
        self.k -= 1
        raise self.error(f"unexpected {tok!r}")


class _Shapes:
    """Union-find over size variables; a class may be tied to 1."""

    def __init__(self):
        self.parent = {}

    def find(self, a):
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            a = self.parent[a]
        return a

    def union(self, a, b, where):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if isinstance(ra, int) and isinstance(rb, int):
            raise MatrixParseError(f"sizes do not match in {where}")
        if isinstance(ra, int) or (not isinstance(rb, int) and isinstance(ra, str) and not ra.startswith("_")):
            ra, rb = rb, ra
        self.parent[ra] = rb


def read_matrix(text: str, shapes: dict | None = None) -> tuple:
    """(form, {name: MatrixSymbol}) for matrix LaTeX; MatrixParseError on bad input."""
    p = _Parser(text)
    tree = p.expr()
    if p.peek() is not None:
        raise p.error(f"unexpected {p.peek()!r}")
    u = _Shapes()
    given = {k: tuple(str(x) for x in v) for k, v in (shapes or {}).items()}
    dims: dict = {}

    def sym_shape(name, bold):
        if name in given:
            r, c = given[name]
            return (int(r) if r.isdigit() else r, int(c) if c.isdigit() else c)
        if not bold:
            return None
        if name not in dims:
            dims[name] = (f"_r{name}", 1 if name[0].islower() else f"_c{name}")
        return dims[name]

    def shape(t):  # noqa: C901
        kind = t[0]
        if kind == "sym":
            return sym_shape(t[1], t[2])
        if kind == "num":
            return None
        if kind == "add":
            shs = [shape(a) for _, a in t[1]]
            mats = [s for s in shs if s is not None]
            if mats and len(mats) != len(shs):
                raise MatrixParseError("a matrix and a scalar are added")
            for s in mats[1:]:
                u.union(mats[0][0], s[0], "a sum")
                u.union(mats[0][1], s[1], "a sum")
            return mats[0] if mats else None
        if kind == "mul":
            cur = None
            for a in t[1]:
                s = shape(a)
                if s is None:
                    continue
                if cur is not None:
                    u.union(cur[1], s[0], "a product")
                    cur = (cur[0], s[1])
                else:
                    cur = s
            return cur
        if kind == "odot":
            a, b = shape(t[1]), shape(t[2])
            if a is None or b is None:
                raise MatrixParseError("\\odot needs two matrices")
            u.union(a[0], b[0], "a Hadamard product")
            u.union(a[1], b[1], "a Hadamard product")
            return a
        if kind == "T":
            s = shape(t[1])
            return None if s is None else (s[1], s[0])
        if kind in ("inv", "det", "tr"):
            s = shape(t[1])
            if s is None:
                return None if kind != "inv" else None
            u.union(s[0], s[1], "a square matrix")
            return s if kind == "inv" else None
        if kind == "pow":
            s = shape(t[1])
            if s is not None:
                u.union(s[0], s[1], "a matrix power")
            return s
        if kind == "norm2":
            shape(t[1])
            return None
        if kind == "log":
            shape(t[1])
            return None
        if kind == "fn":
            s = shape(t[2])
            if t[1] == "lse":
                return (s[0], 1)
            return s
        raise MatrixParseError(f"cannot read {kind}")

    shape(tree)
    names: dict = {}
    taken = {v for sh in given.values() for v in sh}

    def size(v):
        r = u.find(v)
        if isinstance(r, int):
            return sp.Integer(r)
        if not r.startswith("_"):
            return sp.Symbol(r, integer=True, positive=True)
        if r not in names:
            free = [n for n in NAMES if n not in taken and n not in names.values()]
            names[r] = free[0] if free else f"n{len(names)}"
        return sp.Symbol(names[r], integer=True, positive=True)

    symbols: dict = {}

    def build(t):  # noqa: C901
        kind = t[0]
        if kind == "sym":
            s = sym_shape(t[1], t[2])
            if s is None:
                return sp.Symbol(t[1], positive=True)
            m = sp.MatrixSymbol(t[1], size(s[0]), size(s[1]))
            symbols[t[1]] = m
            return m
        if kind == "num":
            return t[1]
        if kind == "add":
            parts = [(sg, build(a)) for sg, a in t[1]]
            if isinstance(parts[0][1], sp.MatrixExpr):
                return sp.MatAdd(*[b if sg > 0 else sp.MatMul(-1, b) for sg, b in parts])
            return sp.Add(*[sg * _scalar(b) for sg, b in parts])
        if kind == "mul":
            parts = [build(a) for a in t[1]]
            mats = [a for a in parts if isinstance(a, sp.MatrixExpr)]
            if not mats:
                return sp.Mul(*[_scalar(a) for a in parts])
            return sp.MatMul(*parts)
        if kind == "odot":
            return sp.HadamardProduct(build(t[1]), build(t[2]))
        if kind == "T":
            a = build(t[1])
            return sp.Transpose(a) if isinstance(a, sp.MatrixExpr) else a
        if kind == "inv":
            a = build(t[1])
            return sp.Inverse(a) if isinstance(a, sp.MatrixExpr) else 1 / a
        if kind == "det":
            return sp.Determinant(build(t[1]))
        if kind == "tr":
            return sp.Trace(build(t[1]))
        if kind == "pow":
            a = build(t[1])
            return sp.MatPow(a, t[2]) if isinstance(a, sp.MatrixExpr) else _scalar(a) ** t[2]
        if kind == "norm2":
            a = build(t[1])
            if not isinstance(a, sp.MatrixExpr):
                return _scalar(a) ** 2
            if a.shape[1] == 1:
                return Scalar(sp.MatMul(sp.Transpose(a), a))
            return sp.Trace(sp.MatMul(sp.Transpose(a), a))
        if kind == "log":
            a = build(t[1])
            if isinstance(a, sp.MatrixExpr):
                return Elementwise("log", a)
            return sp.log(_scalar(a))
        if kind == "fn":
            a = build(t[2])
            if t[1] == "softmax":
                return Softmax(a)
            if t[1] == "lse":
                return LogSumExp(a)
            return Elementwise(t[1], a) if isinstance(a, sp.MatrixExpr) else \
                {"exp": sp.exp, "tanh": sp.tanh}.get(t[1], sp.Function(t[1]))(a)
        raise MatrixParseError(f"cannot read {kind}")

    return build(tree), symbols


def _scalar(e):
    """A 1 x 1 matrix form used as a number."""
    if isinstance(e, sp.MatrixExpr):
        if tuple(e.shape) != (1, 1):
            raise MatrixParseError(f"a {e.shape[0]} x {e.shape[1]} matrix is used as a number")
        return Scalar(e)
    return e
