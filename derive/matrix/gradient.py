"""``derive.grad_steps(L, W)``: the gradient of a scalar matrix form by differentials.

The chain starts at dL, applies one named differential rule at a time until only dW is
left, writes every number as a trace and moves dW to the right (dL = tr(G^T dW)); a
second chain reads the gradient off in denominator layout (it has W's shape) and tidies
it, using the declared structure (a symmetric Sigma is its own transpose).
"""
from __future__ import annotations

import sympy as sp

from ..core.assumptions import Assumptions
from ..core.chain import DerivationError
from ..derivation import Derivation
from .evaluate import STRUCTURES, structure_note, structures
from .nodes import Gradient, differential
from .normal import SYMMETRIC
from .readoff import ReadOffError, as_traces, gradient_of, symmetric, to_right
from .rules import RULES, differentials, step

LAYOUT = "denominator layout: the gradient has the shape of the variable"


def direction_for(wrt: sp.MatrixSymbol) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(f"d{wrt.name}", *wrt.shape)


def grad_steps(expr, wrt, *, assume: dict | None = None, slug: str = "grad",
               title: str | None = None, pillar: str = "calculus", max_steps: int = 40) -> Derivation:
    """A derivation of the gradient of the scalar form ``expr`` in the matrix ``wrt``.

    ``assume`` declares structure: {"Sigma": "spd"} (symmetric, spd, diagonal, onehot, positive)."""
    if not isinstance(wrt, sp.MatrixSymbol):
        raise DerivationError(f"the variable must be a matrix symbol, not {wrt}")
    if isinstance(expr, sp.MatrixExpr):
        raise DerivationError(f"the objective must be a scalar, not a {expr.shape[0]} x {expr.shape[1]} matrix")
    if wrt not in expr.free_symbols:
        raise DerivationError(f"the objective does not depend on {wrt.name}")
    A = Assumptions()
    for name, kind in (assume or {}).items():
        if kind not in STRUCTURES:
            raise DerivationError(f"unknown structure {kind!r} for {name}; expected one of {', '.join(STRUCTURES)}")
        A.note(structure_note(name, kind))
    A.note(LAYOUT)
    dW = direction_for(wrt)
    d = Derivation(slug, title or f"The gradient in {wrt.name}, by differentials", pillar=pillar, assumptions=A,
                   summary="Each rule rewrites the differential; each step is checked by finite "
                           "differences on random instances of several sizes.")
    form = differential(expr, wrt, dW)
    d.start(form, note=f"the differential of the objective, in the direction d{wrt.name}")
    for _ in range(max_steps):
        if not differentials(form):
            break
        for name, rule in RULES:
            new = step(form, rule)
            if new is not None:
                form = new
                d.state(form, because=name)
                break
        else:
            raise DerivationError(f"no rule for {sp.sstr(differentials(form)[0])}")
    if differentials(form):
        raise DerivationError("the derivation did not finish within its step budget")
    traced = as_traces(form)
    if traced != form:
        form = traced
        d.state(form, because=r"a number is its own trace: $a = \operatorname{tr}(a)$")
    expanded = _expand_traces(form, dW)
    if expanded != form:
        form = expanded
        d.state(form, because=r"linearity of the trace: $\operatorname{tr}(A + B) = \operatorname{tr} A + \operatorname{tr} B$")
    try:
        right, used, parts = to_right(form, dW)
    except ReadOffError as exc:
        raise DerivationError(f"cannot read the gradient off: {exc}") from None
    if sp.sstr(right) != sp.sstr(form):
        form = right
        d.state(form, because="; ".join(used) or r"$dW$ to the right of each trace")
    g_raw, g = gradient_of(parts)
    form = sp.Trace(sp.MatMul(sp.Transpose(g), dW))
    d.state(form, because=r"collect: $\sum_i \operatorname{tr}(P_i\, dW) = \operatorname{tr}(G^{\top} dW)$ with $G = \sum_i P_i^{\top}$")
    d.start(Gradient(expr, wrt), note=LAYOUT)
    d.state(g, because=r"read off: $dL = \operatorname{tr}(G^{\top} dW)$ for every $dW$ means $\nabla L = G$")
    sym = {n for n, k in structures(A.notes).items() if k in SYMMETRIC}
    if sym:
        g2 = symmetric(g, sym)
        if g2 != g:
            names = ", ".join(f"${sp.latex(sp.Symbol(n))}$" for n in sorted(sym))
            d.state(g2, because=f"{names} symmetric: $A^{{\\top}} = A$")
            g = g2
    d.objective, d.wrt, d.gradient = expr, wrt, g
    return d


def _expand_traces(form, direction):
    """tr(A + B) -> tr A + tr B, with products and Hadamard products holding a sum with dW distributed."""
    def split(e):
        if isinstance(e, sp.Trace):
            terms = _distribute(e.arg, direction)
            if len(terms) > 1:
                return sp.Add(*[sp.Trace(t) for t in terms], evaluate=False)
            return e
        if isinstance(e, (sp.Add, sp.Mul)):
            return e.func(*[split(a) for a in e.args], evaluate=False)
        return e
    return split(form)


def _distribute(m, direction) -> list:
    """The terms of m once every sum holding dW inside a product or Hadamard product is multiplied out."""
    if isinstance(m, sp.MatAdd):
        return [t for a in m.args for t in _distribute(a, direction)]
    if isinstance(m, (sp.MatMul, sp.HadamardProduct)):
        for k, a in enumerate(m.args):
            if direction in getattr(a, "free_symbols", set()):
                inner = _distribute(a, direction)
                if len(inner) > 1 or inner[0] is not a:
                    before, after = m.args[:k], m.args[k + 1:]
                    return [t for piece in inner
                            for t in _distribute(m.func(*before, piece, *after), direction)]
        return [m]
    if isinstance(m, sp.Transpose):
        inner = _distribute(m.arg, direction)
        return [sp.Transpose(t) for t in inner] if len(inner) > 1 else [m]
    return [m]
