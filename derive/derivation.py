"""``derive.Derivation``: a chain of steps that verifies itself and prints itself.

The chain (``derive.core.chain``) is the model; this class adds what the later stages
do with it: ``verify`` (``derive.verify``), ``to_latex``/``to_markdown``/``to_text``
and the Jupyter views (``derive.render``). It sits above both, so neither imports it; it imports them on first use, so that
building a derivation (``derive list``) loads neither the verifier nor the printers.
"""
from __future__ import annotations

import time

from .core.chain import Chain, DerivationError, Report, Step

__all__ = ["Derivation", "DerivationError", "Report", "Step"]


class Derivation(Chain):
    """A titled chain of verified steps with its assumptions."""

    def verify(self, *, force: bool = False) -> Report:
        """Verify every step (cached until the derivation changes)."""
        if self._report is not None and not force:
            return self._report
        from .verify.step import check_display, check_step

        t0 = time.perf_counter()
        verdicts = []
        for s in self.steps:
            if s.is_start:  # a chain's first display must equal its form too (None: it does)
                s.verdict = check_display(s, self.assumptions) if s.display is not None else None
                if s.verdict is not None:
                    verdicts.append(s.verdict)
        for prev, step in self.pairs():
            step.verdict = check_step(prev, step, self.assumptions, self.budget)
            verdicts.append(step.verdict)
        self._report = Report(self.slug, verdicts, time.perf_counter() - t0)
        return self._report

    # -- output -------------------------------------------------------------------
    def to_latex(self, **settings) -> str:
        from .render.printer import latex_derivation
        return latex_derivation(self, **settings)

    def to_markdown(self, **settings) -> str:
        from .render.printer import markdown_derivation
        return markdown_derivation(self, **settings)

    def to_text(self) -> str:
        from .render.text import text_derivation
        return text_derivation(self)

    def step_through(self, **settings):
        """A one-step-at-a-time view for teaching (buttons when ipywidgets is installed)."""
        from .render.jupyter import step_through
        return step_through(self, **settings)

    def _repr_latex_(self) -> str:
        from .render.printer import latex_block
        return "$$" + latex_block(self, env="aligned") + "$$"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()
