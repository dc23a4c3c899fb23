"""Printers for derivations: LaTeX (align*), Markdown ($$ blocks) and plain text.

Formulas go through ``DeriveLatexPrinter``, a SymPy LatexPrinter whose settings are the
notation profile (``\\log`` or ``\\ln``, ``^\\top`` or ``^T``, bold or arrow vectors,
justification column or ``\\tag*``; see ``derive.render.profile.Notation``) and verdict markers.
Steps and derivations are printed by ``_print_Step`` and ``_print_Chain`` methods,
so settings carry through to every formula. A step's display form is printed as its
author wrote it (order and factors of 1 kept); computed forms are tidied (a leading
positive term, no explicit factor 1). Every formula is written so that ``derive.parse``
reads it back to an equal expression (tests/test_roundtrip.py): what d/dx acts on is
bracketed unless it is one factor, a derivative or limit followed by more factors is
bracketed, and a name that could be a function (f, g, \\sigma) is multiplied by a
bracket with an explicit ``\\cdot``.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy import S
from sympy.printing.latex import LatexPrinter

from ..core import functions
from ..core.assumptions import DOMAINS
from ..core.chain import Chain, Step
from .delims import house_style as plain_delims
from .profile import split_settings
from .prose import escape, prose_tex
from .steplines import RELATION_TEX, Item, chains, items
MARK = {"proved": r"\checkmark", "numeric": r"\sim", "refuted": r"\times", "undecided": "?"}


# MathJax (Markdown, Jupyter) typesets \\text{...} literally: only grouping, macros and
# comments need avoiding, and text-mode escapes such as \\^{} would show as written
_MATHJAX_TEXT = {"\\": "∖", "{": "(", "}": ")", "%": "％", "$": "＄", "&": "＆", "#": "＃"}


def tex_text(s: str, *, mathjax: bool = False) -> str:
    """Escape prose for use inside \\text{...} (for MathJax when ``mathjax``)."""
    if mathjax:
        return "".join(_MATHJAX_TEXT.get(c, c) for c in s)
    return escape(s)


def mathjax_text(s: str) -> str:
    """Prose inside a MathJax/KaTeX formula: text in ``\\text{}``, its ``$...$`` maths set
    between the text pieces (a ``$`` inside ``\\text`` is not portable, and KaTeX
    rejects the ``_`` of maths turned into text)."""
    parts = []
    for part in _MD_INLINE.split(s):
        if _MD_INLINE.fullmatch(part):
            parts.append("{%s}" % part[1:-1])
        elif part:
            parts.append(r"\text{%s}" % tex_text(part, mathjax=True))
    return "".join(parts)


class DeriveLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with ML notation and printers for steps and derivations."""

    _default_settings = dict(LatexPrinter._default_settings, transpose=r"\top", vectors=(),
                             vector_style="bold", markers=False, env="align*", justify="column",
                             refuted_color="red")

    def __init__(self, settings=None):
        self._given = dict(settings or {})
        super().__init__(self._given)

    def doprint(self, expr) -> str:
        return plain_delims(super().doprint(expr))

    def with_settings(self, **changes) -> "DeriveLatexPrinter":
        """A printer with the same settings except ``changes``."""
        return type(self)(dict(self._given, **changes))

    # -- notation -----------------------------------------------------------------
    def _print(self, expr, **kwargs):
        if isinstance(expr, functions.softmax) and expr.args[2].is_Integer:
            return self._softmax_of_entries(expr, **kwargs)
        return super()._print(expr, **kwargs)

    def _softmax_of_entries(self, expr, exp=None) -> str:
        """softmax(z)_i of a concrete size n lists z_1, ..., z_n: the size is then on the page."""
        z, i, n = expr.args
        entries = ", ".join(self._print(z[k]) for k in range(1, int(n) + 1))
        s = r"\operatorname{softmax}\left(%s\right)_{%s}" % (entries, self._print(i))
        return s if exp is None else r"%s^{%s}" % (s, exp)

    def _print_Transpose(self, expr):
        base = self._print(expr.arg)
        if not isinstance(expr.arg, (sp.Symbol, sp.MatrixSymbol)):
            base = r"\left(%s\right)" % base
        return "%s^{%s}" % (base, self._settings["transpose"])

    def _print_Symbol(self, expr, style="plain"):
        if expr.name in self._settings["vectors"] and expr not in self._settings["symbol_names"]:
            return self._vector(expr.name)
        return super()._print_Symbol(expr, style)

    def _vector(self, name: str) -> str:
        """A vector's name in bold or with an arrow; sub- and superscripts stay plain."""
        if self._settings["vector_style"] == "bold":
            return self._deal_with_super_sub(name, style="bold")
        base, supers, subs = self._split_super_sub(name)
        out = r"\vec{%s}" % base
        if subs:
            out += "_{%s}" % " ".join(subs)
        if supers:
            out += "^{%s}" % " ".join(supers)
        return out

    def _print_Indexed(self, expr):
        # an entry of a vector is a scalar: plain letter, braces only when needed
        label = expr.base.label
        base = super()._print_Symbol(label) if isinstance(label, sp.Symbol) else self._print(label)
        if any(c in base for c in "_^") or " " in base:
            base = "{%s}" % base
        return "%s_{%s}" % (base, ",".join(self._print(i) for i in expr.indices))

    def _print_Derivative(self, expr):
        # ML writing uses the partial sign whenever more than one quantity is in play
        inner = expr.expr
        free = inner.free_symbols | inner.atoms(sp.Indexed)
        ordinary = len(free - {v for v, _ in expr.variable_count}) == 0 and \
            len(expr.variable_count) == 1 and not isinstance(expr.variable_count[0][0], sp.Indexed)
        d = self._settings["diff_operator_latex"] if ordinary else r"\partial"
        parts = []
        total = 0
        for v, c in reversed(expr.variable_count):
            total += c
            vs = self._print(v)
            parts.append(r"%s %s" % (d, vs) if c == 1 else
                         r"%s %s^{%s}" % (d, self.parenthesize_super(vs), c))
        num = d if total == 1 else r"%s^{%s}" % (d, total)
        return r"\frac{%s}{%s} %s" % (num, " ".join(parts), self.operand(inner))

    def operand(self, expr) -> str:
        """What an operator (d/dx) acts on, bracketed unless it is one factor: a sum, a
        product or a negated form under d/dx would leave the reader to guess its extent."""
        tex = self._print(expr)
        if expr.is_Add or expr.could_extract_minus_sign() or tex.startswith("-") or (
                expr.is_Mul and not _one_fraction(tex)):
            return r"\left(%s\right)" % tex
        return tex

    def _print_IndexedBase(self, expr):
        return self._print(expr.label)

    # -- sums and products as a reader writes them --------------------------------
    def add_terms(self, expr) -> list:
        """The terms of a sum as printed pieces: the first bare, the rest '+ t' or '- t'.

        Joined they are the printed sum; a long sum can be broken between pieces.
        """
        terms = list(self._as_ordered_terms(expr, order=None))
        if self.order not in ("old", "none"):
            terms = _positive_first(terms)
        pieces = []
        for k, term in enumerate(terms):
            sign = ""
            if k and term.could_extract_minus_sign():
                sign, term = "- ", -term
            elif k:
                sign = "+ "
            tex = self._print(term)
            if self._needs_add_brackets(term):
                tex = r"\left(%s\right)" % tex
            pieces.append(sign + plain_delims(tex))
        return pieces

    def _print_Add(self, expr, order=None):
        return " ".join(self.add_terms(expr))

    def _needs_mul_brackets(self, expr, first=False, last=False) -> bool:
        # an operator reaches to the end of a product: d/dx f g is d(fg)/dx, so a
        # derivative or a limit followed by more factors is bracketed
        if not last and isinstance(expr, (sp.Derivative, sp.Limit)):
            return True
        # a factor that prints as a fraction, e.g. (e^z / Z) delta, needs no brackets
        if expr.is_Mul and not expr.could_extract_minus_sign() and _is_fraction(expr) \
                and not any(isinstance(a, (sp.Sum, sp.Integral, sp.Product)) for a in expr.args):
            return False
        return super()._needs_mul_brackets(expr, first=first, last=last)

    def _print_Mul(self, expr):
        # f (1 - r) would read as f applied to 1 - r: a name that also names a function
        # is multiplied by a bracket with an explicit dot
        factors = _flat_factors(expr) if isinstance(expr, sp.Mul) else []
        if factors and expr.is_commutative and any(a.is_Integer or a.is_Float for a in factors[1:]) \
                and not all(a.is_Number for a in factors) and factors[0] is not S.NegativeOne \
                and not any(a.is_Rational and not a.is_Integer for a in factors) \
                and not any(isinstance(a, sp.Pow) and a.exp.is_negative for a in factors):
            return self._mul_with_numbers(factors)      # \mu \sigma \cdot 0, as written
        return _CALL_LOOKALIKE.sub(r"\1 \\cdot \\left(", super()._print_Mul(expr))

    def _mul_with_numbers(self, factors: list) -> str:
        """An unevaluated product with a number after its first factor: the number is set
        off by a dot (juxtaposed, \\mu \\sigma 0 reads as one name, 2 x 3 as 2x3)."""
        from sympy.printing.precedence import PRECEDENCE
        out = ""
        for k, a in enumerate(factors):
            tex = self.parenthesize(a, PRECEDENCE["Mul"], strict=True)
            if k and a.is_Number and (a.is_negative or tex.startswith("-")):
                tex = r"\left(%s\right)" % tex
            out += tex if not k else ((r" \cdot " if a.is_Number else " ") + tex)
        return _CALL_LOOKALIKE.sub(r"\1 \\cdot \\left(", out)

    def _print_Subs(self, expr):
        # the value at the point itself (dL/dy_1 at y = y) is the expression
        if [self._print(v) for v in expr.variables] == [self._print(v) for v in expr.point]:
            return self._print(expr.expr)
        return super()._print_Subs(expr)

    def _print_Determinant(self, expr):
        m = expr.arg
        if isinstance(m, sp.MatrixBase):
            rows = [" & ".join(self._print(e) for e in m.row(r)) for r in range(m.rows)]
            return r"\begin{vmatrix}%s\end{vmatrix}" % r" \\ ".join(rows)
        return r"\det\left(%s\right)" % self._print(m)

    # -- steps --------------------------------------------------------------------
    def formula(self, step: Step) -> str:
        """The LaTeX of a step's form: a display form in its author's order."""
        return " ".join(self.formula_pieces(step))

    def formula_pieces(self, step: Step) -> list:
        """A step's form cut between the terms of a top-level sum (one piece otherwise)."""
        if step.display is not None:   # an author's form is printed as written, 1 x 5 too
            return _pieces(self.with_settings(order="none"), tidy(step.display, as_written=True))
        return _pieces(self, tidy(step.expr))

    def side_pieces(self, step: Step) -> list:
        """A step's side computation as pieces 'first', '= second', ... (none: [])."""
        pieces = []
        for k, sub in enumerate(step.substeps):
            tex = plain_delims(self._print(tidy(sub.shown)))
            pieces.append("%s %s" % (RELATION_TEX[sub.relation or "="], tex) if k else tex)
        return pieces

    def justification(self, item: Item) -> str:
        """The right-hand column: the rule in words, then (optionally) the verdict mark."""
        if self._settings["env"] in MATHJAX_ENVS:
            why = mathjax_text(item.why) if item.why else ""
        else:
            why = r"\text{%s}" % prose_tex(item.why) if item.why else ""
        if self._settings["markers"] and item.status:
            why = (why + r"\quad " if why else "") + MARK[item.status]
        if item.status == "refuted":
            why = r"\textcolor{%s}{%s}" % (self._settings["refuted_color"], why or r"\text{refuted}")
        return why

    def step_line(self, item: Item) -> str:
        """'& relation form' plus the justification, in a column or a \\tag*."""
        body = "&%s %s" % (item.relation, item.form)
        why = self.justification(item)
        if not why:
            return body
        if self._settings["justify"] == "tag" and self._settings["env"] in TAGGABLE:
            return body + r" \tag*{$%s$}" % why
        return body + " && " + why

    def _print_Step(self, step: Step) -> str:
        status = step.verdict.status if step.verdict is not None else None
        return self.step_line(Item(self.formula(step), RELATION_TEX[step.relation], step.rule,
                                   step.note, status))

    def _print_Chain(self, d: Chain) -> str:
        return self.block(items(d, self))

    def side_line(self, item: Item) -> str:
        """The row under a step that shows its side computation: '\\qquad where u' = ...'."""
        return self.step_line(Item(" ".join(item.side), SIDE_LEAD, item.side_why))

    def block(self, seq: list) -> str:
        """An align*/aligned block of starts and steps (a whole derivation or a prefix).

        A start whose display was refuted stands on a row of its own, in colour, with
        the reason beside it; a step's side computation gets a row under the step.
        """
        lines = []
        for chain in chains(seq):
            start, steps = chain[0], chain[1:]
            head = start.form
            if start.status == "refuted":
                head = r"\textcolor{%s}{%s}" % (self._settings["refuted_color"], head)
                lines.append(head + " " + self.step_line(Item("", why=start.why, status="refuted")))
                head = ""
            elif not steps:
                lines.append(head)
            for k, step in enumerate(steps):
                lines.append((head + " " if k == 0 and head else "") + self.step_line(step))
                if step.side:
                    lines.append(self.side_line(step))
        env = self._settings["env"]
        sep = " \\\\\n  "
        return "\\begin{%s}\n  %s\n\\end{%s}" % (env, sep.join(lines), env)


