"""A chain of steps, each a form, a relation and a justification: the model every stage shares.

A chain is written as a short program: ``start`` a form, then ``apply`` a named rule
(the engine computes the next form) or ``state`` the next form with a reason. Checking
it is ``derive.verify``'s job and printing it ``derive.render``'s; ``derive.Derivation``
puts the three together.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import sympy as sp

from .assumptions import Assumptions
from .verdict import NUMERIC, PROVED, REFUTED, UNDECIDED, Verdict

RELATIONS = {"=", "<=", ">=", "<", ">", "=>", "≈"}
EQUALITY = {"=", "==", "≡"}
ORDER = {"<=": (False, False), "<": (False, True), ">=": (True, False), ">": (True, True)}  # (flip, strict)


class DerivationError(ValueError):
    """A derivation was written wrongly (a rule that does not apply, a bad relation)."""


@dataclass
class Step:
    """One line of a derivation.

    ``expr`` is the form that is verified; ``display`` (if given) is the same form as a
    human writes it, unevaluated. ``relation`` is None for the first form of a chain.
    """

    expr: sp.Basic
    relation: Optional[str] = None
    rule: str = ""
    note: str = ""
    display: Optional[sp.Basic] = None
    substeps: list = field(default_factory=list)
    verdict: Optional[Verdict] = None
    label: str = ""
    using: tuple = ()      # earlier results (Eq) the symbolic check may substitute
    digits: Optional[int] = None   # decimals shown, for a "≈" step

    @property
    def shown(self) -> sp.Basic:
        return self.display if self.display is not None else self.expr

    @property
    def is_start(self) -> bool:
        return self.relation is None


@dataclass
class Report:
    """The outcome of verifying a derivation."""

    slug: str
    verdicts: list
    seconds: float

    def count(self, status: str) -> int:
        return sum(1 for v in self.verdicts if v.status == status)

    @property
    def proved(self) -> int:
        return self.count(PROVED)

    @property
    def numeric(self) -> int:
        return self.count(NUMERIC)

    @property
    def refuted(self) -> int:
        return self.count(REFUTED)

    @property
    def undecided(self) -> int:
        return self.count(UNDECIDED)

    @property
    def ok(self) -> bool:
        return self.refuted == 0 and self.undecided == 0

    def __bool__(self) -> bool:
        return self.ok


class Chain:
    """A titled chain of steps with its assumptions; ``_report`` holds the last verification."""

    def __init__(self, slug: str, title: str, *, pillar: str = "", summary: str = "",
                 assumptions: Assumptions | None = None, budget: float = 4.0):
        self.slug, self.title, self.pillar, self.summary = slug, title, pillar, summary
        self.assumptions = assumptions if assumptions is not None else Assumptions()
        self.steps: list[Step] = []
        self.budget = budget
        self._report: Optional[Report] = None

    # -- writing ------------------------------------------------------------------
    def start(self, expr, *, display=None, note: str = "", label: str = "") -> "Chain":
        """Begin a chain (a derivation may hold several, e.g. one per parameter)."""
        self._add(Step(_sym(expr), None, "", note, _sym(display) if display is not None else None,
                       label=label))
        return self

    def state(self, expr, because: str, *, relation: str = "=", display=None, note: str = "",
              label: str = "", using=(), digits: Optional[int] = None) -> "Chain":
        """Write the next form by hand; ``because`` names the justification."""
        if relation not in RELATIONS:
            raise DerivationError(f"{self.slug}: unknown relation {relation!r}")
        self._need_current()
        expr = _sym(expr)
        solves = isinstance(expr, sp.Eq) and (expr.lhs.is_Symbol or isinstance(expr.lhs, sp.MatrixSymbol))
        if relation == "=>" and not solves:
            raise DerivationError(f"{self.slug}: a '=>' step must solve for a symbol, as Eq(x, value)")
        self._add(Step(expr, relation, because, note, _sym(display) if display is not None else None,
                       label=label, using=tuple(using), digits=digits))
        return self

    def apply(self, rule, *, note: str = "", display=None, label: str = "") -> "Chain":
        """Apply a named rule to the current form; the engine computes the next form."""
        cur = self._need_current().expr
        out = rule(cur)
        name = getattr(rule, "name", getattr(rule, "__name__", "rule"))
        if out is None:
            raise DerivationError(f"{self.slug}: rule '{name}' does not apply to {sp.sstr(cur)}")
        subs = []
        maker = getattr(rule, "substeps", None)
        if maker is not None:
            subs = [Step(_sym(f), "=" if k else None, why) for k, (f, why) in enumerate(maker(cur))]
        self._add(Step(_sym(out), "=", name, note, _sym(display) if display is not None else None,
                       substeps=subs, label=label))
        return self

    def _add(self, step: Step):
        self.steps.append(step)
        self._report = None

    def _need_current(self) -> Step:
        if not self.steps:
            raise DerivationError(f"{self.slug}: start() the derivation before adding steps")
        return self.steps[-1]

    # -- reading ------------------------------------------------------------------
    @property
    def result(self) -> sp.Basic:
        """The last form of the derivation."""
        return self.steps[-1].expr if self.steps else None

    def pairs(self):
        """(previous step, step) for every step that has a relation to check."""
        prev = None
        for s in self.steps:
            if s.relation is not None and prev is not None:
                yield prev, s
            prev = s

    def __len__(self) -> int:
        return sum(1 for s in self.steps if s.relation is not None)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.slug}: {self.title} ({len(self)} steps)>"


def _sym(e):
    if isinstance(e, (list, tuple)):
        return sp.ImmutableMatrix(e)
    if isinstance(e, sp.MatrixBase) and not isinstance(e, sp.ImmutableMatrix):
        return sp.ImmutableMatrix(e)
    if isinstance(e, (int, float)):
        return sp.sympify(e)
    return e
