"""A derivation for a terminal: SymPy's Unicode pretty printer, one step after another.

``derive show --format text`` is read in a terminal, where Python syntax
(``Derivative(exp(z[i])/Sum(...), z[j])``, ``**``) is noise: formulas are drawn with
``sympy.pretty`` (fractions stacked, ∂, Σ, √, subscripts), the ML functions by their
names (softmax(z)ᵢ, σ(x), H(p, q), D_KL(p ‖ q), 𝔼[X]), each step's relation set beside
its formula's baseline and its justification under it.
"""
from __future__ import annotations

import sympy as sp
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.stringpict import prettyForm, stringPict

from .printer import tidy
from .prose import prose_text

RELATION_TXT = {"=": "=", "<=": "≤", ">=": "≥", "<": "<", ">": ">", "=>": "⇒", "≈": "≈"}
MARK_TXT = {"proved": "✓ proved", "numeric": "~ numeric", "refuted": "✗ REFUTED", "undecided": "? undecided"}
DOMAIN_TXT = {"real": "ℝ", "positive": "(0, ∞)", "nonnegative": "[0, ∞)", "negative": "(-∞, 0)",
              "unit": "(0, 1)", "integer": "ℤ", "positive_integer": "{1, 2, …}",
              "nonnegative_integer": "{0, 1, …}", "simplex": "Δ (a probability vector)"}


class TextPrinter(PrettyPrinter):
    """SymPy's pretty printer with the ML functions written by name."""

    def __init__(self, **settings):
        super().__init__(dict({"use_unicode": True, "wrap_line": False}, **settings))

    def _named(self, text: str, *args) -> prettyForm:
        inner = prettyForm(*self._print_seq(args, delimiter=", ").parens())
        return prettyForm(*stringPict.next(prettyForm(text), inner))

    def _print_Indexed(self, e):
        # an entry z_i of a vector, as a subscript rather than z[i]
        name = "%s_%s" % (e.base.label, "".join(sp.sstr(i) for i in e.indices))
        return self._print(sp.Symbol(name))

    def _print_softmax(self, e):
        z, i, _ = e.args
        return self._print(sp.Symbol("softmax(%s)_%s" % (z, sp.sstr(i))))

    def _print_sigmoid(self, e):
        return self._named("σ", *e.args)

    def _print_softplus(self, e):
        return self._named("softplus", *e.args)

    def _print_cross_entropy(self, e):
        return self._named("H", e.args[0], e.args[1])

    def _print_entropy(self, e):
        return self._named("H", e.args[0])

    def _print_kl_divergence(self, e):
        p, q = (self._print(a) for a in e.args[:2])
        inner = prettyForm(*prettyForm(*stringPict.next(p, " ‖ ", q)).parens())
        return prettyForm(*stringPict.next(prettyForm("D_KL"), inner))

    def _print_Expectation(self, e):
        inner = prettyForm(*self._print(e.args[0]).parens("[", "]"))
        return prettyForm(*stringPict.next(prettyForm("𝔼"), inner))

    def _print_named(self, e):
        return self._print(e.args[1])

    def _print_normal_pdf(self, e):
        x, mu, sigma = e.args[:3]
        rest = self._print_seq((mu, sigma ** 2), delimiter=", ")
        inner = prettyForm(*prettyForm(*stringPict.next(self._print(x), "; ", rest)).parens())
        return prettyForm(*stringPict.next(prettyForm("𝒩"), inner))

    def _as_ordered_terms(self, expr, order=None):
        # x - μ, not -μ + x: a term without a minus sign first, as a reader writes it
        terms = list(super()._as_ordered_terms(expr, order=order))
        if self.order not in ("old", "none") and terms and terms[0].could_extract_minus_sign():
            for k, t in enumerate(terms):
                if not t.could_extract_minus_sign():
                    return [t] + terms[:k] + terms[k + 1:]
        return terms

    def _print_ema(self, e):
        return self._print(e.args[4]) if len(e.args) > 4 else self._print_Function(e)


