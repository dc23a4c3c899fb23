"""Brackets sized only where their content needs it.

SymPy writes ``\\left( ... \\right)`` around everything, which TeX stretches even
around ``x`` and spaces differently from a plain bracket; a paper writes ``(x)`` and
keeps ``\\left``/``\\right`` for fractions, sums, integrals and matrices inside.
``plain_delims`` rewrites the pairs whose content is one line high. ``token_pairs``
finds matching ``\\left``/``\\right`` (or plain bracket) tokens for the line breaker.
"""
from __future__ import annotations

import re

TOKEN = re.compile(r"\\[a-zA-Z]+\*?|\\.|[{}^_&]|[^\\{}^_&\s]|\s+")
TALL = {r"\frac", r"\dfrac", r"\tfrac", r"\binom", r"\dbinom", r"\sum", r"\prod", r"\int",
        r"\iint", r"\oint", r"\begin", r"\sqrt", r"\lim", r"\splitfrac", r"\underbrace",
        r"\overbrace", r"\substack", r"\left"}
OPEN = {"(": ")", "[": "]", r"\{": r"\}", r"\lbrace": r"\rbrace"}


def tokens(tex: str) -> list:
    return TOKEN.findall(tex or "")


def left_right_pairs(toks: list) -> dict:
    """Index of each ``\\left`` token -> index of its ``\\right`` (unmatched ones omitted)."""
    stack, pairs = [], {}
    for k, t in enumerate(toks):
        if t == r"\left":
            stack.append(k)
        elif t == r"\right" and stack:
            pairs[stack.pop()] = k
    return pairs


def delimiter_at(toks: list, k: int) -> int:
    """Index of the delimiter token after ``\\left``/``\\right`` at ``k`` (spaces skipped)."""
    j = k + 1
    while j < len(toks) and toks[j].isspace():
        j += 1
    return j


def _tall(toks: list, lo: int, hi: int, kept: set) -> bool:
    """Does toks[lo:hi] hold something taller than a line (kept: \\left tokens staying)?"""
    for k in range(lo, hi):
        t = toks[k]
        if t == r"\left":
            if k in kept:
                return True
            continue
        if t in TALL:
            return True
        if t == "^" and k + 1 < len(toks) and toks[k + 1] == "{":
            # an exponent holding a fraction or a further exponent grows the line
            depth, j = 0, k + 1
            while j < hi:
                depth += {"{": 1, "}": -1}.get(toks[j], 0)
                if toks[j] in ("^",) or toks[j] in TALL:
                    return True
                if depth == 0:
                    break
                j += 1
    return False


def plain_delims(tex: str) -> str:
    """``tex`` with each ``\\left``/``\\right`` pair around one-line content made plain."""
    if r"\left" not in tex:
        return tex
    toks = tokens(tex)
    pairs = left_right_pairs(toks)
    kept: set = set()
    # innermost pairs first, so that an outer pair knows whether an inner one stays sized
    for lo in sorted(pairs, key=lambda k: pairs[k] - k):
        hi = pairs[lo]
        if _tall(toks, lo + 1, hi, kept):
            kept.add(lo)
    drop = set()
    for lo, hi in pairs.items():
        if lo in kept:
            continue
        dl, dr = delimiter_at(toks, lo), delimiter_at(toks, hi)
        if dl >= len(toks) or dr >= len(toks) or "." in (toks[dl], toks[dr]):
            continue                          # an evaluation bar \left. ... \right| stays
        drop.update(range(lo, dl))           # \left and any space before its delimiter
        drop.update(range(hi, dr))
        if toks[hi - 1].isspace():
            drop.add(hi - 1)
    out = []
    for k, t in enumerate(toks):
        if k in drop:
            continue
        out.append(t)
    return _unbrace_calls("".join(out))


def house_style(tex: str) -> str:
    """The conventions of ML papers SymPy does not follow: plain brackets where they do,
    integral limits beside the sign (``\\int_a^b``, not above and below)."""
    return plain_delims(tex.replace(r"\int\limits", r"\int"))


NAMED = (r"\log", r"\ln", r"\exp", r"\sin", r"\cos", r"\tan", r"\tanh", r"\det")


def _unbrace_calls(tex: str) -> str:
    """``\\log{(x)}`` as ``\\log(x)``: the braces would add a space after the name."""
    if "{(" not in tex and r"{\left(" not in tex:
        return tex
    toks = tokens(tex)
    drop = set()
    for k, t in enumerate(toks[:-2]):
        if t not in NAMED or toks[k + 1] != "{":
            continue
        end = group_end(toks, k + 1)
        inner = [j for j in range(k + 2, end) if not toks[j].isspace()]
        if inner and _one_bracket(toks, inner):
            drop.update((k + 1, end))
    return "".join(t for k, t in enumerate(toks) if k not in drop)


def group_end(toks: list, k: int) -> int:
    depth = 0
    for j in range(k, len(toks)):
        depth += {"{": 1, "}": -1}.get(toks[j], 0)
        if depth == 0:
            return j
    return len(toks)


def _one_bracket(toks: list, inner: list) -> bool:
    """Are the tokens at ``inner`` one bracket, ( ... ) or \\left( ... \\right)?"""
    first, last = toks[inner[0]], toks[inner[-1]]
    if first == r"\left":
        closing = left_right_pairs(toks).get(inner[0])
        return closing is not None and closing == inner[-2] and last == ")"
    if first != "(" or last != ")":
        return False
    depth = 0
    for j in inner:
        depth += {"(": 1, ")": -1}.get(toks[j], 0)
        if depth == 0 and j != inner[-1]:
            return False
    return True
