"""What the numeric stages share: their settings, their outcome, and when values are related."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..core.chain import EQUALITY


@dataclass
class NumericSettings:
    samples: int = 96          # per instantiation of the discrete symbols
    instances: int = 6         # joint assignments of sizes and indices
    seed: int = 20261125
    rtol: float = 1e-8
    noise: float = 1e-13        # float error allowed per unit of the rounding bound (~450 eps)
    approx_rtol: float = 2e-5   # when finite differences / quadrature / limits are involved
    approx_atol: float = 1e-7   # approximation error allowed per unit of its bound
    confirm_max: int = 12       # mismatched samples re-evaluated in high precision, at most
    seconds: float = 20.0       # wall budget of one whole comparison (floats and high precision)
    entry_seconds: float = 0.05  # added to it per entry of a matrix (64 x 64: 225 s, never hours)
    extras: bool = True        # the harder passes: larger sizes, magnitudes, stand-ins, search


DEFAULT = NumericSettings()


@dataclass
class NumericOutcome:
    """The numeric verdict: True (samples agree), False (a confirmed mismatch), None."""

    holds: Optional[bool]
    agreed: int = 0
    counterexample: Optional[dict] = None
    lhs_value: object = None
    rhs_value: object = None
    detail: str = ""
    notes: list = field(default_factory=list)
    sizes: dict = field(default_factory=dict)     # integer symbol -> the values tried
    domains: dict = field(default_factory=dict)   # symbol -> (least, largest) value sampled
    trivial: bool = False                         # every sample had both sides 0


def real_values(v, count: int) -> np.ndarray:
    """Float values of one side on ``count`` samples; NaN where the value is not real."""
    v = np.broadcast_to(np.asarray(v), (count,)) if np.ndim(v) <= 1 else np.asarray(v)
    if np.iscomplexobj(v):
        v = np.where(np.abs(v.imag) <= 1e-12 * np.maximum(1, np.abs(v.real)), v.real, np.nan)
    return v.astype(float)


def related(lv, rv, relation: str, rtol: float, atol) -> np.ndarray:
    """Per sample: do the two sides stand in ``relation`` within the tolerance?"""
    tol = atol + rtol * np.maximum(np.abs(lv), np.abs(rv))
    if relation in EQUALITY:
        with np.errstate(invalid="ignore"):  # inf - inf is NaN: not related, and no warning
            return np.abs(lv - rv) <= tol
    # a strict order is checked strictly: equal values violate it (x < x), whatever the
    # tolerance; high precision then says whether they are really equal
    with np.errstate(invalid="ignore"):
        if relation == "<":
            return lv < rv
        if relation == ">":
            return lv > rv
        if relation == "<=":
            return lv <= rv + tol
        if relation == ">=":
            return lv >= rv - tol
    raise ValueError(f"unknown relation {relation!r}")