def pretty(expr, *, as_written: bool = False) -> prettyForm:
    """The pretty form of ``expr`` (an author's display kept in its order)."""
    p = TextPrinter(order="none") if as_written else TextPrinter()
    if not isinstance(expr, sp.Basic):
        return prettyForm(str(expr))
    try:
        return p._print(tidy(expr, as_written=as_written))
    except (AttributeError, TypeError, NotImplementedError):
        # a class the pretty printer cannot draw (derive.matrix's gradient forms): one line
        return prettyForm(sp.sstr(expr))


def beside(prefix: str, expr, *, as_written: bool = False) -> str:
    """``prefix`` on the baseline of ``expr``'s drawing, both as lines of text."""
    form = pretty(expr, as_written=as_written)
    joined = prettyForm(*stringPict.next(prettyForm(prefix), form))
    return "\n".join(line.rstrip() for line in joined.render(wrap_line=False).split("\n"))


def one_line(expr) -> str:
    """A short formula on one line (assumptions, 'where' definitions)."""
    text = beside("", expr)
    return text if "\n" not in text else sp.sstr(expr)


def _named_values(exprs: list, seen: set) -> list:
    """(name, value) of the named quantities in ``exprs`` not yet in ``seen``."""
    from .where import names_in, unseen_names

    return [(node.args[1], node.args[0])
            for node in unseen_names([n for e in exprs for n in names_in(e)], seen)]


def text_derivation(d) -> str:
    """Readable in a terminal: each step drawn, its justification and verdict under it."""
    lines = [f"{d.slug}: {d.title}" + (f"  [{d.pillar}]" if d.pillar else "")]
    if d.summary:
        lines.append(f"  {prose_text(d.summary)}")
    facts = [f"{one_line(t.label if isinstance(t, sp.IndexedBase) else t)} ∈ {DOMAIN_TXT[dom]}"
             + (" (each entry)" if isinstance(t, sp.IndexedBase) else "")
             if dom in DOMAIN_TXT else f"{one_line(t.label if isinstance(t, sp.IndexedBase) else t)} {dom}"
             for t, dom in d.assumptions.domains.items()]
    sizes = {r.upper for r in d.assumptions.ranges.values() if not r.upper.is_Number}
    facts += [f"{one_line(s)} ∈ {{{one_line(r.lower)}, …, {one_line(r.upper)}}}"
              for s, r in d.assumptions.ranges.items()
              if not (s in sizes and r.lower.is_Number and r.upper.is_Number)]
    facts += [prose_text(n) for n in d.assumptions.notes]
    if facts:
        lines.append("  assuming: " + "; ".join(facts))
    k, seen = 0, set()
    chains = _chains(d.steps)
    for chain in chains:
        start = chain[0]
        lines.append("")
        if start.note:
            lines.append("  " + prose_text(start.note) + ":")
        defs = _named_values([s.shown for s in chain], seen)
        for n, (name, value) in enumerate(defs):
            lead = "where " if n == 0 else "      "
            lines.append(_indent(beside(f"{lead}{one_line(name)} = ", value), 2))
        lines.append(_indent(beside("", start.shown, as_written=start.display is not None), 7))
        if start.verdict is not None:   # only a refuted display gives a start a verdict
            lines.append(f"         -- as displayed   {MARK_TXT[start.verdict.status]}"
                         + (f" ({start.verdict.detail})" if start.verdict.detail else ""))
        for s in chain[1:]:
            k += 1
            why = prose_text(s.rule or "")
            mark = MARK_TXT[s.verdict.status] if s.verdict is not None else ""
            lines.append(_indent(beside(f"({k:>2}) {RELATION_TXT[s.relation]} ", s.shown,
                                        as_written=s.display is not None), 2))
            lines.append(f"         -- {why}" + (f"   {mark}" if mark else "")
                         + (f" ({s.verdict.detail})" if s.verdict is not None and s.verdict.detail else ""))
            for sub in s.substeps:
                rel = RELATION_TXT.get(sub.relation, " ") if sub.relation else " "
                drawn = beside(f"{rel} ", sub.expr)
                lines.append(_indent(drawn, 11) + (f"   [{sub.rule}]" if sub.rule else ""))
    return "\n".join(lines)


def _chains(steps: list) -> list:
    out: list = []
    for s in steps:
        if s.is_start or not out:
            out.append([])
        out[-1].append(s)
    return out


def _indent(text: str, n: int) -> str:
    return "\n".join(" " * n + line for line in text.split("\n"))
