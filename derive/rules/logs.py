"""Laws of logarithms, one rule a line.

Arguments of log are taken positive, as a textbook does; the verifier checks every use
under the derivation's assumptions, so a law used where it fails is refuted.

    log_of_product        log(a b) = log a + log b;  log prod_k f_k = sum_k log f_k   "log of a product"
    log_of_quotient       log(a / b) = log a - log b                                  "log of a quotient"
    log_of_power          log(a^b) = b log a                                          "log of a power"
    log_of_exp            log(e^a) = a                                                "log of exp"
    exp_of_log            e^(b log a) = a^b                                           "exp of log"
    merge_log_quotient    c log a - c log b = c log(a / b)                            "log of a quotient"
    merge_log_product     c log a + c log b = c log(a b)                              "log of a product"
    log_sum_exp_shift(m)  log sum_k e^(z_k) = m + log sum_k e^(z_k - m)               "log-sum-exp shift"
    laws_of_logs          the expanding laws above, everywhere                        "laws of logarithms"
"""
from __future__ import annotations

from typing import Optional

import sympy as sp

from .core import Rule, everywhere, first, rule


def _log_arg(e) -> Optional[sp.Basic]:
    return e.args[0] if isinstance(e, sp.log) and len(e.args) == 1 else None


@rule("log of a product")
def log_of_product(e):
    """log(a b c) = log a + log b + log c (numeric factors kept together)."""
    a = _log_arg(e)
    if isinstance(a, sp.Product):
        return sp.Sum(sp.log(a.function), *a.limits)
    if not isinstance(a, sp.Mul):
        return None
    numbers = sp.Mul(*[f for f in a.args if not f.free_symbols])
    others = [f for f in a.as_ordered_factors() if f.free_symbols]
    if len(others) + (numbers != 1) < 2:
        return None
    return sp.Add(*([sp.log(numbers)] if numbers != 1 else []), *[sp.log(f) for f in others])


@rule("log of a quotient")
def log_of_quotient(e):
    """log(a / b) = log a - log b."""
    a = _log_arg(e)
    if a is None:
        return None
    num, den = sp.fraction(a)
    if den == 1:
        return None
    return sp.log(num) - sp.log(den)


@rule("log of a power")
def log_of_power(e):
    """log(a^b) = b log a."""
    a = _log_arg(e)
    if a is None or not a.is_Pow:
        return None
    return a.exp * sp.log(a.base)


@rule("log of exp")
def log_of_exp(e):
    """log(e^a) = a."""
    a = _log_arg(e)
    return a.args[0] if isinstance(a, sp.exp) else None


@rule("exp of log")
def exp_of_log(e):
    """e^(b log a) = a^b."""
    if not isinstance(e, sp.exp):
        return None
    logs = [f for f in sp.Mul.make_args(e.args[0]) if isinstance(f, sp.log)]
    if len(logs) != 1:
        return None
    rest = sp.Mul(*[f for f in sp.Mul.make_args(e.args[0]) if f is not logs[0]])
    return logs[0].args[0] ** rest


def _log_term(t) -> Optional[tuple]:
    """(c, a) when the term t is c log a, with c free of logs."""
    factors = sp.Mul.make_args(t)
    logs = [f for f in factors if isinstance(f, sp.log)]
    if len(logs) != 1:
        return None
    c = sp.Mul(*[f for f in factors if f is not logs[0]])
    return (c, logs[0].args[0]) if not c.has(sp.log) else None


def _merge_pairs(sign: int, name: str) -> Rule:
    """Merge the first pair of terms c log a and (sign) c log b of a sum."""

    def go(e):
        if not isinstance(e, sp.Add):
            return None
        terms = list(e.as_ordered_terms())
        for i, t in enumerate(terms):
            for j, u in enumerate(terms):
                p, q = _log_term(t), _log_term(u)
                if i == j or p is None or q is None or sp.expand(q[0] - sign * p[0]) != 0:
                    continue
                merged = p[0] * sp.log(p[1] * q[1] ** sign)
                return sp.Add(*[merged if k == i else s for k, s in enumerate(terms) if k != j])
        return None

    return Rule(name, go, go.__doc__ or "")


merge_log_quotient = _merge_pairs(-1, "log of a quotient")
merge_log_product = _merge_pairs(1, "log of a product")


def log_sum_exp_shift(m: sp.Basic) -> Rule:
    """log sum_k e^(z_k) = m + log sum_k e^(z_k - m): the overflow-safe form, for any m."""

    def go(e):
        a = _log_arg(e)
        if isinstance(a, sp.Sum) and isinstance(a.function, sp.exp):
            return m + sp.log(sp.Sum(sp.exp(a.function.args[0] - m), *a.limits))
        if isinstance(a, sp.Add) and all(isinstance(t, sp.exp) for t in a.args):
            return m + sp.log(sp.Add(*[sp.exp(t.args[0] - m) for t in a.as_ordered_terms()]))
        return None

    return Rule("log-sum-exp shift", go, go.__doc__ or "")


laws_of_logs = everywhere(first(log_of_product, log_of_quotient, log_of_power, log_of_exp,
                                name="laws of logarithms"))
