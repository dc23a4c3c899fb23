"""Which quantity depends on which, read off the derivatives a step writes.

Backprop notes write ``dxi/db = dxi/dY dY/dZ dZ/db`` with xi, Y, Z bare names: the
derivatives themselves say that xi depends on b through Y and Z.  Read each name as
an opaque function of the names it is differentiated by directly (xi = xi(Y),
Y = Y(Z), Z = Z(b)) and the chain rule becomes checkable; read them as unrelated
functions of b and it is refuted although the notes are right.
"""
from __future__ import annotations

from typing import Iterable, Optional

import sympy as sp


def _edges(exprs: Iterable) -> set:
    """(name, variable) for every derivative of a bare name by a bare name."""
    out = set()
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for d in e.atoms(sp.Derivative):
            if isinstance(d.expr, sp.Symbol):
                out |= {(d.expr, v) for v, _ in d.variable_count
                        if isinstance(v, (sp.Symbol, sp.Indexed)) and v != d.expr}
    return out


def _reaches(graph: dict, start, goal, skip_edge) -> bool:
    """Is goal reachable from start without the direct edge skip_edge?"""
    seen, todo = set(), [(start, w) for w in graph.get(start, ())]
    while todo:
        a, b = todo.pop()
        if (a, b) == skip_edge or b in seen:
            continue
        if b == goal:
            return True
        seen.add(b)
        todo += [(b, w) for w in graph.get(b, ())]
    return False


def _acyclic(graph: dict) -> bool:
    state: dict = {}

    def visit(n) -> bool:
        state[n] = 1
        for m in graph.get(n, ()):
            if state.get(m) == 1 or (m not in state and not visit(m)):
                return False
        state[n] = 2
        return True

    return all(n in state or visit(n) for n in list(graph))


def chain_reading(exprs: Iterable) -> Optional[dict]:
    """Each differentiated name as a function of its direct dependencies, nested.

    Returns None when the derivatives form no chain (no name is both differentiated
    and differentiated by) or a cycle (dx/dy next to dy/dx); then the plain reading
    (each name a function of what it is differentiated by) stands."""
    exprs = list(exprs)
    edges = _edges(exprs)
    graph: dict = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    if not (set(graph) & {b for _, b in edges}) or not _acyclic(graph):
        return None
    direct = {a: sorted((b for b in graph[a] if not _reaches(graph, a, b, (a, b))), key=str)
              for a in graph}
    value: dict = {}

    def value_of(s):
        if s not in value:
            value[s] = (sp.Function(s.name, real=True)(*(value_of(t) for t in direct[s]))
                        if s in direct else s)
        return value[s]

    for s in sorted(graph, key=str):
        value_of(s)
    return value


def apply_chain(e, value: dict):
    """Every derivative of a bare name rewritten under ``value``; an intermediate name
    as the variable becomes d/dw of the composite at w = that name's value."""
    if not isinstance(e, sp.Basic) or not e.has(sp.Derivative):
        return e
    table = {}
    for d in e.atoms(sp.Derivative):
        if not isinstance(d.expr, sp.Symbol) or d.expr not in value:
            continue
        out = value[d.expr]
        for v, n in d.variable_count:
            inner = value.get(v, v)
            if inner == v:
                out = sp.Derivative(out, (v, n))
            else:
                w = sp.Dummy(str(v))
                out = sp.Subs(sp.Derivative(out.xreplace({inner: w}), (w, n)), w, inner)
        table[d] = out
    return e.xreplace(table) if table else e


def describe(value: dict) -> str:
    """``xi = xi(Y), Y = Y(Z)``: the reading as a user would write it."""
    parts = [f"{s} = {s}({', '.join(str(a.func) if isinstance(a, sp.core.function.AppliedUndef) else str(a) for a in f.args)})"
             for s, f in sorted(value.items(), key=lambda kv: str(kv[0])) if f != s]
    return ", ".join(parts)
