"""The symbolic ladder: prove lhs == rhs by rewrites from cheap to expensive.

Rungs run in order under one time budget; the first that reduces the difference to
zero names the proof. Assumptions enter as SymPy assumptions on fresh symbols
(positive, integer, ...), as index ranges (so Kronecker-delta sums sift) and as
simplex constraints (a sum of probabilities is 1).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Callable, Optional

import sympy as sp
from sympy.core.relational import Relational

from ..core.assumptions import Assumptions
from ..core.chain import EQUALITY, ORDER
from ..core.functions import Expectation, unfold_defined
from ..core.treemap import bottom_up_map
from .budget import BudgetExceeded, Deadline, within
from .symmetry import orbits

_SYMPY_FLAGS = {
    "positive": dict(positive=True), "nonnegative": dict(nonnegative=True),
    "negative": dict(negative=True), "unit": dict(positive=True),
    "simplex": dict(positive=True), "integer": dict(integer=True),
    "positive_integer": dict(integer=True, positive=True),
    "nonnegative_integer": dict(integer=True, nonnegative=True),
    "real": dict(real=True), "random": dict(real=True),
}


def with_assumptions(expr: sp.Basic, A: Assumptions) -> tuple[sp.Basic, dict]:
    """Replace declared symbols by twins carrying SymPy assumptions; return the map back."""
    forward: dict = {}
    for target, dom in A.domains.items():
        flags = _SYMPY_FLAGS.get(dom, {})
        if isinstance(target, sp.IndexedBase):
            forward[target] = sp.IndexedBase(target.name, **flags)
            forward[target.label] = forward[target].label
        elif isinstance(target, sp.Symbol):
            forward[target] = sp.Symbol(target.name, **flags)
    for s in A.ranges:
        forward.setdefault(s, sp.Symbol(s.name, integer=True))
    forward = {k: v for k, v in forward.items() if k != v}
    if not forward:
        return expr, {}
    return expr.xreplace(forward), {v: k for k, v in forward.items()}


def sift_ranges(expr: sp.Basic, A: Assumptions) -> sp.Basic:
    """Turn range conditions an index always meets (1 <= j, j <= n) into True."""
    if not A.ranges or not expr.has(Relational):
        return expr
    known = []
    for s, r in A.ranges.items():
        known += [sp.expand(s - r.lower), sp.expand(r.upper - s)]
    names = {str(k) for k in known}

    def implied(rel):
        if isinstance(rel, (sp.GreaterThan, sp.StrictGreaterThan)):
            d = sp.expand(rel.lhs - rel.rhs)
        elif isinstance(rel, (sp.LessThan, sp.StrictLessThan)):
            d = sp.expand(rel.rhs - rel.lhs)
        else:
            return rel
        strict = isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan))
        if str(d) in names and not strict:
            return sp.true
        return rel

    return expr.replace(lambda e: isinstance(e, Relational), implied)


def simplex_sums(expr: sp.Basic, A: Assumptions) -> sp.Basic:
    """Replace sum_k p_k over the full range of a simplex p by 1."""
    bases = {b.name: A.sizes.get(b) for b in A.simplex_bases()}
    if not bases or not expr.has(sp.Sum):
        return expr

    def is_total(e):
        if not isinstance(e, sp.Sum) or len(e.limits) != 1:
            return False
        k, lo, hi = e.limits[0]
        f = e.function
        return (isinstance(f, sp.Indexed) and f.base.name in bases and f.indices == (k,)
                and lo == 1 and (bases[f.base.name] is None or sp.simplify(hi - bases[f.base.name]) == 0))

    return expr.replace(is_total, lambda e: sp.S.One)


def split_sums(expr: sp.Basic) -> sp.Basic:
    """Linearity of sums: split over +, pull out factors free of the summation index."""

    def one(s):
        if len(s.limits) != 1:
            return s
        k = s.limits[0][0]
        f = sp.expand(sp.expand_power_exp(sp.expand(s.function)))
        terms = sp.Add.make_args(f)
        out = []
        for t in terms:
            c, rest = t.as_independent(k, as_Add=False)
            out.append(c * sp.Sum(rest, s.limits[0]) if rest != 1 else c * (s.limits[0][2] - s.limits[0][1] + 1))
        return sp.Add(*out)

    prev = None
    while prev != expr:
        prev = expr
        expr = expr.replace(lambda e: isinstance(e, sp.Sum), one)
    return expr


def log_of_products(expr: sp.Basic) -> sp.Basic:
    """log(prod_k f_k) = sum_k log f_k when every factor is positive."""
    def one(e):
        arg = e.args[0]
        if isinstance(arg, sp.Product) and sp.powsimp(arg.function).is_positive:
            return sp.Sum(sp.log(arg.function), *arg.limits)
        return e
    return expr.replace(lambda e: isinstance(e, sp.log), one) if expr.has(sp.Product) else expr


def peel_sums(expr: sp.Basic) -> sp.Basic:
    """Bring sums whose upper bounds differ by a constant (t vs t - 1) to the same bound.

    sum_{k=a}^{u+c} f = sum_{k=a}^{u} f + f(u+1) + ... + f(u+c): the step an induction
    proof needs to compare m_t with m_{t-1}.
    """
    sums = [x for x in expr.atoms(sp.Sum) if len(x.limits) == 1]
    if len(sums) < 2:
        return expr
    rep = {}
    for x in sums:
        k, lo, hi = x.limits[0]
        for y in sums:
            c = sp.simplify(hi - y.limits[0][2])
            if c.is_Integer and 0 < c <= 5 and y.limits[0][1] == lo:
                base = y.limits[0][2]
                rep[x] = sp.Sum(x.function, (k, lo, base)) + sp.Add(
                    *[x.function.xreplace({k: base + m}) for m in range(1, int(c) + 1)])
                break
    return expr.xreplace(rep) if rep else expr


def delta_normal(expr: sp.Basic) -> sp.Basic:
    """delta_ij f(i, j) = delta_ij f(i, i): in each term, a Kronecker delta of two free
    indices lets one index stand for the other (the smaller name is kept)."""
    if not expr.has(sp.KroneckerDelta):
        return expr
    out = []
    for term in sp.Add.make_args(sp.expand(expr)):
        for dl in [f for f in sp.Mul.make_args(term) if isinstance(f, sp.KroneckerDelta)]:
            a, b = dl.args
            if a.is_Symbol and b.is_Symbol:
                keep, drop = sorted((a, b), key=sp.default_sort_key)
                term = dl * (term / dl).subs(drop, keep)
        out.append(term)
    return sp.Add(*out)


def _log_expand(e):
    return sp.expand(sp.expand_log(e, force=False))


def _sums(e):
    e = peel_sums(log_of_products(e))
    return sp.expand(split_sums(sp.expand_log(split_sums(e), force=False)))


def _powers(e):
    return sp.expand(sp.powsimp(sp.powdenest(sp.expand_power_base(e))))


def _closed(e):
    """Tidy a closed form: powers with symbolic exponents split, then one cancel."""
    return sp.cancel(sp.expand(sp.expand_power_exp(sp.cancel(e))))


# each rung: (name, function of the difference); order is cheap to expensive
LADDER: list[tuple[str, Callable]] = [
    ("expand", sp.expand),
    ("cancel", lambda e: sp.cancel(sp.together(e))),
    ("Kronecker delta", lambda e: sp.cancel(sp.together(delta_normal(e)))),
    ("expand_log", _log_expand),
    ("sum linearity", _sums),
    ("powsimp", _powers),
    ("trigsimp", lambda e: sp.trigsimp(sp.expand(e))),
    ("exp rewrite", lambda e: sp.cancel(sp.expand(sp.powsimp(sp.expand(e.rewrite(sp.exp)))))),
    ("closed-form sums", None),   # filled in by _ladder: needs the assumptions
    ("simplify", sp.simplify),
]


def prove(lhs: sp.Basic, rhs: sp.Basic, relation: str, A: Assumptions, budget: float,
          lemmas: dict | None = None) -> tuple[Optional[bool], str]:
    """Stage 4: (True, rung) when a symbolic proof closes ``lhs relation rhs``; (None, why).

    ``lemmas`` (earlier results) are substituted here only: numbers need no help."""
    if lemmas:
        lhs, rhs = (e.xreplace(lemmas) if isinstance(e, sp.Basic) else e for e in (lhs, rhs))
    if relation in EQUALITY:
        return prove_equal(lhs, rhs, A, budget)
    flip, strict = ORDER[relation]
    small, big = (rhs, lhs) if flip else (lhs, rhs)
    return prove_inequality(small, big, strict, A, budget)


def prove_equal(lhs: sp.Basic, rhs: sp.Basic, A: Assumptions | None = None,
                budget: float = 2.0) -> tuple[Optional[bool], str]:
    """(True, rung) when the ladder reduces lhs - rhs to zero; (None, reason) otherwise."""
    A = A if A is not None else Assumptions()   # an empty one is falsy: keep its memo
    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        return _prove_matrix(lhs, rhs, A, budget)
    if lhs == rhs:
        return True, "identical"
    if hasattr(lhs, "recurrence") or hasattr(rhs, "recurrence"):
        how = by_induction(lhs, rhs, A, budget)
        return (True, how) if how else (None, "induction did not close")
    if isinstance(lhs, Expectation) and isinstance(rhs, Expectation):
        ok, how = prove_equal(lhs.args[0], rhs.args[0], A, budget)
        if ok:
            return True, f"equal arguments ({how})"
    ok, how = _ladder(lhs, rhs, A, budget)
    if ok or how.startswith("symbolic budget"):
        return ok, how
    return _unit_reparametrised(lhs, rhs, A, budget) or (ok, how)


def _unit_reparametrised(lhs, rhs, A, budget):
    """Retry with p = a / (1 + a), a > 0, for p in (0, 1): then p and 1 - p are both
    manifestly positive, which SymPy's log and power rules need."""
    rep, B = _unit_substitution(lhs, rhs, A)
    if not rep:
        return None
    ok, how = _ladder(lhs.xreplace(rep), rhs.xreplace(rep), B, budget)
    return (True, f"{how}, with p = a/(1+a)") if ok else None


