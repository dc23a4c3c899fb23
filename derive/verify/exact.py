"""Exactness: a difference SymPy shows to be nonzero, confirmed by independent numbers.

Samples agree to a tolerance, so pi = 3.14159265 and 1/3 = 0.333333333333 pass them.
A decimal literal under "=" means the exact decimal it writes; when the symbolic
difference (literals as exact decimals) is nonzero at a point and the independent
float evaluation of lhs - rhs there agrees with it (so SymPy's doit is not trusted
alone), the claim is refuted.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import sympy as sp

from ..core.chain import EQUALITY
from ..core.verdict import Verdict
from .budget import BudgetExceeded, within
from .evaluate import Evaluator

POINTS = (0.7310585786, 1.3862943611, 2.5066282746)
SECONDS = 0.5


def exact_decimals(e: sp.Basic) -> sp.Basic:
    """Every Float replaced by the exact decimal it was written as."""
    floats = e.atoms(sp.Float)
    return e.xreplace({f: sp.Rational(sp.sstr(f, full_prec=False)) for f in floats}) if floats else e


def exact_refutation(sides, relation: str) -> Optional[Verdict]:
    """A refutation when lhs - rhs is exactly nonzero and the numbers agree; else None."""
    lhs, rhs = sides.lhs, sides.rhs
    if relation not in EQUALITY or sides.matrix:
        return None
    free = sorted(lhs.free_symbols | rhs.free_symbols, key=str)
    if len(free) > 3 or lhs.has(sp.Sum, sp.Product) or rhs.has(sp.Sum, sp.Product):
        return None
    if any(sides.assumptions.domain_of(s) not in ("real", "positive", "unit") for s in free):
        return None
    try:
        with within(SECONDS):
            d = exact_decimals(lhs) - exact_decimals(rhs)
            d = sp.simplify(d.doit())
            if d == 0 or d.has(sp.Integral, sp.Derivative, sp.Limit, sp.Subs):
                return None
            for p in POINTS:
                point = {s: (p / 3 if sides.assumptions.domain_of(s) == "unit" else p) for s in free}
                exact = complex(sp.N(d.xreplace({s: sp.Float(v, 30) for s, v in point.items()}), 30))
                if not np.isfinite(exact) or exact == 0:
                    continue
                env = {s: np.array([v]) for s, v in point.items()}
                ev = Evaluator()
                lv, rv = (complex(np.asarray(ev(e, env)).ravel()[0]) for e in (lhs, rhs))
                scale = max(abs(lv), abs(rv), 1e-300)
                if abs(exact) <= 1e-14 * scale:     # within float rounding of the literals
                    continue
                if abs((lv - rv) - exact) <= 0.5 * abs(exact):   # the numbers agree
                    return Verdict(False, "numeric", {str(k): v for k, v in point.items()}, lv.real,
                                   rv.real, detail=f"exactly different: lhs - rhs = {sp.N(d, 6)} "
                                                   "(the numbers agree)")
    except BudgetExceeded:
        raise
    except Exception:  # noqa: BLE001 - no exact difference: no verdict from here
        return None
    return None
