"""Step-by-step derivatives of any expression: ``diff_steps(expr, wrt)``.

The derivation starts at d/dx expr and applies one named rule per step, the way a
careful textbook does: the first derivative in reading order, outermost rule first
(product before chain, chain before the inner function). It ends with one tidying
step when that makes the result shorter, and every step is verified before return.
"""
from __future__ import annotations

import sympy as sp

from .core.assumptions import Assumptions
from .verify.budget import within
from .derivation import Derivation
from .rules.algebra import cancel_rule, common_denominator, factor_rule, simplify_rule
from .rules.core import Rule
from .rules.calculus import DIFF_RULES, MAX_STEPS, NESTED_RULES, next_rule

TIDY_RULES = (cancel_rule, common_denominator, factor_rule, simplify_rule)   # cheap first
TIDY_SECONDS = 2.0   # for all the tidying candidates together


def diff_steps(expr: sp.Basic, wrt: sp.Basic, *, nested: bool = False,
               assumptions: Assumptions | None = None, budget: float = 4.0) -> Derivation:
    """Differentiate ``expr`` with respect to ``wrt`` one named rule at a time.

    ``nested=True`` works each chain rule's inner derivative out beside the step (its
    substeps) instead of in the main line; the main line is then shorter, and the
    LaTeX (which prints the main line) names fewer rules. Steps carry their verdicts.
    """
    if not isinstance(expr, sp.Basic):
        raise TypeError(f"diff_steps needs a SymPy expression, not {type(expr).__name__} "
                        "(read LaTeX with derive.parse first)")
    if not isinstance(wrt, (sp.Symbol, sp.Indexed)):
        raise TypeError(f"can only differentiate with respect to a symbol, not {sp.sstr(wrt)}")
    d = Derivation("derivative", f"Derivative of {sp.sstr(expr)} with respect to {sp.sstr(wrt)}",
                   pillar="calculus", assumptions=assumptions, budget=budget)
    d.start(sp.Derivative(expr, wrt))
    rules = NESTED_RULES if nested else DIFF_RULES
    for _ in range(MAX_STEPS):
        r = next_rule(d.result, rules)
        if r is None:
            break
        d.apply(r)
    tidy = tidiest(d.result)
    if tidy is not None:
        d.apply(tidy)
    d.verify()
    return d


def tidiest(expr: sp.Basic):
    """The tidying rule that shortens ``expr`` most (fewest operations), or None.

    The rule returned replays the form already computed, so SymPy works only once.
    """
    if expr.has(sp.Derivative):
        return None
    best, best_out, best_ops = None, None, sp.count_ops(expr)
    with within(TIDY_SECONDS):  # keep the best found in time
        for r in TIDY_RULES:
            try:
                out = r(expr)
            except (RecursionError, ValueError, TypeError, AttributeError, sp.PolynomialError):
                continue  # a tidy SymPy cannot do is skipped
            if out is not None and sp.count_ops(out) < best_ops:
                best, best_out, best_ops = r, out, sp.count_ops(out)
    if best is None:
        return None
    return Rule(best.name, lambda e: best_out if e == expr else None, best.doc)