def _unit_substitution(lhs, rhs, A):
    """({p: a/(1+a)} for each (0, 1) symbol p, assumptions with a > 0), or ({}, A)."""
    units = [t for t, d in A.domains.items() if d == "unit" and isinstance(t, sp.Symbol)
             and (lhs.has(t) or rhs.has(t))]
    bound = {v for e in (lhs, rhs) for d in e.atoms(sp.Derivative) for v in d.variables}
    if not units or bound & set(units):  # d/dp cannot be taken after p = a/(1+a)
        return {}, A
    B = A.copy()
    rep = {}
    for u in units:
        a = sp.Symbol(f"{u.name}_odds")
        B.domains.pop(u, None)
        B.declare(a, "positive")
        rep[u] = a / (1 + a)
    return rep, B


def _ladder(lhs, rhs, A, budget):
    deadline = Deadline(budget)
    try:
        with within(budget) as run:
            a, _ = with_assumptions(lhs, A)
            b, _ = with_assumptions(rhs, A)
            diff = unfold_defined(a - b)
            if diff == 0:
                return True, "definition"
            # each side once: a step's right side is the next step's left side
            diff = simplex_sums(canonical_bound(_prepared(a, A) - _prepared(b, A)), A)
            if diff == 0:
                return True, "evaluate (doit)"
            for name, rung in LADDER:
                if deadline.expired():
                    break
                if rung is None:
                    if not diff.has(sp.Sum, sp.Product):
                        continue
                    rung = lambda e: _closed(_sums(_prepare(e, A, sums=True)))  # noqa: E731
                try:
                    d = rung(diff)
                except BudgetExceeded:
                    raise
                except Exception:  # a rung that cannot handle the form is just inconclusive
                    continue
                d = simplex_sums(canonical_bound(d), A)  # rungs rebuild sums: rename again
                if d == 0 or (d.is_number and d.is_zero):
                    return True, name
        if run.ran_out:
            return None, f"symbolic budget of {budget:g} s exhausted"
    except RecursionError:
        return None, "symbolic rewrite recursed too deeply"
    except (ValueError, TypeError, NotImplementedError, AttributeError, ZeroDivisionError) as exc:
        # SymPy gave up on a form (e.g. a derivative it cannot take): no proof, no crash
        return None, f"symbolic evaluation failed ({type(exc).__name__})"
    return None, "no rung of the symbolic ladder closed the gap"


