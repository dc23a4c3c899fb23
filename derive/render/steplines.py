"""A derivation as the units a reader sees appear, one at a time, already in LaTeX.

Every output (an ``align*`` block, an article, a Beamer deck revealing one step per
slide, the Jupyter step-through) walks the same sequence: the starting form of a
chain, then each step with its relation, form, justification and side computation
(the chain rule's inner derivative, shown under the step). ``items`` builds that
sequence once with a given printer; ``chains`` groups it by chain.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

RELATION_TEX = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">", "=>": r"\implies",
                "≈": r"\approx"}


@dataclass(frozen=True)
class Item:
    """A chain's starting form (no relation) or one step of it."""

    form: str                      # LaTeX of the form shown
    relation: str = ""             # LaTeX relation to the previous form; '' for a start
    why: str = ""                  # the justification, as prose
    note: str = ""                 # optional prose from the author
    status: Optional[str] = None   # verdict status once verified
    number: Optional[int] = None   # 1-based step number over the derivation
    label: str = ""                # the author's name for the step, if any
    expr: Any = None               # the expression printed as ``form``
    pieces: tuple = ()             # ``form`` cut between the terms of a sum, for line breaks
    side: tuple = ()               # the side computation: 'first', '= second', ... ('' if none)
    side_why: str = ""             # its name, e.g. "inner derivative"

    @property
    def is_start(self) -> bool:
        return not self.relation


def items(d, printer) -> list[Item]:
    """The derivation ``d`` as starts and steps, formulas printed by ``printer``."""
    out, number = [], 0
    for step in d.steps:
        status = step.verdict.status if step.verdict is not None else None
        pieces = printer.formula_pieces(step)
        if step.is_start:   # a start has a verdict only when its display was refuted
            why = step.verdict.detail if status == "refuted" else ""
            out.append(Item(" ".join(pieces), why=why, note=step.note, status=status,
                            label=step.label, expr=step.shown, pieces=tuple(pieces)))
            continue
        number += 1
        side = printer.side_pieces(step)
        out.append(Item(" ".join(pieces), RELATION_TEX[step.relation], step.rule, step.note,
                        status, number, step.label, step.shown, tuple(pieces), tuple(side),
                        step.substeps[0].rule if side else ""))
    return out


def chains(seq: list[Item]) -> list[list[Item]]:
    """Split ``seq`` into chains, each starting with its start item."""
    groups: list[list[Item]] = []
    for item in seq:
        if item.is_start or not groups:
            groups.append([])
        groups[-1].append(item)
    return groups
