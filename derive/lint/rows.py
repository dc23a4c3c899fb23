"""Split a math block into rows and a chain of relations, each piece with its offset.

Rows end at top-level ``\\\\``; relations are found outside braces; ``&`` and prose
(``\\text{..}``, ``\\quad``, ``\\label``, ``\\tag``, ``\\nonumber``) are blanked, keeping offsets."""
from __future__ import annotations

import re
from dataclasses import dataclass

RELATIONS = {"=": "=", r"\leq": "<=", r"\le": "<=", r"\geq": ">=", r"\ge": ">=",
             "<": "<", ">": ">", r"\lt": "<", r"\gt": ">", r"\leqslant": "<=", r"\geqslant": ">=",
             r"\propto": r"\propto", r"\approx": r"\approx", r"\neq": r"\neq", r"\ne": r"\neq",
             r"\sim": r"\sim", r"\iff": r"\iff", r"\Leftrightarrow": r"\Leftrightarrow"}
CHECKED = {"=", "<=", ">=", "<", ">"}          # the others split a chain but are not checked
_PROSE = re.compile(r"(?<![_^])(?<![_^] )\\(?:text|textrm|mbox|intertext|label|tag|hbox)\s*\{[^{}]*\}"
                    r"(?!\s*(?:\(|\\left\(|_|\^))|"   # D_\text{KL}, \text{tanh}(x) are names
                    r"\\(?:intertext|label|tag|hspace\*?|vspace\*?)\s*\{[^{}]*\}|(?:(?<=\\\\)|^)\s*\\(?:rightarrow|Rightarrow|Longrightarrow|implies|therefore)(?![a-zA-Z])|\\(?:quad|qquad|"
                    r"nonumber|notag|displaystyle|textstyle|scriptstyle|small|footnotesize|scriptsize|tiny|"
                    r"normalsize|large|,|;|!|:)(?![a-zA-Z])|\\(?:mathsf|textsf|mathrm)\s*\{\(\d+\)\}|"
                    r"\\color\s*\{[A-Za-z]*\}|\\left(?=[.])\.|\\right\.")
_EMPTY = re.compile(r"(?<![_^\\}a-zA-Z])\{\s*\}")
_REL = re.compile(r"\\(?:leqslant|geqslant|leq|geq|le|ge|lt|gt)(?![a-zA-Z])|<|>|=")


@dataclass(frozen=True)
class Piece:
    """One side of a relation: its LaTeX and its offset in the block body."""
    tex: str
    offset: int


def blank(body: str) -> str:
    """Prose, annotation columns and alignment marks turned into spaces, same length as the input."""
    out = _PROSE.sub(lambda m: " " * len(m.group()), drop_annotations(body))
    out = _EMPTY.sub(lambda m: " " * len(m.group()), out)    # {} a blanked remark leaves behind
    return out.replace("&", " ")


def _top_level(text: str, char: str) -> list[int]:
    """Offsets of ``char`` outside braces and inside no ``\\begin..\\end`` (matrix cells)."""
    out, depth, env, k = [], 0, 0, 0
    while k < len(text):
        if text.startswith("\\begin", k):
            env += 1
        elif text.startswith("\\end", k):
            env -= 1
        c = text[k]
        if c == "\\":
            k += 2
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        if c == char and depth == 0 and env <= 0:
            out.append(k)
        k += 1
    return out


def drop_annotations(body: str) -> str:
    """``lhs &= rhs & \\scriptstyle{\\text{; because ...}}``: a last column after the equation,
    with no relation of its own, is a remark on the row; it is blanked (lengths kept). So is a
    column that opens with prose (``&& \\quad \\text{using } f(x) = g(x)h(x)``), relation or not,
    and, after a row's relation, a ``\\quad \\text{since ...}`` and all that follows it."""
    out = body
    for row, off in split_rows(body):
        amps = _top_level(row, "&")
        cut = None
        if len(amps) >= 2:
            head, tail = row[:amps[1]], row[amps[1] + 1:]
            if relations(head)[1] and tail.strip() and (not relations(tail)[1] or _PROSE_OPENS.match(tail)):
                cut = amps[1]
        if cut is None:
            for m in _SPACED_PROSE.finditer(row):
                if relations(row[:m.start()])[1] and _depth(row, m.start()) == 0:
                    cut = m.start()
                    break
        if cut is not None:
            start = off + cut
            out = out[:start] + " " * (len(row) - cut) + out[start + len(row) - cut:]
    return out