_OPERATORS = (sp.Derivative, sp.Integral, sp.Limit, sp.Subs)


def _evaluate(diff, sums: bool):
    """doit on derivatives, integrals, limits (and, if ``sums``, sums and products), one
    level at a time. Sums are otherwise only evaluated when a Kronecker delta of their
    index lets them sift: closed forms of general sums are costly, so they wait for
    their own rung."""
    def wanted(e):
        if isinstance(e, _OPERATORS):
            return True
        if isinstance(e, (sp.Sum, sp.Product)):
            if sums:
                return True
            idx = {lim[0] for lim in e.limits}
            return any(idx & d.free_symbols for d in e.function.atoms(sp.KroneckerDelta))
        return False

    for _ in range(6):  # a derivative of a sum yields a delta sum, which then sifts
        if not any(wanted(e) for e in sp.preorder_traversal(diff)):
            break
        new = diff.replace(wanted, _doit_one)
        if new == diff:
            break
        diff = new
    return diff


_PLACEHOLDER = sp.Symbol("_bound")


def _prepared(expr: sp.Basic, A: Assumptions) -> sp.Basic:
    """_prepare of one side, remembered on the assumptions (they define the result)."""
    key = ("prepared", expr)
    if key not in A.memo:
        A.memo[key] = _prepare(unfold_defined(expr), A)
    return A.memo[key]


