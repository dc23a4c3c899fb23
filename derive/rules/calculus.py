"""Differentiation, one textbook rule at a time, on unevaluated ``Derivative(f, x)`` nodes.

    constant_rule              d/dx c = 0                                  "constant rule"
    variable_rule              d/dx x = 1,  d z_i / d z_j = delta_ij       "derivative of the variable"
    sum_rule                   (u + v)' = u' + v'                          "sum rule"
    constant_factor_rule       (c u)' = c u'                               "constant factor rule"
    quotient_rule              (u / v)' = (u' v - u v') / v^2              "quotient rule"
    product_rule               (u v)' = u' v + u v'                        "product rule"
    power_rule ... erf_rule    (x^n)' = n x^(n-1), (e^x)' = e^x, ...       "power rule", "derivative of exp", ...
    chain_rules                (f(u))' = f'(u) u'                          "chain rule, derivative of log", ...
    chain_unknown              (f(u))' = f'(u) u' for f known by name only "chain rule"
    log_differentiation        u^v = e^(v log u)                           "logarithmic differentiation"
    definition_inside(F)       d/dx softmax(z)_i = d/dx (e^{z_i} / sum_k e^{z_k})   "definition of softmax"
    sum_derivative             d/dz_j sum_k f(z_k) = sum_k d/dz_j f(z_k)   "derivative under the sum"
    kronecker_sift(A)          sum_k a_k delta_jk = a_j  (j in range)      "Kronecker delta sifting"
    higher_derivative          d^2 f / dx^2 = d/dx (df/dx), df/dx aside    "one derivative at a time"
    differentiate_directly     any derivative SymPy can evaluate           "differentiate directly"

Each rule rewrites one first-order derivative node; ``at_first``/``everywhere`` from
``core`` carry it into larger forms. ``next_rule`` picks what a careful textbook does
next (the first derivative in reading order, outermost first) and ``derivative_steps``
runs it to the end; ``inner_aside`` turns a chain rule into one step whose inner
derivative is computed beside it, as substeps.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import sympy as sp

from ..core.functions import sigmoid, softplus
from .core import Rule, at, reading_order, rule_on, split_factors, which
from .definitions import UNFOLDABLE, definition_name

MAX_STEPS = 200   # a derivative of a user's expression never needs more


# -- what the rules look at -------------------------------------------------------------
def depends(e: sp.Basic, x: sp.Basic) -> bool:
    """Whether ``e`` varies with ``x``; an entry z_j varies every entry z_k of z."""
    if isinstance(x, sp.Indexed):
        return any(ix.base == x.base for ix in e.atoms(sp.Indexed))
    return e.has(x)


def derivative_parts(e: sp.Basic) -> Optional[tuple]:
    """(f, x) for a first derivative d f / d x; None for anything else."""
    if isinstance(e, sp.Derivative) and len(e.variable_count) == 1 and e.variable_count[0][1] == 1:
        return e.expr, e.variable_count[0][0]
    return None


def variable_derivative(u: sp.Basic, x: sp.Basic) -> Optional[sp.Basic]:
    """d u / d x when u is the variable itself (1) or another entry of it (delta_ij)."""
    if u == x:
        return sp.S.One
    if isinstance(u, sp.Indexed) and isinstance(x, sp.Indexed) and u.base == x.base \
            and len(u.indices) == len(x.indices) == 1:
        return sp.KroneckerDelta(u.indices[0], x.indices[0])
    return None


def derivative_rule(name: str):
    """Decorator: a function (f, x) -> form | None becomes a Rule on Derivative nodes."""
    return rule_on(name, derivative_parts)


# -- linearity and the product / quotient rules -----------------------------------------
@derivative_rule("constant rule")
def constant_rule(f, x):
    """d/dx c = 0 for c free of x."""
    return sp.S.Zero if not depends(f, x) else None


@derivative_rule("derivative of the variable")
def variable_rule(f, x):
    """d/dx x = 1; in index notation d z_i / d z_j = delta_ij."""
    return variable_derivative(f, x)


@derivative_rule("sum rule")
def sum_rule(f, x):
    """(u + v)' = u' + v'."""
    if not isinstance(f, sp.Add):
        return None
    return sp.Add(*[sp.Derivative(t, x) for t in f.as_ordered_terms()])


