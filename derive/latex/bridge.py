"""The text handed to latex2sympy, with holes for values read here, and its error listener."""
from __future__ import annotations

import sympy as sp
from antlr4 import CommonTokenStream, InputStream
from antlr4.error.ErrorListener import ErrorListener
from latex2sympy2_extended.antlr_parser import PSLexer, PSParser
from latex2sympy2_extended.latex2sympy2 import ConversionConfig, _Latex2Sympy

from .errors import ReadError


class Listener(ErrorListener):
    def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):
        start = getattr(offendingSymbol, "start", None)
        eof = getattr(offendingSymbol, "type", None) == -1
        raise ReadError("eof" if eof else "syntax", column if start is None or start < 0 else start)


class Converter(_Latex2Sympy):
    """latex2sympy with an error listener that reports a column instead of a message."""

    def create_parser(self, latex_str):
        lexer = PSLexer(InputStream(latex_str))
        lexer.removeErrorListeners()
        lexer.addErrorListener(Listener())
        parser = PSParser(CommonTokenStream(lexer))
        parser.removeErrorListeners()
        parser.addErrorListener(Listener())
        return parser


CONFIG = ConversionConfig(interpret_as_mixed_fractions=False, interpret_contains_as_eq=False,
                           lowercase_symbols=False)


class Emitted:
    """The text handed to latex2sympy, the source column of each character, the holes."""

    def __init__(self):
        self.parts: list[str] = []
        self.origin: list[int] = []
        self.values: dict = {}
        self.bold = False        # was the last thing emitted a bold symbol or a matrix?

    def put(self, text: str, pos: int):
        self.parts.append(text)
        self.origin.extend([pos] * len(text))
        self.bold = False

    def hole(self, value, pos: int, bold: bool = False):
        name = f"zq{len(self.values)}"
        self.values[f"math{{{name}}}"] = value
        self.put("\\mathit{%s}" % name, pos)
        self.bold = bold or isinstance(value, sp.MatrixBase)

    def single(self):
        """The value when the text is one hole and nothing else (latex2sympy not needed)."""
        text = self.text().strip()
        if len(self.values) == 1 and text == "\\mathit{zq0}":
            return self.values["math{zq0}"]
        return None

    def text(self) -> str:
        return "".join(self.parts)