def canonical_bound(expr: sp.Basic) -> sp.Basic:
    """Rename every summation index after the sum's own content, so that sum_i f(i)
    and sum_k f(k) become one object. Inner sums are renamed first; a name depends
    on the body (with the index blanked) and the range, so sums that differ never
    share one, and a sum that does not use an outer index looks the same anywhere."""
    if not expr.has(sp.Sum, sp.Product):
        return expr

    def node(e):
        if isinstance(e, (sp.Sum, sp.Product)) and len(e.limits) == 1:
            v, lo, hi = e.limits[0]
            key = sp.srepr((e.func, e.function.xreplace({v: _PLACEHOLDER}), lo, hi))
            c = sp.Symbol("_b" + hashlib.sha1(key.encode()).hexdigest()[:10], integer=True)
            return e.func(e.function.xreplace({v: c}), (c, lo, hi))
        return e

    return bottom_up_map(expr, node)


@lru_cache(maxsize=4096)
def _doit_one(e):
    """One operator evaluated; integrands expanded first (SymPy integrates sums of
    simple terms far faster than one product of them). A pure function of the form,
    so remembered: steps and display forms meet the same derivative or integral again."""
    if isinstance(e, sp.Integral):
        e = sp.Integral(sp.expand(e.function, deep=False), *e.limits)
    return e.doit(deep=False)


def _prepare(diff, A, sums: bool = False):
    """Evaluate unevaluated operators and apply the assumptions' side facts."""
    diff = canonical_bound(simplex_sums(diff, A))
    if diff.has(Expectation):
        diff = expectations(diff, A)
    diff = _evaluate(diff, sums)
    diff = sift_ranges(diff, A)
    diff = unit_conditions(diff, A)
    if diff.has(sp.Piecewise):
        diff = sp.piecewise_fold(diff)
        diff = diff.replace(lambda e: isinstance(e, sp.Piecewise), lambda e: e.func(*e.args))
    return simplex_sums(diff, A)


