"""Stage 2: sample both sides on every instance and compare them in floating point.

``sample`` yields one record per instance (sizes and indices fixed), lazily, so that
stage 3 can confirm a mismatch on a small instance before a large one is evaluated.
A record says which samples disagree beyond what floats and approximations may get
wrong; it decides nothing: confirmation in high precision is stage 3's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Union

import numpy as np
import sympy as sp

from ..core.assumptions import Assumptions
from .budget import BudgetExceeded
from .concretise import Concretiser, apply_functions
from .error_bounds import approximation_bound, rounding_bound
from .evaluate import Evaluator, NotNumeric, Random, atoms_for, is_approximate, random_functions
from .numeric import NumericSettings, real_values, related
from .sampling import discrete_symbols, draw_point, instantiations

EVALUATION_ERRORS = (TypeError, ValueError, ZeroDivisionError, OverflowError, KeyError, NameError,
                     AttributeError, RecursionError)


@dataclass
class Unevaluated:
    """An instance that could not be evaluated in floating point: a case not checked."""

    note: str


@dataclass
class Floats:
    """One instance of the relation, both sides evaluated on a batch of samples."""

    point: dict                # the integers this instance fixed
    conc: Concretiser          # how entries and domains of the instance map back
    lhs: sp.Basic              # the concrete forms
    rhs: sp.Basic
    env: dict                  # symbol -> array of samples
    free: list
    random: Random
    lv: np.ndarray             # the values, NaN where not real or not finite
    rv: np.ndarray
    valid: np.ndarray          # both sides finite
    bad: Optional[np.ndarray]  # valid samples that disagree; None when too few are valid
    approx: bool               # finite differences, quadrature or limits are involved

    def sample(self, idx) -> dict:
        """The sampled values of sample ``idx``."""
        return {s: self.env[s][idx] if np.ndim(self.env[s]) else self.env[s]
                for s in self.free if s in self.env}

    def counterexample(self, sample: dict) -> dict:
        """The sizes and indices, then the sampled values, named as the user wrote them."""
        values = {self.conc.entries.get(s, s): float(v) for s, v in sample.items()
                  if not isinstance(s, sp.Dummy)}
        return {**{k: int(v) for k, v in self.point.items()}, **values}


Instance = Union[Floats, Unevaluated]


def sample(lhs: sp.Basic, rhs: sp.Basic, relation: str, A: Assumptions,
           settings: NumericSettings) -> Iterator[Instance]:
    """Both scalar sides on ``settings.samples`` points of every instance, small ones first."""
    rng = np.random.default_rng(settings.seed)
    funcs = random_functions([lhs, rhs], rng)
    if funcs:
        lhs, rhs = (apply_functions(e, funcs) for e in (lhs, rhs))
    ds = discrete_symbols([lhs, rhs], A)
    approx = is_approximate(lhs) or is_approximate(rhs)
    rtol = settings.approx_rtol if approx else settings.rtol
    # small instances first: a mismatch there is the cheapest to confirm in high precision
    points = sorted(instantiations(ds, A, rng, settings.instances),
                    key=lambda pt: sum(abs(int(v)) for v in pt.values()))
    for point in points:
        conc = Concretiser(A, point)
        try:
            l, r = conc(lhs), conc(rhs)
        except BudgetExceeded:  # a budget ran out: its owner decides, not this handler
            raise
        except Exception as exc:  # noqa: BLE001 - any failure to instantiate is a note
            yield Unevaluated(f"could not instantiate at {point}: {exc}")
            continue
        groups = conc.simplex_groups()
        free = sorted((l.free_symbols | r.free_symbols) - set(point), key=sp.default_sort_key)
        env = draw_point(free, conc.domain_of, groups, rng, settings.samples)
        random = Random(conc.family_of, rng, settings.samples, atoms_for((l, r), conc.family_of),
                        joint=A.joint_families())
        ev = Evaluator(random, conc.domain_of)
        try:
            lv = real_values(ev(l, env), settings.samples)
            rv = real_values(ev(r, env), settings.samples)
        except NotNumeric as exc:
            yield Unevaluated(str(exc))
            continue
        except EVALUATION_ERRORS as exc:
            yield Unevaluated(f"numeric evaluation failed: {type(exc).__name__}: {exc}")
            continue
        valid = np.isfinite(lv) & np.isfinite(rv)
        bad = None
        if np.count_nonzero(valid) >= max(4, settings.samples // 8):
            bad = valid & ~related(lv, rv, relation, rtol, 0.0)
            if bad.any():  # what floats and approximations may get wrong, sized per sample
                bad &= ~related(lv, rv, relation, rtol, allowance(l, r, ev, env, settings, approx))
        yield Floats(point, conc, l, r, env, free, random, lv, rv, valid, bad, approx)


def allowance(l, r, ev, env, settings, approx) -> np.ndarray:
    """Per sample, the error the evaluation itself may carry: rounding, and for finite
    differences, quadrature and limits their approximation error. Both are relative to
    each side's own terms, never absolute: x / 10^11 = 0 is a mistake, sin^2 + cos^2 - 1
    = 0 is not. Where a bound cannot be evaluated, no allowance: high precision decides."""
    parts = [(settings.noise, rounding_bound)]
    if approx:
        parts.append((settings.approx_atol, approximation_bound))
    total = np.zeros(settings.samples)
    for factor, bound in parts:
        try:
            size = (real_values(ev(bound(l), env), settings.samples)
                    + real_values(ev(bound(r), env), settings.samples))
        except BudgetExceeded:  # a budget ran out: its owner decides, not this handler
            raise
        except Exception:  # noqa: BLE001 - no size, no allowance
            continue
        total += np.where(np.isfinite(size), factor * size, 0.0)
    return total
