"""Ellipses and index sets: ``x_1 + \\cdots + x_n`` is a sum over the pattern of its terms,
``L(w_1, \\ldots, w_N)`` a call, ``\\sum_{i \\in \\mathcal{B}}`` a sum over i = 1..|B|.

A pattern is read off the term after the dots (its new letter becomes the index) and
checked against the terms before them: the terms must be that pattern at consecutive
integers, or the input is refused. Nothing is guessed that the written terms do not show.
"""
from __future__ import annotations

import sympy as sp

from .errors import ReadError
from .items import flatten, split_at, strip_ws, tok_is
from .tokens import Group, Tok
from .vocabulary import GREEK, RELATIONS

ELLIPSES = {"cdots", "ldots"}
INDEX_NAMES = ["i", "j", "k", "m", "l", "r", "s", "t"]
LONGEST = 50          # the first written term is the pattern at an integer below this


def is_ellipsis(it) -> bool:
    return tok_is(it, "cmd") and it.text in ELLIPSES


def is_relation(it) -> bool:
    return (tok_is(it, "char") and it.text in "=<>") or (tok_is(it, "cmd") and it.text in RELATIONS)


def terms_of(items: list) -> list:
    """[(sign token or None, items)] split at the + and - of one level."""
    terms, cur, sign = [], [], None
    for it in items:
        if tok_is(it, "char") and it.text in "+-" and strip_ws(cur):
            terms.append((sign, cur))
            cur, sign = [], it
        elif tok_is(it, "char") and it.text in "+-" and not terms and sign is None:
            sign = it
        else:
            cur.append(it)
    terms.append((sign, cur))
    return terms


def letters_of(items: list) -> set:
    return {x.text for x in flatten(items) if tok_is(x, "letter")} | {
        x.text for x in flatten(items) if tok_is(x, "cmd") and x.text in GREEK}


def same(a, b) -> bool:
    if a == b:
        return True
    try:
        return sp.expand(a - b) == 0
    except (TypeError, ValueError):
        return False


def new_letters(items: list) -> set:
    """Letters of the term after an ellipsis that the term before lacks (the n of
    x_1 + \\cdots + x_n): the pre-pass makes them counts, as the bounds of sums are."""
    bounds: set = set()
    for segment in split_at(items, is_relation):
        terms = terms_of(segment)
        for e, (_, t) in enumerate(terms):
            if 0 < e < len(terms) - 1 and len(strip_ws(t)) == 1 and is_ellipsis(strip_ws(t)[0]):
                bounds |= letters_of(terms[e + 1][1]) - letters_of(terms[e - 1][1])
    return bounds


