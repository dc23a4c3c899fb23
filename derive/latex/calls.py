"""Function application as papers write it: f(x), p(x \\mid \\theta), \\sigma(z), f'(x), named calls.

Which names are functions is the notation table's (FUNCTION_LETTERS, densities p and q,
named ML functions); every other letter before parentheses multiplies them.
"""
from __future__ import annotations

import sympy as sp

from ..core.functions import Expectation
from ..core.notation import binary_entropy, normal_density
from .bridge import Emitted
from .build import apply_function
from .errors import ReadError
from .items import is_paren, paren, safe_function_name, skip_ws, split_at, text_of, tok_is
from .probability import separator
from .tokens import Group, Tok
from .vocabulary import FUNCTION_LETTERS, NAMED

# \Phi(x) and \phi(x) as papers use them (GELU, probit): the standard normal CDF and density.
NORMAL = {"Phi": lambda a: (1 + sp.erf(a / sp.sqrt(2))) / 2,
          "phi": lambda a: sp.exp(-a ** 2 / 2) / sp.sqrt(2 * sp.pi),
          "varphi": lambda a: sp.exp(-a ** 2 / 2) / sp.sqrt(2 * sp.pi)}
DENSITY_LETTERS = {"p", "q"}   # p(x) is a density applied to x; p(1 - p) stays a product


def number_only(items) -> bool:
    """Parentheses holding only digits: p(2) is read as the product p * 2."""
    return all(isinstance(x, Tok) and (x.text.strip() == "" or x.text.strip().replace(".", "").isdigit())
               for x in items)


class Calls:
    """Calls of functions (mixed into ``Reader``, whose ``read`` they use)."""

    def applied(self, items, j, name, style, sub, pos, out: Emitted, scope):
        """name(...) as a call when the name is a function of ML notation; None otherwise."""
        nxt = items[j]
        if name == "sigma" and sub is None and style == "greek":
            return self.call(items, j, "sigmoid", pos, out, scope)
        if name == "pi" and style == "greek" and any(separator(x) or tok_is(x, "char", "|")
                                                     for x in paren(nxt).items):   # \\pi(a \\mid s)
            fname = "pi" if sub is None else f"pi_{text_of(sub)}"
            return self.call_with(items, j, sp.Function(fname, real=True), None, False, pos, out,
                                  scope, bar=True)
        if name == "Gamma" and sub is None:
            return self.call_with(items, j, sp.gamma, 1, True, pos, out, scope)
        if name == "Ncal" and sub is None:       # \mathcal{N}(x; \mu, \sigma^2)
            return self.call_with(items, j, normal_density, 3, False, pos, out, scope)
        if name == "H" and style == "plain" and sub is None:
            return self.entropy(items, j, pos, out, scope)
        if name == "H" and style == "plain" and text_of(sub) == "2":
            return self.call_with(items, j, binary_entropy, 1, False, pos, out, scope)
        if name in ("Phi", "phi", "varphi") and sub is None and style == "greek":
            return self.call_with(items, j, NORMAL[name], 1, True, pos, out, scope)
        if name == "E" and sub is None and style in ("plain", "roman"):   # E(X): expectation
            return self.call_with(items, j, Expectation, 1, False, pos, out, scope)
        fname = name if sub is None else f"{name}_{text_of(sub)}"
        inside = paren(nxt).items
        if name in DENSITY_LETTERS | {"P"} and style == "plain" and not any(  # p(x), not p(1 - p)
                tok_is(x, "char") and x.text in "+-" or not isinstance(x, (Tok, Group))
                for x in inside) and not number_only(inside) and (
                name != "P" or any(separator(x) or tok_is(x, "char", "|") or tok_is(x, "char", "=")
                                   for x in inside)):
            return self.call_with(items, j, sp.Function(fname, real=True), None, False,
                                  pos, out, scope, bar=True)
        if (name in FUNCTION_LETTERS and style != "bold") or any(separator(x) for x in inside):
            if not safe_function_name(fname):
                raise ReadError(f"{fname!r} cannot name a function", pos)
            return self.call_with(items, j, sp.Function(fname, real=True), None, False,
                                  pos, out, scope)
        return None

    def function_of(self, name, style, sub, pos):
        """The function a primed name stands for: sigma is the sigmoid, f an unknown function."""
        if name == "sigma" and sub is None and style == "greek":
            return NAMED["sigmoid"][0]
        if name in ("Phi", "phi", "varphi") and sub is None and style == "greek":
            return NORMAL[name]
        if style == "roman" and name in NAMED and NAMED[name][1] == 1:
            return NAMED[name][0]
        fname = name if sub is None else f"{name}_{text_of(sub)}"
        if not safe_function_name(fname):
            raise ReadError(f"{fname!r} cannot name a function", pos)
        return sp.Function(fname, real=True)

    def decorated(self, name, style, sub, deco, scope, pos):
        """x', x^*, W^{(2)}: symbols of their own (an example's label x^{(i)} inside a sum over
        i is the entry x^{()}[i])."""
        if deco.label is not None and self._mentions(deco.label, scope) and sub is None:
            base = sp.IndexedBase(name + "^{()}", real=True)
            return base[tuple(self.indices(deco.label, scope, pos))]
        text = text_of(deco.label) if deco.label is not None else ""
        full = name + deco.suffix(text)
        if sub is not None:
            full = f"{full}_{text_of(sub)}"
        return sp.Symbol(full, real=True)

    def call(self, items, k, name: str, pos: int, out: Emitted, scope) -> int:
        f, arity, elementwise = NAMED[name]
        j = skip_ws(items, k)
        if name in ("max", "min") and j < len(items) and isinstance(items[j], Group) \
                and items[j].kind == "set":            # \\max\\{a, b\\}
            g = items[j]
            parts = split_at(g.items, lambda x: tok_is(x, "char", ","))
            out.hole(f(*[self.read(p, scope, g.pos, g.end) for p in parts]), pos)
            return j + 1
        if j >= len(items) or not is_paren(items[j]):
            raise ReadError(f"{name} needs its argument in parentheses", pos)
        if name == "softmax":
            return self.softmax(items, j, pos, out, scope)
        return self.call_with(items, j, f, arity, elementwise, pos, out, scope)

    def arguments(self, items, j, arity, scope, bar: bool = False) -> list:
        """The arguments in the parentheses at j, split at commas, semicolons and the
        conditional bar (f(x; theta), p(x \\mid theta); with ``bar`` also p(x | theta))."""
        g = paren(items[j])
        bars = [x for x in g.items if tok_is(x, "char", "|")]
        single = bar and len(bars) == 1
        parts = split_at(g.items, lambda x: separator(x) or single and x is bars[0])
        if len(parts) > 1 and any(tok_is(x, "cmd") and x.text in ("ldots", "cdots") for x in g.items):
            return self.ellipsis_arguments(parts, g, scope)
        if arity is not None and len(parts) != arity:
            raise ReadError(f"expected {arity} argument{'s' if arity > 1 else ''}", g.pos)
        return [self.read(p, scope, g.pos, g.end) for p in parts]

    def call_with(self, items, j, f, arity, elementwise, pos, out: Emitted, scope, bar=False) -> int:
        out.hole(apply_function(f, self.arguments(items, j, arity, scope, bar), elementwise, pos), pos)
        return j + 1
