"""Rebuild latex2sympy's tree with the reader's values filled in, as SymPy would evaluate it.

Products keep their order, so matrices multiply as written; scalar functions act
entrywise on matrices; ``^T`` and ``^{-1}`` on a matrix transpose and invert it.
"""
from __future__ import annotations

import sympy as sp

from .errors import MAX_EXACT_POWER, MAX_SYMBOLIC_DET, MAX_SYMBOLIC_INVERSE, ReadError, short
from .vocabulary import ELEMENTWISE, affordable, det_of, diag_of, softmax_of, trace_of


TRANSPOSE = sp.Dummy("transpose")      # ^\top: always a transpose
MAYBE_T = sp.Dummy("maybe_transpose")  # ^T: a transpose on matrices, else the power T
HADAMARD = sp.Dummy("hadamard")        # \odot
ONES = sp.Dummy("ones")                # \mathbf{1}
IDENTITY = sp.Dummy("identity")        # I, \mathbf{I}
MARKERS = {TRANSPOSE, MAYBE_T, HADAMARD, ONES, IDENTITY}


def abs_of(v):
    return v.applyfunc(sp.Abs) if isinstance(v, sp.MatrixBase) else sp.Abs(v)


def norm_of(v):
    if isinstance(v, sp.MatrixBase):
        return sp.sqrt(sp.Add(*[e ** 2 for e in v]))
    return sp.Abs(v)


def apply_function(f, args: list, elementwise: bool, pos: int):
    try:
        if elementwise and len(args) == 1 and isinstance(args[0], sp.MatrixBase):
            return args[0].applyfunc(f)
        if any(isinstance(a, sp.MatrixBase) for a in args) and f not in (
                softmax_of, trace_of, det_of, diag_of):
            raise ReadError(f"{getattr(f, '__name__', f)} of a matrix is not supported", pos)
        return f(*args)
    except ReadError as e:
        raise ReadError(e.message, pos if e.column < 0 else e.column) from None
    except Exception as e:  # noqa: BLE001 - SymPy refusing the arguments is bad input
        raise ReadError(f"cannot apply {getattr(f, '__name__', f)} here ({short(e)})", pos) from None


def differentiate(f, wrt: list, pos: int):
    for v, _ in wrt:
        ok = isinstance(v, (sp.Symbol, sp.Indexed)) or (
            isinstance(v, sp.MatrixBase) and all(isinstance(e, sp.Symbol) for e in v))
        if not ok:
            raise ReadError(f"cannot differentiate with respect to {v}", pos)
    if any(isinstance(v, sp.MatrixBase) for v, _ in wrt):
        if len(wrt) != 1 or isinstance(f, sp.MatrixBase):
            raise ReadError("a gradient takes one vector variable and a scalar function", pos)
        v, order = wrt[0]
        return v.applyfunc(lambda s: sp.Derivative(f, (s, order)))
    if isinstance(f, sp.MatrixBase):
        return f.applyfunc(lambda e: sp.Derivative(e, *wrt))
    return sp.Derivative(f, *wrt)


def too_big(b, x) -> bool:
    """Would evaluating b**x (both rational) make an enormous number?"""
    if not (b.is_Rational and x.is_Rational) or b in (0, 1, -1):
        return False
    bits = max(abs(b.p).bit_length(), b.q.bit_length())
    return abs(x) * bits > 60000