def unit_conditions(expr: sp.Basic, A: Assumptions) -> sp.Basic:
    """For x in (0, 1), the cases x = 0 and x = 1 of a Piecewise never happen."""
    units = {t.name for t, d in A.domains.items() if d == "unit" and isinstance(t, sp.Symbol)}
    if not units or not expr.has(sp.Piecewise):
        return expr

    def possible(e):
        """Can this equation in one (0, 1) symbol hold inside (0, 1)? None if unclear."""
        syms = [x for x in e.free_symbols if x.name in units]
        if len(syms) != 1 or len(e.free_symbols) != 1:
            return None
        try:
            sols = sp.solveset(e.lhs - e.rhs, syms[0], sp.Interval.open(0, 1))
        except Exception:  # noqa: BLE001 - undecidable here: leave the condition alone
            return None
        return None if not isinstance(sols, sp.FiniteSet) and sols != sp.S.EmptySet else bool(sols)

    def cond(e):
        ok = possible(e if isinstance(e, sp.Eq) else sp.Eq(*e.args))
        if ok is False:
            return sp.false if isinstance(e, sp.Eq) else sp.true
        return e

    return expr.replace(lambda e: isinstance(e, (sp.Eq, sp.Ne)), cond)


def expectations(expr: sp.Basic, A: Assumptions) -> sp.Basic:
    """Linearity of expectation, constants out, and i.i.d. members of a family alike.

    E is pushed through sums (finite or with symbolic bounds) and products with
    non-random factors; E[g_k] for a member g_k of an i.i.d. family becomes E[g] of the
    family's representative, so stationarity is a rewrite, not an assumption of faith.
    Distinct random variables are independent (the sampler draws them so), but g_k and
    g_j with symbolic k, j may be the same variable and are never split.
    """
    # looked up by name: the prover works on twins of the declared symbols
    families = {str(getattr(t, "label", t)): A.families.get(t, str(t))
                for t, dom in A.domains.items() if dom == "random"}

    def name(a):
        return str(a.base.label) if isinstance(a, sp.Indexed) else str(a)

    def random_in(e):
        """Random atoms of e, not counting those inside a nested E[...] (a constant)."""
        found = set()

        def walk(x):
            if isinstance(x, Expectation):
                return
            if isinstance(x, sp.Indexed):
                if name(x) in families:
                    found.add(x)
                return
            if isinstance(x, sp.Symbol) and name(x) in families:
                found.add(x)
            for a in x.args:
                walk(a)

        walk(e)
        return found

    joint = A.joint_families()

    def distinct(a, b):
        """Provably different and independent random variables?"""
        if families.get(name(a)) in joint and families.get(name(b)) in joint:
            return False   # two single random symbols may be dependent unless declared not
        if name(a) != name(b) or not (isinstance(a, sp.Indexed) and isinstance(b, sp.Indexed)):
            return a != b
        ia, ib = a.indices, b.indices
        return all(x.is_Integer for x in ia + ib) and ia != ib

    def independent_groups(factors):
        """Group factors so that factors in different groups share no random variable."""
        groups: list = []
        for f in factors:
            rs = random_in(f)
            linked = [g for g in groups if any(not distinct(a, b) for a in rs for b in g[0])]
            merged = (set(rs), [f])
            for g in linked:
                groups.remove(g)
                merged = (merged[0] | g[0], merged[1] + g[1])
            groups.append(merged)
        return [sp.Mul(*fs) for _, fs in groups]

    def push(arg):
        arg = sp.expand(arg)
        if isinstance(arg, sp.Add):
            return sp.Add(*[push(t) for t in arg.args])
        if isinstance(arg, sp.Sum):
            return sp.Sum(push(arg.function), *arg.limits)
        if isinstance(arg, sp.Mul):
            const = [f for f in arg.args if not random_in(f)]
            rest = [f for f in arg.args if random_in(f)]
            if const and rest:
                return sp.Mul(*const) * push(sp.Mul(*rest))
            groups = independent_groups(rest)
            if len(groups) > 1:  # independence: E[XY] = E[X] E[Y]
                return sp.Mul(*[push(g) for g in groups])
        rs = random_in(arg)
        if not rs:
            return arg
        fams = {families[name(r)] for r in rs}
        if len(rs) == 1 and len(fams) == 1:
            (r,) = rs
            rep = sp.Symbol(f"{fams.pop()}", real=True)
            return Expectation(arg.xreplace({r: rep}))
        return Expectation(arg)

    expr = unfold_defined(expr)
    return expr.replace(lambda e: isinstance(e, Expectation), lambda e: push(e.args[0]))


