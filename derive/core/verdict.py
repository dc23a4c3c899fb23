"""The outcome of checking one relation: proved, numeric, refuted or undecided."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

PROVED, NUMERIC, REFUTED, UNDECIDED = "proved", "numeric", "refuted", "undecided"


@dataclass(frozen=True)
class Verdict:
    """What the verifier concluded and how.

    ``holds`` is True (proved, or samples agree), False (refuted, with a
    counterexample) or None (undecided). A Verdict is truthy only when it holds.
    """

    holds: Optional[bool]
    method: Optional[str] = None          # "symbolic" or "numeric"
    counterexample: Optional[dict] = None  # symbol -> value, for refutations
    lhs_value: Any = None
    rhs_value: Any = None
    detail: str = ""                       # which rung proved it, or why undecided
    samples: int = 0                       # numeric samples that agreed
    seconds: float = 0.0
    extra: dict = field(default_factory=dict, compare=False)
    # the evidence behind a numeric verdict: integer symbol -> sizes tried, and
    # symbol -> (least, largest) value sampled
    sizes: dict = field(default_factory=dict, compare=False)
    domains: dict = field(default_factory=dict, compare=False)
    trivial: bool = False                  # both sides 0 on every sample: a hollow claim

    @property
    def status(self) -> str:
        if self.holds is False:
            return REFUTED
        if self.holds is None:
            return UNDECIDED
        return PROVED if self.method == "symbolic" else NUMERIC

    def __bool__(self) -> bool:
        return self.holds is True

    def summary(self) -> str:
        """One line a terminal user can read."""
        if self.holds is False:
            point = ", ".join(f"{k} = {_fmt(v)}" for k, v in (self.counterexample or {}).items())
            return (f"refuted at {point or 'a sample'}: left = {_fmt(self.lhs_value)}, "
                    f"right = {_fmt(self.rhs_value)}{_not_real(self.lhs_value, self.rhs_value, self.counterexample)}")
        if self.holds is None:
            return f"undecided: {self.detail}" if self.detail else "undecided"
        if self.method == "symbolic":
            return f"proved ({self.detail}); {self.samples} numeric samples agree"
        ev = self.evidence()
        return (f"numeric: {self.samples} samples agree{f' ({ev})' if ev else ''}; "
                f"{self.detail or 'no symbolic proof found'}")

    def evidence(self) -> str:
        """The sizes and ranges the samples covered, in a few words (empty if none)."""
        parts = [f"{k} = {_sizes(v)}" for k, v in sorted(self.sizes.items())]
        parts += [f"{k} in [{lo:.3g}, {hi:.3g}]" for k, (lo, hi) in sorted(self.domains.items())]
        if len(parts) > 6:
            parts = parts[:6] + [f"{len(parts) - 6} more"]
        return ", ".join(parts)


def _not_real(left, right, point=None) -> str:
    """A hint when a side is complex at the counterexample: log x at x < 0 is no real
    value, so the identity fails there as written; the user may have meant x > 0."""
    sides = [name for name, v in (("left", left), ("right", right))
             if isinstance(v, complex) or (hasattr(v, "imag") and not isinstance(v, str)
                                           and _nonzero_imag(v))]
    if not sides:
        return ""
    return (f" (the {' and '.join(sides)} side{'s are' if len(sides) > 1 else ' is'} not real there; "
            f"if only the values where {'they are' if len(sides) > 1 else 'it is'} real are meant, "
            f"declare that domain, e.g. assume {_negative_name(point)} > 0)")


def _negative_name(point) -> str:
    for k, v in (point or {}).items():
        try:
            if float(v) < 0:
                return str(k)
        except (TypeError, ValueError):
            continue
    return "x"


def _nonzero_imag(v) -> bool:
    try:
        return abs(complex(v).imag) > 1e-12 * max(1.0, abs(complex(v).real))
    except (TypeError, ValueError):
        return False


def _sizes(values) -> str:
    v = sorted(values)
    if len(v) > 3 and v == list(range(v[0], v[-1] + 1)):
        return f"{v[0]}..{v[-1]}"
    if len(v) > 6:
        run = [x for x in v if x <= 12]
        head = f"{run[0]}..{run[-1]}" if len(run) > 3 and run == list(range(run[0], run[-1] + 1)) \
            else ",".join(map(str, run))
        return ",".join([head] + [str(x) for x in v if x > 12])
    return ",".join(map(str, v))


def _fmt(v: Any) -> str:
    try:
        f = complex(v)
    except (TypeError, ValueError):
        return str(v)
    if f.imag == 0:
        return f"{f.real:.10g}"
    return f"{f.real:.10g}{f.imag:+.10g}j"
