"""Rules are named functions expr -> expr | None; combinators compose them.

``None`` means "does not apply", so the engine always knows which rule fired (a
no-op rewrite and a non-match are different things). Combinators only move the
question around the expression tree; they never invent a rule's name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import sympy as sp

Rewrite = Callable[[sp.Basic], Optional[sp.Basic]]


@dataclass(frozen=True)
class Rule:
    """A named rewrite: ``rule(expr)`` is the rewritten form, or None if it does not apply.

    ``substeps`` optionally returns the side computation a reader wants to see (the
    inner derivative of the chain rule, say) as (form, justification) pairs.
    """

    name: str
    fn: Rewrite = field(repr=False)
    doc: str = ""
    substeps: Optional[Callable[[sp.Basic], list]] = field(default=None, repr=False, compare=False)

    def __call__(self, expr: sp.Basic) -> Optional[sp.Basic]:
        out = self.fn(expr)
        if out is None or out == expr:
            return None
        return out

    def named(self, name: str) -> "Rule":
        return Rule(name, self.fn, self.doc, self.substeps)


def rule(name: str, doc: str = ""):
    """Decorator: turn a function expr -> expr | None into a Rule called ``name``."""

    def wrap(fn: Rewrite) -> Rule:
        return Rule(name, fn, doc or (fn.__doc__ or "").strip())

    return wrap


def _rebuild(expr: sp.Basic, args: list) -> sp.Basic:
    return expr.func(*args) if list(args) != list(expr.args) else expr


def top_down(r: Rule, once: bool = False) -> Rule:
    """Apply ``r`` at the outermost places it matches (and, unless once, inside the results)."""

    def go(e):
        out = r(e)
        if out is not None:
            return out if once else (go(out) or out)
        if not e.args or isinstance(e, (sp.Symbol, sp.Indexed)):
            return None
        changed, args = False, []
        for a in e.args:
            new = go(a) if isinstance(a, sp.Basic) else None
            changed |= new is not None
            args.append(new if new is not None else a)
        return _rebuild(e, args) if changed else None

    return Rule(r.name, go, r.doc, r.substeps)


def bottom_up(r: Rule) -> Rule:
    """Apply ``r`` to every subexpression, leaves first."""

    def go(e):
        changed, args = False, []
        for a in e.args:
            new = go(a) if isinstance(a, sp.Basic) and a.args else None
            changed |= new is not None
            args.append(new if new is not None else a)
        cur = _rebuild(e, args) if changed else e
        out = r(cur)
        if out is not None:
            return out
        return cur if changed else None

    return Rule(r.name, go, r.doc, r.substeps)


def first(*rules: Rule, name: str | None = None) -> Rule:
    """The first rule that applies; the step is named after the rule that fired."""

    def go(e):
        for r in rules:
            out = r(e)
            if out is not None:
                return out
        return None

    return Rule(name or " / ".join(r.name for r in rules), go)


def which(rules: Sequence[Rule], expr: sp.Basic) -> Optional[Rule]:
    """The first rule of ``rules`` that applies to ``expr`` (to name a step after it)."""
    for r in rules:
        if r(expr) is not None:
            return r
    return None


def exhaust(r: Rule, limit: int = 50) -> Rule:
    """Apply ``r`` until it no longer applies (a fixed point), at most ``limit`` times."""

    def go(e):
        cur, fired = e, False
        for _ in range(limit):
            out = r(cur)
            if out is None:
                break
            cur, fired = out, True
        return cur if fired else None

    return Rule(r.name, go, r.doc, r.substeps)


def at(r: Rule, target: sp.Basic) -> Rule:
    """Apply ``r`` only to the subexpression ``target`` (wherever it occurs)."""

    def go(e):
        if target not in e.atoms(type(target)) and e != target and not e.has(target):
            return None
        out = r(target)
        return None if out is None else e.xreplace({target: out})

    return Rule(r.name, go, r.doc, r.substeps)


def everywhere(r: Rule) -> Rule:
    """Shorthand for the usual traversal: top-down, repeated to a fixed point."""
    return exhaust(top_down(r))
