"""Small questions asked of one level of the tree: is this token a ``^``, where does this operand end."""
from __future__ import annotations

import builtins
import keyword
from fractions import Fraction
from typing import Optional

import sympy as sp

from .errors import ReadError
from .tokens import Group, Tok
from .vocabulary import ACCENTS, BOLD, GREEK, OPERATORS, PLAIN_STYLE, RELATIONS, SPACES


def tok_is(it, kind: str, text: Optional[str] = None) -> bool:
    return isinstance(it, Tok) and it.kind == kind and (text is None or it.text == text)


def skip_ws(items: list, k: int) -> int:
    while k < len(items) and tok_is(items[k], "ws"):
        k += 1
    return k


def strip_ws(items: list) -> list:
    a, b = 0, len(items)
    while a < b and (tok_is(items[a], "ws") or tok_is(items[a], "cmd") and items[a].text in SPACES):
        a += 1
    while b > a and (tok_is(items[b - 1], "ws") or tok_is(items[b - 1], "cmd") and items[b - 1].text in SPACES):
        b -= 1
    return items[a:b]


def pos_of(it) -> int:
    return it.pos


def end_of(it) -> int:
    return it.end if it.end else it.pos + 1


def split_at(items: list, is_sep) -> list[list]:
    parts, cur = [], []
    for it in items:
        if is_sep(it):
            parts.append(cur)
            cur = []
        else:
            cur.append(it)
    parts.append(cur)
    return parts


def paren(it) -> Optional[Group]:
    """A parenthesised group, also when wrapped in braces as SymPy prints f{\\left(x\\right)}."""
    if isinstance(it, Group) and it.kind == "{":
        inner = strip_ws(it.items)
        it = inner[0] if len(inner) == 1 else None
    return it if isinstance(it, Group) and it.kind == "(" else None


def is_paren(it) -> bool:
    return paren(it) is not None


def script_arg(items: list, k: int) -> tuple[list, int]:
    """The argument of ^, _ or a one-argument command: a brace group or one token."""
    k = skip_ws(items, k)
    if k >= len(items):
        raise ReadError("a script or argument is missing", end_of(items[-1]) if items else 0)
    it = items[k]
    if isinstance(it, Group) and it.kind == "{":
        return it.items, k + 1
    if tok_is(it, "cmd") and (it.text in BOLD | PLAIN_STYLE | set(ACCENTS) or it.text == "mathbb"):
        arg, nk = script_arg(items, k + 1)
        return [it, Group("{", items[k + 1].pos if k + 1 < len(items) else it.end,
                          items=arg)], nk
    if isinstance(it, Group) or tok_is(it, "char"):
        raise ReadError("expected an argument here", pos_of(it))
    return [it], k + 1


def text_of(items: list) -> str:
    """Plain text of a name or subscript: letters, digits, Greek names, + - ,."""
    out = []
    for it in items:
        if tok_is(it, "ws") or tok_is(it, "cmd") and it.text in SPACES:
            continue
        if isinstance(it, Group) and it.kind == "{":
            out.append(text_of(it.items))
        elif tok_is(it, "letter") or tok_is(it, "num") or tok_is(it, "char") and it.text in "+-,":
            out.append(it.text)
        elif tok_is(it, "cmd") and it.text in GREEK | {"min", "max"}:
            out.append(it.text)
        elif tok_is(it, "char", "_") and out and not out[-1].endswith("_"):
            out.append("_")                              # f_{y_i}: a subscript inside a name
        elif tok_is(it, "char") and set(it.text) == {"'"}:
            out.append("prime" * len(it.text))       # t_{k'}
        elif tok_is(it, "cmd") and it.text in BOLD | PLAIN_STYLE:
            continue
        else:
            raise ReadError("a name may hold only letters, digits and Greek letters", pos_of(it))
    return "".join(out)


def free_of(e) -> set:
    if isinstance(e, sp.MatrixBase):
        return set().union(*(x.free_symbols for x in e))
    return e.free_symbols


def atoms_of(e, kind) -> set:
    if isinstance(e, sp.MatrixBase):
        return set().union(*(x.atoms(kind) for x in e))
    return e.atoms(kind)


def flatten(items: list) -> list:
    """The tokens of items, brace groups opened."""
    out = []
    for it in items:
        if isinstance(it, Group) and it.kind == "{":
            out.extend(flatten(it.items))
        else:
            out.append(it)
    return out


def number(text: str) -> sp.Number:
    f = Fraction(text)
    return sp.Integer(f.numerator) if f.denominator == 1 else sp.Rational(f.numerator, f.denominator)