@derivative_rule("constant factor rule")
def constant_factor_rule(f, x):
    """(c u)' = c u' for c free of x."""
    if not isinstance(f, sp.Mul):
        return None
    const, rest = split_factors(f, lambda a: depends(a, x))
    if const == 1 or rest == 1:
        return None
    return const * sp.Derivative(rest, x)


def _denominator(f: sp.Basic, x: sp.Basic) -> tuple:
    """(numerator, denominator) of a product whose denominator varies with x."""
    den = [a for a in f.args if a.is_Pow and a.exp.is_number and a.exp.is_negative
           and depends(a.base, x)]
    num = [a for a in f.args if a not in den]
    return sp.Mul(*num), sp.Mul(*[a.base ** (-a.exp) for a in den])


@derivative_rule("quotient rule")
def quotient_rule(f, x):
    """(u / v)' = (u' v - u v') / v^2, for u and v both varying with x."""
    if not isinstance(f, sp.Mul):
        return None
    u, v = _denominator(f, x)
    if v == 1 or not depends(u, x):
        return None
    return (sp.Derivative(u, x) * v - u * sp.Derivative(v, x)) / v ** 2


@derivative_rule("product rule")
def product_rule(f, x):
    """(u v)' = u' v + u v', with u the first factor and v the rest."""
    if not isinstance(f, sp.Mul) or sum(1 for a in f.args if depends(a, x)) < 2:
        return None
    u, *rest = f.as_ordered_factors()
    v = sp.Mul(*rest)
    return sp.Derivative(u, x) * v + u * sp.Derivative(v, x)


# -- elementary derivatives and the chain rule --------------------------------------------
@dataclass(frozen=True)
class Outer:
    """An outer function a textbook knows the derivative of: F(u) and F'(u)."""

    name: str
    argument: Callable[[sp.Basic, sp.Basic], Optional[sp.Basic]]   # (F, x) -> u, or None
    derivative: Callable[[sp.Basic], sp.Basic]                       # F -> F'(u)


def _function(cls, derivative: Callable[[sp.Basic], sp.Basic], name: str) -> Outer:
    return Outer(name, lambda F, x: F.args[0] if isinstance(F, cls) and len(F.args) == 1 else None,
                 lambda F: derivative(F.args[0]))


def _power_argument(F, x):
    return F.base if F.is_Pow and not depends(F.exp, x) else None


def _exponential_argument(F, x):
    return F.exp if F.is_Pow and not depends(F.base, x) and depends(F.exp, x) else None


OUTER = [
    Outer("power rule", _power_argument, lambda F: F.exp * F.base ** (F.exp - 1)),
    _function(sp.exp, sp.exp, "derivative of exp"),
    Outer("exponential rule", _exponential_argument, lambda F: F * sp.log(F.base)),
    _function(sp.log, lambda u: 1 / u, "derivative of log"),
    _function(sp.sin, sp.cos, "derivative of sin"),
    _function(sp.cos, lambda u: -sp.sin(u), "derivative of cos"),
    _function(sp.tan, lambda u: sp.sec(u) ** 2, "derivative of tan"),
    _function(sp.cot, lambda u: -sp.csc(u) ** 2, "derivative of cot"),
    _function(sp.sec, lambda u: sp.sec(u) * sp.tan(u), "derivative of sec"),
    _function(sp.csc, lambda u: -sp.csc(u) * sp.cot(u), "derivative of csc"),
    _function(sp.asin, lambda u: 1 / sp.sqrt(1 - u ** 2), "derivative of arcsin"),
    _function(sp.acos, lambda u: -1 / sp.sqrt(1 - u ** 2), "derivative of arccos"),
    _function(sp.atan, lambda u: 1 / (1 + u ** 2), "derivative of arctan"),
    _function(sp.sinh, sp.cosh, "derivative of sinh"),
    _function(sp.cosh, sp.sinh, "derivative of cosh"),
    _function(sp.tanh, lambda u: 1 - sp.tanh(u) ** 2, "derivative of tanh"),
    _function(sp.asinh, lambda u: 1 / sp.sqrt(u ** 2 + 1), "derivative of arsinh"),
    _function(sp.atanh, lambda u: 1 / (1 - u ** 2), "derivative of artanh"),
    _function(sp.erf, lambda u: 2 * sp.exp(-u ** 2) / sp.sqrt(sp.pi), "derivative of erf"),
    _function(sp.Abs, sp.sign, "derivative of the absolute value"),
    _function(sigmoid, lambda u: sigmoid(u) * (1 - sigmoid(u)), "derivative of sigmoid"),
    _function(softplus, sigmoid, "derivative of softplus"),
]


