"""What a name carries besides its subscript: primes, a star, a layer label, a power written first.

``f'(x)`` is the derivative of f at x and ``x'`` a new symbol (x prime); ``x^{\\ast}`` is
the symbol x* (an optimum), ``W^{(2)}`` the symbol W^(2) (a layer, an example: a label,
not a power); ``x^2_i`` and ``\\sigma^2_X`` are powers of the subscripted symbol.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import sympy as sp

from .bridge import Emitted
from .build import apply_function
from .errors import ReadError
from .items import is_paren, paren, script_arg, skip_ws, strip_ws, text_of, tok_is
from .tokens import Group

STARS = {"ast", "star"}


@dataclass
class Decorations:
    primes: int = 0
    star: bool = False
    label: Optional[list] = None      # the items of (l) in W^{(l)}
    power: Optional[list] = None      # the 2 of x^2_i, written before the subscript

    def suffix(self, label_text: str = "") -> str:
        """The name's tail: x' is xprime (SymPy prints x'), x* is x^*, W^{(2)} is W^{(2)}."""
        out = "prime" * self.primes
        if self.star:
            out += "^*"
        if self.label is not None:
            out += "^{(%s)}" % label_text
        return out


def _script_kind(arg: list) -> str:
    """What a superscript holds: a star, a (label), a prime, or anything else (a power)."""
    core = strip_ws(arg)
    if len(core) == 1 and (tok_is(core[0], "cmd") and core[0].text in STARS or tok_is(core[0], "char", "*")):
        return "star"
    if len(core) == 1 and tok_is(core[0], "cmd", "prime"):
        return "prime"
    if len(core) == 1 and isinstance(core[0], Group) and core[0].kind == "(":
        return "label"
    return "power"


def _empty_script(items: list, j: int) -> int:
    """The index after ^{\\,} or _{} at j (a script holding only space), else 0."""
    if j + 1 < len(items) and isinstance(items[j + 1], Group) and items[j + 1].kind == "{" \
            and not strip_ws(items[j + 1].items):
        return j + 2
    return 0


def decorations(items: list, k: int) -> tuple[Optional[list], Decorations, int]:
    """The subscript and decorations after a name at k: (sub, decorations, next index)."""
    sub, deco = None, Decorations()
    while True:
        j = skip_ws(items, k)
        if j >= len(items):
            break
        it = items[j]
        if tok_is(it, "char") and it.text in "_^" and _empty_script(items, j):
            k = _empty_script(items, j)              # x_p^{\\,}: a spacing script, dropped
            continue
        if tok_is(it, "char", "_") and sub is None:
            sub, k = script_arg(items, j + 1)
        elif tok_is(it, "char") and set(it.text) == {"'"} and not deco.star and deco.label is None:
            deco.primes += len(it.text)
            k = j + 1
        elif tok_is(it, "char", "^") and j + 1 < len(items) and tok_is(items[j + 1], "char", "*"):
            deco.star, k = True, j + 2              # x^*: the argument of ^ is one character
        elif tok_is(it, "char", "^"):
            try:
                arg, nk = script_arg(items, j + 1)
            except ReadError:
                break
            kind = _script_kind(arg)
            if kind == "star" and not deco.star:
                deco.star, k = True, nk
            elif kind == "prime":
                deco.primes, k = deco.primes + 1, nk
            elif kind == "label" and deco.label is None and deco.power is None:
                deco.label, k = strip_ws(arg)[0].items, nk
            elif kind == "power" and sub is None and deco.power is None:
                after = skip_ws(items, nk)   # x^2_i: a power, then the subscript
                if after < len(items) and tok_is(items[after], "char", "_"):
                    deco.power, k = arg, nk
                    continue
                break
            else:
                break
        else:
            break
    return sub, deco, k


class Primes:
    """f'(x), f''(x), \\sigma'(z): the derivative of a function at its argument
    (mixed into ``Reader``)."""

    def prime_call(self, items, j, f, order: int, pos: int, out: Emitted, scope) -> int:
        """f^{(order)} at the argument in the parentheses at j: Derivative(f(x), x) when the
        argument is a symbol, else the derivative at a dummy, substituted."""
        g = paren(items[j])
        args = self.arguments(items, j, None, scope)
        if len(args) != 1:
            raise ReadError("a prime applies to a function of one argument: f'(x)", g.pos)
        arg = args[0]
        if isinstance(arg, sp.MatrixBase):
            raise ReadError("a prime of a function of a matrix is not supported", g.pos)
        if isinstance(arg, (sp.Symbol, sp.Indexed)):
            out.hole(sp.Derivative(apply_function(f, [arg], False, pos), (arg, order)), pos)
        else:
            u = sp.Dummy("u", real=True)
            out.hole(sp.Subs(sp.Derivative(apply_function(f, [u], False, pos), (u, order)), u, arg), pos)
        return j + 1


def label_text(label: list) -> str:
    return text_of(label)


def is_call(items, k) -> bool:
    j = skip_ws(items, k)
    return j < len(items) and is_paren(items[j])