def _pieces(p: DeriveLatexPrinter, form) -> list:
    return p.add_terms(form) if isinstance(form, sp.Add) else [plain_delims(p._print(form))]


SIDE_LEAD = r"\qquad \text{where }"   # a step's side computation is read as 'where u' = ...'
MATHJAX_ENVS = {"aligned"}   # blocks meant for $$ in Markdown and Jupyter
TAGGABLE = {"align", "align*", "gather", "gather*", "equation", "equation*", "flalign", "flalign*"}


def tidy(expr, *, as_written: bool = False):
    """Drop explicit factors of 1 and pull a -1 factor out front, keeping the rest as written.

    ``as_written`` (an author's display form) keeps the factors of 1 the author wrote,
    as in 1 x 5 + 2 x 7, and drops only the 1 that SymPy's Sum and Integral put in
    front of a body built under ``evaluate(False)``.
    """
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: tidy(e, as_written=as_written))
    if not isinstance(expr, sp.Basic) or not expr.args or expr.is_Atom:
        return expr
    args = tuple(tidy(a, as_written=as_written) for a in expr.args)
    if isinstance(expr, sp.concrete.expr_with_limits.ExprWithLimits) and _one_times(args[0]):
        rest = args[0].args[1:]
        args = (rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False),) + args[1:]
    if isinstance(expr, sp.Mul) and as_written and all(a.is_Number for a in args):
        return sp.Mul(*args, evaluate=False)     # 2 x (-1): arithmetic shown step by step
    if isinstance(expr, sp.Mul) and not isinstance(expr, sp.MatrixExpr):
        negate, kept = False, []
        for a in args:
            if a is S.One and not as_written:
                continue
            if a is S.NegativeOne or (a.is_Mul and a.args[0] is S.NegativeOne):
                negate = not negate
                rest = a.args[1:]
                if not rest:
                    continue
                a = rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)
            kept.append(a)
        out = kept[0] if len(kept) == 1 else sp.Mul(*kept, evaluate=False) if kept else S.One
        return sp.Mul(S.NegativeOne, out, evaluate=False) if negate else out
    if args == expr.args:
        return expr
    if isinstance(expr, (sp.Add, sp.Pow, sp.MatMul, sp.MatAdd, sp.MatPow)):
        return expr.func(*args, evaluate=False)
    try:  # evaluating constructors here: under evaluate(False) Integral re-wraps 1*f
        return expr.func(*args)
    except (TypeError, ValueError):
        return expr