def by_induction(lhs: sp.Basic, rhs: sp.Basic, A: Assumptions, budget: float):
    """Prove recurrence(t) == closed(t): equal at t = 0, and closed form obeys the step."""
    rec = lhs if hasattr(lhs, "recurrence") else rhs if hasattr(rhs, "recurrence") else None
    if rec is None:
        return None
    closed = rhs if rec is lhs else lhs
    t = rec.args[3]
    init, step = rec.recurrence()
    base = prove_equal(closed.subs(t, 0), init, A, budget / 2)[0]
    if not base:
        return None
    ok, how = prove_equal(closed, step(closed.subs(t, t - 1), t), A, budget / 2)
    return f"induction on {t} ({how})" if ok else None


def _prove_matrix(lhs, rhs, A, budget):
    if not (isinstance(lhs, sp.MatrixBase) and isinstance(rhs, sp.MatrixBase)):
        return None, "a matrix compared with a scalar"
    if lhs.shape != rhs.shape:
        return False, f"shapes differ: {lhs.shape} vs {rhs.shape}"
    sym = orbits(lhs, rhs, A)   # large and symmetric: one entry per orbit (symmetry.py)
    entries = list(zip(lhs, rhs))
    positions = sym.representatives if sym else range(len(entries))
    per = budget / max(1, len(positions))
    rungs = []
    for pos in positions:
        ok, rung = prove_equal(*entries[pos], A, per)
        if not ok:
            return None, rung
        rungs.append(rung)
    how = "elementwise: " + ", ".join(sorted(set(rungs)))
    return True, how + (f"; {sym.describe(len(entries))}" if sym else "")


def prove_inequality(small: sp.Basic, big: sp.Basic, strict: bool, A: Assumptions | None = None,
                     budget: float = 2.0) -> tuple[Optional[bool], str]:
    """Prove small <= big (or <) from SymPy's sign assumptions on big - small; for
    symbols in (0, 1), also after p = a/(1+a), where 1 - p is visibly positive."""
    A = A if A is not None else Assumptions()   # an empty one is falsy: keep its memo
    ok, how = _sign(small, big, strict, A, budget)
    if ok:
        return ok, how
    rep, B = _unit_substitution(small, big, A)
    if rep:
        ok2, how2 = _sign(small.xreplace(rep), big.xreplace(rep), strict, B, budget)
        if ok2:
            return ok2, how2 + ", with p = a/(1+a)"
    return ok, how


def _sign(small, big, strict, A, budget):
    try:
        with within(budget) as run:
            a, _ = with_assumptions(small, A)
            b, _ = with_assumptions(big, A)
            d = _prepare(unfold_defined(b - a), A)
            for name, f in (("sign", lambda e: e), ("expand", sp.expand), ("factor", sp.factor),
                            ("simplify", sp.simplify)):
                e = f(d)
                verdict = e.is_positive if strict else e.is_nonnegative
                if verdict:
                    return True, f"difference is {'positive' if strict else 'nonnegative'} ({name})"
        if run.ran_out:
            return None, f"symbolic budget of {budget:g} s exhausted"
    except BudgetExceeded:  # an enclosing budget's: its owner ends the work
        raise
    except Exception:  # noqa: BLE001 - SymPy could not sign it: no proof
        pass
    return None, "sign of the difference not established symbolically"
