"""Mutation operators: small, plausible mistakes in a SymPy form, one at a time.

Each operator walks the expression tree and yields forms that differ from the
original in exactly one place, the way a hand derivation goes wrong: a flipped sign,
a coefficient off by one, a wrong exponent, a swapped index, a dropped term, the
wrong function, an off-by-one bound, a perturbed number. The mutation runner
(``derive.mutate``) asks the verifier to reject every one that is not equivalent.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

import sympy as sp

from ..core.functions import Defined, Expectation, ema, sigmoid, softplus

Path = tuple


@dataclass(frozen=True)
class Mutant:
    """One mutated form: which operator made it, what it changed, and the new form."""

    operator: str
    change: str
    expr: sp.Basic


# -- walking the tree ------------------------------------------------------------------
def _children(node: sp.Basic) -> tuple:
    """Argument positions a mutation may reach (not bound variables, names or limits)."""
    if isinstance(node, (sp.Atom, sp.IndexedBase, sp.Tuple)):
        return ()
    if isinstance(node, sp.Indexed):
        return tuple(range(1, len(node.args)))
    if isinstance(node, (sp.Sum, sp.Product, sp.Integral, sp.Derivative, sp.Limit, Expectation)):
        return (0,)
    if isinstance(node, ema):
        return (0, 1, 3)   # beta, the term x_k, the time t (not the bound k or the name)
    return tuple(range(len(node.args)))


def positions(expr: sp.Basic, path: Path = ()) -> Iterator[tuple[Path, sp.Basic]]:
    """Every reachable subexpression with its path (argument indices from the root)."""
    yield path, expr
    for k in _children(expr):
        yield from positions(expr.args[k], path + (k,))


def all_positions(expr: sp.Basic, path: Path = ()) -> Iterator[tuple[Path, sp.Basic]]:
    """Every subexpression, limits and derivative variables included (for index swaps)."""
    yield path, expr
    if isinstance(expr, (sp.Atom, sp.IndexedBase)):
        return
    for k, a in enumerate(expr.args):
        if isinstance(a, sp.Basic) and not (isinstance(expr, sp.Indexed) and k == 0):
            yield from all_positions(a, path + (k,))


def replace_at(expr: sp.Basic, path: Path, new: sp.Basic) -> sp.Basic:
    """``expr`` with the subexpression at ``path`` replaced (ancestors re-evaluated)."""
    if not path:
        return new
    k, rest = path[0], path[1:]
    args = list(expr.args)
    args[k] = replace_at(args[k], rest, new)
    return expr.func(*args)


# -- the operators -----------------------------------------------------------------------
def sign_flips(expr: sp.Basic, A) -> Iterator[tuple[str, sp.Basic]]:
    yield "the whole form", ((), -expr)
    for path, node in positions(expr):
        if isinstance(node, sp.Add):
            for k, term in enumerate(node.args):
                yield f"term {sp.sstr(term)}", (path + (k,), -term)


def coefficient_changes(expr: sp.Basic, A) -> Iterator[tuple[str, tuple]]:
    for path, node in positions(expr):
        terms = [(path + (k,), t) for k, t in enumerate(node.args)] if isinstance(node, sp.Add) else []
        if not path:
            terms.append(((), node))
        for where, term in terms:
            if not isinstance(term, sp.Expr) or term.is_Number:
                continue
            c, rest = term.as_coeff_Mul()
            for d in (1, -1):
                yield f"coefficient {c} -> {c + d} in {sp.sstr(term)}", (where, (c + d) * rest)


def exponent_changes(expr: sp.Basic, A) -> Iterator[tuple[str, tuple]]:
    for path, node in positions(expr):
        if isinstance(node, sp.Pow):
            b, e = node.args
            for d in (1, -1):
                yield f"exponent {sp.sstr(e)} -> {sp.sstr(e + d)} in {sp.sstr(node)}", \
                    (path, sp.Pow(b, e + d))


def dropped_terms(expr: sp.Basic, A) -> Iterator[tuple[str, tuple]]:
    for path, node in positions(expr):
        if isinstance(node, (sp.Add, sp.Mul)) and len(node.args) >= 2:
            what = "term" if isinstance(node, sp.Add) else "factor"
            for k, part in enumerate(node.args):
                if part == (0 if isinstance(node, sp.Add) else 1):
                    continue  # an explicit 0 or 1 left by an unevaluated display form
                rest = node.args[:k] + node.args[k + 1:]
                yield f"{what} {sp.sstr(part)} dropped", (path, node.func(*rest))


FUNCTION_SWAPS: dict = {sp.exp: sp.log, sp.log: sp.exp, sp.sin: sp.cos, sp.cos: sp.sin,
                        sp.tan: sp.tanh, sp.tanh: sp.tan, sigmoid: softplus, softplus: sigmoid}


def replaced_functions(expr: sp.Basic, A) -> Iterator[tuple[str, tuple]]:
    for path, node in positions(expr):
        swap = FUNCTION_SWAPS.get(getattr(node, "func", None))
        if swap is not None and len(node.args) == 1:
            yield f"{node.func.__name__} -> {swap.__name__}", (path, swap(node.args[0]))
        elif isinstance(node, sp.KroneckerDelta):
            yield f"{sp.sstr(node)} -> 1", (path, sp.S.One)
        elif isinstance(node, (sp.Sum, sp.Product)):
            other = sp.Product if isinstance(node, sp.Sum) else sp.Sum
            yield f"{node.func.__name__} -> {other.__name__}", (path, other(*node.args))
        elif isinstance(node, Expectation):
            yield "expectation dropped", (path, node.args[0])
        elif isinstance(node, Defined) and not isinstance(node, ema):
            bases = [k for k, a in enumerate(node.args) if isinstance(a, sp.IndexedBase)]
            if len(bases) >= 2:
                args = list(node.args)
                a, b = bases[:2]
                args[a], args[b] = args[b], args[a]
                yield f"arguments of {node.func.__name__} swapped", (path, node.func(*args))


def index_symbols(expr: sp.Basic, A) -> list:
    """Integer symbols used as indices: declared ranges, or subscripts and delta arguments."""
    found = set(s for s in A.ranges if expr.has(s))
    for ix in expr.atoms(sp.Indexed):
        found |= {i for i in ix.indices if isinstance(i, sp.Symbol)}
    for delta in expr.atoms(sp.KroneckerDelta):
        found |= {i for i in delta.args if isinstance(i, sp.Symbol)}
    return sorted(found, key=str)


def swapped_indices(expr: sp.Basic, A) -> Iterator[tuple[str, tuple]]:
    idx = index_symbols(expr, A)
    free = [s for s in idx if s in expr.free_symbols]
    for m, a in enumerate(free):
        for b in free[m + 1:]:
            yield f"indices {a} <-> {b} everywhere", ((), expr.xreplace({a: b, b: a}))
    for path, node in all_positions(expr):
        if isinstance(node, (sp.Indexed, sp.KroneckerDelta)):
            first = 1 if isinstance(node, sp.Indexed) else 0
            for k in range(first, len(node.args)):
                for other in idx:
                    if node.args[k] != other and isinstance(node.args[k], sp.Symbol):
                        args = list(node.args)
                        args[k] = other
                        yield f"{sp.sstr(node)}: {node.args[k]} -> {other}", (path, node.func(*args))


def shifted_bounds(expr: sp.Basic, A) -> Iterator[tuple[str, tuple]]:
    for path, node in positions(expr):
        if isinstance(node, (sp.Sum, sp.Product, sp.Integral)):
            for m, lim in enumerate(node.limits):
                if len(lim) != 3:
                    continue
                for side in (1, 2):
                    if lim[side].is_infinite:
                        continue
                    for d in (1, -1):
                        new = list(lim)
                        new[side] = lim[side] + d
                        limits = list(node.limits)
                        limits[m] = tuple(new)
                        label = "lower" if side == 1 else "upper"
                        yield f"{label} bound {sp.sstr(lim[side])} -> {sp.sstr(lim[side] + d)}", \
                            (path, node.func(node.function, *limits))
        elif isinstance(node, ema):
            beta, x, k, t, name = node.args
            for d in (1, -1):
                yield f"time {t} -> {t + d}", (path, ema(beta, x, k, t + d, name))


def perturbed_numbers(expr: sp.Basic, A) -> Iterator[tuple[str, tuple]]:
    for path, node in positions(expr):
        if isinstance(node, sp.Float):
            for new in _float_neighbours(node):
                shown = (sp.sstr(v, full_prec=False) for v in (node, new))
                yield "number {} -> {}".format(*shown), (path, new)
        elif isinstance(node, (sp.Rational, sp.NumberSymbol)) and node != 0:
            for new in (2 * node, node + 1):
                yield f"number {sp.sstr(node)} -> {sp.sstr(new)}", (path, new)


def _float_neighbours(x: sp.Float) -> list:
    """The numbers one unit away in the last digit shown (0.0902 -> 0.0901, 0.0903)."""
    text = sp.sstr(x, full_prec=False)
    digits = len(text.split(".")[1]) if "." in text and "e" not in text else 6
    unit = sp.Rational(1, 10 ** digits)
    exact = sp.Rational(text) if "e" not in text else sp.Rational(str(float(x)))
    return [sp.Float(exact + d * unit, max(15, digits + 2)) for d in (1, -1)]


OPERATORS: dict[str, Callable] = {
    "sign flip": sign_flips,
    "coefficient +-1": coefficient_changes,
    "exponent change": exponent_changes,
    "swapped indices": swapped_indices,
    "dropped term": dropped_terms,
    "replaced function": replaced_functions,
    "off-by-one bound": shifted_bounds,
    "number perturbed": perturbed_numbers,
}


def mutants(expr: sp.Basic, A, *, solved: bool = False) -> list[Mutant]:
    """Every distinct, well-formed single-change mutant of ``expr``.

    Matrices are mutated entry by entry, equations side by side; ``solved`` marks an
    equation ``x = value`` whose left side must stay the symbol solved for.
    """
    if isinstance(expr, sp.MatrixBase):
        return _matrix_mutants(expr, A)
    if isinstance(expr, sp.Eq):
        return _equation_mutants(expr, A, solved)
    out: list[Mutant] = []
    seen = {expr}
    for name, op in OPERATORS.items():
        for change, (path, new) in op(expr, A):
            try:
                m = replace_at(expr, path, new)
            except Exception:  # noqa: BLE001 - an ill-formed rebuild is no mutant
                continue
            if m in seen or _degenerate(m, expr):
                continue
            seen.add(m)
            out.append(Mutant(name, change, m))
    return out


def _matrix_mutants(M: sp.MatrixBase, A) -> list[Mutant]:
    out = []
    for pos, entry in enumerate(M):
        r, c = divmod(pos, M.shape[1])
        for m in mutants(entry, A):
            new = sp.MutableDenseMatrix(M)
            new[r, c] = m.expr
            out.append(Mutant(m.operator, f"entry ({r + 1}, {c + 1}): {m.change}",
                              sp.ImmutableMatrix(new)))
    return out


def _equation_mutants(eq: sp.Eq, A, solved: bool) -> list[Mutant]:
    out = []
    for side in ((1,) if solved else (0, 1)):
        for m in mutants(eq.args[side], A):
            args = list(eq.args)
            args[side] = m.expr
            new = sp.Eq(*args)
            if isinstance(new, sp.Eq):  # a mutant that evaluates to True/False is no equation
                where = "right" if side else "left"
                out.append(Mutant(m.operator, f"{where} side: {m.change}", new))
    return out


def _degenerate(m: sp.Basic, original: sp.Basic) -> bool:
    """A mutant that brings in infinities or nan is a division by zero, not a mistake."""
    bad = (sp.zoo, sp.nan, sp.oo, -sp.oo)
    return any(m.has(b) and not original.has(b) for b in bad)