def _depth(text: str, at: int) -> int:
    """Brace depth at offset ``at`` (escaped braces do not count)."""
    depth, k = 0, 0
    while k < at:
        if text[k] == "\\":
            k += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        k += 1
    return depth


# words that open a reason, not a claim: "since a = b" justifies the row, "hence a = b" is a step
_REASON = (r"(?:since|because|by|using|as|from|for|if|when|where|with|given|substitut|plugging|"
           r"taking|applying|recall|note|definition|def\.|see|\()")
# a column that opens with a reason: "&& \quad \text{using } f(x) = ...", "& (\text{by } ...)"
_PROSE_OPENS = re.compile(r"(?:\s|&|\\q?quad(?![a-zA-Z])|\\[,;:! ]|\\hspace\*?\{[^{}]*\}|\(|\[)*"
                          r"\\(?:text|textrm|mbox|textit|emph)\s*\{\s*" + _REASON, re.I)
# after the relation: "\quad \text{since ...}" (a wide space, then a reason) closes the maths
_SPACED_PROSE = re.compile(r"\\q?quad(?![a-zA-Z])\s*(?:\\q?quad(?![a-zA-Z])\s*)*\(?\s*\\(?:text|textrm|mbox)\s*\{\s*"
                           + _REASON, re.I)


_ROW_GAP = re.compile(r"\*?\s*\[\s*-?[\d.]+\s*(?:pt|mm|cm|em|ex|in|bp|pc|mu)\s*\]|\*")


def split_rows(body: str) -> list[tuple[str, int]]:
    """Top-level rows of a block (split at ``\\\\`` outside braces), with their offsets."""
    rows, depth, start, k = [], 0, 0, 0
    while k < len(body):
        c = body[k]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif body.startswith("\\\\", k) and depth == 0:
            rows.append((body[start:k], start))
            gap = _ROW_GAP.match(body, k + 2)             # \\[2mm], \\*: spacing, not maths
            start = k = gap.end() if gap else k + 2
            continue
        elif c == "\\":
            k += 2
            continue
        k += 1
    rows.append((body[start:], start))
    return rows


_CMD = re.compile(r"\\(?:[a-zA-Z]+|.)", re.S)


def relations(text: str, base: int = 0) -> tuple[list[Piece], list[str]]:
    """The sides and the relations between them at top level of one row (or a whole chain)."""
    pieces, rels, depth, start, k = [], [], 0, 0, 0
    while k < len(text):
        c = text[k]
        if c == "\\":
            m = _CMD.match(text, k)
            tok = m.group()
            if tok in (r"\left", r"\bigl", r"\Bigl", r"\biggl"):
                depth += 1
            elif tok in (r"\right", r"\bigr", r"\Bigr", r"\biggr"):
                depth = max(0, depth - 1)
                k = m.end() + 1       # the delimiter after \right does not close twice
                continue
            elif depth == 0 and tok in RELATIONS:
                pieces.append(Piece(text[start:k], base + start))
                rels.append(RELATIONS[tok])
                start = m.end()
            k = m.end()
            if tok in (r"\left",):
                k += 1
            continue
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth = max(0, depth - 1)
        elif depth == 0 and c in "=<>" and not (c == "=" and k > 0 and text[k - 1] == ":"):
            pieces.append(Piece(text[start:k], base + start))
            rels.append(c)
            start = k + 1
        k += 1
    pieces.append(Piece(text[start:], base + start))
    return pieces, rels


def chain(body: str) -> tuple[list[Piece], list[str]]:
    """The whole block as one chain: a row starting with a relation continues the one above."""
    clean = blank(body)
    pieces: list[Piece] = []
    rels: list[str] = []
    for row, off in split_rows(clean):
        ps, rs = relations(row, off)
        if not row.strip():
            continue
        if pieces and not ps[0].tex.strip() and rs:     # "&= ..." continues the chain
            ps, rs = ps[1:], rs
        elif pieces and rs:                              # a new chain starts on this row
            pieces.append(Piece("", -1))                 # (no step into or out of the gap)
            rels.extend(["", ""])
        elif pieces and not rs:                          # a row continuing the last side
            last = pieces[-1]
            pieces[-1] = Piece(last.tex + " " + ps[0].tex, last.offset)
            continue
        pieces.extend(ps)
        rels.extend(rs)
    return pieces, rels
