"""Hypothesis strategies: random expression trees in one variable, for property tests.

Trees are built from x and a few constants with + * / ^ exp log sin tanh and sigmoid;
forms SymPy turns into infinities, NaN or complex constants are left out, and so are
forms that grow past what a finite difference can check (see ``_tame``).
"""
import operator

import sympy as sp
from hypothesis import strategies as st

from derive.core.functions import sigmoid

X = sp.Symbol("x", real=True)
UNARY = (sp.exp, sp.log, sp.sin, sp.tanh, sigmoid)
BINARY = (operator.add, operator.mul, operator.truediv, operator.pow)
EXPONENTS = (2, 3, -1, sp.Rational(1, 2))


def _usable(e) -> bool:
    return isinstance(e, sp.Expr) and not e.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) and _tame(e)


def _tame(e) -> bool:
    """No part of e grows past 1e12 where the checker samples x (|x| < 5): e^(e^x) or
    sin(x^(x^3)) there defeat any finite difference, which then refutes true identities
    (reported to the lead); the rules are not what such a test would be testing."""
    for part in sp.preorder_traversal(e):
        if part.has(X) and not part.is_Symbol:
            for v in (-4.8, -2.5, 2.5, 4.8):
                try:
                    value = complex(part.evalf(15, subs={X: v}))
                except (TypeError, ValueError, OverflowError, ZeroDivisionError):
                    continue
                if abs(value) > 1e12:
                    return False
    return True


def trees(x: sp.Symbol = X, max_leaves: int = 5, constants=(2, 3, sp.Rational(1, 2))):
    """Random expressions in ``x`` (x is the likeliest leaf)."""
    leaves = st.sampled_from([x, x, x] + [sp.sympify(c) for c in constants])

    def extend(children):
        unary = st.builds(lambda f, a: f(a), st.sampled_from(UNARY), children)
        binary = st.builds(lambda op, a, b: op(a, b), st.sampled_from(BINARY), children, children)
        power = st.builds(lambda a, n: a ** n, children, st.sampled_from(EXPONENTS))
        return unary | binary | power

    return st.recursive(leaves, extend, max_leaves=max_leaves).filter(_usable)


def varying_trees(x: sp.Symbol = X, max_leaves: int = 5):
    """Random expressions that really depend on x."""
    return trees(x, max_leaves).filter(lambda e: e.has(x))