def _one_times(e) -> bool:
    return isinstance(e, sp.Mul) and len(e.args) > 1 and e.args[0] is S.One


def _positive_first(terms: list) -> list:
    """Move the first term without a minus sign to the front: x - mu, not -mu + x."""
    if not terms or not terms[0].could_extract_minus_sign():
        return terms
    for k, t in enumerate(terms):
        if not t.could_extract_minus_sign():
            return [t] + terms[:k] + terms[k + 1:]
    return terms


def _flat_factors(expr) -> list:
    """The factors of a product, nested unevaluated products opened (a (b c) is a b c)."""
    out = []
    for a in expr.args:
        if isinstance(a, sp.Mul) and a.is_commutative and not a.could_extract_minus_sign():
            out += _flat_factors(a)
        else:
            out.append(a)
    return out


def _is_fraction(expr) -> bool:
    return any(isinstance(a, sp.Pow) and a.exp.is_negative for a in expr.args)


def _one_fraction(tex: str) -> bool:
    """Is ``tex`` a single \\frac{..}{..} and nothing else?"""
    if not tex.startswith(r"\frac{"):
        return False
    k, groups, depth = len(r"\frac"), 0, 0
    while k < len(tex):
        c = tex[k]
        if c == "\\":
            k += 2
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth == 0:
            groups += 1
            if groups == 2:
                return k == len(tex) - 1
        k += 1
    return False


