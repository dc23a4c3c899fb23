"""Lay a chain of steps out as rows of an ``align`` block that fit the page.

A row is ``lhs & relation rhs && justification``; a step's side computation (the chain
rule's inner derivative) follows on rows of its own, 'where u' = ...', revealed with
the step; a start whose display was refuted stands alone, in red and marked. Three
choices keep rows inside the line: a left-hand side wider than a share of the line gets a row of its own (the
steps follow, indented); a sum wider than the room left is broken between its terms
onto continuation rows; anything still too wide (a 3x3 matrix) is scaled down by the
``\\derivefit`` macro, which measures in TeX and only ever shrinks. Widths come from
``texmetrics`` estimates; TeX has the last word through ``\\derivefit``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

from .prose import prose_tex
from .steplines import Item
from .texmetrics import measure

RELATION_EM = 1.6   # a relation with its spaces
INDENT_EM = 1.0     # \quad before the steps under a left-hand side of its own
SIDE_LEAD = r"\qquad \text{where } "   # opens a side computation under its step
SIDE_LEAD_EM = 5.0                     # its width
SPLIT_SLACK = 1.25  # break a sum only when it is this much wider than its room
MARKERS = {"proved": r"\deriveproved", "numeric": r"\derivenumeric",
           "refuted": r"\deriverefuted", "undecided": r"\deriveundecided"}


@dataclass(frozen=True)
class Geometry:
    """The page a block is laid out for, in em of the body font."""

    line_em: float          # \linewidth
    formula: float          # share of the line for lhs, relation and rhs
    why: float              # share of the line for the justification
    why_font: str           # font switch for justifications
    why_char_em: float      # average width of a justification character
    why_line_em: float      # baseline distance of justification lines
    lhs_share: float = 0.3  # a wider left-hand side gets a row of its own
    fit_from: float = 0.5   # wrap formulas estimated wider than this share of their room


ARTICLE = Geometry(line_em=41.5, formula=0.64, why=0.24, why_font=r"\small", why_char_em=0.45,
                   why_line_em=1.1)
BEAMER = Geometry(line_em=36.4, formula=0.72, why=0.23, why_font=r"\scriptsize",
                  why_char_em=0.36, why_line_em=0.87)


@dataclass(frozen=True)
class Row:
    """One row of an align block.

    ``item`` is the step the row states (None for a left-hand side on its own or a
    continuation of a broken sum); ``lhs_reveal``/``rhs_reveal`` index the reveal units
    (chain starts and steps, in order) whose appearance shows each half.
    """

    lhs: str
    rhs: str
    why: str
    item: Optional[Item]
    lhs_reveal: Optional[int]
    rhs_reveal: Optional[int]
    height: float
    lhs_in_rhs_column: bool = False

    @property
    def numbered(self) -> bool:
        return self.item is not None


def chain_rows(chain: list, first_reveal: int, geom: Geometry, *, markers: bool = True) -> list:
    """Rows for one chain (a start item followed by its steps)."""
    start, steps = chain[0], chain[1:]
    formula_em = geom.formula * geom.line_em
    lhs_size = measure(start.form)
    refuted = start.status == "refuted"
    own_row = not steps or refuted or lhs_size.width > geom.lhs_share * formula_em
    rows = []
    if own_row:
        lhs, lhs_scale = fit(start.form, lhs_size.width, formula_em, geom)
        if refuted:
            lhs = _colour(start, lhs) + r"\quad \text{%s}" % MARKERS["refuted"]
        rows.append(Row(lhs, "", "", None, first_reveal, None, lhs_size.height * lhs_scale,
                        lhs_in_rhs_column=bool(steps)))
        room = formula_em - INDENT_EM - RELATION_EM
    else:
        room = formula_em - lhs_size.width - RELATION_EM
    for k, step in enumerate(steps):
        reveal = first_reveal + 1 + k
        lines = pack(step.pieces, room)
        heights, texts = [], []
        for n, line in enumerate(lines):
            size = measure(line)
            text, scale = fit(line, size.width, room - (INDENT_EM if n else 0.0), geom)
            texts.append(text)
            heights.append(size.height * scale)
        why = justification(step, geom, markers=markers)
        why_h = why_lines(step, geom) * geom.why_line_em
        lhs = start.form if (k == 0 and not own_row) else ""
        first = _relation(step, texts[0])
        if own_row:
            first = r"\quad " + first
        rows.append(Row(lhs, first, why, step, first_reveal if lhs else None, reveal,
                        max(heights[0], why_h, lhs_size.height if lhs else 0.0)))
        for text, height in zip(texts[1:], heights[1:]):
            cont = (r"\quad " if own_row else "") + r"\quad " + text
            rows.append(Row("", _colour(step, cont), "", None, None, reveal, height))
        if step.side:
            rows += side_rows(step, reveal, room - SIDE_LEAD_EM, geom)
    return rows


def side_rows(step: Item, reveal: int, room_em: float, geom: Geometry) -> list:
    """The side computation of ``step`` on rows under it, broken between its equalities."""
    rows = []
    for n, line in enumerate(pack(step.side, room_em)):
        size = measure(line)
        text, scale = fit(line, size.width, room_em, geom)
        why = justification(Item("", why=step.side_why), geom, markers=False) if n == 0 else ""
        lead = SIDE_LEAD if n == 0 else r"\qquad\quad "
        rows.append(Row("", _colour(step, lead + text), why, None, None, reveal,
                        max(size.height * scale, why_lines(Item("", why=why), geom) * geom.why_line_em
                            if why else 0.0)))
    return rows


def pack(pieces: tuple, room_em: float) -> list:
    """Join the terms of a sum greedily into lines no wider than ``room_em`` (estimated).

    A sum that overshoots by less than ``SPLIT_SLACK`` stays whole (and is shrunk a
    little by \\derivefit): a two-term line is easier to read than a broken one.
    """
    if len(pieces) <= 1 or measure(" ".join(pieces)).width <= SPLIT_SLACK * room_em:
        return [" ".join(pieces)]
    lines, current = [], []
    for piece in pieces:
        trial = " ".join(current + [piece])
        limit = room_em - (INDENT_EM if lines else 0.0)
        if current and measure(trial).width > limit:
            lines.append(" ".join(current))
            current = [piece]
        else:
            current.append(piece)
    lines.append(" ".join(current))
    return lines


def fit(tex: str, width_em: float, room_em: float, geom: Geometry) -> tuple:
    """``tex`` wrapped in \\derivefit when it may not fit ``room_em``; and the expected scale."""
    if width_em <= geom.fit_from * room_em:
        return tex, 1.0
    share = max(room_em, 4.0) / geom.line_em
    scale = min(1.0, room_em / width_em) if width_em else 1.0
    return r"\derivefit{%.2f}{%s}" % (share, tex), scale


def justification(item: Item, geom: Geometry, *, markers: bool = True) -> str:
    """The justification cell: prose (wrapped when long) and the verdict marker."""
    text = prose_tex(item.why)
    if item.note:
        text = (text + "; " if text else "") + r"\emph{%s}" % prose_tex(item.note)
    mark = MARKERS.get(item.status, "") if markers else ""
    if item.status == "refuted":
        mark = MARKERS["refuted"]
        text = r"\textcolor{red}{%s}" % text if text else ""
    if not text and not mark:
        return ""
    body = text + (r"~" + mark if text and mark else mark)
    return r"\derivewhy{%.2f}{%s %s}" % (geom.why, geom.why_font, body)


def why_lines(item: Item, geom: Geometry) -> int:
    """How many lines the justification is expected to wrap onto."""
    chars = len(item.why) + len(item.note) + 3
    return max(1, math.ceil(chars * geom.why_char_em / (geom.why * geom.line_em)))


def label(slug: str, item: Item) -> str:
    """The \\label of a step: eq:<slug>:<number>, or eq:<slug>:<the author's label>."""
    name = re.sub(r"[^A-Za-z0-9.:_-]+", "-", item.label) if item.label else str(item.number)
    return f"eq:{slug}:{name}"


def _relation(item: Item, form: str) -> str:
    return _colour(item, f"{item.relation} {form}")


def _colour(item: Item, tex: str) -> str:
    return (r"\color{red}" + tex) if item.status == "refuted" else tex
