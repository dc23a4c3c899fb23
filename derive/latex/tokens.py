"""LaTeX to tokens, and tokens to a tree of groups (braces, brackets, \\left..\\right, environments)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from .errors import MAX_DEPTH, ReadError
from .vocabulary import SIZES, UNICODE_GREEK


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
SCIENTIFIC = re.compile(r"([eE])([-+]?)[0-9]+(?![0-9.])")
# spellings of one command: \dbinom is \binom, \mleft( is \left(, \vert is |
ALIASES = {"tbinom": "binom", "dbinom": "binom", "mleft": "left", "mright": "right",
           "dots": "ldots", "dotsb": "cdots", "dotsc": "ldots", "dotsm": "cdots", "dotsi": "cdots",
           "hdots": "ldots", "star": "ast", "Vert": "|"}


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
                raise ReadError("a lone backslash ends the input", i)
            if s[j].isascii() and s[j].isalpha():
                while j < len(s) and s[j].isascii() and s[j].isalpha():
                    j += 1
            else:
                j += 1
            tok = Tok("cmd", s[i + 1:j], i, j)
            tok = Tok("char", "|", i, j) if tok.text == "vert" else \
                Tok(tok.kind, ALIASES.get(tok.text, tok.text), i, j)
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
                m = SCIENTIFIC.match(s, j)
                if m and (m.group(1) == "E" or m.group(2)):   # 2.5E2, 1e-3 (2.5e2: a bare e)
                    j = m.end()
            tok = Tok("num", s[i:j], i, j)
        elif c.isascii() and c.isalpha():
            tok, j = Tok("letter", c, i, i + 1), i + 1
        elif c in UNICODE_GREEK:
            tok, j = Tok("cmd", UNICODE_GREEK[c], i, i + 1), i + 1
        elif s.startswith("...", i):   # x_1, ..., x_n: three dots are \\ldots
            tok, j = Tok("cmd", "ldots", i, i + 3), i + 3
        elif c == "'":   # primes: f'' is one token, read by the reader
            j = i
            while j < len(s) and s[j] == "'":
                j += 1
            tok = Tok("char", "'" * (j - i), i, j)
        elif c in CHARS:
            tok, j = Tok("char", c, i, i + 1), i + 1
        else:
            raise ReadError(f"unexpected character {c!r}", i)
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


def delimiter(toks: list[Tok], k: int) -> tuple[str, int]:
    """The delimiter after \\left, \\right, \\middle or \\big: its text and next index."""
    while k < len(toks) and toks[k].kind == "ws":
        k += 1
    if k >= len(toks):
        raise ReadError("a delimiter is missing at the end", toks[-1].end)
    t = toks[k]
    return ("\\" + t.text if t.kind == "cmd" else t.text), k + 1


def env_name(toks: list[Tok], k: int) -> tuple[str, int]:
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
        raise ReadError("\\begin and \\end need an environment name in braces", pos)
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
                raise ReadError(f"unmatched '{t.text}'", t.pos)
            top.end = t.end
            stack.pop()
        elif t.kind == "cmd" and t.text in ("left", "right", "middle"):
            d, nk = delimiter(toks, k + 1)
            if t.text == "left":
                kind = LEFT_DELIMS.get(d)
                if kind is None:
                    raise ReadError(f"unknown delimiter after \\left: {d}", t.pos)
                g = Group(kind, t.pos)
                g.left = True
                top.items.append(g)
                stack.append(g)
            elif t.text == "right":
                kind = RIGHT_DELIMS.get(d)
                if not getattr(top, "left", False) or kind is None or (
                        kind != top.kind and "." not in (d, top.kind)):
                    raise ReadError(f"\\right{d} does not match a \\left", t.pos)
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
            d, nk = delimiter(toks, k + 1)
            dt = toks[nk - 1]
            if d in ("(", ")", "[", "]", "|", "\\|"):
                k = nk - 1          # drop the size command, keep the delimiter
                continue
            kind = LEFT_DELIMS.get(d) or RIGHT_DELIMS.get(d)
            if kind is None:
                raise ReadError(f"unknown delimiter after \\{t.text}: {d}", dt.pos)
            toks = toks[:k] + [Tok("cmd", d[1:], dt.pos, dt.end)] + toks[nk:]
            continue
        elif t.kind == "cmd" and t.text in ("lvert", "lVert", "lfloor", "lceil", "langle", "lbrack"):
            g = Group(LEFT_DELIMS["\\" + t.text], t.pos)
            g.left = True
            top.items.append(g)
            stack.append(g)
        elif t.kind == "cmd" and t.text in ("rvert", "rVert", "rfloor", "rceil", "rangle", "rbrack"):
            if not getattr(top, "left", False) or top.kind != RIGHT_DELIMS["\\" + t.text]:
                raise ReadError(f"\\{t.text} does not match an opening delimiter", t.pos)
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
                    raise ReadError("unmatched '\\}'", t.pos)
                top.end = t.end
                stack.pop()
        elif t.kind == "cmd" and t.text == "begin":
            name, nk = env_name(toks, k + 1)
            g = Group("env", t.pos, env=name)
            top.items.append(g)
            stack.append(g)
            k = nk
            continue
        elif t.kind == "cmd" and t.text == "end":
            name, nk = env_name(toks, k + 1)
            if top.kind != "env" or top.env != name:
                raise ReadError(f"\\end{{{name}}} does not match a \\begin", t.pos)
            top.end = toks[nk - 1].end
            stack.pop()
            k = nk
            continue
        else:
            top.items.append(t)
        if len(stack) > MAX_DEPTH:
            raise ReadError("the expression is nested too deeply", t.pos)
        k += 1
    if len(stack) > 1:
        g = stack[-1]
        what = {"env": f"\\begin{{{g.env}}}", "{": "{", "(": "(", "[": "["}.get(g.kind, "\\left")
        raise ReadError(f"'{what}' is never closed", g.pos)
    return root.items
