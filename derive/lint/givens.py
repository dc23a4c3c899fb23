"""Definitions and hypotheses stated in a document, substituted into the steps after them.

``% derive: given L = a + b``, a row ``L := a + b`` (or ``\\coloneqq``) and ``f(x) = ...``
givens with one argument are applied textually, each use wrapped in parentheses. A given
whose left side is not a name (``A x = \\lambda x``, ``\\nabla f(x^*) = 0``) is a hypothesis:
each occurrence of that left side, as written, is replaced by the right side."""
from __future__ import annotations

import re
from dataclasses import dataclass

_GIVEN = re.compile(r"%\s*derive:\s*given\s+(.+)")
_HEAD = re.compile(r"^\s*(\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*"
                   r"(?:(?:\\left)?\(\s*([A-Za-z]|\\[A-Za-z]+(?:\{[A-Za-z]\})?)\s*(?:\\right)?\))?\s*$")
_RELATION = re.compile(r"\\(?:le|ge|leq|geq|neq|in)(?![A-Za-z])|[<>]")


@dataclass(frozen=True)
class Given:
    """``name(arg) = body`` (arg may be None) and the offset where it was stated; a
    ``literal`` given replaces its left side ``name`` wherever it is written so."""
    name: str
    arg: str | None
    body: str
    offset: int
    literal: bool = False

    def __str__(self) -> str:
        return f"{self.name}({self.arg}) = {self.body}" if self.arg else f"{self.name} = {self.body}"


def parse_given(text: str, offset: int = 0) -> Given | None:
    """A Given from ``head = body`` / ``head := body``; None when the head is not a name."""
    m = next((m for m in re.finditer(r":=|\\coloneqq|=", text) if _balanced(text[:m.start()])), None)
    if not m:                                    # the = of the definition, not one in _{i=1}
        return None
    head = _HEAD.match(text[: m.start()])
    body = text[m.end():].strip()
    if not body or _relation_at_top(body):
        return None
    if head:
        return Given(head.group(1), head.group(2), body, offset)
    left = text[: m.start()].strip()
    if (not left or _relation_at_top(left) or not _balanced(left) or left[-1] in "+-*/^_,&"
            or left[0] in "+*/^_,&" or not re.search(r"[A-Za-z]", left)):
        return None
    return Given(left, None, body, offset, literal=True)


def _relation_at_top(tex: str) -> bool:
    """A relation outside braces and brackets (``i=1`` in ``\\sum_{i=1}`` is not one)."""
    depth = 0
    for m in re.finditer(r"\\[A-Za-z]+|[{}()\[\]<>=]", tex):
        tok = m.group()
        if tok in "{([":
            depth += 1
        elif tok in "})]":
            depth -= 1
        elif depth == 0 and (tok in "<>=" or _RELATION.fullmatch(tok)):
            return True
    return False


def _balanced(tex: str) -> bool:
    depth = 0
    for c in tex:
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def in_comments(text: str) -> list[Given]:
    out = []
    for m in _GIVEN.finditer(text):
        g = parse_given(m.group(1).strip(), m.start())
        if g:
            out.append(g)
    return out


def _word(name: str) -> str:
    return rf"{_before(name)}{re.escape(name)}(?![A-Za-z_'])"     # x is not x_i, x' or xy


_ACCENT = re.compile(r"\\(?:hat|tilde|bar|dot|ddot|check|breve|widehat|widetilde|overline|"
                     r"mathring|acute|grave)\s*\{?\s*$")     # \hat{z} is its own name, not z


def _literal(head: str) -> str:
    """The left side as written, not inside a longer name (``\\A\\x`` is not in ``\\A\\xi``)."""
    return _before(head) + re.escape(head) + (r"(?![A-Za-z])" if head[-1].isalpha() else "")


def _before(head: str) -> str:
    """What may not precede a name: a letter (or ``\\`` before a letter); ``\\inv\\A`` has ``\\A``."""
    if head.startswith("\\"):
        return r"(?<!\\)"
    return r"(?<![A-Za-z\\])" if head[:1].isalpha() else ""


def _balanced_arg(text: str, start: int) -> int:
    depth = 0
    for k in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[k], 0)
        if depth == 0:
            return k
    return -1


_SYMBOL = re.compile(r"[A-Za-z]|\\[A-Za-z]+")


def _derivatives(tex: str, g: Given) -> str:
    """With ``f(x) = body`` given, ``f'(y)``, ``f''(y)`` (y a single symbol) and
    ``\\frac{df}{dx}`` are the derivatives of the body, not of an unknown function."""
    def prime(m):
        arg = m.group(3).strip()
        if not _SYMBOL.fullmatch(arg):
            return m.group()                          # f'(x + h): left as the text wrote it
        body = re.sub(_word(g.arg), lambda _: f"\\left({arg}\\right)", g.body)
        order = 1 if "prime" in m.group(2) else len(m.group(2))
        d, var = ("d", f"d {arg}") if order == 1 else (f"d^{order}", f"d {arg}^{order}")
        return f"\\frac{{{d}}}{{{var}}}\\left({body}\\right)"

    out = re.sub(_before(g.name) + re.escape(g.name) + r"(\s*)('+|\^\{\\prime\})\s*\(([^()]*)\)", prime, tex)
    leibniz = (r"\\frac\s*\{\s*(d|\\partial)\s*" + re.escape(g.name) + r"\s*\}\s*\{\s*(?:d|\\partial)\s*"
               + re.escape(g.arg) + r"\s*\}")
    return re.sub(leibniz, lambda m: f"\\frac{{{m.group(1)}}}{{{m.group(1)} {g.arg}}}\\left({g.body}\\right)", out)


def apply(tex: str, givens: list[Given]) -> tuple[str, list[str]]:
    """``tex`` with every given's name replaced by its body; and the givens used."""
    used = []
    for g in givens:
        if g.literal:
            new = re.sub(_literal(g.name), lambda _: f"\\left({g.body}\\right)", tex)
        elif g.arg is None:
            new = re.sub(_word(g.name), lambda m: m.group() if _ACCENT.search(tex, 0, m.start())
                         else f"\\left({g.body}\\right)", tex)
        else:
            new, pos = _derivatives(tex, g), 0
            tex_in, tex = tex, new
            new = ""
            for m in re.finditer(_word(g.name) + r"\s*(?:\\left\s*)?(?=\()", tex):
                if m.start() < pos:
                    continue
                end = _balanced_arg(tex, m.end())
                if end < 0:
                    continue
                arg = re.sub(r"\\right\s*$", "", tex[m.end() + 1:end])     # \left( x \right)
                body = re.sub(_word(g.arg), lambda _: f"\\left({arg}\\right)", g.body)
                new += tex[pos:m.start()] + f"\\left({body}\\right)"
                pos = end + 1
            new += tex[pos:]
            tex = tex_in
        if new != tex:
            used.append(str(g))
            tex = new
    return tex, used
