"""Step through a derivation in Jupyter, one step at a time, for teaching.

``step_through(d)`` returns Previous/Next buttons over the maths when ipywidgets is
installed, and otherwise a ``StepThrough``: an object that displays the derivation up
to the current step (the newest line highlighted, its justification and verdict
underneath) and moves with ``.next()``, ``.prev()``, ``.goto(k)``. Both show the same
text, built from the same reveal units as the Beamer slides.
"""
from __future__ import annotations

import html
from dataclasses import replace
from typing import Optional

from ..core.chain import Chain
from .printer import printer
from .profile import Notation
from .steplines import Item, items

HIGHLIGHT = r"\color{blue}"


class StepThrough:
    """A derivation revealed one unit (a chain's start, or a step) at a time."""

    def __init__(self, d: Chain, notation: Optional[Notation] = None, *,
                 verify: bool = False):
        if verify:
            d.verify()
        self.derivation = d
        self._printer = printer(notation=notation or Notation(), env="aligned", markers=True)
        self._items = items(d, self._printer)
        if not self._items:
            raise ValueError(f"{d.slug} has no steps to step through")
        self.position = 0

    # -- moving -----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    def goto(self, k: int) -> "StepThrough":
        """Show units 0..k (clamped to the derivation); returns self to display it."""
        self.position = max(0, min(int(k), len(self) - 1))
        return self

    def next(self) -> "StepThrough":
        return self.goto(self.position + 1)

    def prev(self) -> "StepThrough":
        return self.goto(self.position - 1)

    def first(self) -> "StepThrough":
        return self.goto(0)

    def last(self) -> "StepThrough":
        return self.goto(len(self) - 1)

    @property
    def current(self) -> Item:
        return self._items[self.position]

    @property
    def at_end(self) -> bool:
        return self.position == len(self) - 1

    # -- showing ----------------------------------------------------------------------
    def latex(self) -> str:
        """The $$ block of everything revealed so far, the newest form highlighted."""
        shown = list(self._items[: self.position + 1])
        shown[-1] = replace(shown[-1], form="{%s %s}" % (HIGHLIGHT, shown[-1].form))
        return "$$" + self._printer.block(shown) + "$$"

    def caption(self) -> str:
        """One line about the newest unit: which step, its justification and verdict."""
        item = self.current
        steps = sum(1 for it in self._items if not it.is_start)
        if item.is_start:
            what = f"Start of a chain: {item.note}" if item.note else "Start"
        else:
            verdict = f" ({item.status})" if item.status else ""
            what = f"Step {item.number} of {steps}: {item.why or 'stated'}{verdict}"
        return f"{self.derivation.title} — {what}"

    def _repr_latex_(self) -> str:
        return self.latex()

    def _repr_markdown_(self) -> str:
        return f"**{self.caption()}**\n\n{self.latex()}\n"

    def __repr__(self) -> str:
        return f"<StepThrough {self.derivation.slug}: {self.position + 1}/{len(self)}>"


def step_through(d: Chain, notation: Optional[Notation] = None, *, verify: bool = False,
                 widgets: Optional[bool] = None):
    """Previous/Next buttons over ``d`` with ipywidgets, else a ``StepThrough`` to call
    ``.next()`` on. ``widgets=False`` forces the plain object."""
    stepper = StepThrough(d, notation, verify=verify)
    if widgets is False:
        return stepper
    try:
        import ipywidgets
    except ImportError:
        if widgets:
            raise
        return stepper
    return _widget(stepper, ipywidgets)


def _widget(stepper: StepThrough, ipywidgets):
    """A VBox of buttons, a caption and the maths, all driven by ``stepper``."""
    prev = ipywidgets.Button(description="Previous", icon="arrow-left")
    nxt = ipywidgets.Button(description="Next", icon="arrow-right")
    caption = ipywidgets.HTML()
    maths = ipywidgets.HTMLMath()

    def show():
        caption.value = "<b>%s</b>" % html.escape(stepper.caption())
        maths.value = stepper.latex()
        prev.disabled = stepper.position == 0
        nxt.disabled = stepper.at_end

    prev.on_click(lambda _: (stepper.prev(), show()))
    nxt.on_click(lambda _: (stepper.next(), show()))
    show()
    box = ipywidgets.VBox([ipywidgets.HBox([prev, nxt]), caption, maths])
    box.stepper = stepper
    return box
