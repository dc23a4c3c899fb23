"""Reading LaTeX as written in ML papers: tokens, a tree of groups, a reader, the notation table.

``parse(latex)`` gives SymPy; bad input raises ``ParseError`` with the column to point at.
"""
from .errors import ParseError
from .parser import parse, parse_together
from .shapes import coerce_shapes, matrix_of

__all__ = ["ParseError", "coerce_shapes", "matrix_of", "parse", "parse_together"]
