"""Read the tree one span at a time: symbols, commands, calls and named ML constructs.

Each span becomes flat text with holes (``Emitted``) that latex2sympy parses for the
arithmetic alone; the holes hold SymPy values built here, so nothing is ever evaluated
as text and every error keeps the column it came from.
"""
from __future__ import annotations

import sympy as sp

from .bridge import CONFIG, Converter, Emitted
from .build import (Builder, HADAMARD, IDENTITY, MAYBE_T, ONES, TRANSPOSE, abs_of, apply_function,
                    norm_of)
from .calls import Calls
from .constructs import Constructs
from .ellipsis import Ellipses, is_ellipsis, new_letters, set_name
from .errors import ParseError, ReadError, short
from .matrices import entry_of
from .items import (end_of, flatten, is_paren, number, pair_bars, paren, pos_of, script_arg,
                    skip_ws, split_at, strip_ws, text_of, tok_is)
from .probability import Probability
from .scripts import Primes, decorations
from .shapes import matrix_of
from .tokens import Group, Tok, tokenize
from .vocabulary import (ACCENTS, BOLD, ELEMENTARY, ELEMENTARY_FUNCS, GREEK, INVERSES, KL_NAMES,
                         NAMED, PLAIN_STYLE, RELATIONS, SPACES)

BIG = {"lim", "max", "min", "sum", "prod", "sup", "inf", "argmax", "argmin"}


def two_norm(items, k) -> int:
    """Past the _2 of \\|x\\|_2 (the Euclidean norm, which \\|x\\| already is); for
    \\|x\\|^2_2 (see ``norm_power``) the _2 after the power."""
    j = skip_ws(items, k)
    if j < len(items) and tok_is(items[j], "char", "_"):
        sub, end = script_arg(items, j + 1)
        if [x.text for x in strip_ws(sub) if isinstance(x, Tok)] == ["2"]:
            return end
    return k


