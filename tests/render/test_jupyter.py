"""The Jupyter step-through: one unit at a time, forwards and back, with or without widgets."""
import types

import pytest
import sympy as sp

from derive import Derivation
from derive.render.jupyter import HIGHLIGHT, StepThrough, step_through


def _two_chains() -> Derivation:
    x = sp.Symbol("x", positive=True)
    d = Derivation("two", "Two chains")
    d.start(sp.log(x ** 2))
    d.state(2 * sp.log(x), because="log of a power")
    d.start(sp.exp(sp.log(x)), note="and back")
    d.state(x, because="exp of log")
    d.state(x, because="nothing to do")
    return d


def test_moves_one_unit_at_a_time_and_stays_in_range():
    s = StepThrough(_two_chains())
    assert len(s) == 5 and s.position == 0
    assert s.prev().position == 0
    assert s.next().next().position == 2
    assert s.last().position == 4 and s.next().position == 4 and s.at_end
    assert s.goto(-3).position == 0 and s.goto(99).position == 4


def test_shows_only_what_is_revealed_with_the_newest_highlighted():
    s = StepThrough(_two_chains())
    assert r"\log(x^{2})" in s.latex() and "log of a power" not in s.latex()
    s.next()
    assert "log of a power" in s.latex() and "exp of log" not in s.latex()
    assert s.latex().count(HIGHLIGHT) == 1
    assert s.latex().startswith("$$\\begin{aligned}") and s.latex().endswith("\\end{aligned}$$")


def test_caption_names_the_step_its_justification_and_verdict():
    d = _two_chains()
    s = StepThrough(d, verify=True)
    assert "Start" in s.caption()
    assert s.goto(1).caption().endswith("Step 1 of 3: log of a power (proved)")
    assert "and back" in s.goto(2).caption()
    assert "**Two chains" in s._repr_markdown_()


def test_plain_object_when_widgets_are_refused():
    assert isinstance(step_through(_two_chains(), widgets=False), StepThrough)


class _Widget:
    def __init__(self, children=None, **kwargs):
        self.children, self.value, self.disabled = children or [], "", False
        self._handlers = []
        self.__dict__.update(kwargs)

    def on_click(self, fn):
        self._handlers.append(fn)

    def click(self):
        for fn in self._handlers:
            fn(self)


FAKE_WIDGETS = types.SimpleNamespace(Button=_Widget, HTML=_Widget, HTMLMath=_Widget,
                                     VBox=_Widget, HBox=_Widget)


def test_buttons_drive_the_display(monkeypatch):
    """The widget wiring, checked against a stand-in for ipywidgets."""
    import sys

    monkeypatch.setitem(sys.modules, "ipywidgets", FAKE_WIDGETS)
    box = step_through(_two_chains())
    (prev, nxt), caption, maths = box.children[0].children, box.children[1], box.children[2]
    assert prev.disabled and not nxt.disabled and "Start" in caption.value
    nxt.click()
    assert box.stepper.position == 1 and "log of a power" in maths.value and not prev.disabled
    for _ in range(10):
        nxt.click()
    assert nxt.disabled and box.stepper.at_end
    prev.click()
    assert box.stepper.position == 3


def test_real_ipywidgets_when_installed():
    widgets = pytest.importorskip("ipywidgets")
    box = step_through(_two_chains())
    assert isinstance(box, widgets.VBox)
    box.children[0].children[1].click()
    assert "log of a power" in box.children[2].value
