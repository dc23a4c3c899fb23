"""Definitions stated in a document, substituted into the steps after them.

``% derive: given L = a + b``, a row ``L := a + b`` (or ``\\coloneqq``) and ``f(x) = ...``
givens with one argument are applied textually, each use wrapped in parentheses."""
from __future__ import annotations

import re
from dataclasses import dataclass

_GIVEN = re.compile(r"%\s*derive:\s*given\s+(.+)")
_HEAD = re.compile(r"^\s*(\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*(?:\(\s*([A-Za-z])\s*\))?\s*$")


@dataclass(frozen=True)
class Given:
    """``name(arg) = body`` (arg may be None) and the offset where it was stated."""
    name: str
    arg: str | None
    body: str
    offset: int

    def __str__(self) -> str:
        return f"{self.name}({self.arg}) = {self.body}" if self.arg else f"{self.name} = {self.body}"


def parse_given(text: str, offset: int = 0) -> Given | None:
    """A Given from ``head = body`` / ``head := body``; None when the head is not a name."""
    m = re.search(r":=|\\coloneqq|=", text)
    if not m:
        return None
    head = _HEAD.match(text[: m.start()])
    body = text[m.end():].strip()
    if not head or not body:
        return None
    return Given(head.group(1), head.group(2), body, offset)


def in_comments(text: str) -> list[Given]:
    out = []
    for m in _GIVEN.finditer(text):
        g = parse_given(m.group(1).strip(), m.start())
        if g:
            out.append(g)
    return out


def _word(name: str) -> str:
    return rf"(?<![A-Za-z\\]){re.escape(name)}(?![A-Za-z])"


def _balanced_arg(text: str, start: int) -> int:
    depth = 0
    for k in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[k], 0)
        if depth == 0:
            return k
    return -1


def apply(tex: str, givens: list[Given]) -> tuple[str, list[str]]:
    """``tex`` with every given's name replaced by its body; and the givens used."""
    used = []
    for g in givens:
        if g.arg is None:
            new = re.sub(_word(g.name), lambda _: f"\\left({g.body}\\right)", tex)
        else:
            new, pos = "", 0
            for m in re.finditer(_word(g.name) + r"\s*(?=\()", tex):
                if m.start() < pos:
                    continue
                end = _balanced_arg(tex, m.end())
                if end < 0:
                    continue
                arg = tex[m.end() + 1:end]
                body = re.sub(_word(g.arg), lambda _: f"\\left({arg}\\right)", g.body)
                new += tex[pos:m.start()] + f"\\left({body}\\right)"
                pos = end + 1
            new += tex[pos:]
        if new != tex:
            used.append(str(g))
            tex = new
    return tex, used
