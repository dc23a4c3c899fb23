"""From dL, a sum of traces linear in dW, to dL = tr(G^T dW), and G tidied.

Cyclicity moves the factor holding dW to the right of its trace; a transpose is taken of
the whole trace (tr A = tr A^T) when dW appears transposed; a Hadamard factor moves out
by tr(P (B o R)) = tr((P^T o B)^T R).
"""
from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr

from .nodes import Scalar


class ReadOffError(ValueError):
    """The differential is not in a form whose gradient can be read off."""


def as_traces(form):
    """Every 1 x 1 product written as its trace: a number is its own trace."""
    return form.replace(lambda e: isinstance(e, Scalar), lambda e: sp.Trace(e.matrix))


def _terms(e, direction=None):
    """(coefficient, matrix under a trace) for each term of a scalar sum of traces; with a
    direction, a factor free of it (a trace of the point, say) is part of the coefficient."""
    if isinstance(e, sp.Add):
        return [t for a in e.args for t in _terms(a, direction)]
    if isinstance(e, sp.Mul):
        def holds(a):
            return isinstance(a, (sp.Trace, sp.Add)) and (direction is None or direction in a.free_symbols)
        traces = [a for a in e.args if holds(a)]
        rest = [a for a in e.args if not holds(a)]
        if len(traces) == 1:
            return [(sp.Mul(*rest) * c, m) for c, m in _terms(traces[0], direction)]
    if isinstance(e, sp.Trace):
        m = e.arg
        if isinstance(m, sp.MatAdd):
            return [t for a in m.args for t in _terms(sp.Trace(a), direction)]
        return [(sp.S.One, m)]
    if e == 0:
        return []
    raise ReadOffError(f"not a sum of traces: {e}")


def _factors(m):
    """(scalar coefficient, matrix factors) of a product; coefficients inside a transpose too."""
    if isinstance(m, sp.MatMul):
        coef, mats = sp.S.One, []
        for a in m.args:
            if isinstance(a, MatrixExpr):
                c, fs = _factors(a)
                coef, mats = coef * c, mats + fs
            else:
                coef = coef * a
        return coef, mats
    if isinstance(m, sp.Transpose) and isinstance(m.arg, sp.MatMul):
        c, fs = _factors(m.arg)
        if c != 1:
            inner = fs[0] if len(fs) == 1 else sp.MatMul(*fs)
            return c, [sp.Transpose(inner)]
    return sp.S.One, [m]


def pull(m, direction, used: set):
    """(coefficient, P) with tr(m) = coefficient tr(P dW)."""
    coef, fs = _factors(m)
    holding = [k for k, f in enumerate(fs) if direction in f.free_symbols]
    if len(holding) != 1:
        raise ReadOffError("each term must hold dW exactly once")
    k = holding[0]
    q = fs[k]
    rest = fs[k + 1:] + fs[:k]
    if k != len(fs) - 1:
        used.add(r"trace cyclicity: $\operatorname{tr}(AB) = \operatorname{tr}(BA)$")
    p = sp.MatMul(*rest) if rest else None
    if rest and all(isinstance(f, (sp.OneMatrix, sp.Transpose)) and isinstance(getattr(f, "arg", f), sp.OneMatrix)
                    for f in rest):
        p = sp.OneMatrix(*p.shape)   # 1 1^T is the matrix of ones
    if q == direction:
        return coef, p
    if isinstance(q, sp.Transpose):
        used.add(r"a trace is that of the transpose: $\operatorname{tr}(A) = \operatorname{tr}(A^{\top})$")
        inner = q.arg if p is None else sp.MatMul(q.arg, sp.Transpose(p))
        c, pp = pull(inner, direction, used)
        return coef * c, pp
    if isinstance(q, sp.HadamardProduct):
        holding = [a for a in q.args if direction in a.free_symbols]
        others = [a for a in q.args if direction not in a.free_symbols]
        if len(holding) != 1 or p is None:
            raise ReadOffError("a Hadamard product must hold dW once, beside a factor")
        used.add(r"Hadamard in a trace: $\operatorname{tr}(P (B \odot R)) = \operatorname{tr}((P^{\top} \odot B)^{\top} R)$")
        moved = sp.Transpose(sp.HadamardProduct(sp.Transpose(p), *others))
        c, pp = pull(sp.MatMul(moved, holding[0]), direction, used)
        return coef * c, pp
    if isinstance(q, sp.MatAdd):
        raise ReadOffError("expand sums before reading off")
    raise ReadOffError(f"cannot move dW out of {q}")


def _identity_for(direction):
    return sp.Identity(direction.shape[0])


def to_right(form, direction):
    """(the form with every trace as coefficient tr(P dW), rule names used, [(coefficient, P)])."""
    used: set = set()
    parts = []
    for c, m in _terms(form, direction):
        cc, p = pull(m, direction, used)
        parts.append((c * cc, p if p is not None else _identity_for(direction)))
    out = sp.Add(*[c * sp.Trace(sp.MatMul(p, direction)) for c, p in parts], evaluate=False) \
        if len(parts) > 1 else parts[0][0] * sp.Trace(sp.MatMul(parts[0][1], direction))
    return out, sorted(used), parts


def gradient_of(parts):
    """G with sum c tr(P dW) = tr(G^T dW): G = sum c P^T, tidied by SymPy's own rewriting."""
    g = sp.MatAdd(*[sp.MatMul(c, sp.Transpose(p)) for c, p in parts]) if len(parts) > 1 \
        else sp.MatMul(parts[0][0], sp.Transpose(parts[0][1]))
    return g, g.doit()


def symmetric(g, names: set):
    """G with A^T -> A (and A^{-T} -> A^{-1}) for the declared symmetric A."""
    return g.replace(lambda e: isinstance(e, sp.Transpose) and getattr(e.arg, "name", None) in names,
                     lambda e: e.arg).replace(
        lambda e: isinstance(e, sp.Transpose) and isinstance(e.arg, sp.Inverse)
        and getattr(e.arg.arg, "name", None) in names, lambda e: e.arg).doit()
