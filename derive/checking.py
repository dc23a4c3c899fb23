"""``derive.check(lhs, rhs)``: is an identity true? LaTeX or SymPy in, a Verdict out.

Both sides are brought to one vocabulary (LaTeX parsed, declared shapes made explicit,
symbols of the same name unified, plain symbols made real) and handed to the verifier,
which samples first, refuting at once on a confirmed mismatch, and tries a symbolic
proof only when the samples agree.
"""
from __future__ import annotations

import dataclasses
import math
import re
import time
from typing import Any, Mapping

import sympy as sp

from .core.dependence import apply_chain, chain_reading, describe
from .core.assumptions import Assumptions, AssumptionError, CheckError
from .latex import ParseError, coerce_shapes, matrix_of, parse, parse_together
from .core.verdict import Verdict
from .verify import verify_relation
from .verify.budget import within

PARSE_SECONDS = 5.0   # reading the input; a long budget=... gives reading as long

_SHAPE = re.compile(r"^\s*\d+\s*[x×,]\s*\d+\s*$")


def split_assumptions(assumptions) -> tuple[Any, dict]:
    """(domains, shapes) from {"x": "positive", "A": (2, 2) or "2x2", "p": "3x1 positive"}."""
    if assumptions is None or isinstance(assumptions, Assumptions):
        return assumptions, {}
    if not isinstance(assumptions, Mapping):
        raise AssumptionError("assumptions must be a dict such as {'x': 'positive'}")
    domains, shapes = {}, {}
    for key, value in assumptions.items():
        name = str(getattr(key, "name", key))
        if isinstance(value, (tuple, list)):
            shapes[name] = value
            continue
        words = str(value).split()
        for shape in [w for w in words if _SHAPE.match(w)][:1]:   # "3x1 positive" gives both
            shapes[name] = shape
        rest = [w for w in words if not _SHAPE.match(w)]
        if rest or not words:
            domains[key] = " ".join(rest)
    try:
        return domains, coerce_shapes(shapes)
    except ValueError as e:   # a 10000x10000 or malformed shape: the user's input, one line
        raise CheckError(str(e)) from None


def as_expression(side, shapes: dict, which: str):
    """A SymPy expression or explicit ImmutableMatrix for one side of the identity."""
    if isinstance(side, str):
        value = parse(side, shapes=shapes)
    elif isinstance(side, sp.MatrixBase):
        value = sp.ImmutableMatrix(side)
    elif isinstance(side, sp.Basic):
        value = side if _symbolic_size(side) else _explicit(side)   # symbolic sizes: derive.matrix
    elif isinstance(side, (int, float)) and not isinstance(side, bool):
        value = sp.sympify(side, strict=True)
    else:
        raise CheckError(f"the {which} side must be LaTeX, a SymPy expression or a matrix, "
                         f"not {type(side).__name__}")
    if isinstance(value, (sp.core.relational.Relational, sp.logic.boolalg.BooleanFunction,
                          sp.logic.boolalg.BooleanAtom)):
        raise CheckError(f"the {which} side is a relation; give each side separately")
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        value = value[0, 0]
    return value


def _symbolic_size(e) -> bool:
    """A matrix form of symbolic size (bold capitals read without declared shapes)."""
    from .matrix.check import is_matrix_form
    return is_matrix_form(e) or (isinstance(e, sp.MatrixExpr) and not all(
        sp.sympify(d).is_Integer for d in e.shape))


def _explicit(expr: sp.Basic):
    """Matrix expressions with MatrixSymbols become explicit matrices of real entries."""
    if not isinstance(expr, sp.MatrixExpr):
        return expr
    table = {m: matrix_of(m.name, m.shape) for m in expr.atoms(sp.MatrixSymbol)
             if all(d.is_Integer for d in m.shape)}
    if len(table) != len(expr.atoms(sp.MatrixSymbol)):
        raise CheckError("matrix symbols need concrete shapes to be compared")
    return sp.ImmutableMatrix(expr.xreplace(table).doit())


def _free(e) -> set:
    if isinstance(e, sp.MatrixBase):
        return set().union(*(x.free_symbols for x in e)) if len(e) else set()
    return set(e.free_symbols) if isinstance(e, sp.Basic) else set()


