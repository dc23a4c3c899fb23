"""Stage 3: decide from the float comparisons of stage 2, confirming in high precision.

A mismatch refutes only once high precision confirms it (``derive.verify.precise``);
an instance floats cannot evaluate is tried at a few points in mpmath; a side with no
value at all (a divergent limit or integral) refutes an equation with a finite side.
Agreement needs every instance checked: a case not evaluated is a case not checked.
"""
from __future__ import annotations

from typing import Iterable, Optional

import numpy as np
import sympy as sp

from ..core.chain import EQUALITY
from .budget import BudgetExceeded, Deadline
from .compare import Floats, Instance, Unevaluated
from .divergence import no_value
from .evaluate import is_approximate
from .numeric import NumericOutcome, NumericSettings
from .precise import PRECISE_SECONDS, TooSlow, as_number, confirm_mismatch, stable_value


EXTRA_CONFIRM = 4        # suspects of an extra pass re-evaluated in high precision, at most
EXTRA_PRECISE = 3.0      # seconds of high precision all extra passes may spend
ZERO = 1e-14             # |value| at or below which a side counts as 0 (vacuity)


def judge(instances: Iterable[Instance], relation: str, settings: NumericSettings) -> NumericOutcome:
    """The numeric verdict over all instances; the first confirmed mismatch refutes.

    The extra passes (larger sizes, magnitudes, stand-ins, search) can only refute: a
    case they cannot evaluate, or a float mismatch high precision does not confirm,
    leaves the verdict of the ordinary samples as it was."""
    agreed, notes, failed = 0, [], False
    evidence = _Evidence()
    precise = Deadline(PRECISE_SECONDS)  # all high-precision work of this comparison
    extra_precise = Deadline(EXTRA_PRECISE)
    for inst in instances:
        if isinstance(inst, Unevaluated):
            notes.append(inst.note)
            failed = failed or not inst.extra
            continue
        where = inst.point or "the sample points"
        if inst.extra:
            out = _judge_extra(inst, relation, settings, extra_precise, agreed)
            if isinstance(out, NumericOutcome):
                return evidence.attach(out)
            agreed += out
            evidence.add(inst)
            continue
        if inst.bad is None:
            # floats overflowed or left the domain: let high precision decide a few points
            rescued = rescue(inst, relation, settings, precise)
            if rescued is None:
                divergent = refute_by_no_value(inst, relation, 0)
                if divergent:
                    return evidence.attach(divergent)
                notes.append(f"too few samples could be evaluated at {where}")
                failed = True
            elif rescued[0] is False:
                _, idx, lm, rm = rescued
                return evidence.attach(NumericOutcome(
                    False, agreed, inst.counterexample(inst.sample(idx)), lm, rm,
                    "high-precision values disagree"))
            else:
                agreed += rescued[1]
                evidence.add(inst, zero=False)
            continue
        suspects = np.flatnonzero(inst.bad)
        if len(suspects) > settings.confirm_max and inst.approx and not inst.free:
            # a limit or integral with nothing sampled: every sample is the same number,
            # read in floats at one scale; high precision decides it
            rescued = rescue(inst, relation, settings, precise, points=4)
            if rescued is not None and rescued[0] is False:
                _, idx, lm, rm = rescued
                return evidence.attach(NumericOutcome(
                    False, agreed, inst.counterexample(inst.sample(idx)), lm, rm,
                    "high-precision values disagree"))
            if rescued is not None:
                agreed += rescued[1]
                evidence.add(inst, zero=False)
                continue
        if len(suspects) > settings.confirm_max:  # too many to examine: no verdict here
            notes.append(f"{len(suspects)} samples disagree in floating point")
            failed = True
        # one side defined and the other not (log(xy) vs log x + log y at x = y = -1):
        # high precision, in complex arithmetic, says whether the two really differ
        onesided = np.flatnonzero(np.isfinite(inst.lv) ^ np.isfinite(inst.rv))[:2]
        for idx in list(suspects[: settings.confirm_max]) + list(onesided):
            if precise.expired():
                notes.append("high-precision budget spent")
                failed = True
                break
            point = inst.sample(idx)
            try:
                differ = confirm_mismatch(inst.lhs, inst.rhs, relation, point, inst.random, int(idx),
                                          inst.approx)
            except TooSlow as exc:
                notes.append(f"{exc} at {where}")
                failed = True
                break
            if differ is not None:
                lm, rm = differ
                return evidence.attach(NumericOutcome(False, agreed, inst.counterexample(point),
                                                      lm, rm, "samples disagree"))
        if len(suspects) > settings.confirm_max:  # every sample off: is one side undefined?
            divergent = refute_by_no_value(inst, relation, int(suspects[0]))
            if divergent:
                return evidence.attach(divergent)
        agreed += int(np.count_nonzero(inst.valid & ~inst.bad))
        evidence.add(inst)
    if failed or agreed == 0:
        why = notes[0] if notes else "no sample could be evaluated"
        out = evidence.attach(NumericOutcome(None, agreed, detail=f"numeric check incomplete: {why}",
                                             notes=notes))
        out.trivial = relation in EQUALITY and agreed > 0 and evidence.all_zero
        return out
    out = evidence.attach(NumericOutcome(True, agreed, detail="samples agree", notes=notes))
    out.trivial = relation in EQUALITY and evidence.all_zero
    return out


