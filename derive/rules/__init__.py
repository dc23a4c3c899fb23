"""Named rewrite rules, one module per family; ``core`` holds the Rule type and combinators."""
from .core import Rule, at, bottom_up, everywhere, exhaust, first, rule, top_down, which

__all__ = ["Rule", "at", "bottom_up", "everywhere", "exhaust", "first", "rule", "top_down", "which"]