def _apply(e, fn):
    return e.applyfunc(fn) if isinstance(e, sp.MatrixBase) else fn(e)


def unify_symbols(lhs, rhs) -> tuple[Any, Any, dict]:
    """One symbol per name: the most specific wins; plain (assumption-free) ones become real.

    Returns both sides and the map from the symbols used back to the caller's symbols.
    """
    by_name: dict[str, list] = {}
    for s in _free(lhs) | _free(rhs):
        if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy):
            by_name.setdefault(s.name, []).append(s)
    forward, back = {}, {}
    for name, group in by_name.items():
        best = max(group, key=lambda s: (len(s.assumptions0), sp.default_sort_key(s)))
        if not best.assumptions0 or best.assumptions0.get("commutative") is not None and \
                len(best.assumptions0) == 1:
            best = sp.Symbol(name, real=True)
        for s in group:
            if s != best:
                forward[s] = best
                back.setdefault(best, s)
    if not forward:
        return lhs, rhs, {}
    return _apply(lhs, lambda e: e.xreplace(forward)), _apply(rhs, lambda e: e.xreplace(forward)), back


def _index_ranges(lhs, rhs, A: Assumptions) -> Assumptions:
    """Free integer indices of x_i-style entries range over the sums' range (1..N, 0..C-1)."""
    exprs = [x for e in (lhs, rhs) for x in (e if isinstance(e, sp.MatrixBase) else [e])]
    free_idx = set()
    uppers = []
    bound = set()
    for e in exprs:
        for ix in e.atoms(sp.Indexed):   # d/dx_j hides j from free_symbols: look at indices
            free_idx |= {s for i in ix.indices for s in sp.sympify(i).free_symbols
                         if isinstance(s, sp.Symbol) and s.is_integer}
        for kd in e.atoms(sp.KroneckerDelta):   # delta_{ij}: i is an index too
            free_idx |= {s for s in kd.free_symbols if isinstance(s, sp.Symbol) and s.is_integer}
        for s in e.atoms(sp.Sum, sp.Product):
            for lim in s.limits:
                bound.add(lim[0])
                if len(lim) == 3 and lim[1].is_Integer and not lim[2].is_number:
                    uppers.append((lim[2], lim[1]))    # sum_{c=0}^{C-1}: j in 0..C-1
    free_idx -= bound
    free_idx = {s for s in free_idx if s not in A.ranges and s not in A.domains}
    if not free_idx or not uppers:
        return A
    upper, lower = sorted(uppers, key=lambda ul: sp.default_sort_key(ul[0]))[0]
    free_idx -= upper.free_symbols
    if free_idx:
        A = A.merged(Assumptions())
        A.index(*sorted(free_idx, key=str), lower=int(lower), upper=upper)
    return A


def _expand_shaped(domains, shapes: dict):
    """{"A": "positive"} with A declared 2x2 -> every entry A_{11}, ... positive."""
    if not isinstance(domains, dict) or not shapes:
        return domains
    out = {}
    for key, dom in domains.items():
        name = str(getattr(key, "name", key))
        if name in shapes:
            for entry in matrix_of(name, shapes[name]):
                out[entry.name] = dom
        else:
            out[key] = dom
    return out


def _simplex_vectors(lhs, rhs, domains, shapes: dict):
    """A declared vector on the simplex: its entries p_1.. become p[1].. sampled jointly."""
    if not isinstance(domains, dict):
        return lhs, rhs, {}
    simplices, table = {}, {}
    for key in [k for k, d in domains.items() if str(d).strip().lower() == "simplex"]:
        name = str(getattr(key, "name", key))
        if name not in shapes:
            continue
        del domains[key]
        if 1 not in shapes[name]:
            raise CheckError(f"{name} is on the simplex, so it must be a vector, not a matrix")
        base = sp.IndexedBase(name, real=True)
        entries = list(matrix_of(name, shapes[name]))
        table.update({s: base[k + 1] for k, s in enumerate(entries)})
        simplices[base] = sp.Integer(len(entries))
    fix = lambda e: _apply(e, lambda x: x.xreplace(table))  # noqa: E731
    return (fix(lhs), fix(rhs), simplices) if table else (lhs, rhs, {})


