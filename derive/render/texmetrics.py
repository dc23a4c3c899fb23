"""A rough size, in em, of a LaTeX formula as TeX would typeset it in display style.

Layout choices (move a long left-hand side onto its own line, break a long sum, start
a new slide) need to know roughly how wide and tall a formula is before any TeX runs.
This walks the LaTeX token stream with a few typesetting rules (fractions stack, scripts
shrink, matrices add their columns). It only guides those choices: the emitted LaTeX
is compiled in the tests, which count overfull lines, so an estimate that is far off
shows there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\\[a-zA-Z]+\*?|\\.|[{}^_&]|[^\\{}^_&\s]|\s+")

CHAR, DIGIT, LINE = 0.5, 0.5, 0.95         # widths of a letter, a digit; height of a line
CAPITAL = 0.75                             # an italic capital (X, W, Q)
SCRIPT = (1.0, 0.7, 0.5)                   # size of display/text, script, scriptscript
RELATIONS = {"=", "<", ">", r"\le", r"\ge", r"\leq", r"\geq", r"\approx", r"\sim", r"\ne",
             r"\neq", r"\equiv", r"\to", r"\propto", r"\in", r"\implies", r"\iff", r"\mapsto"}
BINARY = {"+", "-", r"\pm", r"\mp", r"\cdot", r"\times", r"\circ", r"\otimes", r"\odot", "*"}
NAMED = {r"\log", r"\ln", r"\exp", r"\sin", r"\cos", r"\tan", r"\max", r"\min", r"\det",
         r"\lim", r"\arg", r"\sup", r"\inf", r"\tanh", r"\sinh", r"\cosh", r"\dim", r"\ker"}
BIG_OPERATORS = {r"\sum", r"\prod", r"\int", r"\oint", r"\iint", r"\bigcup", r"\bigcap"}
SPACES = {r"\,": 0.17, r"\:": 0.22, r"\;": 0.28, r"\!": -0.17, r"\quad": 1.0, r"\qquad": 2.0,
          r"\ ": 0.33, "~": 0.33}
IGNORED = {r"\displaystyle", r"\textstyle", r"\limits", r"\nolimits", r"\left", r"\right",
           r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr",
           r"\nonumber", r"\notag", r"\relax", r"\middle"}
ONE_ARG_SAME = {r"\mathbf", r"\boldsymbol", r"\mathbb", r"\mathcal", r"\mathrm", r"\mathit",
                r"\vec", r"\hat", r"\bar", r"\tilde", r"\dot", r"\ddot", r"\overline",
                r"\underline", r"\widehat", r"\widetilde", r"\mathsf", r"\bm", r"\mathscr",
                r"\mathfrak", r"\uncover", r"\mathclap", r"\mathrlap", r"\mathllap"}
TEXT_ARG = {r"\text", r"\textrm", r"\textbf", r"\textit", r"\mbox", r"\operatorname",
            r"\textsf", r"\texttt", r"\mathop"}
FRACTIONS = {r"\frac", r"\dfrac", r"\tfrac", r"\binom", r"\dbinom", r"\tbinom"}
MATRICES = {"matrix", "pmatrix", "bmatrix", "vmatrix", "Vmatrix", "Bmatrix", "smallmatrix",
            "array", "aligned", "cases", "gathered", "split"}


@dataclass(frozen=True)
class Size:
    """Width and total height (ascent plus descent) in em of the surrounding font."""

    width: float
    height: float

    def scaled(self, factor: float) -> "Size":
        return Size(self.width * factor, self.height * factor)


def measure(tex: str) -> Size:
    """The estimated display-style size of the LaTeX formula ``tex``."""
    tokens = [t for t in _TOKEN.findall(tex or "")]
    return _Reader(tokens).row(level=0, stop=None)


class _Reader:
    """Walks tokens once; ``level`` 0 is display style, 1 text, 2 script, 3 scriptscript."""

    def __init__(self, tokens: list):
        self.tokens, self.pos = tokens, 0

    # -- token access ---------------------------------------------------------------
    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self):
        tok = self.peek()
        self.pos += 1
        return tok

    def skip_space(self):
        while self.peek() is not None and self.peek().isspace():
            self.pos += 1

    def raw_group(self) -> str:
        """The text of the next {...} group (or single token), unmeasured."""
        self.skip_space()
        if self.peek() != "{":
            return self.take() or ""
        self.take()
        depth, out = 1, []
        while self.peek() is not None:
            tok = self.take()
            depth += {"{": 1, "}": -1}.get(tok, 0)
            if depth == 0:
                break
            out.append(tok)
        return "".join(out)

    # -- boxes ----------------------------------------------------------------------
    def argument(self, level: int) -> Size:
        """The next {...} group or single token, measured at ``level``."""
        self.skip_space()
        if self.peek() == "{":
            self.take()
            return self.row(level, stop="}")
        return self.atom(level) or Size(0.0, 0.0)

    def row(self, level: int, stop) -> Size:
        """Atoms side by side until ``stop`` (a closing brace) or the end."""
        width, height = 0.0, 0.0
        while self.peek() is not None and self.peek() != stop:
            if self.peek() in ("&", r"\\") and stop != "}":
                self.take()
                continue
            box = self.atom(level)
            if box is None:
                continue
            box = self.scripts(box, level)
            width, height = width + box.width, max(height, box.height)
        if self.peek() == stop:
            self.take()
        return Size(width, max(height, LINE * _size(level)))

    def scripts(self, box: Size, level: int) -> Size:
        """Attach any ^{...} and _{...} that follow ``box``."""
        sup = sub = None
        while True:
            self.skip_space()
            if self.peek() == "^":
                self.take()
                sup = self.argument(2 if level <= 1 else 3)
            elif self.peek() == "_":
                self.take()
                sub = self.argument(2 if level <= 1 else 3)
            else:
                break
        extra_w = max(s.width for s in (sup, sub) if s is not None) if (sup or sub) else 0.0
        extra_h = sum(0.25 * s.height for s in (sup, sub) if s is not None)
        return Size(box.width + extra_w, box.height + extra_h)

    def atom(self, level: int):
        tok = self.take()
        scale = _size(level)
        if tok is None or tok.isspace() or tok in ("}", "&"):
            return None
        if tok == "{":
            return self.row(level, stop="}")
        if tok in RELATIONS:
            return Size(1.35 * scale, LINE * scale)
        if tok in BINARY:
            return Size((1.2 if level <= 1 else 0.8) * scale, LINE * scale)
        if tok in SPACES:
            return Size(SPACES[tok] * scale, 0.0)
        if not tok.startswith("\\"):
            w = 0.33 if tok in ",.;:()[]|'!" else CAPITAL if tok.isupper() else CHAR
            return Size(w * scale, LINE * scale)
        return self.command(tok, level)

    def command(self, tok: str, level: int) -> Size:
        scale = _size(level)
        if tok == r"\left":
            self.take()                                  # the opening delimiter
            inner = self.row(level, stop=r"\right")
            self.take()                                  # the closing delimiter
            grown = inner.height if inner.height <= LINE * scale + 0.05 else inner.height + 0.2 * scale
            return Size(inner.width + 0.8 * scale, grown)
        if tok == r"\substack":
            lines = [_Reader(_TOKEN.findall(part)).row(level, stop=None)
                     for part in self.raw_group().split(r"\\")]
            return Size(max(b.width for b in lines), sum(b.height for b in lines))
        if tok in IGNORED:
            if tok in (r"\right", r"\middle") or tok.startswith(r"\big") or tok.startswith(r"\Big"):
                self.take()  # the delimiter
                return Size(0.4 * scale, 0.0)
            return Size(0.0, 0.0)
        if tok in FRACTIONS:
            inner = level + 1 if tok != r"\dfrac" else level
            num, den = self.argument(inner), self.argument(inner)
            return Size(max(num.width, den.width) + 0.3 * scale, num.height + den.height + 0.2 * scale)
        if tok == r"\sqrt":
            self.skip_space()
            if self.peek() == "[":
                while self.peek() not in (None, "]"):
                    self.take()
                self.take()
            body = self.argument(level)
            return Size(body.width + 1.0 * scale, body.height + 0.3 * scale)
        if tok in BIG_OPERATORS:
            return self.big_operator(level, tall=tok != r"\sum" and tok != r"\prod")
        if tok in ONE_ARG_SAME:
            self.skip_angle()
            return self.argument(level)
        if tok in TEXT_ARG:
            text = self.raw_group()
            return Size(CHAR * scale * len(re.sub(r"\\[a-zA-Z]+|[{}]", "x", text)), LINE * scale)
        if tok in (r"\textcolor", r"\colorbox"):
            self.raw_group()
            return self.argument(level)
        if tok == r"\color":
            self.raw_group()
            return Size(0.0, 0.0)
        if tok in (r"\begin",):
            return self.environment(self.raw_group(), level)
        if tok == r"\end":
            self.raw_group()
            return Size(0.0, 0.0)
        if tok in NAMED:
            return Size(CHAR * scale * (len(tok) - 1) + 0.2 * scale, LINE * scale)
        if tok in (r"\infty", r"\implies", r"\iff"):
            return Size(1.0 * scale if tok == r"\infty" else 2.0 * scale, LINE * scale)
        return Size(0.6 * scale, LINE * scale)

    def skip_angle(self):
        """Skip a beamer overlay specification such as <2->."""
        if self.peek() == "<":
            while self.peek() not in (None, ">"):
                self.take()
            self.take()

    def big_operator(self, level: int, tall: bool = False) -> Size:
        scale = _size(level)
        sub = sup = Size(0.0, 0.0)
        above = level == 0 and not tall   # display sums put limits above and below; so does \limits
        self.skip_space()
        while self.peek() in ("_", "^", r"\limits", r"\nolimits"):
            tok = self.take()
            if tok == "_":
                sub = self.argument(2 if level <= 1 else 3)
            elif tok == "^":
                sup = self.argument(2 if level <= 1 else 3)
            else:
                above = tok == r"\limits"
            self.skip_space()
        if above:
            return Size(max(1.4 * scale, sub.width, sup.width) + 0.2,
                        (2.2 if tall else 1.5) * scale + 0.8 * (sub.height + sup.height))
        return Size(1.0 * scale + max(sub.width, sup.width), (2.2 if tall and level == 0 else 1.3) * scale)

    def environment(self, name: str, level: int) -> Size:
        """A matrix-like environment: columns side by side, rows stacked."""
        if name == "array":
            self.raw_group()  # column spec
        cells: list[list[Size]] = [[]]
        while self.peek() is not None:
            self.skip_space()
            tok = self.peek()
            if tok == r"\end":
                self.take()
                self.raw_group()
                break
            if tok == "&":
                self.take()
                continue
            if tok == r"\\":
                self.take()
                if self.peek() == "[":                 # \\[0.6ex]: extra space, no cell
                    while self.peek() not in (None, "]"):
                        self.take()
                    self.take()
                cells.append([])
                continue
            cells[-1].append(self.cell(level + (1 if name != "aligned" else 0)))
        rows = [r for r in cells if r]
        if not rows:
            return Size(0.0, 0.0)
        ncols = max(len(r) for r in rows)
        widths = [max((r[c].width for r in rows if c < len(r)), default=0.0) for c in range(ncols)]
        heights = [max(b.height for b in r) for r in rows]
        gap = 1.0 * _size(level)
        return Size(sum(widths) + gap * (ncols - 1) + 0.8, sum(heights) + 0.3 * (len(rows) - 1))

    def cell(self, level: int) -> Size:
        """One matrix cell: atoms until &, \\\\ or \\end."""
        width, height = 0.0, 0.0
        while self.peek() is not None and self.peek() not in ("&", r"\\", r"\end"):
            box = self.atom(level)
            if box is None:
                continue
            box = self.scripts(box, level)
            width, height = width + box.width, max(height, box.height)
        return Size(width, max(height, LINE * _size(level)))


def _size(level: int) -> float:
    return SCRIPT[0] if level <= 1 else SCRIPT[min(level - 1, 2)]
