"""``derive.parse``: read ML-paper LaTeX into SymPy, or say in which column it cannot be read."""
from __future__ import annotations

from typing import Optional

import sympy as sp

from .errors import MAX_LENGTH, MAX_OPERATORS, ParseError, ReadError, short
from .reader import Reader
from .shapes import coerce_shapes
from .tokens import build_tree, tokenize


def parse(latex: str, *, shapes: Optional[dict] = None) -> sp.Basic:
    """Read ML-paper LaTeX into SymPy; raise ParseError with a column on bad input.

    Symbols are real (``n`` is a positive integer, the default upper bound of sums),
    case is kept, ``\\log`` is the natural log. ``shapes`` ({"A": (2, 2)} or {"A": "2x2"})
    turns those symbols into matrices of real entries A_{11}, A_{12}, ...
    """
    if not isinstance(latex, str):
        raise ParseError(f"expected a LaTeX string, not {type(latex).__name__}", 0, "")
    if not latex.strip():
        raise ParseError("the input is empty", 0, latex)
    if len(latex) > MAX_LENGTH:
        raise ParseError(f"the input is longer than {MAX_LENGTH} characters", MAX_LENGTH, latex)
    operators = sum(latex.count(c) for c in "+-*/^_=")
    if operators > MAX_OPERATORS:  # the grammar recurses once per operator: refuse, do not crash
        raise ParseError(f"the expression is too long or nested too deeply ({operators} operators, "
                         f"at most {MAX_OPERATORS})", 0, latex)
    table = coerce_shapes(shapes)
    try:
        items = build_tree(tokenize(latex))
        return Reader(latex, table, items).read(items, {}, 0, len(latex))
    except ReadError as e:
        raise ParseError(e.message, max(e.column, 0), latex) from None
    except RecursionError:
        raise ParseError("the expression is nested too deeply", 0, latex) from None
    except Exception as e:  # noqa: BLE001 - whatever goes wrong, the user gets a ParseError
        raise ParseError(f"cannot read this expression ({short(e)})", 0, latex) from None