class Builder:
    """Rebuild latex2sympy's unevaluated tree with the holes filled, evaluating as SymPy does.

    Products keep their order, so matrices multiply as written; scalar functions act
    entrywise on matrices; ^T and ^{-1} on a matrix transpose and invert it.
    """

    def __init__(self, values: dict):
        self.values = values

    def build(self, e, resolve: bool = True):
        v = self.go(e)
        fix = {ONES: sp.S.One, IDENTITY: sp.Symbol("I", real=True)} if resolve else {}
        if isinstance(v, sp.MatrixBase):
            return v.applyfunc(lambda x: x.xreplace(fix))
        if not isinstance(v, sp.Basic):
            raise ReadError("expected one expression", -1)
        return v.xreplace(fix)

    def go(self, e):
        if isinstance(e, sp.Symbol) and e.name in self.values:
            return self.values[e.name]
        if isinstance(e, sp.Set) and len(e.args) == 1 and not isinstance(e, sp.Interval):
            return self.go(e.args[0])      # {x} at the top is a group, not a set
        if not isinstance(e, sp.Basic) or isinstance(e, (sp.Set, sp.Tuple)):
            raise ReadError("expected one expression, not a list, set or interval", -1)
        if isinstance(e, sp.MatrixBase):   # pragma: no cover - matrices arrive as holes
            return sp.ImmutableMatrix(e.applyfunc(self.go))
        if not e.args:
            return e
        args = [self.go(a) for a in e.args]
        if isinstance(e, sp.Pow):
            return self.power(*args)
        if isinstance(e, sp.Mul):
            return self.product(args)
        if isinstance(e, sp.Add):
            return self.total(args)
        mats = [a for a in args if isinstance(a, sp.MatrixBase)]
        if isinstance(e, sp.core.relational.Relational):
            if mats:
                raise ReadError("relations between matrices are not supported", -1)
            return e.func(*args, evaluate=False)
        if isinstance(e, (sp.factorial, sp.binomial)) and any(
                a.is_Number and abs(a) > MAX_EXACT_POWER for a in args):
            return e.func(*args, evaluate=False)
        if mats:
            if isinstance(args[0], sp.MatrixBase) and len(mats) == 1 and e.func in ELEMENTWISE:
                return args[0].applyfunc(lambda x: e.func(x, *args[1:]))
            raise ReadError(f"{e.func.__name__} of a matrix is not supported", -1)
        return e.func(*args)

    def power(self, b, x):
        if x is TRANSPOSE or x is MAYBE_T:
            if isinstance(b, sp.MatrixBase):
                return b.T
            return b if x is TRANSPOSE else sp.Pow(b, sp.Symbol("T", real=True))
        if isinstance(x, sp.MatrixBase):
            raise ReadError("a matrix cannot be an exponent", -1)
        if isinstance(b, sp.MatrixBase):
            if b.rows != b.cols:
                raise ReadError(f"a {b.rows}x{b.cols} matrix has no powers or inverse", -1)
            if x == -1:
                affordable(b, MAX_SYMBOLIC_INVERSE, "the inverse")
                if b.det() == 0:
                    raise ReadError("this matrix is singular", -1)
                return b.inv()
            if x.is_Integer and 0 <= x <= 64:
                affordable(b, MAX_SYMBOLIC_INVERSE if x > 8 else MAX_SYMBOLIC_DET, "a power")
                return b ** int(x)
            raise ReadError("matrix powers must be whole numbers or -1", -1)
        if too_big(b, x):
            return sp.Pow(b, x, evaluate=False)
        return sp.Pow(b, x)

    def product(self, args: list):
        segments: list[list] = [[]]
        for a in args:
            if a is HADAMARD:
                segments.append([])
            else:
                segments[-1].append(a)
        if any(not s for s in segments):
            raise ReadError("\\odot needs a factor on each side", -1)
        out = self.chain(segments[0])
        for seg in segments[1:]:
            out = hadamard(out, self.chain(seg))
        return out

    @staticmethod
    def chain(factors: list):
        acc, scalars = None, []
        for f in factors:
            if isinstance(f, sp.MatrixBase):
                acc = f if acc is None else matmul(acc, f)
            else:
                scalars.append(f)
        if acc is None:
            return sp.Mul(*scalars)
        if any(s.has(ONES) for s in scalars):
            raise ReadError("\\mathbf{1} is only supported in sums such as z + c\\mathbf{1}", -1)
        scalar = sp.Mul(*[s for s in scalars if s is not IDENTITY])
        return acc if scalar == 1 else acc * scalar

    @staticmethod
    def total(args: list):
        mats = [a for a in args if isinstance(a, sp.MatrixBase)]
        if not mats:
            return sp.Add(*args)
        shape = mats[0].shape
        out = sp.zeros(*shape)
        for a in args:
            if isinstance(a, sp.MatrixBase):
                if a.shape != shape:
                    raise ReadError(f"cannot add a {dims(shape)} and a {dims(a.shape)} matrix", -1)
                out += a
            elif a.has(ONES):
                out += a.xreplace({ONES: 1}) * sp.ones(*shape)
            elif a.has(IDENTITY) and shape[0] == shape[1]:
                out += a.xreplace({IDENTITY: 1}) * sp.eye(shape[0])
            elif a != 0:
                raise ReadError(f"cannot add a scalar and a {dims(shape)} matrix "
                           "(write c\\mathbf{1} for a constant vector)", -1)
        return sp.ImmutableMatrix(out)


def dims(shape) -> str:
    return f"{shape[0]}x{shape[1]}"


def matmul(a, b):
    if a.cols == b.rows:
        return a * b
    if a.shape == (1, 1):
        return b * a[0, 0]
    if b.shape == (1, 1):
        return a * b[0, 0]
    raise ReadError(f"cannot multiply a {dims(a.shape)} matrix by a {dims(b.shape)} matrix", -1)


def hadamard(a, b):
    if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
        if a.shape != b.shape:
            raise ReadError(f"\\odot needs equal shapes, not {dims(a.shape)} and {dims(b.shape)}", -1)
        return a.multiply_elementwise(b)
    return a * b