class Ellipses:
    """The ellipsis constructs of the reader (mixed into ``Reader``)."""

    def expand_ellipses(self, items: list, scope: dict, pos: int) -> list:
        """items with each run ``t_a + t_{a+1} + \\cdots + t_u`` replaced by one held Sum."""
        if not any(is_ellipsis(x) for x in items):
            return items
        out: list = []
        for n, segment in enumerate(split_at(items, is_relation)):
            if n:
                out.append(next(x for x in items[len(out):] if is_relation(x)))
            out.extend(self._expand_segment(segment, scope, pos))
        return out

    def _expand_segment(self, items: list, scope: dict, pos: int) -> list:
        terms = terms_of(items)
        marks = [e for e, (_, t) in enumerate(terms)
                 if len(strip_ws(t)) == 1 and is_ellipsis(strip_ws(t)[0])]
        if not marks:
            return items
        e = marks[0]
        dots = strip_ws(terms[e][1])[0]
        if e == 0 or e == len(terms) - 1 or len(marks) > 1:
            raise ReadError("an ellipsis needs a term on each side: x_1 + \\cdots + x_n", dots.pos)
        sign = terms[e][0].text if terms[e][0] is not None else "+"
        last_sign, last = terms[e + 1]
        if last_sign is None or last_sign.text != sign:
            raise ReadError("the signs around this ellipsis differ", dots.pos)
        value, first = self._pattern_sum(terms, e, sign, scope, dots.pos)
        key = f"held{len(self.held)}"
        self.held[key] = value if sign == "+" else -value
        keep: list = []
        for s, t in terms[:first]:
            keep += ([s] if s is not None else []) + t
        if keep:
            keep.append(Tok("char", "+", dots.pos, dots.pos + 1))
        keep.append(Tok("hole", key, dots.pos, dots.end))
        for s, t in terms[e + 2:]:
            keep += [s] + t
        return keep

    def _pattern_sum(self, terms, e, sign, scope, pos):
        """(Sum over the pattern, index of the first term it covers)."""
        before, last = terms[e - 1][1], terms[e + 1][1]
        letters = sorted(letters_of(last) - letters_of(before))
        if not letters:
            raise ReadError("cannot tell what varies across this ellipsis (write x_1 + \\cdots + x_n)", pos)
        used = letters_of([x for _, t in terms for x in t]) | set(scope)
        name = next((c for c in INDEX_NAMES if c not in used), "k_0")
        i = sp.Symbol(name, integer=True)
        for letter in letters:
            body = self.read(last, {**scope, letter: i}, pos, pos)
            upper = self.read([Tok("letter", letter, pos, pos + 1)] if len(letter) == 1
                              else [Tok("cmd", letter, pos, pos + 1)], scope, pos, pos)
            prev = self.read(before, scope, pos, pos)
            start = next((v for v in range(-1, LONGEST) if same(body.xreplace({i: v}), prev)), None)
            s = terms[e - 1][0]
            if start is None or (s.text if s is not None else "+") != sign:
                continue
            first = e - 1
            while first > 0:                # x_1 + x_2 + \cdots + x_n: the run goes back
                s, t = terms[first - 1]
                s_text = s.text if s is not None else "+"
                if s_text != sign and not (first - 1 == 0 and s is None and sign == "+"):
                    break
                if not same(body.xreplace({i: start - 1}), self.read(t, scope, pos, pos)):
                    break
                first, start = first - 1, start - 1
            self.note(f"the ellipsis as a sum over {name} = {start}..{upper} of {body}")
            return sp.Sum(body, (i, start, upper)), first
        raise ReadError("the terms before this ellipsis do not follow the pattern of the term after it",
                        pos)

    def ellipsis_arguments(self, parts: list, g: Group, scope: dict) -> list:
        """L(w_1, \\ldots, w_N): the written arguments; the ones between are implied."""
        kept = [p for p in parts if not (len(strip_ws(p)) == 1 and is_ellipsis(strip_ws(p)[0]))]
        if len(kept) == len(parts) or not all(strip_ws(p) for p in kept):
            raise ReadError("an ellipsis in a call stands for arguments between commas", g.pos)
        self.note("a call with an ellipsis as a function of the arguments written out "
                  "(those between the dots are implied)")
        return [self.read(p, scope, g.pos, g.end) for p in kept]

    def index_set(self, after_in: list, scope: dict, pos: int):
        """(lower, upper) of i in S: [n] is 1..n, \\{1, \\ldots, n\\} its ends, a named set
        S is 1..|S| with |S| the set's size (the set in arithmetic stands for its size)."""
        items = strip_ws(after_in)
        if len(items) == 1 and isinstance(items[0], Group) and items[0].kind in ("[", "set"):
            g = items[0]
            parts = split_at(g.items, lambda x: tok_is(x, "char", ","))
            if g.kind == "[" and len(parts) == 1:
                return sp.S.One, self.read(g.items, scope, g.pos, g.end)
            if g.kind == "set" and len(parts) >= 3 and any(
                    len(strip_ws(p)) == 1 and is_ellipsis(strip_ws(p)[0]) for p in parts):
                return self.read(parts[0], scope, g.pos, g.end), self.read(parts[-1], scope, g.pos, g.end)
            raise ReadError("an index set is [n], \\{1, \\ldots, n\\} or a named set", g.pos)
        name, _, end = self.head(items, 0)
        if end != len(items):
            raise ReadError("an index set is [n], \\{1, \\ldots, n\\} or a named set", pos)
        size = sp.Symbol(name, integer=True, positive=True)
        self.note(f"the set {name} as its size |{name}| (the sum over it runs from 1 to |{name}|)")
        return sp.S.One, size


def set_name(reader, sub: list):
    """The name of the set in a summation subscript i \\in S, or None."""
    flat = strip_ws(sub)
    at = next((m for m, x in enumerate(flat) if tok_is(x, "cmd", "in")), None)
    if at is None:
        return None
    rest = strip_ws(flat[at + 1:])
    try:
        name, _, end = reader.head(rest, 0)
    except (ReadError, IndexError):
        return None
    return name if end == len(rest) else None


__all__ = ["Ellipses", "ELLIPSES", "is_ellipsis", "new_letters", "set_name"]