def _judge_extra(inst: Floats, relation: str, settings: NumericSettings, precise: Deadline,
                 agreed: int):
    """An extra pass's instance: a refutation (NumericOutcome) or the count that agreed."""
    if inst.bad is None:
        return 0
    suspects = np.flatnonzero(inst.bad)
    if len(suspects):  # the worst first: the largest relative disagreement
        with np.errstate(invalid="ignore", over="ignore"):   # inf - inf: NaN, sorted last
            gap = np.abs(inst.lv - inst.rv) / (1 + np.abs(inst.lv) + np.abs(inst.rv))
        suspects = suspects[np.argsort(-np.nan_to_num(gap[suspects], nan=-1.0), kind="stable")]
    for idx in suspects[:EXTRA_CONFIRM]:
        if precise.expired():
            break
        point = inst.sample(idx)
        try:
            differ = confirm_mismatch(inst.lhs, inst.rhs, relation, point, inst.random, int(idx),
                                      inst.approx)
        except TooSlow:
            break
        if differ is not None:
            lm, rm = differ
            return NumericOutcome(False, agreed, inst.counterexample(point), lm, rm,
                                  f"samples disagree ({_PASS_NAMES.get(inst.extra, inst.extra)})")
    return int(np.count_nonzero(inst.valid & ~inst.bad))


_PASS_NAMES = {"sizes": "at a larger size", "magnitudes": "at a magnitude far from 1",
               "landmarks": "near a number the form mentions",
               "stand-ins": "with another stand-in for an undefined function",
               "search": "found by a local search from the worst samples"}


class _Evidence:
    """What the samples covered: the sizes tried and the range of each sampled symbol."""

    def __init__(self):
        self.sizes: dict = {}
        self.domains: dict = {}
        self.all_zero = True
        self.seen = False

    def add(self, inst: Floats, zero: bool = True) -> None:
        for k, v in inst.point.items():
            self.sizes.setdefault(str(k), set()).add(int(v))
        ok = inst.valid & ~inst.bad if inst.bad is not None else inst.valid
        if not ok.any():
            return
        for s in inst.free:
            v = inst.env.get(s)
            if v is None or not np.ndim(v) or isinstance(s, sp.Dummy):
                continue
            v = np.asarray(v, dtype=float)[ok]
            name = str(inst.conc.entries.get(s, s))
            lo, hi = self.domains.get(name, (np.inf, -np.inf))
            self.domains[name] = (min(lo, float(v.min())), max(hi, float(v.max())))
        if not inst.extra:
            self.seen = True
            if not zero or not (np.all(np.abs(inst.lv[ok]) <= ZERO)
                                and np.all(np.abs(inst.rv[ok]) <= ZERO)):
                self.all_zero = False

    def attach(self, out: NumericOutcome) -> NumericOutcome:
        out.sizes = {k: sorted(v) for k, v in self.sizes.items()}
        out.domains = dict(self.domains)
        self.all_zero = self.all_zero and self.seen
        return out


def rescue(inst: Floats, relation: str, settings: NumericSettings, precise: Deadline,
           points: int = 8):
    """Evaluate a few samples in mpmath when floats fail; (False, idx, l, r) on a
    mismatch, (True, agreeing count) when enough agree, None when mpmath fails too."""
    good = 0
    for idx in range(min(points, settings.samples)):
        if precise.expired():
            break
        point = inst.sample(idx)
        try:
            differ = confirm_mismatch(inst.lhs, inst.rhs, relation, point, inst.random, idx,
                                      inst.approx)
        except TooSlow:
            break
        if differ is not None:
            return False, idx, differ[0], differ[1]
        try:
            (lm, _), (rm, _) = (stable_value(e, point, inst.random, idx, inst.approx)
                                for e in (inst.lhs, inst.rhs))
        except BudgetExceeded:  # a budget ran out: its owner decides, not this handler
            raise
        except Exception:  # noqa: BLE001 - a point mpmath cannot evaluate says nothing
            continue
        if abs(lm.imag) <= 1e-20 and abs(rm.imag) <= 1e-20:  # agreement on the reals only
            good += 1
    return (True, good) if good >= 4 else None


def refute_by_no_value(inst: Floats, relation: str, idx: int) -> Optional[NumericOutcome]:
    """A refutation when one side has no finite value at the sample (a limit that blows
    up, an integral that diverges: ``derive.verify.divergence``) and the other has one."""
    if relation not in EQUALITY:
        return None
    point = inst.sample(idx)
    why_l, why_r = (no_value(e, point, inst.random, idx) for e in (inst.lhs, inst.rhs))
    if (why_l is None) == (why_r is None):  # neither certified, or both: nothing to compare
        return None
    finite = inst.rhs if why_l else inst.lhs
    try:
        value, _ = stable_value(finite, point, inst.random, idx, is_approximate(finite))
    except BudgetExceeded:
        raise
    except Exception:  # noqa: BLE001 - no trusted value on the other side: no verdict
        return None
    why = why_l or why_r
    missing, value = "no value", as_number(value)   # the detail says why
    lm, rm = (missing, value) if why_l else (value, missing)
    return NumericOutcome(False, 0, inst.counterexample(point), lm, rm,
                          f"one side has no value: {why}")