def elementary(outer: Outer) -> Rule:
    """F'(x) straight from the table, when F's argument is the variable itself."""

    @derivative_rule(outer.name)
    def go(F, x):
        u = outer.argument(F, x)
        dv = variable_derivative(u, x) if u is not None else None
        return None if dv is None else outer.derivative(F) * dv

    return go


def chain(outer: Outer) -> Rule:
    """(F(u))' = F'(u) u' for an inner function u of x; u' is left for the next steps."""

    @derivative_rule(f"chain rule, {outer.name}")
    def go(F, x):
        u = outer.argument(F, x)
        if u is None or not depends(u, x) or variable_derivative(u, x) is not None:
            return None
        return outer.derivative(F) * sp.Derivative(u, x)

    return go


ELEMENTARY = {o.name: elementary(o) for o in OUTER}   # by the name of the table entry
CHAIN = {o.name: chain(o) for o in OUTER}
ELEMENTARY_RULES, CHAIN_RULES = list(ELEMENTARY.values()), list(CHAIN.values())
power_rule, exp_rule, log_rule = (ELEMENTARY[k] for k in ("power rule", "derivative of exp",
                                                          "derivative of log"))
sigmoid_rule, softplus_rule = ELEMENTARY["derivative of sigmoid"], ELEMENTARY["derivative of softplus"]
chain_power, chain_exp, chain_log = (CHAIN[k] for k in ("power rule", "derivative of exp",
                                                        "derivative of log"))


@derivative_rule("chain rule")
def chain_unknown(f, x):
    """(f(u))' = f'(u) u' for a function f known only by name."""
    if not isinstance(f, sp.core.function.AppliedUndef) or len(f.args) != 1:
        return None
    u = f.args[0]
    if not depends(u, x) or variable_derivative(u, x) is not None:
        return None
    t = sp.Dummy("u")
    return sp.Subs(sp.Derivative(f.func(t), t), t, u) * sp.Derivative(u, x)


@derivative_rule("logarithmic differentiation")
def log_differentiation(f, x):
    """u^v = e^(v log u) when base and exponent both vary with x."""
    if not (f.is_Pow and depends(f.base, x) and depends(f.exp, x)):
        return None
    return sp.Derivative(sp.exp(f.exp * sp.log(f.base)), x)


@derivative_rule("derivative under the sum")
def sum_derivative(f, x):
    """d/dx sum_k f_k = sum_k d/dx f_k (finite sum, bounds free of x)."""
    if not isinstance(f, sp.Sum) or any(depends(b, x) for _, *bounds in f.limits for b in bounds):
        return None
    if any(lim[0] == x for lim in f.limits):
        return None
    return sp.Sum(sp.Derivative(f.function, x), *f.limits)


def definition_inside(cls) -> Rule:
    """d/dx F(...) = d/dx (definition of F), for a named function without its own rule."""

    @derivative_rule(definition_name(cls))
    def go(f, x):
        return sp.Derivative(f.definition(), x) if isinstance(f, cls) else None

    return go


@derivative_rule("differentiate directly")
def differentiate_directly(f, x):
    """Any derivative no textbook rule covers, evaluated by SymPy (a last resort)."""
    return sp.Derivative(f, x).doit()


# -- Kronecker deltas -------------------------------------------------------------------
def kronecker_sift(A=None) -> Rule:
    """sum_k a_k delta_jk = a_j, when j is known to lie in the range of k (from A)."""

    def go(e):
        if not isinstance(e, sp.Sum) or len(e.limits) != 1:
            return None
        k, lo, hi = e.limits[0]
        factors = list(sp.Mul.make_args(e.function))
        for d in factors:
            other = _delta_partner(d, k)
            if other is not None and _within(other, lo, hi, A):
                rest = list(factors)
                rest.remove(d)
                return sp.Mul(*rest).subs(k, other)
        return None

    return Rule("Kronecker delta sifting", go, go.__doc__ or "")