# names the parser reads as a function when a bracket follows (f, g, ..., \sigma, \mathcal{N})
_CALL_LOOKALIKE = re.compile(r"(?<![\\A-Za-z])((?:[fghFGHJL]|\\ell|\\mathcal\{[LN]\})(?:_\{[^{}]*\})?"
                             r"|\\sigma|\\Gamma) \\left\(")


def printer(**settings) -> DeriveLatexPrinter:
    """A printer; notation keywords (log, transpose, vectors, vector_style, justify) or a
    ``notation=Notation(...)`` profile are turned into printer settings."""
    notation, rest = split_settings(settings)
    if notation is not None:
        rest = dict(notation.settings(), **rest)
    return DeriveLatexPrinter(rest)


def latex_block(d: Chain, env: str = "align*", **settings) -> str:
    """Only the align* (or aligned) block of a derivation."""
    return printer(env=env, **settings)._print_Chain(d)


def latex_assumptions(d: Chain, *, markdown: bool = False, **settings) -> str:
    """The assumptions as one sentence with inline maths ('' when there are none).

    Prose notes are set for LaTeX (plain-text maths made inline maths), or left as
    Markdown text when ``markdown``.
    """
    p = printer(**settings)
    parts = []
    ranges = d.assumptions.ranges
    sizes = {r.upper for r in ranges.values() if not r.upper.is_Number}
    for target, dom in d.assumptions.domains.items():
        name = p._print(target.label if isinstance(target, sp.IndexedBase) else target)
        if dom == "simplex":
            parts.append(r"$%s \in \Delta$ (a probability vector)" % name)
        elif dom == "random":
            parts.append(r"$%s$ random" % name)
        elif isinstance(target, sp.IndexedBase):
            # a vector: z in R^n when its indices all run to one size, else its entries
            power = "^{%s}" % p._print(next(iter(sizes))) if len(sizes) == 1 else ""
            space = DOMAINS[dom] if not power or "_" not in DOMAINS[dom] else "{%s}" % DOMAINS[dom]
            parts.append(r"$%s \in %s%s$%s" % (name, space, power, "" if power else " (entries)"))
        else:
            parts.append(r"$%s \in %s$" % (name, DOMAINS[dom]))
    groups: dict = {}
    for s, r in ranges.items():
        if s in sizes and r.lower.is_Number and r.upper.is_Number:
            continue        # a size's range for the numeric check only (d_k = 1..3), not a fact
        groups.setdefault((r.lower, r.upper), []).append(s)
    for (lo, hi), syms in groups.items():
        parts.append(r"$%s \in \{%s, \dots, %s\}$" % (", ".join(p._print(s) for s in syms),
                                                      p._print(lo), p._print(hi)))
    parts += [_markdown_text(n) if markdown else prose_tex(n) for n in d.assumptions.notes]
    parts = list(dict.fromkeys(parts))       # a vector and its entries may read the same
    return ("Assumptions: " + "; ".join(parts) + ".") if parts else ""


