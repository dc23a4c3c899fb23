"""Stage 2: sample both sides on every instance and compare them in floating point.

``sample`` yields one record per instance (sizes and indices fixed), lazily, so that
stage 3 can confirm a mismatch on a small instance before a large one is evaluated.
A record says which samples disagree beyond what floats and approximations may get
wrong; it decides nothing: confirmation in high precision is stage 3's.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterator, Optional, Union

import numpy as np
import sympy as sp

from ..core.assumptions import Assumptions
from ..core.chain import ORDER
from .budget import BudgetExceeded
from .concretise import Concretiser, apply_functions
from .error_bounds import approximation_bound, rounding_bound
from .evaluate import Evaluator, NotNumeric, Random, atoms_for, is_approximate, random_functions
from .numeric import NumericSettings, real_values, related
from .sampling import (discrete_symbols, draw_point, instantiations, landmark_draw, landmarks,
                       more_sizes, size_instantiations, wide_draw)

EVALUATION_ERRORS = (TypeError, ValueError, ZeroDivisionError, OverflowError, KeyError, NameError,
                     AttributeError, RecursionError)


@dataclass
class Unevaluated:
    """An instance that could not be evaluated in floating point: a case not checked."""

    note: str
    extra: str = ""            # the extra pass it belongs to ("" for the ordinary samples)


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
    ev: object = None          # the Evaluator of the instance (the local search reuses it)
    extra: str = ""            # "" for the ordinary samples, else the extra pass's name

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

EXTRA_SECONDS = 1.5      # wall time the extra passes (sizes, magnitudes, stand-ins) may take
STAND_INS = 2            # further independent stand-ins for each undefined function


def sample(lhs: sp.Basic, rhs: sp.Basic, relation: str, A: Assumptions,
           settings: NumericSettings) -> Iterator[Instance]:
    """Both scalar sides on ``settings.samples`` points of every instance, small ones first;
    then the extra passes (``Floats.extra`` names them): larger sizes, magnitudes across
    the domains and the numbers the form mentions, other stand-ins for undefined
    functions, and for an order a local search for a violation from the worst samples."""
    rng = np.random.default_rng(settings.seed)
    original = (lhs, rhs)
    funcs = random_functions([lhs, rhs], rng)
    if funcs:
        lhs, rhs = (apply_functions(e, funcs) for e in (lhs, rhs))
    ds = discrete_symbols([lhs, rhs], A)
    approx = is_approximate(lhs) or is_approximate(rhs)
    ctx = _Context(relation, A, settings, rng, settings.approx_rtol if approx else settings.rtol,
                   approx)
    # small instances first: a mismatch there is the cheapest to confirm in high precision
    points = sorted(instantiations(ds, A, rng, settings.instances),
                    key=lambda pt: sum(abs(int(v)) for v in pt.values()))
    first: list = []
    for point in points:
        inst = ctx.instance(point, lhs, rhs)
        if isinstance(inst, Floats):
            first.append(inst)
        yield inst
    if settings.extras:
        yield from _extras(ctx, first, points, ds, original, lhs, rhs)


def _extras(ctx, first, points, ds, original, lhs, rhs) -> Iterator[Instance]:
    """The passes that try harder once the ordinary samples agree, within EXTRA_SECONDS."""
    from .search import local_search
    deadline = time.perf_counter() + EXTRA_SECONDS
    marks = landmarks(original)
    found = []
    for inst in first[:2]:
        if not inst.free:
            continue
        # quadrature and differences far out are not to be trusted: moderate magnitudes there
        wide = (lambda d, rng, n: np.clip(wide_draw(d, rng, n), -300, 300)) if ctx.approx \
            else wide_draw
        draws = [("magnitudes", wide)]
        if marks:
            draws.append(("landmarks", lambda d, rng, n: landmark_draw(d, marks, rng, n)))
        for kind, draw in draws:
            env = draw_point(inst.free, inst.conc.domain_of, inst.conc.simplex_groups(), ctx.rng,
                             ctx.settings.samples, draw)
            out = ctx.evaluate(inst.point, inst.conc, inst.lhs, inst.rhs, env, inst.free,
                               inst.random, inst.ev, kind)
            if isinstance(out, Floats):
                found.append(out)
                yield out
    if ds.others and time.perf_counter() < deadline:
        nested = max((_depth(e) for e in (lhs, rhs)), default=0)
        sizes = more_sizes(ctx.rng, large=nested <= 1 and len(ds.others) == 1, marks=marks)
        for point in size_instantiations(ds, ctx.A, ctx.rng, sizes, points):
            if time.perf_counter() > deadline:
                break
            inst = ctx.instance(point, lhs, rhs, "sizes")
            if isinstance(inst, Floats):
                yield inst
    if original != (lhs, rhs):  # undefined functions: other stand-ins, drawn afresh
        for _ in range(STAND_INS):
            if time.perf_counter() > deadline:
                break
            funcs = random_functions(list(original), ctx.rng)
            l2, r2 = (apply_functions(e, funcs) for e in original)
            inst = ctx.instance(points[0] if points else {}, l2, r2, "stand-ins")
            if isinstance(inst, Floats):
                yield inst
    if ctx.relation in ORDER:
        for inst in first[:2] + found:
            if time.perf_counter() > deadline:
                break
            env = local_search(inst, ctx.relation, ctx.rng)
            if env is not None:
                out = ctx.evaluate(inst.point, inst.conc, inst.lhs, inst.rhs, env, inst.free,
                                   inst.random, inst.ev, "search")
                if isinstance(out, Floats):
                    yield out


def _depth(e) -> int:
    """How deeply sums and products nest in ``e``."""
    if not isinstance(e, sp.Basic) or not e.args:
        return 0
    inner = max(_depth(a) for a in e.args)
    return inner + 1 if isinstance(e, (sp.Sum, sp.Product)) else inner


class _Context:
    """What every instance of one comparison shares."""

    def __init__(self, relation, A, settings, rng, rtol, approx):
        self.relation, self.A, self.settings, self.rng = relation, A, settings, rng
        self.rtol, self.approx = rtol, approx

    def instance(self, point: dict, lhs, rhs, extra: str = "") -> Instance:
        conc = Concretiser(self.A, point)
        try:
            l, r = conc(lhs), conc(rhs)
        except BudgetExceeded:  # a budget ran out: its owner decides, not this handler
            raise
        except Exception as exc:  # noqa: BLE001 - any failure to instantiate is a note
            return Unevaluated(f"could not instantiate at {point}: {exc}", extra)
        groups = conc.simplex_groups()
        free = sorted((l.free_symbols | r.free_symbols) - set(point), key=sp.default_sort_key)
        env = draw_point(free, conc.domain_of, groups, self.rng, self.settings.samples)
        random = Random(conc.family_of, self.rng, self.settings.samples,
                        atoms_for((l, r), conc.family_of), joint=self.A.joint_families())
        ev = Evaluator(random, conc.domain_of)
        return self.evaluate(point, conc, l, r, env, free, random, ev, extra)

    def evaluate(self, point, conc, l, r, env, free, random, ev, extra="") -> Instance:
        settings, relation = self.settings, self.relation
        try:
            lv = real_values(ev(l, env), settings.samples)
            rv = real_values(ev(r, env), settings.samples)
        except NotNumeric as exc:
            return Unevaluated(str(exc), extra)
        except EVALUATION_ERRORS as exc:
            return Unevaluated(f"numeric evaluation failed: {type(exc).__name__}: {exc}", extra)
        valid = np.isfinite(lv) & np.isfinite(rv)
        bad = None
        if np.count_nonzero(valid) >= max(4, settings.samples // 8):
            bad = valid & ~related(lv, rv, relation, self.rtol, 0.0)
            if bad.any():  # what floats and approximations may get wrong, sized per sample
                bad &= ~related(lv, rv, relation, self.rtol,
                                allowance(l, r, ev, env, settings, self.approx))
        return Floats(point, conc, l, r, env, free, random, lv, rv, valid, bad, self.approx,
                      ev, extra)


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