def _delta_partner(d, k):
    if not isinstance(d, sp.KroneckerDelta) or k not in d.args:
        return None
    other = d.args[1] if d.args[0] == k else d.args[0]
    return None if other.has(k) else other


def _within(j, lo, hi, A) -> bool:
    """Is index j certainly in lo..hi? From its declared range, or from numbers."""
    if A is not None and j in A.ranges:
        r = A.ranges[j]
        return sp.simplify(r.lower - lo).is_nonnegative is True and \
            sp.simplify(hi - r.upper).is_nonnegative is True
    if j.is_Integer and lo.is_Integer and hi.is_Integer:
        return lo <= j <= hi
    return False


# -- higher and mixed derivatives -------------------------------------------------------
def _first_of_several(e) -> Optional[tuple]:
    """(f, x, rest) for d^n f / d x ... with more than one differentiation to do."""
    if not isinstance(e, sp.Derivative) or derivative_parts(e) is not None:
        return None
    (x, count), *rest = e.variable_count
    return e.expr, x, ([(x, count - 1)] if count > 1 else []) + rest


def _once(e):
    found = _first_of_several(e)
    if found is None:
        return None
    f, x, rest = found
    steps = derivative_steps(sp.Derivative(f, x))
    return steps, rest, f, x


def _higher_rewrite(e):
    done = _once(e)
    if done is None or not done[0]:
        return None
    steps, rest, _, _ = done
    return sp.Derivative(steps[-1][0], *rest)


def _higher_substeps(e):
    done = _once(e)
    if done is None:
        return []
    steps, _, f, x = done
    return [(sp.Derivative(f, x), "the first derivative")] + steps


higher_derivative = Rule("one derivative at a time", _higher_rewrite,
                         "d^2 f / dx^2 = d/dx (df/dx): the first derivative is worked out beside",
                         _higher_substeps)


# -- the textbook's order ---------------------------------------------------------------
DIFF_RULES: list = [constant_rule, variable_rule, sum_rule, constant_factor_rule, quotient_rule,
                    product_rule, *ELEMENTARY_RULES, *CHAIN_RULES, chain_unknown,
                    log_differentiation, sum_derivative,
                    *[definition_inside(c) for c in UNFOLDABLE], higher_derivative]
LAST_RESORT: list = [differentiate_directly]


def next_rule(expr: sp.Basic, rules: list | None = None) -> Optional[Rule]:
    """The rule a careful textbook applies next, placed at its derivative.

    The first derivative in reading order (outermost first) that a textbook rule takes;
    only when none does, the first that SymPy can evaluate directly.
    """
    for table in (rules or DIFF_RULES, LAST_RESORT):
        for site in reading_order(expr):
            if isinstance(site, sp.Derivative):
                r = which(table, site)
                if r is not None:
                    return at(r, site)
    return None


def derivative_steps(expr: sp.Basic, rules: list | None = None) -> list:
    """[(form, rule name), ...] from ``expr`` until no derivative is left to evaluate."""
    out, cur = [], expr
    while len(out) < MAX_STEPS:
        r = next_rule(cur, rules)
        if r is None:
            break
        cur = r(cur)
        out.append((cur, r.name))
    return out


def inner_aside(chain_rule: Rule) -> Rule:
    """One chain-rule step whose inner derivative is worked out beside it (substeps)."""

    def inner(e):
        out = chain_rule(e)
        if out is None:
            return None
        site = next(d for d in reading_order(out) if isinstance(d, sp.Derivative))
        return site, out

    def go(e):
        found = inner(e)
        if found is None:
            return None
        site, out = found
        steps = derivative_steps(site)
        return out.xreplace({site: steps[-1][0]}) if steps else out

    def substeps(e):
        found = inner(e)
        if found is None:
            return []
        site, _ = found
        return [(site, "inner derivative")] + derivative_steps(site)

    return Rule(chain_rule.name, go, chain_rule.doc, substeps)


NESTED_RULES: list = [inner_aside(r) if r in CHAIN_RULES else r for r in DIFF_RULES]
