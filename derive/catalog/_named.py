"""A named intermediate quantity: printed by its name, checked by its value.

Backward passes read best in the names of the forward pass (y_1, z, a, delta_r); the
checkers unfold ``named(value, name)`` to ``value``, so nothing is taken on trust.
Not a derivation itself: the leading underscore keeps catalog discovery away.
"""
from __future__ import annotations

import sympy as sp

from derive.functions import Defined


class named(Defined):
    """named(value, name): the quantity ``value``, written as the symbol ``name``."""

    nargs = 2
    names_a_value = True    # the renderers print a 'where name = value' line for it
    names_a_value = True    # the renderers print a 'where name = value' line for it

    def definition(self):
        return self.args[0]

    @property
    def free_symbols(self):
        return self.args[0].free_symbols  # the name is a label, not a variable

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        s = printer._print(self.args[1])
        return s if exp is None else r"%s^{%s}" % (s, exp)

    def _sympystr(self, printer):
        return printer._print(self.args[1])


def names(values, labels) -> list:
    """``named`` quantities for parallel sequences of values and names."""
    return [named(v, sp.Symbol(str(n)) if isinstance(n, str) else n) for v, n in zip(values, labels)]
