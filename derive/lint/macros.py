"""The document's own ``\\newcommand``/``\\renewcommand``/``\\DeclareMathOperator`` macros.

Papers write ``\\x`` for ``\\mathbf{x}`` and ``\\pr{A}`` for ``\\mathbb{P}(A)``; each side of a
step is expanded with the macros the document defines before it is read."""
from __future__ import annotations

import re
from dataclasses import dataclass

_DEF = re.compile(r"\\(?:re)?newcommand\*?\s*\{?\s*(\\[A-Za-z]+)\s*\}?\s*(?:\[(\d)\])?\s*\{")
_OP = re.compile(r"\\DeclareMathOperator(\*?)\s*\{\s*(\\[A-Za-z]+)\s*\}\s*\{")
_DEPTH = 50            # expansions of one side, so a macro that calls itself stops


@dataclass(frozen=True)
class Macro:
    """``\\name`` with ``nargs`` arguments (``#1``..``#9``) and its body."""
    name: str
    nargs: int
    body: str


def _group(text: str, start: int) -> int:
    """Offset just past the brace group opening at ``text[start] == '{'`` (-1 if unclosed)."""
    depth, k = 0, start
    while k < len(text):
        c = text[k]
        if c == "\\":
            k += 2
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        k += 1
        if depth == 0:
            return k
    return -1


def definitions(text: str) -> dict[str, Macro]:
    """Every macro the text defines, the later definition of a name winning."""
    out: dict[str, Macro] = {}
    for m in _DEF.finditer(text):
        end = _group(text, m.end() - 1)
        if end > 0:
            out[m.group(1)] = Macro(m.group(1), int(m.group(2) or 0), text[m.end():end - 1])
    for m in _OP.finditer(text):
        end = _group(text, m.end() - 1)
        if end > 0:
            name = text[m.end():end - 1].replace(r"\,", "").replace(" ", "")
            out[m.group(2)] = Macro(m.group(2), 0, rf"\operatorname{{{name}}}")
    return out


def _argument(text: str, k: int) -> tuple[str, int] | None:
    """One macro argument at ``k``: a brace group or a single token."""
    while k < len(text) and text[k] == " ":
        k += 1
    if k >= len(text):
        return None
    if text[k] == "{":
        end = _group(text, k)
        return (text[k + 1:end - 1], end) if end > 0 else None
    m = re.compile(r"\\[A-Za-z]+|\\.|.").match(text, k)
    return m.group(), m.end()


def expand(tex: str, macros: dict[str, Macro]) -> str:
    """``tex`` with the document's macros expanded (outermost first, until none is left)."""
    if not macros:
        return tex
    pattern = re.compile(r"\\[A-Za-z]+")
    for _ in range(_DEPTH):
        out, pos, changed = [], 0, False
        for m in pattern.finditer(tex):
            if m.start() < pos or m.group() not in macros:
                continue
            mac = macros[m.group()]
            args, k = [], m.end()
            for _ in range(mac.nargs):
                got = _argument(tex, k)
                if got is None:
                    break
                args.append(got[0])
                k = got[1]
            if len(args) < mac.nargs:
                continue
            body = re.sub(r"#(\d)", lambda a: args[int(a.group(1)) - 1]
                          if int(a.group(1)) <= len(args) else a.group(), mac.body)
            if mac.nargs == 0 and k < len(tex) and tex[k].isalpha() and body[-1:].isalpha():
                body += " "          # \x y -> \mathbf{x} y, not a run-on name
            out.append(tex[pos:m.start()] + body)
            pos, changed = k, True
        if not changed:
            return tex
        tex = "".join(out) + tex[pos:]
    return tex
