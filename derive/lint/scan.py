"""Find display-math blocks in a document, each with its offset in the original text.

Offsets (not copies) are kept so every row can be reported at its line:column in the file."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

ENVS = ("align", "align*", "aligned", "gather", "gather*", "eqnarray", "eqnarray*",
        "equation", "equation*", "split", "multline", "multline*")
_ENV = re.compile(r"\\begin\{(" + "|".join(re.escape(e) for e in ENVS) + r")\}")
_DOLLARS = re.compile(r"\$\$(.+?)\$\$", re.S)
_BRACKET = re.compile(r"\\\[(.+?)\\\]", re.S)


@dataclass(frozen=True)
class Block:
    """The body of one display-math block and where it starts in the source text."""
    body: str
    start: int          # offset of body[0] in the source text
    env: str


def _strip_comments(text: str) -> str:
    """TeX comments blanked to spaces (lengths kept so offsets stay right)."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group()), text)


def blocks(text: str) -> list[Block]:
    """Every math block of a LaTeX or Markdown text, outermost first, in order."""
    clean = _strip_comments(text)
    found: list[Block] = []
    taken: list[tuple[int, int]] = []
    for m in _ENV.finditer(clean):
        env = m.group(1)
        end = clean.find(f"\\end{{{env}}}", m.end())
        if end < 0 or any(a <= m.start() < b for a, b in taken):
            continue
        found.append(Block(clean[m.end():end], m.end(), env))
        taken.append((m.start(), end))
    for pattern, env in ((_DOLLARS, "$$"), (_BRACKET, r"\[")):
        for m in pattern.finditer(clean):
            if any(a < m.end() and m.start() < b for a, b in taken):   # overlaps a block
                continue
            found.append(Block(m.group(1), m.start(1), env))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda b: b.start)


def notebook_text(raw: str) -> str:
    """The markdown and code cells of a notebook joined (one cell after another)."""
    nb = json.loads(raw)
    parts = []
    for cell in nb.get("cells", []):
        src = cell.get("source", "")
        parts.append("".join(src) if isinstance(src, list) else str(src))
    return "\n".join(parts)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
