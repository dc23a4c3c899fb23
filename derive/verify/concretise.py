"""One instance of a relation: integers fixed, sums unrolled, entries and functions made concrete.

Index notation is checked on explicit instances: sizes and indices get integer values,
short sums are written out term by term, ``x[i]`` becomes a plain symbol ``x[2]``, and
undefined functions get smooth random stand-ins shared by both sides.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..core.assumptions import Assumptions
from ..core.functions import Defined, unfold_defined
from ..core.treemap import bottom_up_map
from .evaluate import MAX_UNROLL


class Concretiser:
    """Turns an index-notation form into an explicit one for one assignment of integers."""

    def __init__(self, A: Assumptions, point: dict):
        self.A, self.point = A, point
        self.entries: dict = {}    # Symbol -> the Indexed it stands for

    def __call__(self, expr: sp.Basic) -> sp.Basic:
        out, entries = concretise(expr, tuple(sorted(self.point.items(), key=str)))
        self.entries.update(entries)
        return out

    def entry(self, ix: sp.Indexed) -> sp.Symbol:
        s = entry_symbol(ix)
        self.entries[s] = ix
        return s

    def domain_of(self, s):
        return self.A.domain_of(self.entries.get(s, s))

    def family_of(self, s):
        if self.A.domain_of(self.entries.get(s, s)) != "random":
            return None
        return self.A.family_of(self.entries.get(s, s))

    def simplex_groups(self) -> dict:
        groups = {}
        for base in self.A.simplex_bases():
            size = self.A.sizes.get(base)
            present = [s for s, ix in self.entries.items() if ix.base == base]
            if not present:
                continue
            n = size.xreplace(self.point) if size is not None else None
            if n is not None and n.is_Integer:
                groups[base] = [self.entry(base[k]) for k in range(1, int(n) + 1)]
            else:  # unknown length: the present entries plus one unseen remainder
                groups[base] = present + [sp.Dummy("rest")]
        return groups


def entry_symbol(ix: sp.Indexed) -> sp.Symbol:
    return sp.Symbol(f"{ix.base.label}[{','.join(str(i) for i in ix.indices)}]")


@lru_cache(maxsize=8192)
def concretise(expr: sp.Basic, point: tuple) -> tuple:
    """(explicit form, its entry symbols) for one assignment of the integer symbols.

    A pure function of its arguments, so cached: a step's right-hand side is the next
    step's left-hand side, and both are concretised at the same points."""
    point = dict(point)
    e = expr
    if point:  # bound summation indices must stay bound: subs respects them
        e = e.subs(point) if _binds_any(e, point) else e.xreplace(point)
        e = _index_derivative_variables(e, point)
    e = _unroll(unfold_defined(e))
    rep = {ix: entry_symbol(ix) for ix in e.atoms(sp.Indexed)
           if all(i.is_Integer for i in ix.indices)}
    return e.xreplace(rep), tuple((v, k) for k, v in rep.items())


def _index_derivative_variables(expr: sp.Basic, point: dict) -> sp.Basic:
    """subs leaves d/dz_j alone inside a sum; put the concrete index in by hand."""
    def fix(d):
        new = [(v.xreplace(point), c) for v, c in d.variable_count]
        return sp.Derivative(d.expr, *new) if new != list(d.variable_count) else d
    if not expr.has(sp.Derivative):
        return expr
    return expr.replace(lambda e: isinstance(e, sp.Derivative)
                        and any(v.free_symbols & set(point) for v in e.variables), fix)


def _binds_any(expr: sp.Basic, point: dict) -> bool:
    """Does ``expr`` use one of the point's symbols as a bound variable somewhere?"""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Sum, sp.Product, sp.Integral)):
            if any(lim[0] in point for lim in node.limits):
                return True
        elif isinstance(node, Defined) and hasattr(node, "recurrence") and node.args[2] in point:
            return True
    return False


def _unroll(expr: sp.Basic) -> sp.Basic:
    """Write sums and products with concrete, short ranges out term by term."""
    if not expr.has(sp.Sum, sp.Product):
        return expr

    def node(e):
        if not isinstance(e, (sp.Sum, sp.Product)):
            return e
        k, lo, hi = e.limits[-1]  # the outermost limit, peeled by hand: SymPy re-merges
        if not (lo.is_Integer and hi.is_Integer and hi - lo < MAX_UNROLL):
            return e
        if len(e.limits) > 1:  # the inner limits bind their own indices: subs respects that
            inner = e.func(e.function, *e.limits[:-1])
            terms = [_unroll(inner.subs(k, sp.Integer(v))) for v in range(int(lo), int(hi) + 1)]
        else:
            terms = [_unroll(e.function.xreplace({k: sp.Integer(v)}))
                     for v in range(int(lo), int(hi) + 1)]
        return sp.Add(*terms) if isinstance(e, sp.Sum) else sp.Mul(*terms)

    return bottom_up_map(expr, node)


def apply_functions(expr, funcs):
    """Put concrete functions in place of undefined ones. A derivative with respect to
    an application, d f(g(x)) / d g(x), first becomes a derivative in a fresh variable
    evaluated at g(x), so that it survives the substitution."""
    def by_variable(d):
        wrt = [v for v, _ in d.variable_count if not v.is_Symbol]
        if not wrt:
            return d
        rep = {v: sp.Dummy("xi", real=True) for v in wrt}
        inner = sp.Derivative(d.expr.xreplace(rep), *[(rep.get(v, v), c) for v, c in d.variable_count])
        return sp.Subs(inner, tuple(rep.values()), tuple(rep.keys()))

    expr = expr.replace(lambda e: isinstance(e, sp.Derivative), by_variable)
    return expr.replace(lambda e: e.func in funcs if hasattr(e, "func") else False,
                        lambda e: funcs[e.func](*e.args))