def _opaque_derivatives(e, readings: list, extra=()):
    """d L / d w with L a bare symbol: L is a function of w (its derivative is not 0)."""
    if not isinstance(e, sp.Basic):
        return e
    table = {}
    derivs = e.atoms(sp.Derivative)
    opaque = {d.expr for d in derivs if isinstance(d.expr, sp.Symbol)} | set(extra)
    for d in derivs:
        wrt = [v for v, _ in d.variable_count]
        hit = {s: sp.Function(s.name, real=True)(*wrt) for s in d.expr.free_symbols & opaque
               if s not in wrt}
        if not hit:
            continue
        table[d] = sp.Derivative(d.expr.xreplace(hit), *d.variable_count)
        for s, fn in hit.items():
            note = f"{s.name} as a function {fn} of the variables it is differentiated by"
            if note not in readings:
                readings.append(note)
    return e.xreplace(table) if table else e


def _bare_derivands(exprs) -> set:
    """Symbols differentiated bare somewhere (dL/dw): opaque functions on both sides."""
    return {d.expr for e in exprs if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative)
            if isinstance(d.expr, sp.Symbol)}


def _random_under_expectation(exprs, A: Assumptions, readings: list) -> None:
    """A symbol under E/Var/Cov that is not declared is a random variable, not a constant:
    the capital ones when there are any (E[aX + b]), else all of them (Var(x))."""
    from .core.functions import Expectation
    found = set()
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for node in e.atoms(Expectation, sp.Function):
            if isinstance(node, Expectation) or type(node).__name__ in ("variance", "Var", "Cov", "covariance"):
                every = {s for s in node.free_symbols if isinstance(s, sp.Symbol)}
                syms = {s for s in every if not s.is_integer and s not in A.domains}
                upper = {s for s in syms if s.name[:1].isupper()}   # E[aX + b]: X random
                if upper or any(A.domains.get(s) == "random" for s in every):
                    found |= upper
                else:
                    found |= syms
    for s in sorted(found - set(A.domains) - set(A.ranges), key=str):
        if s.is_integer:
            continue
        A.declare(s, "random")
        readings.append(f"{s.name} as a random variable (it appears under an expectation; "
                        f"declare it real to make it a constant)")


def _text_readings(texts) -> list:
    """How ambiguous notation in the user's LaTeX was read, to be printed ("read as ...")."""
    out = []
    joined = " ".join(t for t in texts if isinstance(t, str))
    if re.search(r"\\Phi\s*(\(|\\left)", joined):
        out.append("\\Phi(x) as the standard normal CDF (1 + erf(x/sqrt 2))/2")
    if re.search(r"\\(var)?phi\s*(\(|\\left)", joined):
        out.append("\\phi(x) as the standard normal density e^{-x^2/2}/sqrt(2 pi)")
    return out


def _applied_readings(exprs) -> list:
    """p(x), q(z): a density letter before parentheses was read as a function application."""
    from sympy.core.function import AppliedUndef
    names = sorted({type(f).__name__ for e in exprs if isinstance(e, sp.Basic)
                    for f in e.atoms(AppliedUndef) if type(f).__name__ in ("p", "q")})
    return [f"{m}(...) as the function {m} applied to its argument, not a product" for m in names]


_RANGE = re.compile(r"^\s*([^.\s]+)\s*\.\.\s*([^.\s]+)\s*$")


def _pop_ranges(domains) -> dict:
    """{"j": "1..n"} entries are index ranges, not domains: taken out, bounds read as LaTeX."""
    if not isinstance(domains, dict):
        return {}
    out = {}
    for key in [k for k, v in domains.items() if isinstance(v, str) and _RANGE.match(v)]:
        lo, hi = _RANGE.match(domains.pop(key)).groups()
        out[str(getattr(key, "name", key))] = (parse(lo), parse(hi))
    return out


def _declare_ranges(ranges: dict, exprs, A: Assumptions) -> Assumptions:
    if not ranges:
        return A
    syms = {str(s): s for e in exprs if isinstance(e, sp.Basic) for ix in e.atoms(sp.Indexed)
            for i in ix.indices for s in sp.sympify(i).free_symbols}
    syms.update({str(s): s for e in exprs if isinstance(e, sp.Basic) for s in e.free_symbols
                 if isinstance(s, sp.Symbol) and s.is_integer})
    for name, (lo, hi) in ranges.items():
        sym = syms.get(name)
        if sym is None:
            raise CheckError(f"--index {name}: {name} is not an index of the expressions")
        if not sym.is_integer:
            raise CheckError(f"index {name} must be an integer symbol (it indexes x_{name})")
        A.index(sym, lower=lo, upper=hi)
    return A


