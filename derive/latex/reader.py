"""Read the tree one span at a time: symbols, commands, calls and named ML constructs.

Each span becomes flat text with holes (``Emitted``) that latex2sympy parses for the
arithmetic alone; the holes hold SymPy values built here, so nothing is ever evaluated
as text and every error keeps the column it came from.
"""
from __future__ import annotations

import sympy as sp

from ..core.functions import Expectation
from ..core.notation import binary_entropy, entropy_of, kl_of, normal_density, softmax_entry
from .bridge import CONFIG, Converter, Emitted
from .build import (Builder, HADAMARD, IDENTITY, MAYBE_T, ONES, TRANSPOSE, abs_of, apply_function,
                    norm_of)
from .constructs import Constructs
from .errors import ReadError, short
from .items import (end_of, flatten, is_paren, number, pair_bars, paren, pos_of,
                    safe_function_name, script_arg, skip_ws, split_at, strip_ws, text_of, tok_is)
from .shapes import matrix_of
from .tokens import Group, Tok, tokenize

# \Phi(x) and \phi(x) as papers use them (GELU, probit): the standard normal CDF and density.
NORMAL = {"Phi": lambda a: (1 + sp.erf(a / sp.sqrt(2))) / 2,
          "phi": lambda a: sp.exp(-a ** 2 / 2) / sp.sqrt(2 * sp.pi),
          "varphi": lambda a: sp.exp(-a ** 2 / 2) / sp.sqrt(2 * sp.pi)}
DENSITY_LETTERS = {"p", "q"}   # p(x) is a density applied to x; p(1 - p) stays a product


def number_only(items) -> bool:
    """Parentheses holding only digits: p(2) is read as the product p * 2."""
    return all(isinstance(x, Tok) and (x.text.strip() == "" or x.text.strip().replace(".", "").isdigit())
               for x in items)
from .vocabulary import (ACCENTS, BOLD, ELEMENTARY, ELEMENTARY_FUNCS, FUNCTION_LETTERS, GREEK,
                         INVERSES, KL_NAMES, NAMED, PLAIN_STYLE, RELATIONS, SPACES, softmax_of)