def safe_function_name(name: str) -> bool:
    return (name.isidentifier() and not name.startswith("_") and not keyword.iskeyword(name)
            and not hasattr(builtins, name))


def differential(items: list) -> tuple[Optional[str], list]:
    """('d' | 'partial', rest) when items start with d, \\mathrm{d} or \\partial."""
    j = skip_ws(items, 0)
    if j >= len(items):
        return None, items
    it = items[j]
    if tok_is(it, "letter", "d"):
        return "d", items[j + 1:]
    if tok_is(it, "cmd", "partial"):
        return "partial", items[j + 1:]
    if tok_is(it, "cmd") and it.text in ("mathrm", "operatorname", "text", "mathit"):
        k = skip_ws(items, j + 1)
        if k < len(items) and isinstance(items[k], Group) and items[k].kind == "{":
            try:
                if text_of(items[k].items) == "d":
                    return "d", items[k + 1:]
            except ReadError:
                pass
    return None, items


def derivative_order(items: list) -> tuple[int, list]:
    j = skip_ws(items, 0)
    if j < len(items) and tok_is(items[j], "char", "^"):
        arg, k = script_arg(items, j + 1)
        text = text_of(arg)
        if not text.isdigit() or not 0 < int(text) <= 9:
            raise ReadError("the order of a derivative must be a small whole number", items[j].pos)
        return int(text), items[k:]
    return 1, items


def ends_operand(it, products: bool) -> bool:
    """Does ``it`` end the operand of a derivative (products=False) or of a sum?"""
    if tok_is(it, "char"):
        return it.text in "+-=<>,&" or (not products and it.text in "*/")
    if tok_is(it, "cmd"):
        return (it.text in RELATIONS or it.text in ("|", "\\", "parallel", "mid", "approx")
                or (not products and it.text in ("cdot", "times", "div", "odot")))
    return False


def is_operand(it) -> bool:
    if it is None:
        return False
    if isinstance(it, Group):
        return True
    if tok_is(it, "char"):
        return it.text in "!"
    if tok_is(it, "cmd"):
        return it.text not in OPERATORS and it.text not in SPACES
    return True


def pair_bars(items: list, stop: int) -> dict:
    """Pair the | bars of one level: opener index -> closer index."""
    pairs, open_, prev = {}, [], None
    for m in range(stop):
        it = items[m]
        if tok_is(it, "ws") or tok_is(it, "cmd") and it.text in SPACES:
            continue
        if tok_is(it, "char", "|"):
            if open_ and is_operand(prev):
                pairs[open_.pop()] = m
                prev = Group("(", it.pos)
                continue
            open_.append(m)
        prev = it
    return pairs


def skip_sign(items: list, j: int, stop: int) -> int:
    j = skip_ws(items, j)
    return j + 1 if j < stop and tok_is(items[j], "char") and items[j].text in "+-" else j


def skip_scripts(items: list, j: int, stop: int) -> int:
    """Past the _ and ^ scripts (and \\limits) of a big operator."""
    while True:
        m = skip_ws(items, j)
        if m < stop and tok_is(items[m], "cmd") and items[m].text in ("limits", "nolimits"):
            j = m + 1
        elif m < stop and tok_is(items[m], "char") and items[m].text in "_^":
            try:
                _, j = script_arg(items, m + 1)
            except ReadError:
                return m + 1
        else:
            return j


def operand_end(items: list, k: int, stop: int, products: bool) -> int:
    """Where the operand starting at k ends: at + - relations , or a closing bar."""
    pairs = None
    j = skip_sign(items, k, stop)
    while j < stop:
        it = items[j]
        if tok_is(it, "char", "|"):
            pairs = pair_bars(items, stop) if pairs is None else pairs
            if j not in pairs:
                break
            j = pairs[j] + 1
            continue
        if tok_is(it, "char", "^") and j + 1 < stop and tok_is(items[j + 1], "char", "*"):
            j += 2                                  # x^*: a star, not a product
            continue
        if ends_operand(it, products):
            break
        if tok_is(it, "char") and it.text in "*/" or tok_is(it, "cmd") and it.text in (
                "cdot", "times", "div", "odot"):
            j = skip_sign(items, j + 1, stop)
            continue
        if tok_is(it, "cmd") and it.text in ("sum", "prod", "lim", "int"):
            j = skip_sign(items, skip_scripts(items, j + 1, stop), stop)   # sum_i -x_i
            continue
        j += 1
    return j
