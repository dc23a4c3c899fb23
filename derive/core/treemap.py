"""One traversal used by several passes: rebuild a SymPy tree leaves first."""
from __future__ import annotations

from typing import Callable

import sympy as sp


def bottom_up_map(expr: sp.Basic, node: Callable[[sp.Basic], sp.Basic]) -> sp.Basic:
    """Apply ``node`` to every subexpression after its arguments have been mapped.

    Unchanged subtrees are not rebuilt, so the common case costs one walk."""
    def go(e):
        if not e.args:
            return node(e)
        args = [go(a) for a in e.args]
        return node(e.func(*args) if args != list(e.args) else e)

    return go(expr)