def check(lhs, rhs, *, assumptions=None, relation: str = "=", budget: float = 2.0,
          oracle: str | None = None) -> Verdict:
    """Is ``lhs relation rhs`` true? Sides are LaTeX strings, SymPy expressions or matrices.

    ``assumptions`` maps names to domains ({"x": "positive"}) and matrix names to shapes
    ({"A": (2, 2)} or {"A": "2x2"}); symbols are real otherwise. Raises ParseError on bad
    LaTeX, CheckError when the sides cannot be compared, AssumptionError on bad domains.
    ``oracle="jax"`` or ``"torch"`` adds autodiff as a second numeric judge of the
    derivatives (its opinion in ``verdict.extra["oracle"]``; a disagreement refutes);
    OracleUnavailable (a CheckError) when that library is not installed.
    """
    if oracle is not None:
        from .matrix.autodiff import backend
        backend(oracle)   # a missing or unknown oracle is an error before any work
    from .matrix.check import is_matrix_form
    if any(isinstance(side, sp.Basic) and is_matrix_form(side) for side in (lhs, rhs)):
        return _check_matrix_forms(lhs, rhs, assumptions, relation, oracle)
    verdict = _check(lhs, rhs, assumptions=assumptions, relation=relation, budget=budget,
                     oracle=oracle)
    return verdict


def _check_matrix_forms(lhs, rhs, assumptions, relation: str, oracle) -> Verdict:
    """Matrix calculus forms (a gradient, d(F), matrices of symbolic size): the matrix check,
    with structure from {"Sigma": "spd"} (symmetric, spd, diagonal, onehot, positive)."""
    from .matrix.check import check_matrix_step
    from .matrix.evaluate import STRUCTURES, structure_note, structures
    if not isinstance(lhs, sp.Basic) or not isinstance(rhs, sp.Basic):
        raise CheckError("a matrix form of symbolic size is compared with a SymPy form, not with LaTeX")
    A = Assumptions()
    for name, kind in dict(assumptions or {}).items():
        if str(kind) not in STRUCTURES:
            raise CheckError(f"{name}: matrix forms take a structure ({', '.join(STRUCTURES)}), not {kind!r}")
        A.note(structure_note(str(getattr(name, "name", name)), str(kind)))
    verdict = check_matrix_step(lhs, rhs, relation, A)
    if oracle is None or relation != "=":
        return verdict
    from .matrix.autodiff import has_derivative, judge_matrix
    if not has_derivative(lhs, rhs):
        return _judged(verdict, None, oracle)
    return _judged(verdict, judge_matrix(lhs, rhs, structures(A.notes), oracle), oracle)


def _judged(verdict: Verdict, judgement, oracle: str) -> Verdict:
    """The verdict with the oracle's opinion; refuted when autodiff finds the sides differ."""
    if judgement is None:
        info = {"name": oracle, "holds": None, "samples": 0, "detail": "no derivative for autodiff to judge"}
        return dataclasses.replace(verdict, extra={**(verdict.extra or {}), "oracle": info})
    extra = {**(verdict.extra or {}), "oracle": judgement.as_dict(oracle)}
    if judgement.holds is False and verdict.holds is not False:
        return Verdict(False, "numeric", judgement.counterexample, judgement.lhs_value, judgement.rhs_value,
                       detail=f"{judgement.detail} (the first judge said {verdict.status})",
                       seconds=verdict.seconds, extra=extra)
    return dataclasses.replace(verdict, extra=extra)