def _markdown_text(s: str) -> str:
    """Prose for Markdown: characters that would start emphasis or code escaped, and
    ``$...$`` maths kept (written so that no renderer reads it as Markdown escapes)."""
    return "".join(_md_inline(part) if _MD_INLINE.fullmatch(part)
                   else re.sub(r"([\\`*_<>\[\]])", r"\\\1", part)
                   for part in _MD_INLINE.split(s))


# GitHub reads \{ \} \| \, inside $...$ as Markdown escapes and drops the backslash (the
# braces of a set vanish); JupyterLab leaves them, so \\{ (GitHub's workaround) is a line
# break there. The named forms mean the same to MathJax and KaTeX and survive both.
_MD_CONTROL = {"{": r"\lbrace ", "}": r"\rbrace ", "|": r"\Vert ", ",": r"\thinspace ",
               ";": r"\thickspace ", ":": r"\medspace ", "!": r"\negthinspace "}
_MD_CONTROL_RE = re.compile(r"\\(\\|[{}|,;:!])")
_MD_INLINE = re.compile(r"((?<!\\)\$[^$]+(?<!\\)\$)")


def markdown_maths(tex: str, *, in_table: bool = False) -> str:
    """LaTeX for a Markdown maths span: control symbols written by name; in a table cell
    a bar is ``\\vert`` too, since a bare ``|`` would end the cell on GitHub."""
    out = _MD_CONTROL_RE.sub(lambda m: m.group(0) if m.group(1) == "\\" else _MD_CONTROL[m.group(1)], tex)
    return out.replace("|", r"\vert ") if in_table else out