class Reader(Constructs):
    """Reads item lists into SymPy, one separately parsed span at a time."""

    def __init__(self, src: str, shapes: dict, items: list):
        self.src, self.shapes = src, shapes
        self.n = sp.Symbol("n", integer=True, positive=True)
        self.bounds: set = set()
        self.vectors = self.indexed_bases(items)

    def indexed_bases(self, items: list) -> set:
        """Names used with a summation index (z in sum_j e^{z_j}): their z_i are entries too."""
        letters, scripted = set(), []

        def walk(level):
            for k, it in enumerate(level):
                if isinstance(it, Group):
                    walk(it.items)
                elif tok_is(it, "cmd") and it.text in ("sum", "prod"):
                    j = skip_ws(level, k + 1)
                    if j < len(level) and tok_is(level[j], "char", "_"):
                        try:
                            sub, _ = script_arg(level, j + 1)
                        except ReadError:
                            continue
                        parts = split_at(sub, lambda x: tok_is(x, "char", "="))
                        letters.update(x.text for x in parts[0] if tok_is(x, "letter") or
                                       tok_is(x, "cmd") and x.text in GREEK)
                        bound = [x for p in parts[1:] for x in flatten(p)]
                        sup = skip_ws(level, script_arg(level, j + 1)[1])
                        if sup < len(level) and tok_is(level[sup], "char", "^"):
                            try:
                                bound += flatten(script_arg(level, sup + 1)[0])
                            except ReadError:
                                pass
                        self.bounds.update(x.text for x in bound if tok_is(x, "letter"))
                elif tok_is(it, "char", "_") and k > 0:
                    m = k - 1
                    while m > 0 and tok_is(level[m], "ws"):
                        m -= 1
                    scripted.append((level, m, k))

        walk(items)
        bases = set()
        for level, m, k in scripted:
            for start in (m - 1, m):   # \mathbf{x}_i starts one item earlier than x_i
                try:
                    name, _, end = self.head(level, start) if start >= 0 else ("", "", -1)
                    sub, _ = script_arg(level, k + 1)
                except ReadError:
                    continue
                if end == m + 1 and any(tok_is(x, "letter") and x.text in letters for x in flatten(sub)):
                    bases.add(name)
        return bases

    def read(self, items: list, scope: dict, pos: int, end: int, resolve: bool = True):
        """SymPy for one span. resolve=False (inside brackets) keeps the identity and ones
        markers for the enclosing sum to size, and keeps 1x1 matrices."""
        items = strip_ws(items)
        if not items:
            raise ReadError("an expression is missing here", pos)
        out = Emitted()
        self.emit(items, 0, len(items), out, scope)
        text = out.text()
        single = out.single()
        try:
            raw = sp.Symbol("math{zq0}") if single is not None else \
                Converter(is_real=True, config=CONFIG).parse(text)
        except ReadError as e:
            if e.message == "eof" or e.column >= len(out.origin):
                raise ReadError("the expression ends too early", end_of(items[-1])) from None
            col = out.origin[e.column]
            raise ReadError(f"unexpected {self._snippet(col)}", col) from None
        except RecursionError:
            raise ReadError("the expression is too long or nested too deeply", pos) from None
        except ReadError:
            raise
        except Exception as e:  # noqa: BLE001 - latex2sympy raises bare Exceptions
            raise ReadError(f"cannot read this expression ({short(e)})", pos) from None
        try:
            value = Builder(out.values).build(raw, resolve)
        except ReadError as e:
            raise ReadError(e.message, pos if e.column < 0 else e.column) from None
        if resolve and isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
            value = value[0, 0]
        return value

    def _snippet(self, col: int) -> str:
        try:
            tok = tokenize(self.src[col:col + 40] or " ")[0]
        except (ReadError, IndexError):
            return "input"
        return "'%s'" % (("\\" + tok.text) if tok.kind == "cmd" else tok.text.strip() or " ")

    def emit(self, items: list, k: int, stop: int, out: Emitted, scope: dict):
        while k < stop:
            k = self.emit_one(items, k, stop, out, scope)

    def emit_one(self, items, k, stop, out: Emitted, scope) -> int:
        it = items[k]
        if isinstance(it, Group):
            return self.group(items, k, out, scope)
        if it.kind == "ws":
            out.put(" ", it.pos)
            return k + 1
        if it.kind == "num":
            out.hole(number(it.text), it.pos)
            return k + 1
        if it.kind == "letter":
            return self.atom(items, k, out, scope)
        if it.kind == "char":
            return self.char(items, k, out, scope)
        return self.command(items, k, stop, out, scope)

    def group(self, items, k, out: Emitted, scope) -> int:
        g = items[k]
        j = skip_ws(items, k + 1)
        if g.kind == "{" and j < len(items) and tok_is(items[j], "char", "_"):
            return self.atom(items, k, out, scope)
        if g.kind in ("{", "(", "["):
            if g.kind != "{" and any(tok_is(x, "char", ",") for x in g.items):
                comma = next(x for x in g.items if tok_is(x, "char", ","))
                raise ReadError("a comma here is not supported (only function arguments take commas)",
                           comma.pos)
            if not strip_ws(g.items):
                raise ReadError("empty brackets", g.pos)
            # a bracket is one operand: read on its own, latex2sympy only sees flat text
            out.hole(self.read(g.items, scope, g.pos, g.end, resolve=False), g.pos)
            return k + 1
        if g.kind == "|":
            out.hole(abs_of(self.read(g.items, scope, g.pos, g.end)), g.pos)
            return k + 1
        if g.kind == "||":
            out.hole(norm_of(self.read(g.items, scope, g.pos, g.end)), g.pos)
            return k + 1
        if g.kind in ("floor", "ceil"):
            f = sp.floor if g.kind == "floor" else sp.ceiling
            out.hole(f(self.read(g.items, scope, g.pos, g.end)), g.pos)
            return k + 1
        if g.kind == "env":
            return self.matrix(items, k, out, scope)
        if g.kind == "eval":
            return self.evaluated(items, k, out, scope)
        raise ReadError("sets and angle brackets are not supported", g.pos)

    def char(self, items, k, out: Emitted, scope) -> int:
        t = items[k]
        c = t.text
        if c == "^":
            return self.superscript(items, k, out, scope)
        if c in "+-*/=<>!":
            out.put(c, t.pos)
            return k + 1
        if c == "|":
            pairs = pair_bars(items, len(items))
            if k not in pairs:
                raise ReadError("this | is never closed", t.pos)
            inner = items[k + 1:pairs[k]]
            out.hole(abs_of(self.read(inner, scope, t.pos, items[pairs[k]].pos)), t.pos)
            return pairs[k] + 1
        if c == "_":
            raise ReadError("a subscript needs something before it", t.pos)
        if c == "'":
            raise ReadError("prime notation is not supported; write \\frac{d}{dx}", t.pos)
        if c == ",":
            raise ReadError("a comma here is not supported (only function arguments take commas)", t.pos)
        raise ReadError(f"unexpected '{c}'", t.pos)

    def superscript(self, items, k, out: Emitted, scope) -> int:
        t = items[k]
        arg, nk = script_arg(items, k + 1)
        core = [x for x in arg if not tok_is(x, "ws")]
        texts = [x.text for x in core if isinstance(x, Tok)]
        if len(core) == 1 and tok_is(core[0], "cmd") and core[0].text in ("top", "intercal"):
            marker = TRANSPOSE
        elif texts == ["T"] and len(core) == 1:
            marker = TRANSPOSE if out.bold else MAYBE_T
        elif (len(core) == 2 and tok_is(core[0], "cmd") and core[0].text in ("mathsf", "mathrm")
              and isinstance(core[1], Group) and text_of(core[1].items) == "T"):
            marker = TRANSPOSE
        else:
            out.put("^", t.pos)
            return k + 1
        out.put("^", t.pos)
        out.hole(marker, t.pos)
        return nk

    def command(self, items, k, stop, out: Emitted, scope) -> int:
        t = items[k]
        name = t.text
        if name in SPACES:
            out.put(" ", t.pos)
            return k + 1
        if name in ("cdot", "times", "div"):
            out.put(f"\\{name} ", t.pos)
            return k + 1
        if name == "odot":
            out.put("\\cdot ", t.pos)
            out.hole(HADAMARD, t.pos)
            out.put("\\cdot ", t.pos)
            return k + 1
        if name in RELATIONS:
            out.put(f" {RELATIONS[name]} ", t.pos)
            return k + 1
        if name == "infty":
            out.hole(sp.oo, t.pos)
            return k + 1
        if name in ("frac", "dfrac", "tfrac"):
            return self.frac(items, k, stop, out, scope)
        if name == "sqrt":
            out.put("\\sqrt", t.pos)
            j = skip_ws(items, k + 1)
            if j < len(items) and isinstance(items[j], Group) and items[j].kind == "[":
                out.put("[", items[j].pos)
                out.hole(self.read(items[j].items, scope, items[j].pos, items[j].end), items[j].pos)
                out.put("]", items[j].end - 1)
                k = j
            arg, nk = script_arg(items, k + 1)
            out.put("{", t.pos)
            out.hole(self.read(arg, scope, t.pos, t.end, resolve=False), t.pos)
            out.put("}", t.pos)
            return nk
        if name == "binom":
            out.put("\\binom", t.pos)
            for _ in range(2):
                arg, k = script_arg(items, k + 1)
                out.put("{", t.pos)
                out.hole(self.read(arg, scope, t.pos, t.end), t.pos)
                out.put("}", t.pos)
                k -= 1
            return k + 1
        if name in ELEMENTARY:
            return self.elementary(items, k, out, scope)
        if name in ("max", "min", "det", "tr"):
            j = skip_ws(items, k + 1)
            if name in ("det", "tr") and not (j < len(items) and is_paren(items[j])):
                arg, nk = script_arg(items, k + 1)     # \det A, like \sin x
                out.hole(apply_function(NAMED[name][0], [self.read(arg, scope, t.pos, t.end)], False,
                                t.pos), t.pos)
                return nk
            return self.call(items, k + 1, name, t.pos, out, scope)
        if name in ("sum", "prod"):
            return self.series(items, k, stop, out, scope)
        if name == "int":
            return self.integral(items, k, stop, out, scope)
        if name == "lim":
            return self.limit(items, k, stop, out, scope)
        if name == "nabla":
            return self.nabla(items, k, stop, out, scope)
        if name == "|":
            return self.bars(items, k, stop, out, scope)
        if name in GREEK or name in BOLD | PLAIN_STYLE | set(ACCENTS) or name == "mathbb":
            return self.atom(items, k, out, scope)
        if name == "partial":
            raise ReadError("write partial derivatives as \\frac{\\partial}{\\partial x} f", t.pos)
        if name in ("top", "intercal"):
            raise ReadError(f"\\{name} belongs in a superscript: x^\\top", t.pos)
        if name == "\\":
            raise ReadError("a line break is only allowed inside a matrix", t.pos)
        raise ReadError(f"unknown command \\{name}", t.pos)

    def elementary(self, items, k, out: Emitted, scope) -> int:
        """\\sin, \\log_2, \\exp, ...; with parentheses the argument is exactly their content."""
        t = items[k]
        name, base, power = t.text, None, None
        j = skip_ws(items, k + 1)
        if name == "log" and j < len(items) and tok_is(items[j], "char", "_"):
            arg, j = script_arg(items, j + 1)
            base = self.read(arg, scope, t.pos, t.end)
            j = skip_ws(items, j)
        if j < len(items) and tok_is(items[j], "char", "^"):
            power, j = script_arg(items, j + 1)
            if all(not isinstance(x, Group) for x in power) and text_of(power) == "-1":
                if name not in INVERSES:
                    raise ReadError(f"\\{name}^{{-1}} is not supported", t.pos)
                name, power = INVERSES[name], None
            j = skip_ws(items, j)
        if j < len(items) and is_paren(items[j]):   # \\sin{\\left(x\\right)} y is sin(x) y
            g = paren(items[j])
            f = ELEMENTARY_FUNCS[name]
            arg = self.read(g.items, scope, g.pos, g.end)
            out.hole(apply_function(f if base is None else (lambda a: sp.log(a, base)), [arg], True, t.pos),
                     t.pos)
            k = j + 1
        else:                                        # \\sin x: latex2sympy reads the argument
            if base is not None and power is not None:
                raise ReadError("write a power of a logarithm with parentheses: \\log_2^2(x)", t.pos)
            if base is not None:
                out.put("\\log_", t.pos)
                out.hole(base, t.pos)
            else:
                out.put("\\ln" if name == "log" else f"\\{name}", t.pos)
            k = j
        if power is not None:
            out.put("^{", t.pos)
            out.hole(self.read(power, scope, t.pos, t.end), t.pos)
            out.put("}", t.pos)
        out.put(" ", t.pos)
        return k

    def bars(self, items, k, stop, out: Emitted, scope) -> int:
        """\\| x \\| as a norm (KL's \\| is read by the KL construct)."""
        t = items[k]
        for j in range(k + 1, stop):
            if tok_is(items[j], "cmd", "|"):
                out.hole(norm_of(self.read(items[k + 1:j], scope, t.pos, items[j].pos)), t.pos)
                return j + 1
        raise ReadError("this \\| is never closed", t.pos)

    def head(self, items, k) -> tuple[str, str, int]:
        """The name of a symbol at k and its style ("plain", "bold", "roman", "bb")."""
        t = items[k]
        if tok_is(t, "letter"):
            return t.text, "plain", k + 1
        if tok_is(t, "cmd") and t.text in GREEK:
            return t.text, "greek", k + 1
        if isinstance(t, Group) and t.kind == "{":     # {x}_{i}, as SymPy prints Indexed
            inner = strip_ws(t.items)
            name, style, m = self.head(inner, 0) if inner else ("", "", 0)
            if m != len(inner) or not name:
                raise ReadError("expected a symbol", t.pos)
            return name, style, k + 1
        if tok_is(t, "cmd") and t.text in BOLD | PLAIN_STYLE | set(ACCENTS) | {"mathbb"}:
            arg, nk = script_arg(items, k + 1)
            inner = [x for x in arg if not tok_is(x, "ws")]
            if len(inner) == 1 or (len(inner) == 2 and isinstance(inner[1], Group)):
                if inner and (tok_is(inner[0], "cmd") and inner[0].text in BOLD | PLAIN_STYLE |
                              set(ACCENTS)):
                    name, style, _ = self.head(inner, 0)
                    return (*self._styled(t.text, name, style), nk)
            name = text_of(arg)
            if not name:
                raise ReadError(f"\\{t.text} needs a name", t.pos)
            return (*self._styled(t.text, name, "plain"), nk)
        raise ReadError("expected a symbol", pos_of(t))

    @staticmethod
    def _styled(cmd: str, name: str, style: str) -> tuple:
        if cmd in BOLD:
            return name, "bold"
        if cmd == "mathbb":
            return name, "bb"
        if cmd in ACCENTS:
            return name + ACCENTS[cmd], style
        return name, "roman" if len(name) > 1 else style

    def atom(self, items, k, out: Emitted, scope) -> int:
        start = items[k]
        name, style, k = self.head(items, k)
        if style == "bb":
            if name == "E":
                return self.expectation(items, k, start.pos, out, scope)
            raise ReadError(f"\\mathbb{{{name}}} is not supported here", start.pos)
        if style == "roman" and name in NAMED:
            return self.call(items, k, name, start.pos, out, scope)
        if style == "roman" and name in KL_NAMES:
            return self.kl(items, k, start.pos, out, scope)
        if style == "roman" and is_paren(items[skip_ws(items, k)] if skip_ws(items, k) < len(items)
                                          else None):
            raise ReadError(f"unknown function {name!r}; known: {', '.join(sorted(NAMED))}", start.pos)
        sub = None
        j = skip_ws(items, k)
        if j < len(items) and tok_is(items[j], "char", "_"):
            sub, k = script_arg(items, j + 1)
        if name == "D" and sub is not None and text_of(sub) in KL_NAMES:
            return self.kl(items, k, start.pos, out, scope)
        j = skip_ws(items, k)
        nxt = items[j] if j < len(items) else None
        if sub is None and style in ("plain", "roman") and name == "E" and isinstance(nxt, Group) \
                and nxt.kind == "[":
            return self.expectation(items, k, start.pos, out, scope)
        if is_paren(nxt):
            if name == "sigma" and sub is None and style == "greek":
                return self.call(items, k, "sigmoid", start.pos, out, scope)
            if name == "Gamma" and sub is None:
                return self.call_with(items, j, sp.gamma, 1, True, start.pos, out, scope)
            if name == "Ncal" and sub is None:       # \mathcal{N}(x; \mu, \sigma^2)
                return self.call_with(items, j, normal_density, 3, False, start.pos, out, scope)
            if name == "H" and style == "plain" and sub is None:
                return self.entropy(items, j, start.pos, out, scope)
            if name == "H" and style == "plain" and text_of(sub) == "2":
                return self.call_with(items, j, binary_entropy, 1, False, start.pos, out, scope)
            if name in ("Phi", "phi", "varphi") and sub is None and style == "greek":
                return self.call_with(items, j, NORMAL[name], 1, True, start.pos, out, scope)
            if name == "E" and sub is None and style in ("plain", "roman"):   # E(X): expectation
                return self.call_with(items, j, Expectation, 1, False, start.pos, out, scope)
            fname = name if sub is None else f"{name}_{text_of(sub)}"
            if name in DENSITY_LETTERS and style == "plain" and not any(   # p(x), not p(1 - p)
                    tok_is(x, "char") and x.text in "+-" or not isinstance(x, (Tok, Group))
                    for x in paren(nxt).items) and not number_only(paren(nxt).items):
                return self.call_with(items, j, sp.Function(fname, real=True), None, False,
                                      start.pos, out, scope)
            if (name in FUNCTION_LETTERS and style != "bold") or any(
                    tok_is(x, "char", ",") for x in paren(nxt).items):
                if not safe_function_name(fname):
                    raise ReadError(f"{fname!r} cannot name a function", start.pos)
                return self.call_with(items, j, sp.Function(fname, real=True), None, False,
                                      start.pos, out, scope)
        if name == "delta" and sub is not None and style == "greek":
            idx = self.indices(sub, scope, start.pos)
            if len(idx) == 2:
                out.hole(sp.KroneckerDelta(*idx), start.pos)
                return k
        out.hole(self.symbol(name, style, sub, scope, start.pos), start.pos,
                 bold=style == "bold")
        return k

    def symbol(self, name: str, style: str, sub, scope: dict, pos: int):
        if sub is None:
            if name in scope:
                return scope[name]
            if name in self.shapes:
                return self.matrix_symbol(name)
            if name == "e" and style in ("plain", "roman"):
                return sp.E
            if name == "pi" and style == "greek":
                return sp.pi
            if name == "n" and style == "plain":
                return self.n
            if name in self.bounds and style == "plain":   # the bound of a sum is a count
                return sp.Symbol(name, integer=True, positive=True)
            if name in ("1", "0") and style == "bold":
                return ONES if name == "1" else sp.S.Zero
            if name.isdigit():
                return number(name)
            if name == "I" and style in ("plain", "bold", "roman"):
                return IDENTITY
            return sp.Symbol(name, real=True)
        text = text_of(sub)
        full = f"{name}_{text}"     # x_1, W_ij, m_t-1: SymPy prints them x_{1}, W_{ij}, m_{t-1}
        if full in self.shapes:
            return self.matrix_symbol(full)
        if name in self.shapes and text.replace(",", "").isdigit():
            return sp.Symbol(full, real=True)   # an entry of a declared matrix: x_2, A_{12}
        if (scope and self._mentions(sub, scope)) or (
                name in self.vectors and all(tok_is(x, "letter") or tok_is(x, "num") or tok_is(x, "ws")
                                             or tok_is(x, "char", ",") for x in flatten(sub))):
            return sp.IndexedBase(name, real=True)[tuple(self.indices(sub, scope, pos))]
        return sp.Symbol(full, real=True)

    def _mentions(self, sub: list, scope: dict) -> bool:
        for it in sub:
            if isinstance(it, Group):
                if self._mentions(it.items, scope):
                    return True
            elif (it.kind == "letter" or it.kind == "cmd") and it.text in scope:
                return True
        return False

    def indices(self, sub: list, scope: dict, pos: int) -> list:
        """x_{ij} -> [i, j]; x_{i,j} -> [i, j]; x_{i+1} -> [i + 1]; letters are integers."""
        flat = strip_ws(sub)
        if len(flat) == 1 and isinstance(flat[0], Group):
            flat = strip_ws(flat[0].items)
        if any(tok_is(x, "char", ",") for x in flat):
            parts = split_at(flat, lambda x: tok_is(x, "char", ","))
        elif all(tok_is(x, "letter") or tok_is(x, "num") and len(x.text) == 1 or tok_is(x, "ws")
                 for x in flat):
            parts = [[x] for x in flat if not tok_is(x, "ws")]
        else:
            parts = [flat]
        inner = dict(scope)
        for it in flat:
            if tok_is(it, "letter") and it.text not in inner:
                inner[it.text] = sp.Symbol(it.text, integer=True)
        return [self.read(p, inner, pos, pos) for p in parts]

    def matrix_symbol(self, name: str) -> sp.ImmutableMatrix:
        return matrix_of(name, self.shapes[name])

    def call(self, items, k, name: str, pos: int, out: Emitted, scope) -> int:
        f, arity, elementwise = NAMED[name]
        j = skip_ws(items, k)
        if j >= len(items) or not is_paren(items[j]):
            raise ReadError(f"{name} needs its argument in parentheses", pos)
        if name == "softmax":
            return self.softmax(items, j, pos, out, scope)
        return self.call_with(items, j, f, arity, elementwise, pos, out, scope)

    def arguments(self, items, j, arity, scope) -> list:
        """The arguments in the parentheses at j, split at commas and semicolons (f(x; theta))."""
        g = paren(items[j])
        parts = split_at(g.items, lambda x: tok_is(x, "char", ",") or tok_is(x, "char", ";"))
        if arity is not None and len(parts) != arity:
            raise ReadError(f"expected {arity} argument{'s' if arity > 1 else ''}", g.pos)
        return [self.read(p, scope, g.pos, g.end) for p in parts]

    def call_with(self, items, j, f, arity, elementwise, pos, out: Emitted, scope) -> int:
        out.hole(apply_function(f, self.arguments(items, j, arity, scope), elementwise, pos), pos)
        return j + 1

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
            raise ReadError("\\mathbb{E} needs its argument in brackets: \\mathbb{E}[X]", pos)
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
        if j >= len(items) or not is_paren(items[j]):
            raise ReadError("D_KL needs its arguments in parentheses: D_{KL}(p \\| q)", pos)
        g = paren(items[j])
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
