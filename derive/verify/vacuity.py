"""Hollow claims: both sides 0 on every sample, and the reading that likely made them so."""
from __future__ import annotations

import sympy as sp

from ..core.functions import Expectation


def trivial_detail(lhs, rhs, A):
    """'holds trivially: both sides are 0' and the likely cause; None when no reading
    explains the zeros (then both sides are 0 for a reason: sum p_k - sum q_k = 1 - 1)."""
    why = None
    for e in (lhs, rhs):
        if not isinstance(e, sp.Basic):
            continue
        for d in e.atoms(sp.Derivative):
            if any(not d.expr.has(v) for v in d.variables):
                why = (f"{d.expr} does not depend on {', '.join(map(str, d.variables))} "
                       "(declare it a function, e.g. L(w))")
                break
        if e.has(Expectation):
            why = ("E/Var/Cov of symbols that are constant or make every side 0 "
                   "(declare the random symbols)")
    if why is None:
        return None
    return f"holds trivially: both sides are 0; likely cause: {why}"
