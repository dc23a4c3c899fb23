"""Named rewrite rules, one module per family; ``core`` holds the Rule type and combinators.

Families: ``calculus`` (differentiation), ``logs``, ``sums``, ``expectation``,
``integrals``, ``algebra`` and ``definitions`` (named functions unfolded and folded).
"""
from .core import (Rule, at, at_first, bottom_up, everywhere, exhaust, first, reading_order, rule,
                   sequence, top_down, which)

__all__ = ["Rule", "at", "at_first", "bottom_up", "everywhere", "exhaust", "first",
           "reading_order", "rule", "sequence", "top_down", "which"]