class Reader(Constructs, Probability, Primes, Ellipses, Calls):
    """Reads item lists into SymPy, one separately parsed span at a time."""

    def __init__(self, src: str, shapes: dict, items: list):
        self.src, self.shapes = src, shapes
        self.n = sp.Symbol("n", integer=True, positive=True)
        self.bounds: set = set()
        self.sets: set = set()        # \\mathcal{B} in \\sum_{i \\in \\mathcal{B}}: its size
        self.held: dict = {}          # values read ahead (an ellipsis run), as "hole" tokens
        self.notes: list = []         # how ambiguous notation was read, said aloud
        self.vectors = self.indexed_bases(items)

    def note(self, text: str):
        if text not in self.notes:
            self.notes.append(text)

    def indexed_bases(self, items: list) -> set:
        """Names used with a summation index (z in sum_j e^{z_j}): their z_i are entries too."""
        letters, scripted = set(), []

        def walk(level):
            if any(is_ellipsis(x) for x in level):   # x_1 + ... + x_n: x is a vector, n a count
                found = new_letters(level)
                self.bounds.update(found)
                letters.update(found)
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
                        named = set_name(self, sub)
                        if named:
                            self.sets.add(named)
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
        items = self.expand_ellipses(items, scope, pos)
        chooses = [m for m, x in enumerate(items) if tok_is(x, "cmd", "choose")]
        if chooses:                                     # {n \\choose k}
            if len(chooses) > 1 or chooses[0] in (0, len(items) - 1):
                raise ReadError("\\choose needs one term on each side: {n \\choose k}", items[chooses[0]].pos)
            m = chooses[0]
            return sp.binomial(self.read(items[:m], scope, pos, items[m].pos),
                               self.read(items[m + 1:], scope, items[m].end, end))
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
        if it.kind == "hole":
            out.hole(self.held[it.text], it.pos)
            return k + 1
        if it.kind == "num":
            out.hole(number(it.text), it.pos)
            return k + 1
        if it.kind == "letter":
            run = k
            while run + 1 < stop and tok_is(items[run + 1], "letter") and items[run + 1].text.isupper() \
                    and items[run + 1].pos == items[run].end:
                run += 1
            if run > k + 1 and it.text.isupper() and run + 1 < stop and is_paren(items[run + 1]) \
                    and items[run + 1].pos == items[run].end:     # RSS(\\theta), EPE(x_0): one name
                name = "".join(x.text for x in items[k:run + 1])
                self.note(f"{name}(...) as the function {name} applied")
                return self.call_with(items, run + 1, sp.Function(name, real=True), None, False,
                                      it.pos, out, scope)
            return self.atom(items, k, out, scope)
        if it.kind == "char":
            return self.char(items, k, out, scope)
        return self.command(items, k, stop, out, scope)

    def group(self, items, k, out: Emitted, scope) -> int:
        g = items[k]
        j = skip_ws(items, k + 1)
        if g.kind == "[" and j < len(items) and tok_is(items[j], "char", "_") and g.items:
            sub, end = script_arg(items, j + 1)            # [A x]_k: an entry of a product
            inner = self.src[g.items[0].pos:end_of(g.items[-1])]
            try:
                value = entry_of(inner, self.indices(sub, scope, g.pos), self.n)
            except ParseError as e:
                raise ReadError(e.message, g.pos) from None
            self.note("an entry [A x]_k as the sum over j = 1..n of A[k, j] x[j] (all sizes n)")
            out.hole(value, g.pos)
            return end
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
            return self.norm_power(items, two_norm(items, k + 1), out, scope)
        if g.kind in ("floor", "ceil"):
            f = sp.floor if g.kind == "floor" else sp.ceiling
            out.hole(f(self.read(g.items, scope, g.pos, g.end)), g.pos)
            return k + 1
        if g.kind == "env":
            return self.matrix(items, k, out, scope)
        if g.kind == "eval":
            return self.evaluated(items, k, out, scope)
        if g.kind == "set" and strip_ws(g.items) and not any(tok_is(x, "char", ",") for x in g.items):
            out.hole(self.read(g.items, scope, g.pos, g.end, resolve=False), g.pos)   # \\left\\{ x \\right\\}
            return k + 1
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
        if set(c) == {"'"}:
            raise ReadError("a prime follows a name: f'(x) or x'", t.pos)
        if c == ",":
            raise ReadError("a comma here is not supported (only function arguments take commas)", t.pos)
        raise ReadError(f"unexpected '{c}'", t.pos)

    def superscript(self, items, k, out: Emitted, scope) -> int:
        t = items[k]
        arg, nk = script_arg(items, k + 1)
        if isinstance(items[k + 1] if k + 1 < len(items) else None, Group) and not strip_ws(arg):
            return nk                                  # (x)^{\\,}: a spacing script
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
        if name == "%":                                 # 5\\%: a hundredth
            out.put("\\cdot ", t.pos)
            out.hole(sp.Rational(1, 100), t.pos)
            return k + 1
        if name in ("mod", "bmod"):
            out.put(" \\mod ", t.pos)
            return k + 1
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
        if name in ("underbrace", "overbrace", "underbracket", "overbracket"):
            arg, nk = script_arg(items, k + 1)          # the annotation is prose: read the body
            j = skip_ws(items, nk)
            if j < len(items) and tok_is(items[j], "char", "_" if name.startswith("under") else "^"):
                _, nk = script_arg(items, j + 1)
            out.hole(self.read(arg, scope, t.pos, t.end, resolve=False), t.pos)
            return nk
        if name in ("underset", "overset"):            # \\underset{x \\to 0}{\\lim}, \\overset{\\,}{y}
            note, k1 = script_arg(items, k + 1)
            base, k2 = script_arg(items, k1)
            base = strip_ws(base)
            if len(base) == 1 and tok_is(base[0], "cmd") and base[0].text in BIG and name == "underset":
                rest = base + [Tok("char", "_", t.pos, t.pos), Group("{", t.pos, t.end, note)]
            else:
                rest = [Group("{", t.pos, t.end, base)]
            rest += items[k2:stop]
            self.emit(rest, 0, len(rest), out, scope)
            return stop
        if name == "Pr":
            return self.probability(items, k + 1, "Pr", t.pos, out, scope)
        if name in ("gcd", "lcm"):
            return self.call(items, k + 1, name, t.pos, out, scope)
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
        if name == "partial" and tok_is(items[skip_ws(items, k + 1)] if skip_ws(items, k + 1) < len(items)
                                        else None, "char", "_"):
            return self.nabla(items, k, stop, out, scope)      # \\partial_x f
        if name in ("ldots", "cdots"):
            raise ReadError(f"\\{name} stands between terms: x_1 + \\cdots + x_n or f(x_1, \\ldots, x_n)",
                            t.pos)
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
                return self.norm_power(items, two_norm(items, j + 1), out, scope)
        raise ReadError("this \\| is never closed", t.pos)

    def norm_power(self, items, k, out: Emitted, scope) -> int:
        """\\|x\\|^2_2: the power of the norm, the _2 after it dropped."""
        j = skip_ws(items, k)
        if j < len(items) and tok_is(items[j], "char", "^"):
            power, m = script_arg(items, j + 1)
            after = two_norm(items, m)
            if after != m:
                out.put("^{", items[j].pos)
                out.hole(self.read(power, scope, items[j].pos, items[j].end), items[j].pos)
                out.put("}", items[j].pos)
                return after
        return k

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
            if name == "P":
                return self.probability(items, k, "P", start.pos, out, scope)
            if name == "V":
                return self.var_or_cov(items, k, "Var", start.pos, out, scope)
            raise ReadError(f"\\mathbb{{{name}}} is not supported here", start.pos)
        if style == "roman" and name in ("Var", "Cov", "Corr", "Cor"):
            return self.var_or_cov(items, k, name, start.pos, out, scope)
        if style == "roman" and name in ("Pr", "Prob"):
            return self.probability(items, k, "Pr", start.pos, out, scope)
        if style == "roman" and name in NAMED:
            return self.call(items, k, name, start.pos, out, scope)
        if style == "roman" and name in KL_NAMES:
            return self.kl(items, k, start.pos, out, scope)
        if style == "roman" and is_paren(items[skip_ws(items, k)] if skip_ws(items, k) < len(items)
                                          else None):
            raise ReadError(f"unknown function {name!r}; known: {', '.join(sorted(NAMED))}", start.pos)
        sub, deco, k = decorations(items, k)
        if name == "D" and sub is not None and text_of(sub) in KL_NAMES:
            return self.kl(items, k, start.pos, out, scope)
        j = skip_ws(items, k)
        nxt = items[j] if j < len(items) else None
        if style in ("plain", "roman") and name == "E" and not deco.primes and isinstance(nxt, Group) \
                and nxt.kind == "[":
            return self.expectation(items, k, start.pos, out, scope)   # E[X], E_x[f]
        if is_paren(nxt) and deco.primes and deco.label is None and not deco.star:
            return self.prime_call(items, j, self.function_of(name, style, sub, start.pos),
                                   deco.primes, start.pos, out, scope)
        if is_paren(nxt) and not deco.primes and not deco.star and deco.label is None \
                and deco.power is None:
            end = self.applied(items, j, name, style, sub, start.pos, out, scope)
            if end is not None:
                return end
        if name == "delta" and sub is not None and style == "greek" and not any(
                (deco.primes, deco.star, deco.label, deco.power)):
            idx = self.indices(sub, scope, start.pos)
            if len(idx) == 2:
                out.hole(sp.KroneckerDelta(*idx), start.pos)
                return k
        if deco.label is not None or deco.star or deco.primes:
            value = self.decorated(name, style, sub, deco, scope, start.pos)
        else:
            value = self.symbol(name, style, sub, scope, start.pos)
        out.hole(value, start.pos, bold=style == "bold")
        if deco.power is not None:
            out.put("^{", start.pos)
            out.hole(self.read(deco.power, scope, start.pos, start.end), start.pos)
            out.put("}", start.pos)
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
            if name in self.sets:                          # a set in arithmetic: its size
                return sp.Symbol(name, integer=True, positive=True)
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
