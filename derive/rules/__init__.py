"""Named rewrite rules, one module per family: calculus, logs, sums, expectation, integrals, ...

``core`` holds the Rule type (expr -> expr or None) and the combinators that compose rules.
"""
from .core import (Rule, at, at_first, bottom_up, everywhere, exhaust, first, reading_order, rule,
                   sequence, top_down, which)

__all__ = ["Rule", "at", "at_first", "bottom_up", "everywhere", "exhaust", "first",
           "reading_order", "rule", "sequence", "top_down", "which"]
