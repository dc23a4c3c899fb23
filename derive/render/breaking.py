"""Break a formula too wide for its line before a ``+``, ``-`` or relation, never scale it.

A paper breaks a long formula between terms and indents the continuation; inside a
bracket too if it must, with the bracket sized by hand (``\\Bigl(`` ... ``\\Bigr)``)
because ``\\left``/``\\right`` cannot span lines. ``break_lines`` prefers breaks at the
outermost level, lines that fill most of their room, and relations over operators.
Widths are ``texmetrics`` estimates; the catalog's article is compiled in the tests to
check that no line overflows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .delims import delimiter_at, group_end, left_right_pairs, tokens
from .texmetrics import measure

OPERATORS = {"+", "-", r"\pm", r"\mp"}
PRODUCTS = {r"\circ", r"\odot", r"\otimes", r"\cdot", r"\times"}   # breaks of last resort
RELATIONS = {"=", r"\le", r"\ge", "<", ">", r"\approx", r"\implies", r"\leq", r"\geq"}
NOT_BEFORE = OPERATORS | RELATIONS | {"(", "[", "{", "&", "^", "_", ",", r"\left", r"\cdot",
                                      r"\times", r"\{", "|", r"\quad", r"\qquad"}
SIZES = ((1.3, r"\big"), (1.9, r"\Big"), (3.4, r"\bigg"), (99.0, r"\Bigg"))
FILL = 0.45          # a break at an outer level is preferred only if its line is this full


@dataclass(frozen=True)
class _Break:
    index: int          # the token the new line starts with (an operator or relation)
    depth: int          # brackets open around it
    opened: tuple       # token indices of those brackets' \left (plain brackets: -1)
    relation: bool
    product: bool = False

    @property
    def cost(self) -> float:
        return self.depth - (0.5 if self.relation else 0.0) + (1.5 if self.product else 0.0)


SAFETY = 1.12       # estimates run up to this much short of TeX's widths


def width(tex: str) -> float:
    return measure(tex).width * SAFETY


def break_lines(tex: str, room: float, indent: float = 1.0) -> list:
    """``tex`` as lines: the first at most ``room`` em wide, the others ``room - indent``.

    Joined with spaces the lines are ``tex`` again, except that a ``\\left``/``\\right``
    pair spanning a break becomes a pair of sized brackets. A formula with no place to
    break stays one line (the caller reports it).
    """
    if width(tex) <= room:
        return [tex]
    if r"\begin{matrix}" in tex:
        tex = break_cells(tex, room)
        if width(tex) <= room:
            return [tex]
    toks = tokens(tex)
    breaks = _breaks(toks)
    chosen = _choose(toks, breaks, room, indent) if breaks else []
    if not chosen:
        return _split_fractions([tex], room, indent)
    toks = _size_spanning(toks, [b for b in breaks if b.index in chosen])
    cuts = [0] + chosen + [len(toks)]
    lines = ["".join(toks[a:b]).strip() for a, b in zip(cuts, cuts[1:])]
    return _split_fractions([ln for ln in lines if ln], room, indent)


def _split_fractions(lines: list, room: float, indent: float) -> list:
    """A line still too wide because of a long fraction: a/b written (1/b)(a), then broken."""
    out = []
    for n, line in enumerate(lines):
        limit = room - (indent if n or out else 0.0)
        opened = _open_fraction(line) if width(line) > limit else None
        if opened is None:
            out.append(line)
            continue
        more = break_lines(opened, limit, indent)
        out += more if len(more) > 1 else [line]
    return out


def _open_fraction(line: str):
    """``line`` with its widest top-level \\frac{a}{b} written \\frac{1}{b} \\left(a\\right)."""
    toks = tokens(line)
    best, depth = None, 0
    for k, t in enumerate(toks):
        depth += {"{": 1, "}": -1}.get(t, 0)
        if t == r"\frac" and depth == 0 and k + 1 < len(toks) and toks[k + 1] == "{":
            num_end = group_end(toks, k + 1)
            if num_end + 1 < len(toks) and toks[num_end + 1] == "{":
                den_end = group_end(toks, num_end + 1)
                num = "".join(toks[k + 2:num_end])
                if not _breaks(tokens(num)):
                    continue
                if best is None or width(num) > best[3]:
                    best = (k, num_end, den_end, width(num), num, "".join(toks[num_end + 2:den_end]))
    if best is None:
        return None
    k, _, den_end, _, num, den = best
    return "".join(toks[:k]) + r"\frac{1}{%s} \left(%s\right)" % (den, num) + "".join(toks[den_end + 1:])


def _breaks(toks: list) -> list:
    """Every place a line may start: a binary operator or relation outside any {...}."""
    out, braces, envs, stack = [], 0, 0, []
    pairs = left_right_pairs(toks)
    prev = None
    skip_delim = False
    for k, t in enumerate(toks):
        if t.isspace():
            continue
        if skip_delim:                 # the delimiter right after \left or \right
            skip_delim = False
            prev = t
            continue
        if t == "{":
            braces += 1
        elif t == "}":
            braces -= 1
        elif t == r"\begin":
            envs += 1
        elif t == r"\end":
            envs -= 1
        elif envs:
            pass                       # inside a matrix: its cells are not broken
        elif braces == 0 and t == r"\left":
            stack.append(k if k in pairs else -1)
            skip_delim = True
        elif braces == 0 and t == r"\right":
            if stack:
                stack.pop()
            skip_delim = True
        elif braces == 0 and t in ("(", "["):
            stack.append(-1)
        elif braces == 0 and t in (")", "]") and stack:
            stack.pop()
        elif braces == 0 and (t in OPERATORS or t in RELATIONS or t in PRODUCTS) \
                and prev is not None and prev not in NOT_BEFORE:
            out.append(_Break(k, len(stack), tuple(stack), t in RELATIONS, t in PRODUCTS))
        prev = t
    return out


def _choose(toks: list, breaks: list, room: float, indent: float) -> list:
    chosen, pos = [], 0
    while True:
        limit = room - (indent if chosen else 0.0)
        if width("".join(toks[pos:])) <= limit:
            return chosen
        later = [b for b in breaks if b.index > pos]
        if not later:
            return chosen
        fits = [(b, width("".join(toks[pos:b.index]))) for b in later]
        fits = [(b, w) for b, w in fits if w <= limit]
        if not fits:
            pick = later[0]
        else:
            full = [(b, w) for b, w in fits if w >= FILL * limit] or fits[-1:]
            best = min(b.cost for b, _ in full)
            pick = [b for b, _ in full if b.cost == best][-1]
        chosen.append(pick.index)
        pos = pick.index


def _size_spanning(toks: list, used: list) -> list:
    """Turn every \\left/\\right pair around a chosen break into sized brackets."""
    pairs = left_right_pairs(toks)
    toks = list(toks)
    for lo in sorted({k for b in used for k in b.opened if k >= 0}):
        hi = pairs[lo]
        dl, dr = delimiter_at(toks, lo), delimiter_at(toks, hi)
        height = measure("".join(toks[dl + 1:hi])).height
        size = next(name for limit, name in SIZES if height <= limit)
        toks[lo] = size + "l" if toks[dl] != "." else ""
        toks[hi] = size + "r" if toks[dr] != "." else ""
        if toks[dl] == ".":
            toks[dl] = ""
        if toks[dr] == ".":
            toks[dr] = ""
    return toks


_MATRIX = re.compile(r"\\begin\{matrix\}(.*?)\\end\{matrix\}", re.S)


def break_cells(tex: str, room: float) -> str:
    """Matrices too wide for ``room``: their widest cells broken onto lines (``aligned``)."""
    def one(m: re.Match) -> str:
        cells = [_split_top(row, "&") for row in _split_top(m.group(1), r"\\")]
        ncols = max(len(r) for r in cells)
        widths = [max(width(r[c]) for r in cells if c < len(r)) for c in range(ncols)]
        excess = sum(widths) + 1.0 * (ncols - 1) + 1.0 - room
        if excess > 0:
            col = widths.index(max(widths))
            target = max(widths[col] - excess, 4.0)
            for r in cells:
                if col < len(r) and width(r[col]) > target:
                    lines = break_lines(r[col], target, 1.0)
                    if len(lines) > 1:
                        r[col] = r"\begin{aligned}&%s\end{aligned}" % r"\\&\quad ".join(lines)
        return r"\begin{matrix}%s\end{matrix}" % r"\\".join(" & ".join(r) for r in cells)
    return _MATRIX.sub(one, tex)


def _split_top(body: str, sep: str) -> list:
    """``body`` split at ``sep`` outside any {...} group or environment."""
    parts, depth, envs, current = [], 0, 0, []
    for t in tokens(body):
        if t == "{":
            depth += 1
        elif t == "}":
            depth -= 1
        elif t == r"\begin":
            envs += 1
        elif t == r"\end":
            envs -= 1
        if t == sep and depth == 0 and envs == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(t)
    parts.append("".join(current).strip())
    return parts


def roomy_matrices(tex: str) -> str:
    """Matrices of fractions (a Jacobian's entries) in display style, rows set apart."""
    def one(m: re.Match) -> str:
        body = m.group(1)
        if r"\frac" not in body:
            return m.group(0)
        body = re.sub(r"\\frac(?=\{)", r"\\dfrac", body)
        rows = _split_top(body, r"\\")
        return r"\begin{matrix}%s\end{matrix}" % r"\\[0.6ex]".join(rows)
    return _MATRIX.sub(one, tex) if r"\begin{matrix}" in tex else tex
