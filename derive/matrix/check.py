"""One matrix step checked: always by numbers on random instances of several sizes, then
symbolically by the trace normal form when both forms expand.

Differentials and gradients are evaluated by finite differences of the function they
act on, so a rule's output is compared with the definition. A form that cannot be given
a value (shapes that do not multiply) where its neighbour can is refuted.
"""
from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr

from ..core.verdict import Verdict
from .evaluate import EvaluationError, instances, structures, value
from .nodes import NODES
from .normal import NotNormal, same_normal_form

RTOL = 1e-6
COUNT = 5


def is_matrix_form(e) -> bool:
    """Does a form belong to matrix calculus (a node of ours, or a matrix of symbolic size)?"""
    if not isinstance(e, sp.Basic) or isinstance(e, sp.MatrixBase):
        return False
    for node in sp.preorder_traversal(e):
        if isinstance(node, NODES):
            return True
        if isinstance(node, sp.MatrixSymbol) and not all(sp.sympify(d).is_Integer for d in node.shape):
            return True
    return False


def _shape_of(e):
    return tuple(e.shape) if isinstance(e, MatrixExpr) else (1, 1)


def proved_same_form(a, b, assumptions=None) -> bool:
    """Are two matrix forms equal by the trace normal form (d(F + C) = dF for constant C included)?
    The mutation runner uses it to tell an equivalent rewrite of a step from a wrong one."""
    try:
        return same_normal_form(a, b, structures(getattr(assumptions, "notes", ())))
    except NotNormal:
        return False


def check_matrix_step(before, after, relation: str = "=", assumptions=None) -> Verdict:
    """Verdict on ``before relation after`` for matrix forms."""
    t0 = time.perf_counter()
    if relation == "=>":
        return _solved(before, after, assumptions)
    if relation != "=":
        return Verdict(None, detail=f"matrix forms are compared by '=' or '=>', not {relation!r}")
    kinds = structures(getattr(assumptions, "notes", ()))
    if isinstance(before, MatrixExpr) != isinstance(after, MatrixExpr) or \
            (isinstance(before, MatrixExpr) and _shape_of(before) != _shape_of(after)):
        return Verdict(False, "numeric", {"shape": f"{_shape_of(before)} vs {_shape_of(after)}"},
                       detail="the two forms have different shapes", seconds=time.perf_counter() - t0)
    clash = _shape_clash(before, after)
    if clash:
        return Verdict(False, "numeric", {"symbol": clash}, detail=f"{clash} has two different shapes",
                       seconds=time.perf_counter() - t0)
    agreed, sizes = 0, []
    for inst in instances([before, after], kinds, count=COUNT):
        lhs, lhs_error = _try_value(before, inst)
        rhs, rhs_error = _try_value(after, inst)
        if lhs_error and rhs_error:
            return Verdict(None, detail=f"neither form has a value: {lhs_error}")
        if lhs_error or rhs_error:   # a form with no value cannot equal one that has a value
            which = "earlier" if lhs_error else "later"
            return Verdict(False, "numeric", {"sizes": _sizes(inst)},
                           detail=f"the {which} form has no value: {lhs_error or rhs_error}",
                           seconds=time.perf_counter() - t0)
        lhs, rhs = np.asarray(lhs, float), np.asarray(rhs, float)
        if lhs.shape != rhs.shape:
            return Verdict(False, "numeric", {"sizes": _sizes(inst)}, detail=f"values of shapes {lhs.shape} "
                           f"and {rhs.shape}", seconds=time.perf_counter() - t0)
        if not (np.all(np.isfinite(lhs)) and np.all(np.isfinite(rhs))):
            continue
        scale = 1.0 + max(float(np.max(np.abs(lhs), initial=0)), float(np.max(np.abs(rhs), initial=0)))
        gap = float(np.max(np.abs(lhs - rhs), initial=0))
        if gap > RTOL * scale:
            return Verdict(False, "numeric", {"sizes": _sizes(inst)}, _show(lhs), _show(rhs),
                           detail=f"differs by {gap:.3g} on a random instance", seconds=time.perf_counter() - t0)
        agreed += 1
        sizes.append(_sizes(inst))
    if agreed < 3:
        return Verdict(None, detail=f"only {agreed} random instances had finite values")
    where = "; ".join(sizes)
    try:
        proved = same_normal_form(before, after, kinds)
    except NotNormal:
        proved = False
    seconds = time.perf_counter() - t0
    if proved:
        return Verdict(True, "symbolic", detail="trace normal form", samples=agreed, seconds=seconds)
    return Verdict(True, "numeric", samples=agreed, seconds=seconds,
                   detail=f"finite differences agree on random instances of sizes {where}")


def _solved(before, after, assumptions) -> Verdict:
    """``G = 0 => W = V``: V put for W makes G zero on every instance, and G is not zero for
    every W (then the equation would not determine W)."""
    if not isinstance(after, sp.Eq) or not isinstance(after.lhs, sp.MatrixSymbol):
        return Verdict(None, detail="a '=>' step must solve for a matrix symbol, as Eq(W, value)")
    var, solution = after.lhs, after.rhs
    residual = sp.MatAdd(before.lhs, sp.MatMul(-1, before.rhs)) if isinstance(before, sp.Eq) else before
    if not isinstance(residual, MatrixExpr) or var not in residual.free_symbols:
        return Verdict(None, detail=f"the equation before does not involve {var.name}")
    if var in getattr(solution, "free_symbols", ()):
        return Verdict(None, detail=f"the solution for {var.name} still involves {var.name}")
    zero = sp.ZeroMatrix(*residual.shape)
    anywhere = check_matrix_step(residual, zero, "=", assumptions)
    if anywhere.holds:
        return Verdict(None, detail=f"the equation holds for every {var.name}: it does not determine it")
    at = check_matrix_step(residual.xreplace({var: solution}), zero, "=", assumptions)
    if at.holds is False:
        return replace(at, detail=f"putting the solution for {var.name} in does not give 0: {at.detail}")
    if at.holds:
        return replace(at, detail=f"the solution put for {var.name} gives 0 ({at.detail})")
    return at


def _shape_clash(*forms) -> str:
    seen = {}
    for f in forms:
        for m in f.atoms(sp.MatrixSymbol):
            if seen.setdefault(m.name, m.shape) != m.shape:
                return m.name
    return ""


def _try_value(form, inst):
    try:
        with np.errstate(all="ignore"):     # a log of a negative number is NaN, handled as not finite
            return value(form, inst), ""
    except (EvaluationError, np.linalg.LinAlgError) as exc:
        return None, str(exc)


def _sizes(inst) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(inst.sizes.items(), key=lambda kv: str(kv[0]))) or "fixed"


def _show(v):
    v = np.asarray(v)
    return float(v.ravel()[0]) if v.size == 1 else np.array2string(v.ravel()[:4], precision=6)
