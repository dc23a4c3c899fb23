"""The big constructs of the reader: derivatives, sums, integrals, limits, evaluation bars, matrices."""
from __future__ import annotations

from typing import Optional

import sympy as sp
from sympy.core.function import AppliedUndef

from .bridge import Emitted
from .build import apply_function, differentiate
from .errors import ReadError
from .items import (atoms_of, derivative_order, differential, end_of, ends_operand, flatten,
                    free_of, operand_end, pos_of, script_arg, skip_ws, split_at, strip_ws, text_of, tok_is)
from .scripts import decorations
from .tokens import Group
from .vocabulary import GREEK, MATRIX_ENVS


class Constructs:
    """The reader's big constructs: derivatives, sums and products, integrals, limits,
    evaluation bars and matrices (mixed into ``Reader``, whose ``read`` they call)."""

    def frac(self, items, k, stop, out: Emitted, scope) -> int:
        t = items[k]
        num, k1 = script_arg(items, k + 1)
        den, k2 = script_arg(items, k1)
        deriv = self.derivative_parts(num, den, t.pos)
        if deriv is None:
            out.put("\\frac{", t.pos)
            out.hole(self.read(num, scope, t.pos, t.end, resolve=False), t.pos)
            out.put("}{", t.pos)
            out.hole(self.read(den, scope, t.pos, t.end, resolve=False), t.pos)
            out.put("}", t.pos)
            return k2
        operand, variables = deriv
        end = k2
        if operand is None:
            end = operand_end(items, k2, stop, products=False)
            operand = items[k2:end]
            if not strip_ws(operand):
                raise ReadError("this derivative has nothing to differentiate", t.pos)
        f = self.read(operand, scope, t.pos, end_of(items[end - 1]))
        wrt = []
        for v, order in variables:
            var = self.read(v, scope, t.pos, t.pos)
            if order < 0:       # the variable is var^|order|, written as one symbol sigma^2
                if not isinstance(var, sp.Symbol):
                    raise ReadError("the orders of the numerator and denominator differ", t.pos)
                power = sp.Symbol(f"{var.name}^{-order}", real=True)
                f = apply_function(lambda e: e.subs(var ** -order, power), [f], True, t.pos)
                if var in free_of(f):
                    raise ReadError(f"cannot differentiate with respect to {var}^{-order} here", t.pos)
                var, order = power, 1
            wrt.append((var, order))
        out.hole(differentiate(f, wrt, t.pos), t.pos)
        return end

    def derivative_parts(self, num: list, den: list, pos: int):
        """(operand items or None, [(variable items, order)]) when num/den is d/dx-like."""
        num, den = strip_ws(num), strip_ws(den)
        kind, rest = differential(num)
        if kind is None:
            return None
        order, rest = derivative_order(rest)
        variables = []
        d = den
        while d:
            dk, d = differential(d)
            if dk != kind:
                return None
            d = strip_ws(d)
            if not d:
                return None
            m = 1
            if isinstance(d[0], Group) and d[0].kind == "{":
                var, d = d[0].items, d[1:]
            else:
                try:
                    _, _, m = self.head(d, 0)
                except ReadError:
                    return None
                _, deco, after = decorations(d, m)
                j = skip_ws(d, m)
                if deco.label is not None or deco.star or deco.primes:
                    m = after                              # \\partial W^{(2)}, \\partial x^*
                elif j < len(d) and tok_is(d[j], "char", "_"):
                    _, m = script_arg(d, j + 1)
                var, d = d[:m], d[m:]
            o, d = derivative_order(strip_ws(d))
            variables.append((var, o))
            d = strip_ws(d)
        if not variables:
            return None
        if sum(o for _, o in variables) != order:
            if order != len(variables):
                raise ReadError("the orders of the numerator and denominator differ", pos)
            variables = [(v, -o) for v, o in variables]   # d/d(sigma^2): a power is the variable
        rest = strip_ws(rest)
        return (rest or None), variables

    def nabla(self, items, k, stop, out: Emitted, scope) -> int:
        t = items[k]
        j = skip_ws(items, k + 1)
        if j >= len(items) or not tok_is(items[j], "char", "_"):
            return self.bare_nabla(items, k, stop, out, scope)
        var, j = script_arg(items, j + 1)
        end = operand_end(items, j, stop, products=False)
        if not strip_ws(items[j:end]):
            raise ReadError("\\nabla has nothing to differentiate", t.pos)
        f = self.read(items[j:end], scope, t.pos, end_of(items[end - 1]))
        out.hole(differentiate(f, [(self.read(var, scope, t.pos, t.pos), 1)], t.pos), t.pos)
        return end

    def bare_nabla(self, items, k, stop, out: Emitted, scope) -> int:
        """\\nabla f(x), \\nabla^2 f(x): the derivative of a function of one variable by it."""
        t = items[k]
        order, j = 1, skip_ws(items, k + 1)
        if j < len(items) and tok_is(items[j], "char", "^"):
            power, j = script_arg(items, j + 1)
            if text_of(power) not in ("1", "2"):
                raise ReadError("\\nabla^2 is the only power of \\nabla read", t.pos)
            order = int(text_of(power))
        end = operand_end(items, j, stop, products=False)
        f = self.read(items[j:end], scope, t.pos, t.end) if strip_ws(items[j:end]) else None
        if not (isinstance(f, AppliedUndef) and len(f.args) == 1 and isinstance(f.args[0], sp.Symbol)):
            raise ReadError("\\nabla needs the variable as a subscript (\\nabla_\\theta f), or a function "
                            "of one variable after it: \\nabla f(x)", t.pos)
        self.note(f"\\nabla {f} as the derivative by its argument {f.args[0]}")
        out.hole(sp.Derivative(f, (f.args[0], order)), t.pos)
        return end

    def _scripts(self, items, k) -> tuple[Optional[list], Optional[list], int]:
        sub = sup = None
        while True:
            j = skip_ws(items, k)
            if j < len(items) and tok_is(items[j], "cmd") and items[j].text in ("limits", "nolimits"):
                k = j + 1
                continue
            if j < len(items) and tok_is(items[j], "char", "_") and sub is None:
                sub, k = script_arg(items, j + 1)
            elif j < len(items) and tok_is(items[j], "char", "^") and sup is None:
                sup, k = script_arg(items, j + 1)
            else:
                return sub, sup, k

    def series(self, items, k, stop, out: Emitted, scope) -> int:
        t = items[k]
        sub, sup, j = self._scripts(items, k + 1)
        if sub is None:
            raise ReadError(f"\\{t.text} needs an index: \\{t.text}_i or \\{t.text}_{{i=1}}^{{n}}", t.pos)
        parts = split_at(strip_ws(sub), lambda x: tok_is(x, "char", "="))
        if len(parts) > 2:
            raise ReadError("a summation index takes one '='", t.pos)
        in_set = [m for m, x in enumerate(parts[0]) if tok_is(x, "cmd", "in")]
        if in_set and len(parts) == 1 and sup is None:     # \\sum_{i \\in \\mathcal{B}}
            m = in_set[0]
            lower, upper = self.index_set(parts[0][m + 1:], scope, t.pos)
            parts = [parts[0][:m]]
        else:
            lower = self.read(parts[1], scope, t.pos, t.end) if len(parts) == 2 else sp.S.One
            upper = self.read(sup, scope, t.pos, t.end) if sup is not None else self.n
        names = split_at(strip_ws(parts[0]), lambda x: tok_is(x, "char", ","))
        inner = dict(scope)
        idx = []
        for nm in names:
            nm = strip_ws(nm)
            if len(nm) != 1 or not (tok_is(nm[0], "letter") or tok_is(nm[0], "cmd") and nm[0].text in GREEK):
                raise ReadError("a summation index must be a single letter", pos_of(nm[0]) if nm else t.pos)
            s = sp.Symbol(nm[0].text, integer=True)
            inner[nm[0].text] = s
            idx.append(s)
        end = operand_end(items, j, stop, products=True)
        if not strip_ws(items[j:end]):
            raise ReadError(f"\\{t.text} has nothing to add up", t.pos)
        body = self.read(items[j:end], inner, t.pos, end_of(items[end - 1]))
        self.scope_note(items, end, stop, idx, t.text)
        op = sp.Sum if t.text == "sum" else sp.Product
        declared = [self.shapes[ix.base.name] for ix in atoms_of(body, sp.Indexed)
                    if ix.base.name in self.shapes]
        if declared:   # a sum over the entries of a declared vector: write it out
            if sup is None:
                upper = sp.Integer(max(declared[0]))
            value = self.unrolled(op, body, idx, lower, upper, t.pos)
            out.hole(value, t.pos)
            return end
        limits = [(s, lower, upper) for s in idx]
        if isinstance(body, sp.MatrixBase):
            value = body.applyfunc(lambda e: op(e, *limits))
        else:
            value = op(body, *limits)
        out.hole(value, t.pos)
        return end

    def scope_note(self, items, end: int, stop: int, idx: list, what: str):
        """\\sum_i a_i + b_i: the sum stops at the +, so b_i is outside; say so aloud."""
        names = {s.name for s in idx}
        rest = items[end:stop]
        if any(tok_is(x, "letter") and x.text in names for x in flatten(rest)):
            first = ", ".join(sorted(names))
            self.note(f"\\{what} over {first} ends at the first + or - after it: terms after "
                      f"it that mention {first} are outside it (write \\{what}_{first} (a_{first} + b_{first}) "
                      f"to sum both)")

    def unrolled(self, op, body, idx: list, lower, upper, pos: int):
        """op over concrete bounds, term by term, declared vectors' entries x[k] -> x_k."""
        if not (lower.is_Integer and upper.is_Integer and 0 <= upper - lower < 64):
            raise ReadError("a sum over a declared vector needs whole-number bounds", pos)
        terms = [body]
        for s in idx:
            terms = [e.xreplace({s: sp.Integer(v)}) for e in terms
                     for v in range(int(lower), int(upper) + 1)]

        def entry(ix):
            shape = self.shapes[ix.base.name]
            ks = [int(i) for i in ix.indices if i.is_Integer]
            if len(ks) != len(ix.indices):
                return ix          # an outer sum still has to fix its index
            if len(ks) != (1 if 1 in shape else 2):
                raise ReadError(f"cannot index {ix.base.name} this way", pos)
            m = self.matrix_symbol(ix.base.name)
            if not all(1 <= k <= d for k, d in zip(ks, m.shape if len(ks) == 2 else [len(m)])):
                raise ReadError(f"index out of range for {ix.base.name}", pos)
            return m[ks[0] - 1] if len(ks) == 1 else m[ks[0] - 1, ks[1] - 1]

        fix = lambda e: e.replace(lambda a: isinstance(a, sp.Indexed) and  # noqa: E731
                                  a.base.name in self.shapes, entry)
        terms = [t.applyfunc(fix) if isinstance(t, sp.MatrixBase) else fix(t) for t in terms]
        if op is sp.Sum:
            return sum(terms[1:], terms[0])
        out = terms[0]
        for t in terms[1:]:
            out = out * t
        return out

    def integral(self, items, k, stop, out: Emitted, scope) -> int:
        t = items[k]
        sub, sup, j = self._scripts(items, k + 1)
        if (sub is None) != (sup is None):
            raise ReadError("a definite integral needs both bounds", t.pos)
        found = None
        m = j
        while m < stop and found is None:
            kind, rest = differential(items[m:stop])
            if kind == "d":
                rest_at = stop - len(rest)
                v = skip_ws(items, rest_at)
                try:
                    _, _, ve = self.head(items, v) if v < stop else (None, None, -1)
                except ReadError:
                    ve = -1
                if ve > 0:
                    w = skip_ws(items, ve)
                    if w < stop and tok_is(items[w], "char", "_"):
                        _, ve = script_arg(items, w + 1)
                    after = skip_ws(items, ve)
                    if after >= stop or ends_operand(items[after], products=False) or \
                            tok_is(items[after], "cmd") and items[after].text in ("int", "sum"):
                        found = (m, v, ve)
            m += 1
        if found is None:
            raise ReadError("an integral needs a differential such as dx", t.pos)
        m, v, ve = found
        body_items = strip_ws(items[j:m])
        body = self.read(body_items, scope, t.pos, t.end) if body_items else sp.S.One
        var = self.read(items[v:ve], scope, items[v].pos, items[v].pos)
        if not isinstance(var, sp.Symbol):
            raise ReadError("the variable of integration must be a symbol", items[v].pos)
        if sub is not None:
            lim = (var, self.read(sub, scope, t.pos, t.end), self.read(sup, scope, t.pos, t.end))
        else:
            lim = (var,)
        out.hole(sp.Integral(body, lim), t.pos)
        return ve

    def limit(self, items, k, stop, out: Emitted, scope) -> int:
        t = items[k]
        sub, _, j = self._scripts(items, k + 1)
        if sub is None:
            raise ReadError("\\lim needs a subscript such as x \\to 0", t.pos)
        arrow = [m for m, x in enumerate(sub) if tok_is(x, "cmd") and x.text in ("to", "rightarrow")]
        if len(arrow) != 1:
            raise ReadError("\\lim needs a subscript such as x \\to 0", t.pos)
        var = self.read(sub[:arrow[0]], scope, t.pos, t.end)
        point = strip_ws(sub[arrow[0] + 1:])
        direction = "+-"
        if len(point) >= 2 and tok_is(point[-2], "char", "^"):
            sign = point[-1]
            sign_text = text_of(sign.items) if isinstance(sign, Group) else getattr(sign, "text", "")
            if sign_text in ("+", "-"):
                direction, point = sign_text, point[:-2]
        at = self.read(point, scope, t.pos, t.end)
        end = operand_end(items, j, stop, products=True)
        if not strip_ws(items[j:end]):
            raise ReadError("\\lim has nothing to take the limit of", t.pos)
        body = self.read(items[j:end], scope, t.pos, end_of(items[end - 1]))
        if at in (sp.oo, -sp.oo):
            direction = "-" if at == sp.oo else "+"
        out.hole(sp.Limit(body, var, at, direction), t.pos)
        return end

    def evaluated(self, items, k, out: Emitted, scope) -> int:
        """\\left. f \\right|_{x=a} (or _{\\substack{x=a\\\\ y=b}}): f with x set to a."""
        g = items[k]
        j = skip_ws(items, k + 1)
        if j >= len(items) or not tok_is(items[j], "char", "_"):
            raise ReadError("an evaluation bar needs a subscript such as _{x=0}", g.pos)
        sub, end = script_arg(items, j + 1)
        sub = strip_ws(sub)
        if len(sub) == 2 and tok_is(sub[0], "cmd", "substack") and isinstance(sub[1], Group):
            rows = split_at(sub[1].items, lambda x: tok_is(x, "cmd", "\\"))
        else:
            rows = split_at(sub, lambda x: tok_is(x, "char", ","))
        body = self.read(g.items, scope, g.pos, g.end)
        names, points = [], []
        for row in rows:
            sides = split_at(row, lambda x: tok_is(x, "char", "="))
            if len(sides) != 2:
                raise ReadError("write the evaluation point as x=a", g.pos)
            var = self.read(sides[0], scope, g.pos, g.end)
            if not isinstance(var, (sp.Symbol, sp.Indexed)):
                raise ReadError("only a symbol can be set at an evaluation bar", g.pos)
            names.append(var)
            points.append(self.read(sides[1], scope, g.pos, g.end))
        if isinstance(body, sp.MatrixBase):
            out.hole(body.applyfunc(lambda e: sp.Subs(e, names, points)), g.pos)
        else:
            out.hole(sp.Subs(body, names, points), g.pos)
        return end

    def matrix(self, items, k, out: Emitted, scope) -> int:
        g = items[k]
        if g.env not in MATRIX_ENVS:
            raise ReadError(f"unsupported environment {g.env}", g.pos)
        body = g.items
        if g.env == "array" and body and isinstance(body[0], Group) and body[0].kind == "{":
            body = body[1:]   # the column specification
        rows = split_at(body, lambda x: tok_is(x, "cmd", "\\"))
        if rows and not strip_ws(rows[-1]):
            rows = rows[:-1]
        table = []
        for row in rows:
            cells = split_at(row, lambda x: tok_is(x, "char", "&"))
            table.append([self.read(c, scope, g.pos, g.end) for c in cells])
        if not table or any(len(r) != len(table[0]) for r in table):
            raise ReadError("the rows of this matrix differ in length", g.pos)
        if any(isinstance(c, sp.MatrixBase) for r in table for c in r):
            raise ReadError("matrix entries must be scalars", g.pos)
        m = sp.ImmutableMatrix(table)
        out.hole(m.det() if g.env == "vmatrix" else m, g.pos)
        return k + 1
