"""LaTeX as written in ML papers, parsed into SymPy: ``derive.parse(latex)``.

latex2sympy2_extended does the arithmetic (precedence, fractions, powers, elementary
functions). Everything else is read here first, on the LaTeX tokens, never by
evaluating text: symbols, numbers and whole ML constructs (derivatives, sums with
implicit bounds, sigmoid, softmax(z)_i, E[.], Var, N(x; mu, sigma^2), H(p, q), H_2,
D_KL, transposes, matrices) become opaque
placeholders whose SymPy values are built directly, so latex2sympy only sees
placeholders and operators, and its errors map back to a column of the user's string.
"""
from __future__ import annotations

import builtins
import keyword
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Optional, Union

import sympy as sp
from antlr4 import CommonTokenStream, InputStream
from antlr4.error.ErrorListener import ErrorListener
from latex2sympy2_extended.antlr_parser import PSLexer, PSParser
from latex2sympy2_extended.latex2sympy2 import ConversionConfig, _Latex2Sympy

from .functions import Expectation, sigmoid, softplus
from .notation import (binary_entropy, entropy_of, kl_of, normal_density, softmax,
                       softmax_entry, softmax_vector, variance)

MAX_LENGTH = 4000        # characters of LaTeX accepted
MAX_OPERATORS = 1000     # + - * / ^ _ = in one input
MAX_DEPTH = 40           # nesting of braces and brackets
MAX_SHAPE = 12           # rows or columns of a declared matrix shape
MAX_EXACT_POWER = 2000   # larger numeric exponents (and factorials) stay unevaluated
MAX_SYMBOLIC_INVERSE = 4 # symbolic matrices inverted up to 4x4
MAX_SYMBOLIC_DET = 6     # and their determinants up to 6x6

GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho",
    "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
    "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    "ell",
}
UNICODE_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon",
                 "η": "eta", "θ": "theta", "λ": "lambda", "μ": "mu", "π": "pi", "σ": "sigma",
                 "τ": "tau", "φ": "phi", "ω": "omega", "∇": "nabla", "∂": "partial"}
BOLD = {"mathbf", "boldsymbol", "bm", "mathbfit", "pmb"}
PLAIN_STYLE = {"mathrm", "mathit", "text", "textrm", "textit", "operatorname", "mathsf",
               "mathnormal", "textsf", "mbox"}
ACCENTS = {"hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar", "tilde": "tilde",
           "widetilde": "tilde", "vec": "vec", "dot": "dot", "ddot": "ddot", "mathcal": "cal",
           "check": "check", "breve": "breve"}
SPACES = {",", ";", ":", "!", " ", "quad", "qquad", "limits", "nolimits", "displaystyle",
          "textstyle", "enspace", "thinspace", "medspace", "thickspace", "negthinspace"}
RELATIONS = {"le": r"\le", "leq": r"\le", "ge": r"\ge", "geq": r"\ge", "ne": r"\neq",
             "neq": r"\neq", "lt": "<", "gt": ">"}
ELEMENTARY = {"sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan",
              "sinh", "cosh", "tanh", "exp", "ln", "log"}
SIZES = {"big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
         "Biggl", "Biggr"}
MATRIX_ENVS = {"matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "smallmatrix", "array"}
FUNCTION_LETTERS = {"f", "g", "h", "F", "G", "H", "J", "L", "ell", "Lcal"}
KL_NAMES = {"KL", "kl"}


def _relu(x):
    return sp.Max(0, x)


def _trace(m):
    if not isinstance(m, sp.MatrixBase):
        raise _Err("tr needs a matrix (declare its shape)", -1)
    return m.trace()


def _det(m):
    if not isinstance(m, sp.MatrixBase) or m.rows != m.cols:
        raise _Err("det needs a square matrix (declare its shape)", -1)
    _affordable(m, MAX_SYMBOLIC_DET, "a determinant")
    return m.det()


def _affordable(m, limit: int, what: str):
    """Symbolic determinants and inverses grow factorially: refuse the large ones."""
    if m.rows > limit and not all(e.is_number for e in m):
        raise _Err(f"{what} of a symbolic {m.rows}x{m.cols} matrix is too large "
                   f"(up to {limit}x{limit})", -1)


def _diag(v):
    if not isinstance(v, sp.MatrixBase) or 1 not in v.shape:
        raise _Err("diag needs a vector (declare its shape)", -1)
    return sp.ImmutableMatrix(sp.diag(*list(v)))


def _softmax(z):
    return softmax_vector(z) if isinstance(z, sp.MatrixBase) else softmax(z)


# \operatorname{name}(...) and friends: name -> (callable, arity, applies elementwise)
NAMED = {
    "sigmoid": (sigmoid, 1, True), "softplus": (softplus, 1, True), "softmax": (_softmax, 1, False),
    "relu": (_relu, 1, True), "ReLU": (_relu, 1, True), "tr": (_trace, 1, False),
    "trace": (_trace, 1, False), "Tr": (_trace, 1, False), "det": (_det, 1, False),
    "diag": (_diag, 1, False), "sign": (sp.sign, 1, True), "sgn": (sp.sign, 1, True),
    "erf": (sp.erf, 1, True), "exp": (sp.exp, 1, True), "log": (sp.log, 1, True),
    "ln": (sp.log, 1, True), "tanh": (sp.tanh, 1, True), "max": (sp.Max, None, False),
    "min": (sp.Min, None, False), "asin": (sp.asin, 1, True), "acos": (sp.acos, 1, True),
    "atan": (sp.atan, 1, True), "asinh": (sp.asinh, 1, True), "acosh": (sp.acosh, 1, True),
    "atanh": (sp.atanh, 1, True), "arcsin": (sp.asin, 1, True), "arccos": (sp.acos, 1, True),
    "arctan": (sp.atan, 1, True), "sin": (sp.sin, 1, True), "cos": (sp.cos, 1, True),
    "Var": (variance, 1, False),
}
ELEMENTARY_FUNCS = {"sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sec": sp.sec, "csc": sp.csc,
                    "cot": sp.cot, "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
                    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "arsinh": sp.asinh,
                    "arcosh": sp.acosh, "artanh": sp.atanh, "exp": sp.exp, "ln": sp.log,
                    "log": sp.log}
INVERSES = {"sin": "arcsin", "cos": "arccos", "tan": "arctan", "sinh": "arsinh",
            "cosh": "arcosh", "tanh": "artanh"}
ELEMENTWISE = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot, sp.asin, sp.acos, sp.atan,
               sp.sinh, sp.cosh, sp.tanh, sp.asinh, sp.exp, sp.log, sp.Abs, sp.floor,
               sp.ceiling, sigmoid, softplus, sp.sign, sp.erf)


# -- errors -------------------------------------------------------------------------------
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