def _check(lhs, rhs, *, assumptions, relation: str, budget: float, oracle) -> Verdict:
    texts = [lhs, rhs]
    domains, shapes = split_assumptions(assumptions)
    domains = dict(domains) if isinstance(domains, dict) else domains
    ranges = _pop_ranges(domains)
    started = time.monotonic()
    notes: list = []    # how the reader resolved ambiguous notation (sum scope, ellipses)
    seconds = PARSE_SECONDS if not math.isfinite(budget) else max(PARSE_SECONDS, budget)
    try:
        with within(seconds) as run:   # reading builds matrices: (A^{-1})^{-1}, 10^{10^{10}}
            if isinstance(lhs, str) and isinstance(rhs, str):   # one context: z_i is z[i]
                lhs, rhs = parse_together([lhs, rhs], shapes=shapes, notes=notes)
            left = as_expression(lhs, shapes, "left")
            right = as_expression(rhs, shapes, "right")
    except ParseError:
        if time.monotonic() - started < seconds:
            raise
        run = None
    if run is None or run.ran_out:
        return Verdict(holds=None, method=None, detail=(
            f"reading the input (building its matrices or numbers) ran past "
            f"{seconds:g} s"), seconds=time.monotonic() - started)
    from .matrix.check import check_matrix_step
    if _symbolic_size(left) or _symbolic_size(right):   # bold capitals: matrices of symbolic size
        verdict = check_matrix_step(left, right, relation)
        return dataclasses.replace(verdict, extra={**(verdict.extra or {}), "readings": notes}) \
            if notes else verdict
    lm, rm = isinstance(left, sp.MatrixBase), isinstance(right, sp.MatrixBase)
    if lm != rm:
        raise CheckError("cannot compare a matrix with a scalar")
    if lm and left.shape != right.shape:
        raise CheckError(f"the shapes differ: {left.rows}x{left.cols} on the left, "
                         f"{right.rows}x{right.cols} on the right")
    left, right, back = unify_symbols(left, right)
    readings: list = _text_readings(texts) + _applied_readings([left, right]) + notes
    chain = chain_reading([x for e in (left, right) for x in (e if lm else [e])])
    if chain:   # dxi/db = dxi/dY dY/db: xi depends on b through Y
        left, right = (_apply(e, lambda x: apply_chain(x, chain)) for e in (left, right))
        readings.append(f"a chain of dependencies, as the derivatives say: {describe(chain)}")
    bare = _bare_derivands([x for e in (left, right) for x in (e if lm else [e])])
    left = _apply(left, lambda e: _opaque_derivatives(e, readings, bare))
    right = _apply(right, lambda e: _opaque_derivatives(e, readings, bare))
    left, right, simplices = _simplex_vectors(left, right, domains, shapes)
    free = _free(left) | _free(right)
    free |= {ix for e in (left, right) for x in (e if lm else [e]) for ix in x.atoms(sp.Indexed)}
    independent = []
    if isinstance(domains, dict):   # {"X": "random independent"}: independent of the others so declared
        for key, dom in list(domains.items()):
            words = str(dom).split()
            if "independent" in words:
                domains[key] = " ".join(w for w in words if w != "independent") or "random"
                independent.append(str(getattr(key, "name", key)))
    A = Assumptions.coerce(_expand_shaped(domains, shapes), free)
    if independent:
        by_name = {str(t): t for t in A.domains}
        A.declare_independent(*(by_name[name] for name in independent if name in by_name))
    for base, size in simplices.items():
        A.declare(base, "simplex", size=size)
    A = _declare_ranges(ranges, [x for e in (left, right) for x in (e if lm else [e])], A)
    A = _index_ranges(left, right, A)
    exprs = [x for e in (left, right) for x in (e if lm else [e])]
    _random_under_expectation(exprs, A, readings)
    verdict = verify_relation(left, right, relation=relation, assumptions=A, budget=budget)
    if back and verdict.counterexample:
        cex = {back.get(k, k): v for k, v in verdict.counterexample.items()}
        verdict = dataclasses.replace(verdict, counterexample=cex)
    if readings:
        verdict = dataclasses.replace(verdict, extra={**(verdict.extra or {}), "readings": readings})
    if oracle is not None and relation == "=":
        from .matrix.autodiff import has_derivative, judge_scalar
        sides = list(zip(left, right)) if lm else [(left, right)]
        judgement = judge_scalar(sides, A.domain_of, oracle) if has_derivative(left, right) else None
        if judgement is not None and judgement.counterexample and back:
            judgement.counterexample = {back.get(k, k): v for k, v in judgement.counterexample.items()}
        verdict = _judged(verdict, judgement, oracle)
    return verdict


__all__ = ["check", "CheckError", "split_assumptions", "as_expression", "unify_symbols"]
