"""Printers for derivations: LaTeX (align*), Markdown ($$ blocks) and plain text.

Formulas go through ``DeriveLatexPrinter``, a SymPy LatexPrinter whose settings are the
notation profile (``\\log`` or ``\\ln``, ``^\\top`` or ``^T``, bold vectors, verdict
markers). Steps and derivations are printed by ``_print_Step`` and
``_print_Derivation`` methods, so settings carry through to every formula.
"""
from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter

from .assumptions import DOMAINS
from .derivation import Derivation, Step

RELATION_TEX = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">", "=>": r"\implies",
                "≈": r"\approx"}
RELATION_TXT = {"=": "=", "<=": "<=", ">=": ">=", "<": "<", ">": ">", "=>": "=>", "≈": "≈"}
MARK = {"proved": r"\checkmark", "numeric": r"\sim", "refuted": r"\times", "undecided": "?"}
MARK_TXT = {"proved": "✓ proved", "numeric": "~ numeric", "refuted": "✗ REFUTED", "undecided": "? undecided"}
_TEXT_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                 "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def tex_text(s: str) -> str:
    """Escape prose for use inside \\text{...}."""
    return "".join(_TEXT_ESCAPES.get(c, c) for c in s)


class DeriveLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with ML notation and printers for steps and derivations."""

    _default_settings = dict(LatexPrinter._default_settings, transpose=r"\top", vectors=(),
                             markers=False, env="align*", justify="column", refuted_color="red")

    # -- notation -----------------------------------------------------------------
    def _print_Transpose(self, expr):
        base = self._print(expr.arg)
        if not isinstance(expr.arg, (sp.Symbol, sp.MatrixSymbol)):
            base = r"\left(%s\right)" % base
        return "%s^{%s}" % (base, self._settings["transpose"])

    def _print_Symbol(self, expr, style="plain"):
        out = super()._print_Symbol(expr, style)
        if expr.name in self._settings["vectors"]:
            return r"\mathbf{%s}" % out
        return out

    def _print_Derivative(self, expr):
        # ML writing uses the partial sign whenever more than one quantity is in play
        inner = expr.expr
        free = inner.free_symbols | inner.atoms(sp.Indexed)
        if len(free - {v for v, _ in expr.variable_count}) == 0 and len(expr.variable_count) == 1 \
                and not any(isinstance(v, sp.Indexed) for v, _ in expr.variable_count):
            return super()._print_Derivative(expr)
        parts = []
        total = 0
        for v, c in reversed(expr.variable_count):
            total += c
            vs = self._print(v)
            parts.append(r"\partial %s" % vs if c == 1 else r"\partial %s^{%s}" % (vs, c))
        num = r"\partial" if total == 1 else r"\partial^{%s}" % total
        body = self.parenthesize(inner, sp.printing.precedence.PRECEDENCE["Mul"], strict=True)
        return r"\frac{%s}{%s} %s" % (num, " ".join(parts), body)

    def _print_IndexedBase(self, expr):
        out = self._print(expr.label)
        return out

    # -- steps --------------------------------------------------------------------
    def _justification(self, step: Step) -> str:
        """The right-hand column: the rule in words, then (optionally) the verdict mark."""
        why = r"\text{%s}" % tex_text(step.rule) if step.rule else ""
        status = step.verdict.status if step.verdict is not None else None
        if self._settings["markers"] and status:
            why = (why + r"\quad " if why else "") + MARK[status]
        if status == "refuted":
            why = r"\textcolor{%s}{%s}" % (self._settings["refuted_color"], why or r"\text{refuted}")
        return why

    def _print_Step(self, step: Step) -> str:
        body = "&%s %s" % (RELATION_TEX[step.relation], self._print(step.shown))
        why = self._justification(step)
        if not why:
            return body
        if self._settings["justify"] == "tag":
            return body + r" \tag*{$%s$}" % why
        return body + " && " + why

    def _print_Derivation(self, d: Derivation) -> str:
        lines, current = [], None
        for step in d.steps:
            if step.is_start:
                if current is not None:
                    lines.append(current)
                current = self._print(step.shown) + " "
                pending = True
                continue
            line = self._print_Step(step)
            if pending:
                current += line
                pending = False
            else:
                lines.append(current)
                current = line
        if current is not None:
            lines.append(current)
        env = self._settings["env"]
        sep = " \\\\\n  "
        return "\\begin{%s}\n  %s\n\\end{%s}" % (env, sep.join(lines), env)


def printer(**settings) -> DeriveLatexPrinter:
    return DeriveLatexPrinter(settings)


def latex_block(d: Derivation, env: str = "align*", **settings) -> str:
    """Only the align* (or aligned) block of a derivation."""
    return printer(env=env, **settings)._print_Derivation(d)


def latex_assumptions(d: Derivation, **settings) -> str:
    """The assumptions as one LaTeX sentence ('' when there are none)."""
    p = printer(**settings)
    parts = []
    for target, dom in d.assumptions.domains.items():
        name = p._print(target.label if isinstance(target, sp.IndexedBase) else target)
        if dom == "simplex":
            parts.append(r"$%s \in \Delta$ (a probability vector)" % name)
        elif dom == "random":
            parts.append(r"$%s$ random" % name)
        else:
            entries = " (entries)" if isinstance(target, sp.IndexedBase) else ""
            parts.append(r"$%s \in %s$%s" % (name, DOMAINS[dom], entries))
    groups: dict = {}
    for s, r in d.assumptions.ranges.items():
        groups.setdefault((r.lower, r.upper), []).append(s)
    for (lo, hi), syms in groups.items():
        parts.append(r"$%s \in \{%s, \dots, %s\}$" % (", ".join(p._print(s) for s in syms),
                                                      p._print(lo), p._print(hi)))
    parts += [tex_text(n) for n in d.assumptions.notes]
    return ("Assumptions: " + "; ".join(parts) + ".") if parts else ""


def latex_derivation(d: Derivation, **settings) -> str:
    """A paper-ready fragment: assumptions sentence, then the align* block."""
    head = latex_assumptions(d, **settings)
    block = latex_block(d, **settings)
    return (head + "\n" + block) if head else block


def markdown_derivation(d: Derivation, **settings) -> str:
    """Markdown with a $$ block (renders on GitHub and in Jupyter) and a verdict table."""
    out = [f"### {d.title}", ""]
    if d.summary:
        out += [d.summary, ""]
    head = latex_assumptions(d, **settings)
    if head:
        out += [head.replace(r"\{", r"\\{").replace(r"\}", r"\\}"), ""]
    out += ["$$", latex_block(d, env="aligned", **settings), "$$", ""]
    verified = [s for s in d.steps if s.verdict is not None]
    if verified:
        out += ["| # | justification | verdict |", "|---|---|---|"]
        k = 0
        for s in d.steps:
            if s.relation is None:
                continue
            k += 1
            v = s.verdict
            out.append(f"| {k} | {s.rule or '—'} | {v.status + ' (' + v.detail + ')' if v is not None else 'not verified'} |")
        out.append("")
    return "\n".join(out)


def text_derivation(d: Derivation) -> str:
    """Readable in a terminal: one step a line, justification and verdict beside it."""
    lines = [f"{d.slug}: {d.title}" + (f"  [{d.pillar}]" if d.pillar else "")]
    if d.summary:
        lines.append(f"  {d.summary}")
    facts = [f"{_txt(t.label if isinstance(t, sp.IndexedBase) else t)} {dom}"
             for t, dom in d.assumptions.domains.items()]
    facts += [f"{_txt(s)} in {_txt(r.lower)}..{_txt(r.upper)}" for s, r in d.assumptions.ranges.items()]
    facts += list(d.assumptions.notes)
    if facts:
        lines.append("  assuming: " + "; ".join(facts))
    k = 0
    for s in d.steps:
        if s.is_start:
            lines.append("")
            lines.append(f"       {_txt(s.shown)}")
            continue
        k += 1
        why = s.rule or ""
        mark = MARK_TXT[s.verdict.status] if s.verdict is not None else ""
        lines.append(f"  ({k:>2}) {RELATION_TXT[s.relation]} {_txt(s.shown)}")
        lines.append(f"         -- {why}" + (f"   {mark}" if mark else "")
                     + (f" ({s.verdict.detail})" if s.verdict is not None and s.verdict.detail else ""))
        for sub in s.substeps:
            rel = RELATION_TXT.get(sub.relation, " ") if sub.relation else " "
            lines.append(f"           {rel} {_txt(sub.expr)}" + (f"   [{sub.rule}]" if sub.rule else ""))
    return "\n".join(lines)


def _txt(e) -> str:
    return sp.sstr(e) if isinstance(e, sp.Basic) else str(e)
