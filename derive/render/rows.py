"""Lay a chain of steps out as rows of an ``align`` block that fit the page, unscaled.

A row is ``lhs & relation rhs && justification``. A left-hand side wider than a share of
the line gets a row of its own (the steps follow, indented). A formula wider than its
room is broken before a ``+``, ``-`` or relation onto continuation rows (``breaking``);
nothing is ever shrunk. A justification sits right of its formula when the widest
formula of the block leaves room for it, else on a row of its own under the formula.
A step's side computation (the chain rule's inner derivative) follows on rows 'where
u' = ...', revealed with the step; a start whose display was refuted stands alone, in
red and marked. Widths come from ``texmetrics`` estimates.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Optional

from .breaking import SAFETY, break_lines, roomy_matrices
from .prose import prose_tex
from .steplines import Item
from .texmetrics import measure

RELATION_EM = 1.6   # a relation with its spaces
INDENT_EM = 1.0     # \quad before the steps under a left-hand side of its own
SIDE_LEAD = r"\qquad \text{where } "   # opens a side computation under its step
SIDE_LEAD_EM = 5.0                     # its width
WHY_GAP_EM = 1.8    # between a formula and the justification beside it
MARK_EM = 1.2       # a verdict mark with its space
MARKERS = {"proved": r"\deriveproved", "numeric": r"\derivenumeric",
           "refuted": r"\deriverefuted", "undecided": r"\deriveundecided"}


@dataclass(frozen=True)
class Geometry:
    """The page a block is laid out for, in em of the body font."""

    line_em: float          # \linewidth
    number_em: float        # kept free for the equation number
    why_font: str           # font switch for justifications
    why_char_em: float      # average width of a justification character
    why_line_em: float      # baseline distance of justification lines
    why_scale: float        # size of maths in justifications, relative to the body
    indent_em: Optional[float] = None   # displays start this far in (fleqn); None: centred
    lhs_share: float = 0.3  # a wider left-hand side gets a row of its own
    min_beside_em: float = 9.0   # a justification column narrower than this is not used

    @property
    def formula_em(self) -> float:
        return self.line_em - self.number_em


ARTICLE = Geometry(line_em=41.0, number_em=3.8, why_font=r"\small", why_char_em=0.42,
                   why_line_em=1.1, why_scale=0.8, indent_em=1.5)
BEAMER = Geometry(line_em=35.5, number_em=0.5, why_font=r"\scriptsize", why_char_em=0.37,
                  why_line_em=0.87, why_scale=0.65)


@dataclass(frozen=True)
class Row:
    """One row of an align block.

    ``kind`` is "start" (a left-hand side on its own), "step" (a step's relation and form,
    numbered), "cont" (the continuation of a broken formula), "side" (a side
    computation) or "why" (a justification under its formula). ``item`` is the step the
    row belongs to; ``lhs_reveal``/``rhs_reveal`` index the reveal units (chain starts and
    steps, in order) whose appearance shows each half.
    """

    lhs: str
    rhs: str
    why: str
    item: Optional[Item]
    lhs_reveal: Optional[int]
    rhs_reveal: Optional[int]
    height: float
    lhs_in_rhs_column: bool = False
    kind: str = "step"

    @property
    def numbered(self) -> bool:
        return self.kind == "step"


def chain_rows(chain: list, first_reveal: int, geom: Geometry, *, markers: bool = True,
               tag: bool = False) -> list:
    """Rows for one chain (a start item followed by its steps)."""
    chain = [replace(it, form=roomy_matrices(it.form)) for it in chain]
    start, steps = chain[0], chain[1:]
    formula_em = geom.formula_em
    lhs_size = measure(start.form)
    refuted = start.status == "refuted"
    own_row = not steps or refuted or lhs_size.width > geom.lhs_share * formula_em
    rows: list = []
    if own_row:
        for n, line in enumerate(break_lines(start.form, formula_em, INDENT_EM)):
            text = line if n == 0 else r"\quad " + line
            if refuted:
                text = _colour(start, text)
            rows.append(Row(text, "", "", start if n == 0 else None, first_reveal, None,
                            measure(line).height, lhs_in_rhs_column=bool(steps), kind="start"))
        if refuted:
            rows[-1] = replace(rows[-1], lhs=rows[-1].lhs + r"\quad \text{%s}" % MARKERS["refuted"])
        lhs_col = 0.0
        room = formula_em - INDENT_EM - RELATION_EM
    else:
        lhs_col = lhs_size.width * SAFETY
        room = formula_em - lhs_col - RELATION_EM
    for k, step in enumerate(steps):
        reveal = first_reveal + 1 + k
        lines = break_lines(step.form, room, INDENT_EM)
        lead = r"\quad " if own_row else ""
        lhs = start.form if (k == 0 and not own_row) else ""
        first = lead + _relation(step, lines[0])
        rows.append(Row(lhs, first, "", step, first_reveal if lhs else None, reveal,
                        max(measure(lines[0]).height, lhs_size.height if lhs else 0.0)))
        for line in lines[1:]:
            cont = lead + r"\quad \phantom{=} " + line
            rows.append(Row("", _colour(step, cont), "", step, None, reveal,
                            measure(line).height, kind="cont"))
        if step.side:
            rows += side_rows(step, reveal, room - SIDE_LEAD_EM)
    return place_justifications(rows, lhs_col, geom, markers=markers, tag=tag)


def side_rows(step: Item, reveal: int, room_em: float) -> list:
    """The side computation of ``step`` on rows under it, broken where it is too wide."""
    rows = []
    lines = break_lines(" ".join(step.side), room_em, INDENT_EM)
    for n, line in enumerate(lines):
        lead = SIDE_LEAD if n == 0 else r"\qquad\quad "
        rows.append(Row("", _colour(step, lead + line), "", step, None, reveal,
                        measure(line).height, kind="side"))
    return rows


def place_justifications(rows: list, lhs_col: float, geom: Geometry, *,
                         markers: bool = True, tag: bool = False) -> list:
    """Each step's justification beside its first row when it fits, else on a row under it.

    Beside means a column of its own, aligned over the block; under means a row whose
    text is set in a box of zero width (``\\rlap``), so it never widens the block, wrapped
    at what is left of the line to the right of the formulas' column.
    """
    rhs_col = max((measure(r.rhs).width for r in rows if r.rhs), default=0.0)
    if any(r.lhs_in_rhs_column for r in rows):
        rhs_col = max([rhs_col] + [measure(r.lhs).width for r in rows if r.kind == "start"])
    rhs_col *= SAFETY
    beside = geom.formula_em - lhs_col - rhs_col - WHY_GAP_EM
    whys = []
    for row in rows:
        item = row.item
        if row.kind == "side" and row.rhs.startswith(SIDE_LEAD) and item.side_why:
            why_item, marked = Item("", why=item.side_why), False
        elif row.kind == "step":
            why_item, marked = item, markers
        else:
            whys.append(None)
            continue
        text = justification(why_item, geom, markers=marked)
        need = why_width(why_item, geom, markers=marked) if text else 0.0
        whys.append((text, need, bool(text) and need <= beside) if text else None)
    column = tag or all(w is None or w[2] for w in whys)   # every one fits: an aligned column
    if tag:          # each in its step's \tag*, at the right margin (the author asked for it)
        beside = max(beside, geom.line_em / 3.0)
    widest = max((w[1] for w in whys if w), default=None) if column else None
    block = lhs_col + rhs_col + (WHY_GAP_EM + widest if widest is not None else 0.0)
    left = geom.indent_em if geom.indent_em is not None else max(0.0, (geom.line_em - block) / 2.0)
    under = geom.line_em - left - lhs_col - 2.0 * INDENT_EM - 0.5
    out, pending = [], []
    for row, why in zip(rows, whys):
        if row.kind != "cont" and pending:      # a justification under a broken formula
            out += pending                      # follows its last line
            pending = []
        if why is None:
            out.append(row)
            continue
        text, need, _ = why
        if column:
            out.append(replace(row, why=_wrap(text, beside, geom),
                               height=max(row.height, geom.why_line_em)))
            continue
        own = measure(row.rhs).width * SAFETY
        room = geom.formula_em - left - lhs_col - own - WHY_GAP_EM
        if need <= room and row.kind == "step":   # right of its own formula, on its row
            out.append(replace(row, rhs=row.rhs + r"\rlap{\qquad %s}" % _wrap(text, room, geom),
                               height=max(row.height, geom.why_line_em)))
            continue
        out.append(row)
        lines = max(1, math.ceil(need / max(under, 1.0)))
        pending.append(Row("", r"\quad \rlap{%s}" % _wrap(text, under, geom), "", row.item, None,
                           row.rhs_reveal, lines * geom.why_line_em, kind="why"))
    return out + pending


def _wrap(text: str, room_em: float, geom: Geometry) -> str:
    """A justification set at its natural width, wrapped when wider than ``room_em``."""
    return r"\derivewhy{%.2f}{%s %s}" % (max(room_em, 4.0) / geom.line_em, geom.why_font, text)


def justification(item: Item, geom: Geometry, *, markers: bool = True) -> str:
    """The justification: prose and the verdict marker ('' when there is neither)."""
    text = prose_tex(item.why)
    if item.note:
        text = (text + "; " if text else "") + r"\emph{%s}" % prose_tex(item.note)
    mark = MARKERS.get(item.status, "") if markers else ""
    if item.status == "refuted":
        mark = MARKERS["refuted"]
        text = r"\textcolor{red}{%s}" % text if text else ""
    if not text and not mark:
        return ""
    return text + (r"~" + mark if text and mark else mark)


_MATHS = re.compile(r"\$([^$]*)\$")


def prose_width(text: str, geom: Geometry) -> float:
    """The estimated width of prose with inline maths, in em of the body font."""
    maths = sum(measure(m).width for m in _MATHS.findall(text)) * geom.why_scale
    words = _MATHS.sub("", text)
    return maths + len(words) * geom.why_char_em


def why_width(item: Item, geom: Geometry, *, markers: bool = True) -> float:
    text = item.why + ("; " + item.note if item.note else "")
    return prose_width(text, geom) + (MARK_EM if markers and item.status else 0.0)


def why_lines(item: Item, geom: Geometry, room_em: float) -> int:
    """How many lines the justification is expected to wrap onto in ``room_em``."""
    return max(1, math.ceil(why_width(item, geom) / max(room_em, 1.0)))


def label(slug: str, item: Item) -> str:
    """The \\label of a step: eq:<slug>:<number>, or eq:<slug>:<the author's label>."""
    name = re.sub(r"[^A-Za-z0-9.:_-]+", "-", item.label) if item.label else str(item.number)
    return f"eq:{slug}:{name}"


def _relation(item: Item, form: str) -> str:
    return _colour(item, f"{item.relation} {form}")


def _colour(item: Item, tex: str) -> str:
    return (r"\color{red}" + tex) if item.status == "refuted" else tex
