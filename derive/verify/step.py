"""Verify one step of a derivation against the step before it.

``=`` and the order relations compare forms; ``=>`` ("set to zero and solve")
substitutes the solution into the previous equation; ``≈`` checks a rounded number
against the exact value to the digits it shows. A display form must equal the form it
stands for, and a step's side computations (substeps) are verified as a chain too.
"""
from __future__ import annotations

from dataclasses import replace

import mpmath
import sympy as sp

from ..core.assumptions import Assumptions
from ..core.verdict import Verdict
from ..core.functions import unfold_defined
from . import cache
from .numeric import DEFAULT
from .relation import numeric_compare, verify_relation


def residual(form: sp.Basic) -> sp.Basic:
    """lhs - rhs of an equation; an expression is read as ``form = 0``."""
    if isinstance(form, sp.Eq):
        return form.lhs - form.rhs
    return form


def check_step(prev, step, A: Assumptions, budget: float) -> Verdict:
    from ..matrix.check import is_matrix_form
    if is_matrix_form(prev.expr) or is_matrix_form(step.expr):   # matrix calculus: its own check
        return cache.cached(_matrix_step, prev.expr, step.expr, MATRIX + step.relation, A, None)
    verdict = _relation(prev.expr, step, A, budget)
    if verdict.holds is not False and step.display is not None:
        wrong = check_display(step, A)
        if wrong is not None:
            return wrong
    if verdict.holds is not False and step.substeps:
        for a, b in zip(step.substeps, step.substeps[1:]):
            b.verdict = _relation(a.expr, b, A, budget)
            if b.verdict.holds is False:
                return replace(b.verdict, detail=f"side computation fails: {b.rule}")
    return verdict


MATRIX = "matrix "   # the cache's relation tag of a matrix-calculus step


def _matrix_step(before, after, rel, A, budget, lemmas=None) -> Verdict:
    """derive.matrix's check of a matrix-calculus step, in the cache's calling convention."""
    from ..matrix.check import check_matrix_step
    return check_matrix_step(before, after, rel[len(MATRIX):], A)


def check_display(step, A: Assumptions):
    """None when the displayed form equals the verified one; a refutation otherwise."""
    if evaluated(step.display) == step.expr:  # the usual case: the same form, unevaluated
        return None
    shown = cache.cached(_display_compare, residual(step.display), residual(step.expr),
                         "display =", A, None, DEFAULT)
    return shown if shown.holds is False else None


def _display_compare(shown, verified, rel, A, budget, lemmas=None) -> Verdict:
    """The numeric comparison of a display form with its verified form, as a Verdict
    (so the cache can keep it): refuted, holds numerically, or undecided (never kept)."""
    out = numeric_compare(shown, verified, "=", A)
    if out.holds is False:
        return Verdict(False, "numeric", out.counterexample, out.lhs_value, out.rhs_value,
                       detail="the displayed form differs from the verified form")
    return Verdict(out.holds, "numeric" if out.holds else None, detail=out.detail or "",
                   samples=out.agreed)


def evaluated(e: sp.Basic) -> sp.Basic:
    """Rebuild a form built under evaluate(False) with evaluation on (operators such as
    Derivative and Sum stay unevaluated: that is their default)."""
    if not isinstance(e, sp.Basic) or not e.args or isinstance(e, sp.MatrixBase):
        return e
    try:
        return e.func(*[evaluated(a) for a in e.args])
    except (TypeError, ValueError):  # a node that cannot be rebuilt from its args
        return e


def _relation(before: sp.Basic, step, A: Assumptions, budget: float) -> Verdict:
    rel, after = step.relation, step.expr
    if rel == "=>":
        var, value = after.lhs, after.rhs
        r = residual(before)   # subs, not xreplace: d/dth at th = 2 is a Subs, not d/d2
        r = r.subs({var: value}) if r.has(sp.Derivative) else r.xreplace({var: value})
        return _verify(r, sp.S.Zero, "=", A, budget)
    if rel == "≈":
        return _approximately(before, after, A, budget, step.digits)
    if isinstance(before, sp.Eq) or isinstance(after, sp.Eq):
        return _verify(residual(before), residual(after), "=", A, budget)
    lemmas = {eq.lhs: eq.rhs for eq in step.using}
    return _verify(before, after, rel, A, budget, lemmas=lemmas)


def _verify(lhs, rhs, rel: str, A: Assumptions, budget: float, lemmas=None) -> Verdict:
    """verify_relation through the on-disk verdict cache (``cache.py``)."""
    return cache.cached(verify_relation, lhs, rhs, rel, A, budget, DEFAULT, lemmas)


def _approximately(exact: sp.Basic, rounded: sp.Basic, A, budget, digits=None) -> Verdict:
    """A number shown to k digits is right when it is within half a unit of its last digit.

    ``digits`` (decimals shown) is read from the float unless the step states it: a
    float forgets trailing zeros (0.660 reads as 0.66)."""
    if isinstance(exact, sp.MatrixBase):
        for a, b in zip(exact, rounded):
            v = _approximately(a, b, A, budget, digits)
            if not v:
                return v
        return Verdict(True, "symbolic", detail="every entry rounds correctly")
    exact = unfold_defined(exact)
    if exact.free_symbols or rounded.free_symbols:
        return _verify(exact, rounded, "=", A, budget)
    with mpmath.workdps(40):
        value = sp.N(exact, 40)
        shown = sp.N(rounded, 40)
    digits = _decimals(rounded) if digits is None else digits
    tol = sp.Rational(1, 2) * sp.Integer(10) ** (-digits) * (1 + sp.Rational(1, 10 ** 6))
    err = abs(value - shown)
    if err <= tol:
        return Verdict(True, "symbolic", detail=f"exact value {sp.N(exact, 10)} rounds to it",
                       samples=0)
    return Verdict(False, "numeric", {}, float(value), float(shown),
                   detail=f"exact value {sp.N(exact, 10)} does not round to {rounded}")


def _decimals(x: sp.Basic) -> int:
    """Digits after the decimal point of the (largest) float shown in ``x``."""
    floats = [f for f in x.atoms(sp.Float)] or ([x] if x.is_Float else [])
    best = None
    for f in floats:
        text = sp.sstr(f, full_prec=False).lower()
        mantissa, _, exponent = text.partition("e")   # 3.7e-6 shows 7 decimals, not 0
        shown = len(mantissa.split(".")[1].rstrip("0")) if "." in mantissa else 0
        shown -= int(exponent) if exponent else 0
        best = shown if best is None else max(best, shown)
    return 0 if best is None else best