class _Err(Exception):
    """Internal: a message and a column, turned into ParseError at the top."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message, self.column = message, column


# -- tokens and the bracket tree ----------------------------------------------------------
@dataclass(frozen=True)
class Tok:
    kind: str      # "cmd", "letter", "num", "ws", "char"
    text: str      # a command without its backslash; the character(s) otherwise
    pos: int
    end: int


@dataclass
class Group:
    kind: str                # "{", "(", "[", "|", "||", "set", "floor", "ceil", "env"
    pos: int
    end: int = 0
    items: list = field(default_factory=list)
    env: str = ""


Item = Union[Tok, Group]
CHARS = set("+-*/=<>()[]{}^_,!|&.:;'")


def tokenize(s: str) -> list[Tok]:
    """Split LaTeX into commands, letters, numbers, whitespace and single characters."""
    out: list[Tok] = []
    digits_left = 0    # after ^, _ and \frac a digit run is read one digit at a time
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            j = i + 1
            if j >= len(s):
                raise _Err("a lone backslash ends the input", i)
            if s[j].isascii() and s[j].isalpha():
                while j < len(s) and s[j].isascii() and s[j].isalpha():
                    j += 1
            else:
                j += 1
            tok = Tok("cmd", s[i + 1:j], i, j)
        elif c.isspace() or c in "$~":
            j = i
            while j < len(s) and (s[j].isspace() or s[j] in "$~"):
                j += 1
            out.append(Tok("ws", " ", i, j))
            i = j
            continue
        elif c.isascii() and c.isdigit() or (c == "." and s[i + 1:i + 2].isdigit()):
            j = i + 1
            if not digits_left:
                while j < len(s) and s[j].isascii() and (s[j].isdigit() or s[j] == "." and
                                                           s[j + 1:j + 2].isdigit()):
                    j += 1
                    if s[j - 1] == "." and "." in s[i:j - 1]:
                        j -= 1
                        break
            tok = Tok("num", s[i:j], i, j)
        elif c.isascii() and c.isalpha():
            tok, j = Tok("letter", c, i, i + 1), i + 1
        elif c in UNICODE_GREEK:
            tok, j = Tok("cmd", UNICODE_GREEK[c], i, i + 1), i + 1
        elif c in CHARS:
            tok, j = Tok("char", c, i, i + 1), i + 1
        else:
            raise _Err(f"unexpected character {c!r}", i)
        if tok.kind == "num" and digits_left:
            digits_left -= 1
        elif tok.kind == "cmd" and tok.text in ("frac", "dfrac", "tfrac", "binom"):
            digits_left = 2
        else:
            digits_left = 1 if tok.kind == "char" and c in "^_" else 0
        out.append(tok)
        i = j
    return out


OPENERS = {"(": "(", "[": "[", "{": "{"}
CLOSERS = {")": "(", "]": "[", "}": "{"}
LEFT_DELIMS = {"(": "(", "[": "[", "|": "|", "\\|": "||", "\\{": "set", ".": ".",
               "\\lvert": "|", "\\lVert": "||", "\\vert": "|", "\\Vert": "||",
               "\\lbrack": "[", "\\lfloor": "floor", "\\lceil": "ceil", "\\langle": "angle"}
RIGHT_DELIMS = {")": "(", "]": "[", "|": "|", "\\|": "||", "\\}": "set", ".": ".",
                "\\rvert": "|", "\\rVert": "||", "\\vert": "|", "\\Vert": "||",
                "\\rbrack": "[", "\\rfloor": "floor", "\\rceil": "ceil", "\\rangle": "angle"}


def _delim(toks: list[Tok], k: int) -> tuple[str, int]:
    """The delimiter after \\left, \\right, \\middle or \\big: its text and next index."""
    while k < len(toks) and toks[k].kind == "ws":
        k += 1
    if k >= len(toks):
        raise _Err("a delimiter is missing at the end", toks[-1].end)
    t = toks[k]
    return ("\\" + t.text if t.kind == "cmd" else t.text), k + 1


def _env_name(toks: list[Tok], k: int) -> tuple[str, int]:
    if not (k + 2 < len(toks) and toks[k].text == "{" and toks[k + 2].text == "}"):
        pos = toks[k].pos if k < len(toks) else toks[-1].end
        # environment names are one word of letters: gather them
        j = k + 1
        name = ""
        while j < len(toks) and toks[j].kind == "letter":
            name += toks[j].text
            j += 1
        if k < len(toks) and toks[k].text == "{" and j < len(toks) and toks[j].text == "}":
            return name, j + 1
        raise _Err("\\begin and \\end need an environment name in braces", pos)
    return toks[k + 1].text, k + 3


def build_tree(toks: list[Tok]) -> list[Item]:
    """Nest tokens into groups: braces, brackets, \\left..\\right pairs, environments."""
    root = Group("root", 0)
    stack: list[Group] = [root]
    k = 0
    while k < len(toks):
        t = toks[k]
        top = stack[-1]
        if t.kind == "char" and t.text in OPENERS:
            g = Group(OPENERS[t.text], t.pos)
            top.items.append(g)
            stack.append(g)
        elif t.kind == "char" and t.text in CLOSERS:
            if top.kind != CLOSERS[t.text] or getattr(top, "left", False):
                raise _Err(f"unmatched '{t.text}'", t.pos)
            top.end = t.end
            stack.pop()
        elif t.kind == "cmd" and t.text in ("left", "right", "middle"):
            d, nk = _delim(toks, k + 1)
            if t.text == "left":
                kind = LEFT_DELIMS.get(d)
                if kind is None:
                    raise _Err(f"unknown delimiter after \\left: {d}", t.pos)
                g = Group(kind, t.pos)
                g.left = True
                top.items.append(g)
                stack.append(g)
            elif t.text == "right":
                kind = RIGHT_DELIMS.get(d)
                if not getattr(top, "left", False) or kind is None or (
                        kind != top.kind and "." not in (d, top.kind)):
                    raise _Err(f"\\right{d} does not match a \\left", t.pos)
                if top.kind == ".":
                    top.kind = "eval" if kind == "|" else kind   # \left. f \right|_{x=0}
                top.end = toks[nk - 1].end
                stack.pop()
            else:
                top.items.append(Tok("cmd", "|", t.pos, toks[nk - 1].end) if d == "\\|"
                                 else Tok("char", "|", t.pos, toks[nk - 1].end))
            k = nk
            continue
        elif t.kind == "cmd" and t.text in SIZES:
            d, nk = _delim(toks, k + 1)
            dt = toks[nk - 1]
            if d in ("(", ")", "[", "]", "|", "\\|"):
                k = nk - 1          # drop the size command, keep the delimiter
                continue
            kind = LEFT_DELIMS.get(d) or RIGHT_DELIMS.get(d)
            if kind is None:
                raise _Err(f"unknown delimiter after \\{t.text}: {d}", dt.pos)
            toks = toks[:k] + [Tok("cmd", d[1:], dt.pos, dt.end)] + toks[nk:]
            continue
        elif t.kind == "cmd" and t.text in ("lvert", "lVert", "lfloor", "lceil", "langle", "lbrack"):
            g = Group(LEFT_DELIMS["\\" + t.text], t.pos)
            g.left = True
            top.items.append(g)
            stack.append(g)
        elif t.kind == "cmd" and t.text in ("rvert", "rVert", "rfloor", "rceil", "rangle", "rbrack"):
            if not getattr(top, "left", False) or top.kind != RIGHT_DELIMS["\\" + t.text]:
                raise _Err(f"\\{t.text} does not match an opening delimiter", t.pos)
            top.end = t.end
            stack.pop()
        elif t.kind == "cmd" and t.text in ("{", "}"):
            if t.text == "{":
                g = Group("set", t.pos)
                g.brace = True
                top.items.append(g)
                stack.append(g)
            else:
                if not getattr(top, "brace", False):
                    raise _Err("unmatched '\\}'", t.pos)
                top.end = t.end
                stack.pop()
        elif t.kind == "cmd" and t.text == "begin":
            name, nk = _env_name(toks, k + 1)
            g = Group("env", t.pos, env=name)
            top.items.append(g)
            stack.append(g)
            k = nk
            continue
        elif t.kind == "cmd" and t.text == "end":
            name, nk = _env_name(toks, k + 1)
            if top.kind != "env" or top.env != name:
                raise _Err(f"\\end{{{name}}} does not match a \\begin", t.pos)
            top.end = toks[nk - 1].end
            stack.pop()
            k = nk
            continue
        else:
            top.items.append(t)
        if len(stack) > MAX_DEPTH:
            raise _Err("the expression is nested too deeply", t.pos)
        k += 1
    if len(stack) > 1:
        g = stack[-1]
        what = {"env": f"\\begin{{{g.env}}}", "{": "{", "(": "(", "[": "["}.get(g.kind, "\\left")
        raise _Err(f"'{what}' is never closed", g.pos)
    return root.items


# -- small helpers on item lists -----------------------------------------------------------
def _is(it, kind: str, text: Optional[str] = None) -> bool:
    return isinstance(it, Tok) and it.kind == kind and (text is None or it.text == text)


def _skip_ws(items: list, k: int) -> int:
    while k < len(items) and _is(items[k], "ws"):
        k += 1
    return k


def _strip(items: list) -> list:
    a, b = 0, len(items)
    while a < b and (_is(items[a], "ws") or _is(items[a], "cmd") and items[a].text in SPACES):
        a += 1
    while b > a and (_is(items[b - 1], "ws") or _is(items[b - 1], "cmd") and items[b - 1].text in SPACES):
        b -= 1
    return items[a:b]


def _pos(it) -> int:
    return it.pos


def _end(it) -> int:
    return it.end if it.end else it.pos + 1


def _split(items: list, is_sep) -> list[list]:
    parts, cur = [], []
    for it in items:
        if is_sep(it):
            parts.append(cur)
            cur = []
        else:
            cur.append(it)
    parts.append(cur)
    return parts


def _paren(it) -> Optional[Group]:
    """A parenthesised group, also when wrapped in braces as SymPy prints f{\\left(x\\right)}."""
    if isinstance(it, Group) and it.kind == "{":
        inner = _strip(it.items)
        it = inner[0] if len(inner) == 1 else None
    return it if isinstance(it, Group) and it.kind == "(" else None


def _is_paren(it) -> bool:
    return _paren(it) is not None


def _script_arg(items: list, k: int) -> tuple[list, int]:
    """The argument of ^, _ or a one-argument command: a brace group or one token."""
    k = _skip_ws(items, k)
    if k >= len(items):
        raise _Err("a script or argument is missing", _end(items[-1]) if items else 0)
    it = items[k]
    if isinstance(it, Group) and it.kind == "{":
        return it.items, k + 1
    if _is(it, "cmd") and (it.text in BOLD | PLAIN_STYLE | set(ACCENTS) or it.text == "mathbb"):
        arg, nk = _script_arg(items, k + 1)
        return [it, Group("{", items[k + 1].pos if k + 1 < len(items) else it.end,
                          items=arg)], nk
    if isinstance(it, Group) or _is(it, "char"):
        raise _Err("expected an argument here", _pos(it))
    return [it], k + 1


def _text_of(items: list) -> str:
    """Plain text of a name or subscript: letters, digits, Greek names, + - ,."""
    out = []
    for it in items:
        if _is(it, "ws") or _is(it, "cmd") and it.text in SPACES:
            continue
        if isinstance(it, Group) and it.kind == "{":
            out.append(_text_of(it.items))
        elif _is(it, "letter") or _is(it, "num") or _is(it, "char") and it.text in "+-,":
            out.append(it.text)
        elif _is(it, "cmd") and it.text in GREEK:
            out.append(it.text)
        elif _is(it, "cmd") and it.text in BOLD | PLAIN_STYLE:
            continue
        else:
            raise _Err("a name may hold only letters, digits and Greek letters", _pos(it))
    return "".join(out)


def _free(e) -> set:
    if isinstance(e, sp.MatrixBase):
        return set().union(*(x.free_symbols for x in e))
    return e.free_symbols


def _atoms(e, kind) -> set:
    if isinstance(e, sp.MatrixBase):
        return set().union(*(x.atoms(kind) for x in e))
    return e.atoms(kind)


def _flat(items: list) -> list:
    """The tokens of items, brace groups opened."""
    out = []
    for it in items:
        if isinstance(it, Group) and it.kind == "{":
            out.extend(_flat(it.items))
        else:
            out.append(it)
    return out


def _number(text: str) -> sp.Number:
    f = Fraction(text)
    return sp.Integer(f.numerator) if f.denominator == 1 else sp.Rational(f.numerator, f.denominator)


def _safe_function_name(name: str) -> bool:
    return (name.isidentifier() and not name.startswith("_") and not keyword.iskeyword(name)
            and not hasattr(builtins, name))


# -- markers carried through latex2sympy as placeholder values ------------------------------
TRANSPOSE = sp.Dummy("transpose")      # ^\top: always a transpose
MAYBE_T = sp.Dummy("maybe_transpose")  # ^T: a transpose on matrices, else the power T
HADAMARD = sp.Dummy("hadamard")        # \odot
ONES = sp.Dummy("ones")                # \mathbf{1}
IDENTITY = sp.Dummy("identity")        # I, \mathbf{I}
MARKERS = {TRANSPOSE, MAYBE_T, HADAMARD, ONES, IDENTITY}


class _Listener(ErrorListener):
    def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):
        start = getattr(offendingSymbol, "start", None)
        eof = getattr(offendingSymbol, "type", None) == -1
        raise _Err("eof" if eof else "syntax", column if start is None or start < 0 else start)


class _Converter(_Latex2Sympy):
    """latex2sympy with an error listener that reports a column instead of a message."""

    def create_parser(self, latex_str):
        lexer = PSLexer(InputStream(latex_str))
        lexer.removeErrorListeners()
        lexer.addErrorListener(_Listener())
        parser = PSParser(CommonTokenStream(lexer))
        parser.removeErrorListeners()
        parser.addErrorListener(_Listener())
        return parser


_CONFIG = ConversionConfig(interpret_as_mixed_fractions=False, interpret_contains_as_eq=False,
                           lowercase_symbols=False)


class _Out:
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


# -- the reader ----------------------------------------------------------------------------
class _Reader:
    """Reads item lists into SymPy, one separately parsed span at a time."""

    def __init__(self, src: str, shapes: dict, items: list):
        self.src, self.shapes = src, shapes
        self.n = sp.Symbol("n", integer=True, positive=True)
        self.bounds: set = set()
        self.vectors = self.indexed_bases(items)

    def indexed_bases(self, items: list) -> set:
        """Names used with a summation index (z in sum_j e^{z_j}): their z_i are entries too."""
        letters, scripted = set(), []

        def walk(level):
            for k, it in enumerate(level):
                if isinstance(it, Group):
                    walk(it.items)
                elif _is(it, "cmd") and it.text in ("sum", "prod"):
                    j = _skip_ws(level, k + 1)
                    if j < len(level) and _is(level[j], "char", "_"):
                        try:
                            sub, _ = _script_arg(level, j + 1)
                        except _Err:
                            continue
                        parts = _split(sub, lambda x: _is(x, "char", "="))
                        letters.update(x.text for x in parts[0] if _is(x, "letter") or
                                       _is(x, "cmd") and x.text in GREEK)
                        bound = [x for p in parts[1:] for x in _flat(p)]
                        sup = _skip_ws(level, _script_arg(level, j + 1)[1])
                        if sup < len(level) and _is(level[sup], "char", "^"):
                            try:
                                bound += _flat(_script_arg(level, sup + 1)[0])
                            except _Err:
                                pass
                        self.bounds.update(x.text for x in bound if _is(x, "letter"))
                elif _is(it, "char", "_") and k > 0:
                    m = k - 1
                    while m > 0 and _is(level[m], "ws"):
                        m -= 1
                    scripted.append((level, m, k))

        walk(items)
        bases = set()
        for level, m, k in scripted:
            for start in (m - 1, m):   # \mathbf{x}_i starts one item earlier than x_i
                try:
                    name, _, end = self.head(level, start) if start >= 0 else ("", "", -1)
                    sub, _ = _script_arg(level, k + 1)
                except _Err:
                    continue
                if end == m + 1 and any(_is(x, "letter") and x.text in letters for x in _flat(sub)):
                    bases.add(name)
        return bases

    # -- a span: emit text with holes, let latex2sympy do arithmetic, rebuild ----------------
    def read(self, items: list, scope: dict, pos: int, end: int, resolve: bool = True):
        """SymPy for one span. resolve=False (inside brackets) keeps the identity and ones
        markers for the enclosing sum to size, and keeps 1x1 matrices."""
        items = _strip(items)
        if not items:
            raise _Err("an expression is missing here", pos)
        out = _Out()
        self.emit(items, 0, len(items), out, scope)
        text = out.text()
        single = out.single()
        try:
            raw = sp.Symbol("math{zq0}") if single is not None else \
                _Converter(is_real=True, config=_CONFIG).parse(text)
        except _Err as e:
            if e.message == "eof" or e.column >= len(out.origin):
                raise _Err("the expression ends too early", _end(items[-1])) from None
            col = out.origin[e.column]
            raise _Err(f"unexpected {self._snippet(col)}", col) from None
        except RecursionError:
            raise _Err("the expression is too long or nested too deeply", pos) from None
        except _Err:
            raise
        except Exception as e:  # noqa: BLE001 - latex2sympy raises bare Exceptions
            raise _Err(f"cannot read this expression ({_short(e)})", pos) from None
        try:
            value = _Builder(out.values).build(raw, resolve)
        except _Err as e:
            raise _Err(e.message, pos if e.column < 0 else e.column) from None
        if resolve and isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
            value = value[0, 0]
        return value

    def _snippet(self, col: int) -> str:
        try:
            tok = tokenize(self.src[col:col + 40] or " ")[0]
        except (_Err, IndexError):
            return "input"
        return "'%s'" % (("\\" + tok.text) if tok.kind == "cmd" else tok.text.strip() or " ")

    # -- walking one level of items --------------------------------------------------------
    def emit(self, items: list, k: int, stop: int, out: _Out, scope: dict):
        while k < stop:
            k = self.emit_one(items, k, stop, out, scope)

    def emit_one(self, items, k, stop, out: _Out, scope) -> int:
        it = items[k]
        if isinstance(it, Group):
            return self.group(items, k, out, scope)
        if it.kind == "ws":
            out.put(" ", it.pos)
            return k + 1
        if it.kind == "num":
            out.hole(_number(it.text), it.pos)
            return k + 1
        if it.kind == "letter":
            return self.atom(items, k, out, scope)
        if it.kind == "char":
            return self.char(items, k, out, scope)
        return self.command(items, k, stop, out, scope)

    def group(self, items, k, out: _Out, scope) -> int:
        g = items[k]
        j = _skip_ws(items, k + 1)
        if g.kind == "{" and j < len(items) and _is(items[j], "char", "_"):
            return self.atom(items, k, out, scope)
        if g.kind in ("{", "(", "["):
            if g.kind != "{" and any(_is(x, "char", ",") for x in g.items):
                comma = next(x for x in g.items if _is(x, "char", ","))
                raise _Err("a comma here is not supported (only function arguments take commas)",
                           comma.pos)
            if not _strip(g.items):
                raise _Err("empty brackets", g.pos)
            # a bracket is one operand: read on its own, latex2sympy only sees flat text
            out.hole(self.read(g.items, scope, g.pos, g.end, resolve=False), g.pos)
            return k + 1
        if g.kind == "|":
            out.hole(_abs(self.read(g.items, scope, g.pos, g.end)), g.pos)
            return k + 1
        if g.kind == "||":
            out.hole(_norm(self.read(g.items, scope, g.pos, g.end)), g.pos)
            return k + 1
        if g.kind in ("floor", "ceil"):
            f = sp.floor if g.kind == "floor" else sp.ceiling
            out.hole(f(self.read(g.items, scope, g.pos, g.end)), g.pos)
            return k + 1
        if g.kind == "env":
            return self.matrix(items, k, out, scope)
        if g.kind == "eval":
            return self.evaluated(items, k, out, scope)
        raise _Err("sets and angle brackets are not supported", g.pos)

    def char(self, items, k, out: _Out, scope) -> int:
        t = items[k]
        c = t.text
        if c == "^":
            return self.superscript(items, k, out, scope)
        if c in "+-*/=<>!":
            out.put(c, t.pos)
            return k + 1
        if c == "|":
            pairs = _pair_bars(items, len(items))
            if k not in pairs:
                raise _Err("this | is never closed", t.pos)
            inner = items[k + 1:pairs[k]]
            out.hole(_abs(self.read(inner, scope, t.pos, items[pairs[k]].pos)), t.pos)
            return pairs[k] + 1
        if c == "_":
            raise _Err("a subscript needs something before it", t.pos)
        if c == "'":
            raise _Err("prime notation is not supported; write \\frac{d}{dx}", t.pos)
        if c == ",":
            raise _Err("a comma here is not supported (only function arguments take commas)", t.pos)
        raise _Err(f"unexpected '{c}'", t.pos)

    def superscript(self, items, k, out: _Out, scope) -> int:
        t = items[k]
        arg, nk = _script_arg(items, k + 1)
        core = [x for x in arg if not _is(x, "ws")]
        texts = [x.text for x in core if isinstance(x, Tok)]
        if len(core) == 1 and _is(core[0], "cmd") and core[0].text in ("top", "intercal"):
            marker = TRANSPOSE
        elif texts == ["T"] and len(core) == 1:
            marker = TRANSPOSE if out.bold else MAYBE_T
        elif (len(core) == 2 and _is(core[0], "cmd") and core[0].text in ("mathsf", "mathrm")
              and isinstance(core[1], Group) and _text_of(core[1].items) == "T"):
            marker = TRANSPOSE
        else:
            out.put("^", t.pos)
            return k + 1
        out.put("^", t.pos)
        out.hole(marker, t.pos)
        return nk

    # -- commands ----------------------------------------------------------------------------
    def command(self, items, k, stop, out: _Out, scope) -> int:
        t = items[k]
        name = t.text
        if name in SPACES:
            out.put(" ", t.pos)
            return k + 1
        if name in ("cdot", "times", "div"):
            out.put(f"\\{name} ", t.pos)
            return k + 1
        if name == "odot":
            out.put("\\cdot ", t.pos)
            out.hole(HADAMARD, t.pos)
            out.put("\\cdot ", t.pos)
            return k + 1
        if name in RELATIONS:
            out.put(f" {RELATIONS[name]} ", t.pos)
            return k + 1
        if name == "infty":
            out.hole(sp.oo, t.pos)
            return k + 1
        if name in ("frac", "dfrac", "tfrac"):
            return self.frac(items, k, stop, out, scope)
        if name == "sqrt":
            out.put("\\sqrt", t.pos)
            j = _skip_ws(items, k + 1)
            if j < len(items) and isinstance(items[j], Group) and items[j].kind == "[":
                out.put("[", items[j].pos)
                out.hole(self.read(items[j].items, scope, items[j].pos, items[j].end), items[j].pos)
                out.put("]", items[j].end - 1)
                k = j
            arg, nk = _script_arg(items, k + 1)
            out.put("{", t.pos)
            out.hole(self.read(arg, scope, t.pos, t.end, resolve=False), t.pos)
            out.put("}", t.pos)
            return nk
        if name == "binom":
            out.put("\\binom", t.pos)
            for _ in range(2):
                arg, k = _script_arg(items, k + 1)
                out.put("{", t.pos)
                out.hole(self.read(arg, scope, t.pos, t.end), t.pos)
                out.put("}", t.pos)
                k -= 1
            return k + 1
        if name in ELEMENTARY:
            return self.elementary(items, k, out, scope)
        if name in ("max", "min", "det", "tr"):
            j = _skip_ws(items, k + 1)
            if name in ("det", "tr") and not (j < len(items) and _is_paren(items[j])):
                arg, nk = _script_arg(items, k + 1)     # \det A, like \sin x
                out.hole(_apply(NAMED[name][0], [self.read(arg, scope, t.pos, t.end)], False,
                                t.pos), t.pos)
                return nk
            return self.call(items, k + 1, name, t.pos, out, scope)
        if name in ("sum", "prod"):
            return self.series(items, k, stop, out, scope)
        if name == "int":
            return self.integral(items, k, stop, out, scope)
        if name == "lim":
            return self.limit(items, k, stop, out, scope)
        if name == "nabla":
            return self.nabla(items, k, stop, out, scope)
        if name == "|":
            return self.bars(items, k, stop, out, scope)
        if name in GREEK or name in BOLD | PLAIN_STYLE | set(ACCENTS) or name == "mathbb":
            return self.atom(items, k, out, scope)
        if name == "partial":
            raise _Err("write partial derivatives as \\frac{\\partial}{\\partial x} f", t.pos)
        if name in ("top", "intercal"):
            raise _Err(f"\\{name} belongs in a superscript: x^\\top", t.pos)
        if name == "\\":
            raise _Err("a line break is only allowed inside a matrix", t.pos)
        raise _Err(f"unknown command \\{name}", t.pos)

    def elementary(self, items, k, out: _Out, scope) -> int:
        """\\sin, \\log_2, \\exp, ...; with parentheses the argument is exactly their content."""
        t = items[k]
        name, base, power = t.text, None, None
        j = _skip_ws(items, k + 1)
        if name == "log" and j < len(items) and _is(items[j], "char", "_"):
            arg, j = _script_arg(items, j + 1)
            base = self.read(arg, scope, t.pos, t.end)
            j = _skip_ws(items, j)
        if j < len(items) and _is(items[j], "char", "^"):
            power, j = _script_arg(items, j + 1)
            if all(not isinstance(x, Group) for x in power) and _text_of(power) == "-1":
                if name not in INVERSES:
                    raise _Err(f"\\{name}^{{-1}} is not supported", t.pos)
                name, power = INVERSES[name], None
            j = _skip_ws(items, j)
        if j < len(items) and _is_paren(items[j]):   # \\sin{\\left(x\\right)} y is sin(x) y
            g = _paren(items[j])
            f = ELEMENTARY_FUNCS[name]
            arg = self.read(g.items, scope, g.pos, g.end)
            out.hole(_apply(f if base is None else (lambda a: sp.log(a, base)), [arg], True, t.pos),
                     t.pos)
            k = j + 1
        else:                                        # \\sin x: latex2sympy reads the argument
            if base is not None and power is not None:
                raise _Err("write a power of a logarithm with parentheses: \\log_2^2(x)", t.pos)
            if base is not None:
                out.put("\\log_", t.pos)
                out.hole(base, t.pos)
            else:
                out.put("\\ln" if name == "log" else f"\\{name}", t.pos)
            k = j
        if power is not None:
            out.put("^{", t.pos)
            out.hole(self.read(power, scope, t.pos, t.end), t.pos)
            out.put("}", t.pos)
        out.put(" ", t.pos)
        return k

    def bars(self, items, k, stop, out: _Out, scope) -> int:
        """\\| x \\| as a norm (KL's \\| is read by the KL construct)."""
        t = items[k]
        for j in range(k + 1, stop):
            if _is(items[j], "cmd", "|"):
                out.hole(_norm(self.read(items[k + 1:j], scope, t.pos, items[j].pos)), t.pos)
                return j + 1
        raise _Err("this \\| is never closed", t.pos)

    # -- symbols ----------------------------------------------------------------------------
    def head(self, items, k) -> tuple[str, str, int]:
        """The name of a symbol at k and its style ("plain", "bold", "roman", "bb")."""
        t = items[k]
        if _is(t, "letter"):
            return t.text, "plain", k + 1
        if _is(t, "cmd") and t.text in GREEK:
            return t.text, "greek", k + 1
        if isinstance(t, Group) and t.kind == "{":     # {x}_{i}, as SymPy prints Indexed
            inner = _strip(t.items)
            name, style, m = self.head(inner, 0) if inner else ("", "", 0)
            if m != len(inner) or not name:
                raise _Err("expected a symbol", t.pos)
            return name, style, k + 1
        if _is(t, "cmd") and t.text in BOLD | PLAIN_STYLE | set(ACCENTS) | {"mathbb"}:
            arg, nk = _script_arg(items, k + 1)
            inner = [x for x in arg if not _is(x, "ws")]
            if len(inner) == 1 or (len(inner) == 2 and isinstance(inner[1], Group)):
                if inner and (_is(inner[0], "cmd") and inner[0].text in BOLD | PLAIN_STYLE |
                              set(ACCENTS)):
                    name, style, _ = self.head(inner, 0)
                    return (*self._styled(t.text, name, style), nk)
            name = _text_of(arg)
            if not name:
                raise _Err(f"\\{t.text} needs a name", t.pos)
            return (*self._styled(t.text, name, "plain"), nk)
        raise _Err("expected a symbol", _pos(t))

    @staticmethod
    def _styled(cmd: str, name: str, style: str) -> tuple:
        if cmd in BOLD:
            return name, "bold"
        if cmd == "mathbb":
            return name, "bb"
        if cmd in ACCENTS:
            return name + ACCENTS[cmd], style
        return name, "roman" if len(name) > 1 else style

    def atom(self, items, k, out: _Out, scope) -> int:
        start = items[k]
        name, style, k = self.head(items, k)
        if style == "bb":
            if name == "E":
                return self.expectation(items, k, start.pos, out, scope)
            raise _Err(f"\\mathbb{{{name}}} is not supported here", start.pos)
        if style == "roman" and name in NAMED:
            return self.call(items, k, name, start.pos, out, scope)
        if style == "roman" and name in KL_NAMES:
            return self.kl(items, k, start.pos, out, scope)
        if style == "roman" and _is_paren(items[_skip_ws(items, k)] if _skip_ws(items, k) < len(items)
                                          else None):
            raise _Err(f"unknown function {name!r}; known: {', '.join(sorted(NAMED))}", start.pos)
        sub = None
        j = _skip_ws(items, k)
        if j < len(items) and _is(items[j], "char", "_"):
            sub, k = _script_arg(items, j + 1)
        if name == "D" and sub is not None and _text_of(sub) in KL_NAMES:
            return self.kl(items, k, start.pos, out, scope)
        j = _skip_ws(items, k)
        nxt = items[j] if j < len(items) else None
        if sub is None and style in ("plain", "roman") and name == "E" and isinstance(nxt, Group) \
                and nxt.kind == "[":
            return self.expectation(items, k, start.pos, out, scope)
        if _is_paren(nxt):
            if name == "sigma" and sub is None and style == "greek":
                return self.call(items, k, "sigmoid", start.pos, out, scope)
            if name == "Gamma" and sub is None:
                return self.call_with(items, j, sp.gamma, 1, True, start.pos, out, scope)
            if name == "Ncal" and sub is None:       # \mathcal{N}(x; \mu, \sigma^2)
                return self.call_with(items, j, normal_density, 3, False, start.pos, out, scope)
            if name == "H" and style == "plain" and sub is None:
                return self.entropy(items, j, start.pos, out, scope)
            if name == "H" and style == "plain" and _text_of(sub) == "2":
                return self.call_with(items, j, binary_entropy, 1, False, start.pos, out, scope)
            fname = name if sub is None else f"{name}_{_text_of(sub)}"
            if (name in FUNCTION_LETTERS and style != "bold") or any(
                    _is(x, "char", ",") for x in _paren(nxt).items):
                if not _safe_function_name(fname):
                    raise _Err(f"{fname!r} cannot name a function", start.pos)
                return self.call_with(items, j, sp.Function(fname, real=True), None, False,
                                      start.pos, out, scope)
        if name == "delta" and sub is not None and style == "greek":
            idx = self.indices(sub, scope, start.pos)
            if len(idx) == 2:
                out.hole(sp.KroneckerDelta(*idx), start.pos)
                return k
        out.hole(self.symbol(name, style, sub, scope, start.pos), start.pos,
                 bold=style == "bold")
        return k

    def symbol(self, name: str, style: str, sub, scope: dict, pos: int):
        if sub is None:
            if name in scope:
                return scope[name]
            if name in self.shapes:
                return self.matrix_symbol(name)
            if name == "e" and style in ("plain", "roman"):
                return sp.E
            if name == "pi" and style == "greek":
                return sp.pi
            if name == "n" and style == "plain":
                return self.n
            if name in self.bounds and style == "plain":   # the bound of a sum is a count
                return sp.Symbol(name, integer=True, positive=True)
            if name in ("1", "0") and style == "bold":
                return ONES if name == "1" else sp.S.Zero
            if name.isdigit():
                return _number(name)
            if name == "I" and style in ("plain", "bold", "roman"):
                return IDENTITY
            return sp.Symbol(name, real=True)
        text = _text_of(sub)
        full = f"{name}_{text}"     # x_1, W_ij, m_t-1: SymPy prints them x_{1}, W_{ij}, m_{t-1}
        if full in self.shapes:
            return self.matrix_symbol(full)
        if name in self.shapes and text.replace(",", "").isdigit():
            return sp.Symbol(full, real=True)   # an entry of a declared matrix: x_2, A_{12}
        if (scope and self._mentions(sub, scope)) or (
                name in self.vectors and all(_is(x, "letter") or _is(x, "num") or _is(x, "ws")
                                             or _is(x, "char", ",") for x in _flat(sub))):
            return sp.IndexedBase(name, real=True)[tuple(self.indices(sub, scope, pos))]
        return sp.Symbol(full, real=True)

    def _mentions(self, sub: list, scope: dict) -> bool:
        for it in sub:
            if isinstance(it, Group):
                if self._mentions(it.items, scope):
                    return True
            elif (it.kind == "letter" or it.kind == "cmd") and it.text in scope:
                return True
        return False

    def indices(self, sub: list, scope: dict, pos: int) -> list:
        """x_{ij} -> [i, j]; x_{i,j} -> [i, j]; x_{i+1} -> [i + 1]; letters are integers."""
        flat = _strip(sub)
        if len(flat) == 1 and isinstance(flat[0], Group):
            flat = _strip(flat[0].items)
        if any(_is(x, "char", ",") for x in flat):
            parts = _split(flat, lambda x: _is(x, "char", ","))
        elif all(_is(x, "letter") or _is(x, "num") and len(x.text) == 1 or _is(x, "ws")
                 for x in flat):
            parts = [[x] for x in flat if not _is(x, "ws")]
        else:
            parts = [flat]
        inner = dict(scope)
        for it in flat:
            if _is(it, "letter") and it.text not in inner:
                inner[it.text] = sp.Symbol(it.text, integer=True)
        return [self.read(p, inner, pos, pos) for p in parts]

    def matrix_symbol(self, name: str) -> sp.ImmutableMatrix:
        return matrix_of(name, self.shapes[name])

    # -- calls ------------------------------------------------------------------------------
    def call(self, items, k, name: str, pos: int, out: _Out, scope) -> int:
        f, arity, elementwise = NAMED[name]
        j = _skip_ws(items, k)
        if j >= len(items) or not _is_paren(items[j]):
            raise _Err(f"{name} needs its argument in parentheses", pos)
        if name == "softmax":
            return self.softmax(items, j, pos, out, scope)
        return self.call_with(items, j, f, arity, elementwise, pos, out, scope)

    def arguments(self, items, j, arity, scope) -> list:
        """The arguments in the parentheses at j, split at commas and semicolons (f(x; theta))."""
        g = _paren(items[j])
        parts = _split(g.items, lambda x: _is(x, "char", ",") or _is(x, "char", ";"))
        if arity is not None and len(parts) != arity:
            raise _Err(f"expected {arity} argument{'s' if arity > 1 else ''}", g.pos)
        return [self.read(p, scope, g.pos, g.end) for p in parts]

    def call_with(self, items, j, f, arity, elementwise, pos, out: _Out, scope) -> int:
        out.hole(_apply(f, self.arguments(items, j, arity, scope), elementwise, pos), pos)
        return j + 1

    def softmax(self, items, j, pos, out: _Out, scope) -> int:
        """softmax(z), or its i-th output softmax(z)_i (of n, the default size); several
        arguments softmax(z_1, z_2, z_3) are the entries of the vector."""
        args = self.arguments(items, j, None, scope)
        if len(args) > 1 and any(isinstance(a, sp.MatrixBase) for a in args):
            raise _Err("softmax takes one vector or its entries", pos)
        z = args[0] if len(args) == 1 else sp.ImmutableMatrix(args)
        k = _skip_ws(items, j + 1)
        if k >= len(items) or not _is(items[k], "char", "_"):
            out.hole(_apply(_softmax, [z], False, pos), pos)
            return j + 1
        sub, end = _script_arg(items, k + 1)
        index = self.indices(sub, scope, pos)
        if len(index) != 1:
            raise _Err("softmax(z)_i takes one index", items[k].pos)
        try:
            out.hole(softmax_entry(z, index[0], self.n), pos)
        except ValueError as e:
            raise _Err(str(e), pos) from None
        return end

    def entropy(self, items, j, pos, out: _Out, scope) -> int:
        """H(p) and H(p, q) of named distributions; H of anything else is a function H."""
        args = self.arguments(items, j, None, scope)
        value = entropy_of(args, self.n)
        if value is None:
            value = _apply(sp.Function("H", real=True), args, False, pos)
        out.hole(value, pos)
        return j + 1

    def expectation(self, items, k, pos, out: _Out, scope) -> int:
        j = _skip_ws(items, k)
        if j < len(items) and _is(items[j], "char", "_"):
            _, j = _script_arg(items, j + 1)   # E_{x ~ p}: the distribution is in the assumptions
            j = _skip_ws(items, j)
        if j >= len(items) or not (isinstance(items[j], Group) and items[j].kind in ("[", "(")):
            raise _Err("\\mathbb{E} needs its argument in brackets: \\mathbb{E}[X]", pos)
        g = items[j]
        value = self.read(g.items, scope, g.pos, g.end)
        if isinstance(value, sp.MatrixBase):
            value = value.applyfunc(Expectation)
        else:
            value = Expectation(value)
        out.hole(value, pos)
        return j + 1

    def kl(self, items, k, pos, out: _Out, scope) -> int:
        j = _skip_ws(items, k)
        if j >= len(items) or not _is_paren(items[j]):
            raise _Err("D_KL needs its arguments in parentheses: D_{KL}(p \\| q)", pos)
        g = _paren(items[j])
        seps = [m for m, x in enumerate(g.items) if _is(x, "cmd", "|") or _is(x, "cmd", "parallel")
                or _is(x, "char", ",")]
        if len(seps) != 1:
            bars = [m for m in range(len(g.items) - 1)
                    if _is(g.items[m], "char", "|") and _is(g.items[m + 1], "char", "|")]
            if len(seps) == 0 and len(bars) == 1:
                left, right = g.items[:bars[0]], g.items[bars[0] + 2:]
            else:
                raise _Err("D_KL takes two arguments separated by \\|", g.pos)
        else:
            left, right = g.items[:seps[0]], g.items[seps[0] + 1:]
        p = self.read(left, scope, g.pos, g.end)
        q = self.read(right, scope, g.pos, g.end)
        try:
            value = kl_of(p, q, self.n)
        except ValueError as e:
            raise _Err(str(e), pos) from None
        out.hole(value, pos)
        return j + 1

    # -- derivatives --------------------------------------------------------------------------
    def frac(self, items, k, stop, out: _Out, scope) -> int:
        t = items[k]
        num, k1 = _script_arg(items, k + 1)
        den, k2 = _script_arg(items, k1)
        deriv = self.derivative_parts(num, den, t.pos)
        if deriv is None:
            out.put("\\frac{", t.pos)
            out.hole(self.read(num, scope, t.pos, t.end, resolve=False), t.pos)
            out.put("}{", t.pos)
            out.hole(self.read(den, scope, t.pos, t.end, resolve=False), t.pos)
            out.put("}", t.pos)
            return k2
        operand, variables = deriv
        end = k2
        if operand is None:
            end = _operand_end(items, k2, stop, products=False)
            operand = items[k2:end]
            if not _strip(operand):
                raise _Err("this derivative has nothing to differentiate", t.pos)
        f = self.read(operand, scope, t.pos, _end(items[end - 1]))
        wrt = []
        for v, order in variables:
            var = self.read(v, scope, t.pos, t.pos)
            if order < 0:       # the variable is var^|order|, written as one symbol sigma^2
                if not isinstance(var, sp.Symbol):
                    raise _Err("the orders of the numerator and denominator differ", t.pos)
                power = sp.Symbol(f"{var.name}^{-order}", real=True)
                f = _apply(lambda e: e.subs(var ** -order, power), [f], True, t.pos)
                if var in _free(f):
                    raise _Err(f"cannot differentiate with respect to {var}^{-order} here", t.pos)
                var, order = power, 1
            wrt.append((var, order))
        out.hole(_differentiate(f, wrt, t.pos), t.pos)
        return end

    def derivative_parts(self, num: list, den: list, pos: int):
        """(operand items or None, [(variable items, order)]) when num/den is d/dx-like."""
        num, den = _strip(num), _strip(den)
        kind, rest = _differential(num)
        if kind is None:
            return None
        order, rest = _order(rest)
        variables = []
        d = den
        while d:
            dk, d = _differential(d)
            if dk != kind:
                return None
            d = _strip(d)
            if not d:
                return None
            m = 1
            if isinstance(d[0], Group) and d[0].kind == "{":
                var, d = d[0].items, d[1:]
            else:
                try:
                    _, _, m = self.head(d, 0)
                except _Err:
                    return None
                j = _skip_ws(d, m)
                if j < len(d) and _is(d[j], "char", "_"):
                    _, m = _script_arg(d, j + 1)
                var, d = d[:m], d[m:]
            o, d = _order(_strip(d))
            variables.append((var, o))
            d = _strip(d)
        if not variables:
            return None
        if sum(o for _, o in variables) != order:
            if order != len(variables):
                raise _Err("the orders of the numerator and denominator differ", pos)
            variables = [(v, -o) for v, o in variables]   # d/d(sigma^2): a power is the variable
        rest = _strip(rest)
        return (rest or None), variables

    def nabla(self, items, k, stop, out: _Out, scope) -> int:
        t = items[k]
        j = _skip_ws(items, k + 1)
        if j >= len(items) or not _is(items[j], "char", "_"):
            raise _Err("\\nabla needs the variable as a subscript: \\nabla_\\theta f", t.pos)
        var, j = _script_arg(items, j + 1)
        end = _operand_end(items, j, stop, products=False)
        if not _strip(items[j:end]):
            raise _Err("\\nabla has nothing to differentiate", t.pos)
        f = self.read(items[j:end], scope, t.pos, _end(items[end - 1]))
        out.hole(_differentiate(f, [(self.read(var, scope, t.pos, t.pos), 1)], t.pos), t.pos)
        return end

    # -- sums, integrals, limits -----------------------------------------------------------------
    def _scripts(self, items, k) -> tuple[Optional[list], Optional[list], int]:
        sub = sup = None
        while True:
            j = _skip_ws(items, k)
            if j < len(items) and _is(items[j], "cmd") and items[j].text in ("limits", "nolimits"):
                k = j + 1
                continue
            if j < len(items) and _is(items[j], "char", "_") and sub is None:
                sub, k = _script_arg(items, j + 1)
            elif j < len(items) and _is(items[j], "char", "^") and sup is None:
                sup, k = _script_arg(items, j + 1)
            else:
                return sub, sup, k

    def series(self, items, k, stop, out: _Out, scope) -> int:
        t = items[k]
        sub, sup, j = self._scripts(items, k + 1)
        if sub is None:
            raise _Err(f"\\{t.text} needs an index: \\{t.text}_i or \\{t.text}_{{i=1}}^{{n}}", t.pos)
        parts = _split(_strip(sub), lambda x: _is(x, "char", "="))
        if len(parts) > 2:
            raise _Err("a summation index takes one '='", t.pos)
        names = _split(_strip(parts[0]), lambda x: _is(x, "char", ","))
        lower = self.read(parts[1], scope, t.pos, t.end) if len(parts) == 2 else sp.S.One
        upper = self.read(sup, scope, t.pos, t.end) if sup is not None else self.n
        inner = dict(scope)
        idx = []
        for nm in names:
            nm = _strip(nm)
            if len(nm) != 1 or not (_is(nm[0], "letter") or _is(nm[0], "cmd") and nm[0].text in GREEK):
                raise _Err("a summation index must be a single letter", _pos(nm[0]) if nm else t.pos)
            s = sp.Symbol(nm[0].text, integer=True)
            inner[nm[0].text] = s
            idx.append(s)
        end = _operand_end(items, j, stop, products=True)
        if not _strip(items[j:end]):
            raise _Err(f"\\{t.text} has nothing to add up", t.pos)
        body = self.read(items[j:end], inner, t.pos, _end(items[end - 1]))
        op = sp.Sum if t.text == "sum" else sp.Product
        declared = [self.shapes[ix.base.name] for ix in _atoms(body, sp.Indexed)
                    if ix.base.name in self.shapes]
        if declared:   # a sum over the entries of a declared vector: write it out
            if sup is None:
                upper = sp.Integer(max(declared[0]))
            value = self.unrolled(op, body, idx, lower, upper, t.pos)
            out.hole(value, t.pos)
            return end
        limits = [(s, lower, upper) for s in idx]
        if isinstance(body, sp.MatrixBase):
            value = body.applyfunc(lambda e: op(e, *limits))
        else:
            value = op(body, *limits)
        out.hole(value, t.pos)
        return end

    def unrolled(self, op, body, idx: list, lower, upper, pos: int):
        """op over concrete bounds, term by term, declared vectors' entries x[k] -> x_k."""
        if not (lower.is_Integer and upper.is_Integer and 0 <= upper - lower < 64):
            raise _Err("a sum over a declared vector needs whole-number bounds", pos)
        terms = [body]
        for s in idx:
            terms = [e.xreplace({s: sp.Integer(v)}) for e in terms
                     for v in range(int(lower), int(upper) + 1)]

        def entry(ix):
            shape = self.shapes[ix.base.name]
            ks = [int(i) for i in ix.indices if i.is_Integer]
            if len(ks) != len(ix.indices):
                return ix          # an outer sum still has to fix its index
            if len(ks) != (1 if 1 in shape else 2):
                raise _Err(f"cannot index {ix.base.name} this way", pos)
            m = self.matrix_symbol(ix.base.name)
            if not all(1 <= k <= d for k, d in zip(ks, m.shape if len(ks) == 2 else [len(m)])):
                raise _Err(f"index out of range for {ix.base.name}", pos)
            return m[ks[0] - 1] if len(ks) == 1 else m[ks[0] - 1, ks[1] - 1]

        fix = lambda e: e.replace(lambda a: isinstance(a, sp.Indexed) and  # noqa: E731
                                  a.base.name in self.shapes, entry)
        terms = [t.applyfunc(fix) if isinstance(t, sp.MatrixBase) else fix(t) for t in terms]
        if op is sp.Sum:
            return sum(terms[1:], terms[0])
        out = terms[0]
        for t in terms[1:]:
            out = out * t
        return out

    def integral(self, items, k, stop, out: _Out, scope) -> int:
        t = items[k]
        sub, sup, j = self._scripts(items, k + 1)
        if (sub is None) != (sup is None):
            raise _Err("a definite integral needs both bounds", t.pos)
        found = None
        m = j
        while m < stop and found is None:
            kind, rest = _differential(items[m:stop])
            if kind == "d":
                rest_at = stop - len(rest)
                v = _skip_ws(items, rest_at)
                try:
                    _, _, ve = self.head(items, v) if v < stop else (None, None, -1)
                except _Err:
                    ve = -1
                if ve > 0:
                    w = _skip_ws(items, ve)
                    if w < stop and _is(items[w], "char", "_"):
                        _, ve = _script_arg(items, w + 1)
                    after = _skip_ws(items, ve)
                    if after >= stop or _stops(items[after], products=False) or \
                            _is(items[after], "cmd") and items[after].text in ("int", "sum"):
                        found = (m, v, ve)
            m += 1
        if found is None:
            raise _Err("an integral needs a differential such as dx", t.pos)
        m, v, ve = found
        body_items = _strip(items[j:m])
        body = self.read(body_items, scope, t.pos, t.end) if body_items else sp.S.One
        var = self.read(items[v:ve], scope, items[v].pos, items[v].pos)
        if not isinstance(var, sp.Symbol):
            raise _Err("the variable of integration must be a symbol", items[v].pos)
        if sub is not None:
            lim = (var, self.read(sub, scope, t.pos, t.end), self.read(sup, scope, t.pos, t.end))
        else:
            lim = (var,)
        out.hole(sp.Integral(body, lim), t.pos)
        return ve

    def limit(self, items, k, stop, out: _Out, scope) -> int:
        t = items[k]
        sub, _, j = self._scripts(items, k + 1)
        if sub is None:
            raise _Err("\\lim needs a subscript such as x \\to 0", t.pos)
        arrow = [m for m, x in enumerate(sub) if _is(x, "cmd") and x.text in ("to", "rightarrow")]
        if len(arrow) != 1:
            raise _Err("\\lim needs a subscript such as x \\to 0", t.pos)
        var = self.read(sub[:arrow[0]], scope, t.pos, t.end)
        point = _strip(sub[arrow[0] + 1:])
        direction = "+-"
        if len(point) >= 2 and _is(point[-2], "char", "^"):
            sign = point[-1]
            sign_text = _text_of(sign.items) if isinstance(sign, Group) else getattr(sign, "text", "")
            if sign_text in ("+", "-"):
                direction, point = sign_text, point[:-2]
        at = self.read(point, scope, t.pos, t.end)
        end = _operand_end(items, j, stop, products=True)
        if not _strip(items[j:end]):
            raise _Err("\\lim has nothing to take the limit of", t.pos)
        body = self.read(items[j:end], scope, t.pos, _end(items[end - 1]))
        if at in (sp.oo, -sp.oo):
            direction = "-" if at == sp.oo else "+"
        out.hole(sp.Limit(body, var, at, direction), t.pos)
        return end

    def evaluated(self, items, k, out: _Out, scope) -> int:
        """\\left. f \\right|_{x=a} (or _{\\substack{x=a\\\\ y=b}}): f with x set to a."""
        g = items[k]
        j = _skip_ws(items, k + 1)
        if j >= len(items) or not _is(items[j], "char", "_"):
            raise _Err("an evaluation bar needs a subscript such as _{x=0}", g.pos)
        sub, end = _script_arg(items, j + 1)
        sub = _strip(sub)
        if len(sub) == 2 and _is(sub[0], "cmd", "substack") and isinstance(sub[1], Group):
            rows = _split(sub[1].items, lambda x: _is(x, "cmd", "\\"))
        else:
            rows = _split(sub, lambda x: _is(x, "char", ","))
        body = self.read(g.items, scope, g.pos, g.end)
        names, points = [], []
        for row in rows:
            sides = _split(row, lambda x: _is(x, "char", "="))
            if len(sides) != 2:
                raise _Err("write the evaluation point as x=a", g.pos)
            var = self.read(sides[0], scope, g.pos, g.end)
            if not isinstance(var, (sp.Symbol, sp.Indexed)):
                raise _Err("only a symbol can be set at an evaluation bar", g.pos)
            names.append(var)
            points.append(self.read(sides[1], scope, g.pos, g.end))
        if isinstance(body, sp.MatrixBase):
            out.hole(body.applyfunc(lambda e: sp.Subs(e, names, points)), g.pos)
        else:
            out.hole(sp.Subs(body, names, points), g.pos)
        return end

    # -- matrices --------------------------------------------------------------------------------
    def matrix(self, items, k, out: _Out, scope) -> int:
        g = items[k]
        if g.env not in MATRIX_ENVS:
            raise _Err(f"unsupported environment {g.env}", g.pos)
        body = g.items
        if g.env == "array" and body and isinstance(body[0], Group) and body[0].kind == "{":
            body = body[1:]   # the column specification
        rows = _split(body, lambda x: _is(x, "cmd", "\\"))
        if rows and not _strip(rows[-1]):
            rows = rows[:-1]
        table = []
        for row in rows:
            cells = _split(row, lambda x: _is(x, "char", "&"))
            table.append([self.read(c, scope, g.pos, g.end) for c in cells])
        if not table or any(len(r) != len(table[0]) for r in table):
            raise _Err("the rows of this matrix differ in length", g.pos)
        if any(isinstance(c, sp.MatrixBase) for r in table for c in r):
            raise _Err("matrix entries must be scalars", g.pos)
        m = sp.ImmutableMatrix(table)
        out.hole(m.det() if g.env == "vmatrix" else m, g.pos)
        return k + 1


# -- helpers of the reader ---------------------------------------------------------------------
def _differential(items: list) -> tuple[Optional[str], list]:
    """('d' | 'partial', rest) when items start with d, \\mathrm{d} or \\partial."""
    j = _skip_ws(items, 0)
    if j >= len(items):
        return None, items
    it = items[j]
    if _is(it, "letter", "d"):
        return "d", items[j + 1:]
    if _is(it, "cmd", "partial"):
        return "partial", items[j + 1:]
    if _is(it, "cmd") and it.text in ("mathrm", "operatorname", "text", "mathit"):
        k = _skip_ws(items, j + 1)
        if k < len(items) and isinstance(items[k], Group) and items[k].kind == "{":
            try:
                if _text_of(items[k].items) == "d":
                    return "d", items[k + 1:]
            except _Err:
                pass
    return None, items


def _order(items: list) -> tuple[int, list]:
    j = _skip_ws(items, 0)
    if j < len(items) and _is(items[j], "char", "^"):
        arg, k = _script_arg(items, j + 1)
        text = _text_of(arg)
        if not text.isdigit() or not 0 < int(text) <= 9:
            raise _Err("the order of a derivative must be a small whole number", items[j].pos)
        return int(text), items[k:]
    return 1, items


OPERATORS = {"cdot", "times", "div", "odot", "frac", "dfrac", "tfrac", "sqrt", "sum", "prod",
             "int", "lim", "nabla", "binom"} | ELEMENTARY | RELATIONS.keys()


def _stops(it, products: bool) -> bool:
    """Does ``it`` end the operand of a derivative (products=False) or of a sum?"""
    if _is(it, "char"):
        return it.text in "+-=<>,&" or (not products and it.text in "*/")
    if _is(it, "cmd"):
        return (it.text in RELATIONS or it.text in ("|", "\\", "parallel", "mid", "approx")
                or (not products and it.text in ("cdot", "times", "div", "odot")))
    return False


def _is_operand(it) -> bool:
    if it is None:
        return False
    if isinstance(it, Group):
        return True
    if _is(it, "char"):
        return it.text in "!"
    if _is(it, "cmd"):
        return it.text not in OPERATORS and it.text not in SPACES
    return True


def _pair_bars(items: list, stop: int) -> dict:
    """Pair the | bars of one level: opener index -> closer index."""
    pairs, open_, prev = {}, [], None
    for m in range(stop):
        it = items[m]
        if _is(it, "ws") or _is(it, "cmd") and it.text in SPACES:
            continue
        if _is(it, "char", "|"):
            if open_ and _is_operand(prev):
                pairs[open_.pop()] = m
                prev = Group("(", it.pos)
                continue
            open_.append(m)
        prev = it
    return pairs


def _skip_sign(items: list, j: int, stop: int) -> int:
    j = _skip_ws(items, j)
    return j + 1 if j < stop and _is(items[j], "char") and items[j].text in "+-" else j


def _skip_scripts(items: list, j: int, stop: int) -> int:
    """Past the _ and ^ scripts (and \\limits) of a big operator."""
    while True:
        m = _skip_ws(items, j)
        if m < stop and _is(items[m], "cmd") and items[m].text in ("limits", "nolimits"):
            j = m + 1
        elif m < stop and _is(items[m], "char") and items[m].text in "_^":
            try:
                _, j = _script_arg(items, m + 1)
            except _Err:
                return m + 1
        else:
            return j


def _operand_end(items: list, k: int, stop: int, products: bool) -> int:
    """Where the operand starting at k ends: at + - relations , or a closing bar."""
    pairs = None
    j = _skip_sign(items, k, stop)
    while j < stop:
        it = items[j]
        if _is(it, "char", "|"):
            pairs = _pair_bars(items, stop) if pairs is None else pairs
            if j not in pairs:
                break
            j = pairs[j] + 1
            continue
        if _stops(it, products):
            break
        if _is(it, "char") and it.text in "*/" or _is(it, "cmd") and it.text in (
                "cdot", "times", "div", "odot"):
            j = _skip_sign(items, j + 1, stop)
            continue
        if _is(it, "cmd") and it.text in ("sum", "prod", "lim", "int"):
            j = _skip_sign(items, _skip_scripts(items, j + 1, stop), stop)   # sum_i -x_i
            continue
        j += 1
    return j


def _abs(v):
    return v.applyfunc(sp.Abs) if isinstance(v, sp.MatrixBase) else sp.Abs(v)


def _norm(v):
    if isinstance(v, sp.MatrixBase):
        return sp.sqrt(sp.Add(*[e ** 2 for e in v]))
    return sp.Abs(v)


def _short(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:80]


def _apply(f, args: list, elementwise: bool, pos: int):
    try:
        if elementwise and len(args) == 1 and isinstance(args[0], sp.MatrixBase):
            return args[0].applyfunc(f)
        if any(isinstance(a, sp.MatrixBase) for a in args) and f not in (
                _softmax, _trace, _det, _diag):
            raise _Err(f"{getattr(f, '__name__', f)} of a matrix is not supported", pos)
        return f(*args)
    except _Err as e:
        raise _Err(e.message, pos if e.column < 0 else e.column) from None
    except Exception as e:  # noqa: BLE001 - SymPy refusing the arguments is bad input
        raise _Err(f"cannot apply {getattr(f, '__name__', f)} here ({_short(e)})", pos) from None


def _differentiate(f, wrt: list, pos: int):
    for v, _ in wrt:
        ok = isinstance(v, (sp.Symbol, sp.Indexed)) or (
            isinstance(v, sp.MatrixBase) and all(isinstance(e, sp.Symbol) for e in v))
        if not ok:
            raise _Err(f"cannot differentiate with respect to {v}", pos)
    if any(isinstance(v, sp.MatrixBase) for v, _ in wrt):
        if len(wrt) != 1 or isinstance(f, sp.MatrixBase):
            raise _Err("a gradient takes one vector variable and a scalar function", pos)
        v, order = wrt[0]
        return v.applyfunc(lambda s: sp.Derivative(f, (s, order)))
    if isinstance(f, sp.MatrixBase):
        return f.applyfunc(lambda e: sp.Derivative(e, *wrt))
    return sp.Derivative(f, *wrt)


def _big(b, x) -> bool:
    """Would evaluating b**x (both rational) make an enormous number?"""
    if not (b.is_Rational and x.is_Rational) or b in (0, 1, -1):
        return False
    bits = max(abs(b.p).bit_length(), b.q.bit_length())
    return abs(x) * bits > 60000


class _Builder:
    """Rebuild latex2sympy's unevaluated tree with the holes filled, evaluating as SymPy does.

    Products keep their order, so matrices multiply as written; scalar functions act
    entrywise on matrices; ^T and ^{-1} on a matrix transpose and invert it.
    """

    def __init__(self, values: dict):
        self.values = values

    def build(self, e, resolve: bool = True):
        v = self.go(e)
        fix = {ONES: sp.S.One, IDENTITY: sp.Symbol("I", real=True)} if resolve else {}
        if isinstance(v, sp.MatrixBase):
            return v.applyfunc(lambda x: x.xreplace(fix))
        if not isinstance(v, sp.Basic):
            raise _Err("expected one expression", -1)
        return v.xreplace(fix)

    def go(self, e):
        if isinstance(e, sp.Symbol) and e.name in self.values:
            return self.values[e.name]
        if isinstance(e, sp.Set) and len(e.args) == 1 and not isinstance(e, sp.Interval):
            return self.go(e.args[0])      # {x} at the top is a group, not a set
        if not isinstance(e, sp.Basic) or isinstance(e, (sp.Set, sp.Tuple)):
            raise _Err("expected one expression, not a list, set or interval", -1)
        if isinstance(e, sp.MatrixBase):   # pragma: no cover - matrices arrive as holes
            return sp.ImmutableMatrix(e.applyfunc(self.go))
        if not e.args:
            return e
        args = [self.go(a) for a in e.args]
        if isinstance(e, sp.Pow):
            return self.power(*args)
        if isinstance(e, sp.Mul):
            return self.product(args)
        if isinstance(e, sp.Add):
            return self.total(args)
        mats = [a for a in args if isinstance(a, sp.MatrixBase)]
        if isinstance(e, sp.core.relational.Relational):
            if mats:
                raise _Err("relations between matrices are not supported", -1)
            return e.func(*args, evaluate=False)
        if isinstance(e, (sp.factorial, sp.binomial)) and any(
                a.is_Number and abs(a) > MAX_EXACT_POWER for a in args):
            return e.func(*args, evaluate=False)
        if mats:
            if isinstance(args[0], sp.MatrixBase) and len(mats) == 1 and e.func in ELEMENTWISE:
                return args[0].applyfunc(lambda x: e.func(x, *args[1:]))
            raise _Err(f"{e.func.__name__} of a matrix is not supported", -1)
        return e.func(*args)

    def power(self, b, x):
        if x is TRANSPOSE or x is MAYBE_T:
            if isinstance(b, sp.MatrixBase):
                return b.T
            return b if x is TRANSPOSE else sp.Pow(b, sp.Symbol("T", real=True))
        if isinstance(x, sp.MatrixBase):
            raise _Err("a matrix cannot be an exponent", -1)
        if isinstance(b, sp.MatrixBase):
            if b.rows != b.cols:
                raise _Err(f"a {b.rows}x{b.cols} matrix has no powers or inverse", -1)
            if x == -1:
                _affordable(b, MAX_SYMBOLIC_INVERSE, "the inverse")
                if b.det() == 0:
                    raise _Err("this matrix is singular", -1)
                return b.inv()
            if x.is_Integer and 0 <= x <= 64:
                _affordable(b, MAX_SYMBOLIC_INVERSE if x > 8 else MAX_SYMBOLIC_DET, "a power")
                return b ** int(x)
            raise _Err("matrix powers must be whole numbers or -1", -1)
        if _big(b, x):
            return sp.Pow(b, x, evaluate=False)
        return sp.Pow(b, x)

    def product(self, args: list):
        segments: list[list] = [[]]
        for a in args:
            if a is HADAMARD:
                segments.append([])
            else:
                segments[-1].append(a)
        if any(not s for s in segments):
            raise _Err("\\odot needs a factor on each side", -1)
        out = self.chain(segments[0])
        for seg in segments[1:]:
            out = _hadamard(out, self.chain(seg))
        return out

    @staticmethod
    def chain(factors: list):
        acc, scalars = None, []
        for f in factors:
            if isinstance(f, sp.MatrixBase):
                acc = f if acc is None else _matmul(acc, f)
            else:
                scalars.append(f)
        if acc is None:
            return sp.Mul(*scalars)
        if any(s.has(ONES) for s in scalars):
            raise _Err("\\mathbf{1} is only supported in sums such as z + c\\mathbf{1}", -1)
        scalar = sp.Mul(*[s for s in scalars if s is not IDENTITY])
        return acc if scalar == 1 else acc * scalar

    @staticmethod
    def total(args: list):
        mats = [a for a in args if isinstance(a, sp.MatrixBase)]
        if not mats:
            return sp.Add(*args)
        shape = mats[0].shape
        out = sp.zeros(*shape)
        for a in args:
            if isinstance(a, sp.MatrixBase):
                if a.shape != shape:
                    raise _Err(f"cannot add a {_dims(shape)} and a {_dims(a.shape)} matrix", -1)
                out += a
            elif a.has(ONES):
                out += a.xreplace({ONES: 1}) * sp.ones(*shape)
            elif a.has(IDENTITY) and shape[0] == shape[1]:
                out += a.xreplace({IDENTITY: 1}) * sp.eye(shape[0])
            elif a != 0:
                raise _Err(f"cannot add a scalar and a {_dims(shape)} matrix "
                           "(write c\\mathbf{1} for a constant vector)", -1)
        return sp.ImmutableMatrix(out)


def _dims(shape) -> str:
    return f"{shape[0]}x{shape[1]}"


def _matmul(a, b):
    if a.cols == b.rows:
        return a * b
    if a.shape == (1, 1):
        return b * a[0, 0]
    if b.shape == (1, 1):
        return a * b[0, 0]
    raise _Err(f"cannot multiply a {_dims(a.shape)} matrix by a {_dims(b.shape)} matrix", -1)


def _hadamard(a, b):
    if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
        if a.shape != b.shape:
            raise _Err(f"\\odot needs equal shapes, not {_dims(a.shape)} and {_dims(b.shape)}", -1)
        return a.multiply_elementwise(b)
    return a * b


# -- public --------------------------------------------------------------------------------------
def matrix_of(name: str, shape: tuple, **assumptions) -> sp.ImmutableMatrix:
    """The matrix a symbol of declared shape stands for: entries A_11, A_12, ... or x_1, x_2, ..."""
    r, c = shape
    flags = assumptions or {"real": True}

    def entry(i, j):
        if c == 1 or r == 1:
            return sp.Symbol(f"{name}_{i + j + 1}", **flags)
        sep = "" if max(r, c) < 10 else ","
        return sp.Symbol(f"{name}_{i + 1}{sep}{j + 1}", **flags)

    return sp.ImmutableMatrix(r, c, lambda i, j: entry(i, j))


def coerce_shapes(shapes) -> dict:
    """{name: (rows, cols)} from a dict whose values are pairs or strings like "2x2"."""
    out = {}
    for name, shape in (shapes or {}).items():
        name = str(getattr(name, "name", name))
        if isinstance(shape, str):
            parts = shape.lower().replace("×", "x").replace(",", "x").split("x")
            if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
                raise ValueError(f"shape of {name} must look like 2x3, not {shape!r}")
            shape = tuple(int(p) for p in parts)
        if (not isinstance(shape, (tuple, list)) or len(shape) != 2
                or not all(isinstance(d, int) and 1 <= d <= MAX_SHAPE for d in shape)):
            raise ValueError(f"shape of {name} must be two whole numbers from 1 to {MAX_SHAPE}")
        if not name.replace("_", "").replace("{", "").replace("}", "").isalnum():
            raise ValueError(f"{name!r} cannot name a matrix")
        out[name] = tuple(shape)
    return out


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
        return _Reader(latex, table, items).read(items, {}, 0, len(latex))
    except _Err as e:
        raise ParseError(e.message, max(e.column, 0), latex) from None
    except RecursionError:
        raise ParseError("the expression is nested too deeply", 0, latex) from None
    except Exception as e:  # noqa: BLE001 - whatever goes wrong, the user gets a ParseError
        raise ParseError(f"cannot read this expression ({_short(e)})", 0, latex) from None


__all__ = ["parse", "ParseError", "coerce_shapes", "matrix_of"]
