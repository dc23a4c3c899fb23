"""Verify one relation between two forms: the whole pipeline, in the order it runs.

1. ``prepare``: both sides to SymPy once, with their assumptions (``prepare.py``);
2. ``sample``: both sides on samples of every instance, compared in floats (``compare.py``);
3. ``judge``: mismatches confirmed in high precision, or no verdict (``confirm.py``);
4. ``prove``: the symbolic ladder, tried only when the samples agree (``prove.py``).

A confirmed mismatch refutes at once, with a counterexample. A proof with agreeing
samples is ``proved``; agreeing samples without a proof are ``numeric``, never proved.
No stage calls back into an earlier one.
"""
from __future__ import annotations

import time
from dataclasses import replace

from ..core.verdict import Verdict
from .budget import within
from .compare import sample
from .confirm import judge
from .numeric import DEFAULT, NumericOutcome, NumericSettings
from .prepare import ShapeMismatch, Sides, prepare
from .prove import prove
from .symmetry import orbits
from ..core.chain import EQUALITY
from .exact import exact_refutation
from .vacuity import trivial_detail


def verify_relation(lhs, rhs, relation: str = "=", assumptions=None, budget: float = 2.0,
                    settings: NumericSettings = DEFAULT, lemmas: dict | None = None) -> Verdict:
    """Decide ``lhs relation rhs``: numeric first (refutes fast), then the symbolic ladder."""
    start = time.perf_counter()
    try:
        sides = prepare(lhs, rhs, assumptions)
    except ShapeMismatch as exc:
        return Verdict(exc.refutes, None, detail=str(exc), seconds=time.perf_counter() - start)
    # the ordinary samples first; the harder passes only when no proof stands on them
    num = compare_numerically(sides, relation, replace(settings, extras=False))
    if num.trivial and (_literal_zero(sides)   # d/dx 5 = 0 is a plain claim about 0
                        or trivial_detail(sides.lhs, sides.rhs, sides.assumptions) is None):
        num.trivial = False
    if num.holds is False:
        return _refuted(num, start)
    proved, how = prove(sides.lhs, sides.rhs, relation, sides.assumptions, budget, lemmas)
    if proved and num.holds is not False and num.agreed > 0 and not num.trivial:
        return Verdict(True, "symbolic", detail=how, samples=num.agreed,
                       seconds=time.perf_counter() - start, **evidence(num))
    if settings.extras and not sides.matrix:
        harder = compare_numerically(sides, relation, settings)
        if harder.holds is False:
            return _refuted(harder, start)
        if harder.holds is not None or num.holds is None:
            num = harder
    if num.holds is not True or num.trivial:
        num = num if num.holds is not True else replace(num, holds=None)
    if num.holds is None:
        detail = num.detail
        if num.trivial:
            detail = trivial_detail(sides.lhs, sides.rhs, sides.assumptions)
        elif proved:   # a symbolic result no sample confirms is not a proof
            detail = (f"symbolic result ({how}) not confirmed: {num.agreed} samples agree; "
                      f"{num.detail}")
        else:
            detail = f"{num.detail}; {how}"
        return Verdict(None, None, detail=detail, samples=num.agreed,
                       seconds=time.perf_counter() - start, trivial=num.trivial, **evidence(num))
    exact = exact_refutation(sides, relation)
    if exact is not None:
        return replace(exact, seconds=time.perf_counter() - start, samples=num.agreed)
    return Verdict(True, "numeric", detail=how, samples=num.agreed,
                   seconds=time.perf_counter() - start, **evidence(num))


def _literal_zero(sides) -> bool:
    return not sides.matrix and (sides.lhs == 0 or sides.rhs == 0)


def evidence(num: NumericOutcome) -> dict:
    """The Verdict fields that say what the samples covered."""
    return {"sizes": dict(num.sizes), "domains": dict(num.domains)}


def _refuted(num: NumericOutcome, start: float) -> Verdict:
    return Verdict(False, "numeric", num.counterexample, num.lhs_value, num.rhs_value,
                   detail=num.detail, samples=num.agreed, seconds=time.perf_counter() - start,
                   **evidence(num))


def numeric_compare(lhs, rhs, relation: str = "=", A=None,
                    settings: NumericSettings = DEFAULT) -> NumericOutcome:
    """Stages 1 to 3 alone: the numeric verdict, without a proof (a display form, a mutant).
    The extra passes run only when the settings passed ask for them."""
    if settings is DEFAULT:
        settings = replace(settings, extras=False)
    return compare_numerically(prepare(lhs, rhs, A), relation, settings)


def compare_numerically(sides: Sides, relation: str, settings: NumericSettings) -> NumericOutcome:
    """Stages 2 and 3 within their time budget (``settings.seconds``, plus ``entry_seconds``
    per entry of a matrix): a form too big to sample in time is undecided, not a hang."""
    seconds = settings.seconds + (settings.entry_seconds * sides.entries() if sides.matrix else 0)
    A = sides.assumptions
    with within(seconds):
        if not sides.matrix:
            return judge(sample(sides.lhs, sides.rhs, relation, A, settings), relation, settings)
        agreed = 0
        sym = orbits(sides.lhs, sides.rhs, A) if relation in EQUALITY else None
        entries = list(zip(sides.lhs, sides.rhs))
        for pos in (sym.representatives if sym else range(len(entries))):
            a, b = entries[pos]
            out = judge(sample(a, b, relation, A, settings), relation, settings)
            if out.holds is False:
                i, j = divmod(pos, sides.lhs.shape[1])
                out.detail = f"entry ({i + 1}, {j + 1}) differs"
                return out
            if out.holds is None:
                return out
            agreed = out.agreed if not agreed else min(agreed, out.agreed)
        if sym:
            return NumericOutcome(True, agreed, detail="all entries agree: "
                                  + sym.describe(sides.entries()))
        return NumericOutcome(True, agreed, detail="all entries agree")
    return NumericOutcome(None, detail=f"numeric check incomplete: over its budget of {seconds:g} s")


__all__ = ["NumericSettings", "compare_numerically", "numeric_compare", "verify_relation"]
