"""What goes wrong in reading LaTeX: ``ParseError`` for the user, ``ReadError`` inside, and the limits."""
from __future__ import annotations


MAX_LENGTH = 4000        # characters of LaTeX accepted
MAX_OPERATORS = 1000     # + - * / ^ _ = in one input
MAX_DEPTH = 40           # nesting of braces and brackets
MAX_SHAPE = 12           # rows or columns of a declared matrix shape
MAX_EXACT_POWER = 2000   # larger numeric exponents (and factorials) stay unevaluated
MAX_SYMBOLIC_INVERSE = 4 # symbolic matrices inverted up to 4x4
MAX_SYMBOLIC_DET = 6     # and their determinants up to 6x6


class ParseError(ValueError):
    """LaTeX that cannot be read; ``.column`` indexes the user's string, ``.latex`` is it."""

    def __init__(self, message: str, column: int = 0, latex: str = ""):
        super().__init__(message)
        self.message, self.latex = message, latex
        self.column = max(0, min(int(column), len(latex)))

    def __str__(self) -> str:
        return f"{self.message} (column {self.column})"

    def caret(self) -> str:
        """Two lines: the input, and a caret under the offending column."""
        line = "".join(" " if c.isspace() else c for c in self.latex)   # \v, NEL, U+2028 too
        return f"{line}\n{' ' * self.column}^"


class ReadError(Exception):
    """Internal: a message and a column, turned into ParseError at the top."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message, self.column = message, column


def short(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:80]