def _md_inline(span: str, in_table: bool = False) -> str:
    return "$" + markdown_maths(span[1:-1], in_table=in_table).strip() + "$"


def markdown_prose(text: str, *, in_table: bool = False) -> str:
    """Author's prose for Markdown as it is, its ``$...$`` maths rewritten by
    ``markdown_maths``; in a table cell a bar outside the maths is escaped."""
    parts = []
    for part in _MD_INLINE.split(text):
        if _MD_INLINE.fullmatch(part):
            parts.append(_md_inline(part, in_table))
        else:
            parts.append(part.replace("|", "\\|") if in_table else part)
    return "".join(parts)


def latex_derivation(d: Chain, **settings) -> str:
    """A paper-ready fragment: assumptions sentence, then the align* block."""
    head = latex_assumptions(d, **settings)
    block = latex_block(d, **settings)
    return (head + "\n" + block) if head else block


def markdown_derivation(d: Chain, **settings) -> str:
    """Markdown with a $$ block (renders on GitHub and in Jupyter) and a verdict table."""
    out = [f"### {d.title}", ""]
    if d.summary:
        out += [markdown_prose(d.summary), ""]
    head = latex_assumptions(d, markdown=True, **settings)
    if head:
        out += [markdown_prose(head), ""]
    out += ["$$", markdown_maths(latex_block(d, env="aligned", **settings)), "$$", ""]
    verified = [s for s in d.steps if s.verdict is not None]
    if verified:
        out += ["| # | justification | verdict |", "|---|---|---|"]
        k = 0
        for s in d.steps:
            if s.relation is None:
                if s.verdict is not None:     # a refuted display of a chain's start
                    out.append(f"| start | as displayed | {s.verdict.status} ({s.verdict.detail}) |")
                continue
            k += 1
            v = s.verdict
            out.append(f"| {k} | {markdown_prose(s.rule or '—', in_table=True)} | {v.status + ' (' + v.detail + ')' if v is not None else 'not verified'} |")
        out.append("")
    return "\n".join(out)


