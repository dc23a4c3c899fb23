"""Rules are named functions expr -> expr | None; combinators compose them.

``None`` means "does not apply", so the engine always knows which rule fired (a
no-op rewrite and a non-match are different things). Combinators only move the
question around the expression tree; they never invent a rule's name, and they carry
the rule's side computation (``substeps``) from the place where it fired.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional, Sequence

import sympy as sp

Rewrite = Callable[[sp.Basic], Optional[sp.Basic]]
Substeps = Callable[[sp.Basic], list]


@dataclass(frozen=True)
class Rule:
    """A named rewrite: ``rule(expr)`` is the rewritten form, or None if it does not apply.

    ``substeps`` optionally returns the side computation a reader wants to see (the
    inner derivative of the chain rule, say) as (form, justification) pairs.
    """

    name: str
    fn: Rewrite = field(repr=False)
    doc: str = ""
    substeps: Optional[Substeps] = field(default=None, repr=False, compare=False)

    def __call__(self, expr: sp.Basic) -> Optional[sp.Basic]:
        out = self.fn(expr)
        if out is None or out == expr:
            return None
        return out

    def named(self, name: str) -> "Rule":
        return Rule(name, self.fn, self.doc, self.substeps)

    def with_substeps(self, substeps: Optional[Substeps]) -> "Rule":
        """The same rewrite with another (or no) side computation."""
        return Rule(self.name, self.fn, self.doc, substeps)


def rule(name: str, doc: str = ""):
    """Decorator: turn a function expr -> expr | None into a Rule called ``name``."""

    def wrap(fn: Rewrite) -> Rule:
        return Rule(name, fn, doc or (fn.__doc__ or "").strip())

    return wrap


def rule_on(name: str, parts: Callable[[sp.Basic], Optional[tuple]]):
    """Decorator: fn(*parts(e)) becomes a Rule that applies where ``parts`` recognises e.

    ``parts`` takes a form apart (a derivative into (f, x), a sum into its summand and
    limits) or returns None, so each rule states only its own condition and result.
    """

    def wrap(fn: Callable) -> Rule:
        def go(e):
            found = parts(e)
            return fn(*found) if found is not None else None

        return Rule(name, go, (fn.__doc__ or "").strip())

    return wrap


def split_factors(e: sp.Basic, varies: Callable[[sp.Basic], bool]) -> tuple:
    """(product of the factors of ``e`` that do not vary, product of those that do)."""
    factors = sp.Mul.make_args(e)
    return (sp.Mul(*[f for f in factors if not varies(f)]),
            sp.Mul(*[f for f in factors if varies(f)]))


def _rebuild(expr: sp.Basic, args: list) -> sp.Basic:
    return expr.func(*args) if list(args) != list(expr.args) else expr


def _is_leaf(e) -> bool:
    return not isinstance(e, sp.Basic) or not e.args or isinstance(e, (sp.Symbol, sp.Indexed))


def reading_order(expr: sp.Basic) -> Iterator[sp.Basic]:
    """Every subexpression, outermost first, terms and factors in the order they print."""
    yield expr
    if _is_leaf(expr):
        return
    if isinstance(expr, sp.Add):
        kids = expr.as_ordered_terms()
    elif isinstance(expr, sp.Mul):
        kids = expr.as_ordered_factors()
    else:
        kids = [a for a in expr.args if isinstance(a, sp.Basic)]
    for k in kids:
        yield from reading_order(k)


def first_site(r: Rule, expr: sp.Basic) -> Optional[sp.Basic]:
    """The first subexpression, in reading order, where ``r`` applies."""
    for e in reading_order(expr):
        if r(e) is not None:
            return e
    return None


def _substeps_at_site(r: Rule) -> Optional[Substeps]:
    """The side computation of ``r`` at the place where it fires inside an expression."""
    if r.substeps is None:
        return None

    def go(e):
        site = first_site(r, e)
        return r.substeps(site) if site is not None else []

    return go


def top_down(r: Rule, once: bool = False) -> Rule:
    """Apply ``r`` at the outermost places it matches (and, unless once, inside the results)."""

    def go(e):
        out = r(e)
        if out is not None:
            return out if once else (go(out) or out)
        if _is_leaf(e):
            return None
        changed, args = False, []
        for a in e.args:
            new = go(a) if isinstance(a, sp.Basic) else None
            changed |= new is not None
            args.append(new if new is not None else a)
        return _rebuild(e, args) if changed else None

    return Rule(r.name, go, r.doc, _substeps_at_site(r))


def bottom_up(r: Rule) -> Rule:
    """Apply ``r`` to every subexpression, leaves first."""

    def go(e):
        changed, args = False, []
        for a in e.args:
            new = go(a) if isinstance(a, sp.Basic) else None
            changed |= new is not None
            args.append(new if new is not None else a)
        cur = _rebuild(e, args) if changed else e
        out = r(cur)
        if out is not None:
            return out
        return cur if changed else None

    return Rule(r.name, go, r.doc, _substeps_at_site(r))


def at_first(r: Rule) -> Rule:
    """Apply ``r`` once, at the first place (in reading order) where it matches."""

    def go(e):
        site = first_site(r, e)
        if site is None:
            return None
        return e.xreplace({site: r(site)})

    return Rule(r.name, go, r.doc, _substeps_at_site(r))


def first(*rules: Rule, name: str | None = None) -> Rule:
    """The first rule that applies; its side computation comes along."""

    def go(e):
        for r in rules:
            out = r(e)
            if out is not None:
                return out
        return None

    def subs(e):
        r = which(rules, e)
        return r.substeps(e) if r is not None and r.substeps is not None else []

    has_subs = any(r.substeps is not None for r in rules)
    return Rule(name or " / ".join(r.name for r in rules), go, substeps=subs if has_subs else None)


def sequence(*rules: Rule, name: str) -> Rule:
    """Each rule in turn on the result of the last (those that do not apply are skipped)."""

    def go(e):
        cur, fired = e, False
        for r in rules:
            out = r(cur)
            if out is not None:
                cur, fired = out, True
        return cur if fired else None

    return Rule(name, go, "; ".join(r.name for r in rules))


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
        if e != target and not e.has(target):
            return None
        out = r(target)
        return None if out is None else e.xreplace({target: out})

    subs = (lambda e: r.substeps(target)) if r.substeps is not None else None
    return Rule(r.name, go, r.doc, subs)


def everywhere(r: Rule) -> Rule:
    """Shorthand for the usual traversal: top-down, repeated to a fixed point."""
    return exhaust(top_down(r))
