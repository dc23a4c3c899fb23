"""The named rules of matrix differentials, each a rewrite of every d(.) it applies to.

A rule takes a differential d(F) (F's variable W and direction dW travel with it) and
returns what the rule says it equals, or None when it does not apply. ``step`` applies
one rule wherever it applies in a form; the engine in ``derive.matrix.gradient`` picks
the rules in turn. The rules say what a textbook says; whether each use is right is
decided by the check (finite differences), never by the rule.
"""
from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr

from .nodes import ELEMENTWISE, Centering, Elementwise, LogSumExp, MatDiff, Scalar, ScalarDiff, Softmax, Std, Variance, differential


def _depends(e, wrt) -> bool:
    return isinstance(e, sp.Basic) and wrt in e.free_symbols


def _zero(f):
    return sp.ZeroMatrix(*f.shape) if isinstance(f, MatrixExpr) else sp.S.Zero


def _d(f, like):
    return differential(f, like.args[1], like.args[2])


def linearity(e):
    """d(A + B) = dA + dB, d(cA) = c dA, d(constant) = 0, d(W) = dW."""
    f, wrt, direction = e.args
    if f == wrt:
        return direction
    if not _depends(f, wrt):
        return _zero(f)
    if isinstance(f, (sp.MatAdd, sp.Add)):
        return f.func(*[_d(a, e) for a in f.args])
    if isinstance(f, sp.MatMul):
        consts = [a for a in f.args if not isinstance(a, MatrixExpr) and not _depends(a, wrt)]
        if consts:
            rest = [a for a in f.args if a not in consts]
            inner = rest[0] if len(rest) == 1 else sp.MatMul(*rest)
            return sp.MatMul(*consts, _d(inner, e))
    if isinstance(f, sp.Mul) and not isinstance(f, MatrixExpr):   # (MatMul is a Mul too)
        consts = [a for a in f.args if not _depends(a, wrt)]
        if consts:
            return sp.Mul(*consts, _d(sp.Mul(*[a for a in f.args if a not in consts]), e), evaluate=False)
    if isinstance(f, Scalar):
        return Scalar(_d(f.matrix, e))
    return None


def product(e):
    """d(AB) = dA B + A dB (for matrices the order of the factors is kept)."""
    f, wrt = e.args[0], e.args[1]
    if isinstance(f, sp.MatMul):
        mats = list(f.args)
        first, rest = mats[0], (mats[1] if len(mats) == 2 else sp.MatMul(*mats[1:]))
        if not _depends(first, wrt):       # a constant factor: d(A B) = A dB
            return sp.MatMul(first, _d(rest, e))
        if not _depends(rest, wrt):
            return sp.MatMul(_d(first, e), rest)
        return sp.MatAdd(sp.MatMul(_d(first, e), rest), sp.MatMul(first, _d(rest, e)))
    if isinstance(f, sp.Mul) and not isinstance(f, MatrixExpr):
        first, rest = f.args[0], sp.Mul(*f.args[1:])
        return sp.Add(sp.Mul(_d(first, e), rest, evaluate=False), sp.Mul(first, _d(rest, e), evaluate=False),
                      evaluate=False)
    return None


def transpose(e):
    """d(A^T) = (dA)^T."""
    f = e.args[0]
    return sp.Transpose(_d(f.arg, e)) if isinstance(f, sp.Transpose) else None


def inverse(e):
    """d(A^{-1}) = -A^{-1} dA A^{-1}."""
    f = e.args[0]
    if isinstance(f, sp.Inverse):
        return sp.MatMul(sp.S.NegativeOne, f, _d(f.arg, e), f)
    return None


def log_det(e):
    """d log det A = tr(A^{-1} dA)."""
    f = e.args[0]
    if isinstance(f, sp.log) and isinstance(f.args[0], sp.Determinant):
        a = f.args[0].arg
        return sp.Trace(sp.MatMul(sp.Inverse(a), _d(a, e)))
    return None


def log_scalar(e):
    """d log f = df / f."""
    f = e.args[0]
    if isinstance(f, sp.log) and not isinstance(f.args[0], sp.Determinant):
        return sp.Mul(_d(f.args[0], e), sp.Pow(f.args[0], -1), evaluate=False)
    return None


def power(e):
    """d(f^p) = p f^{p-1} df for a scalar f and an exponent p free of the variable."""
    f, wrt = e.args[0], e.args[1]
    if isinstance(f, sp.Pow) and not isinstance(f, MatrixExpr) and not _depends(f.exp, wrt):
        base, p = f.args
        return sp.Mul(p, sp.Pow(base, p - 1, evaluate=False), _d(base, e), evaluate=False)
    return None


def variance(e):
    """d var(x) = (2/d) (H x)^T dx: centring is linear and H^T H = H."""
    f = e.args[0]
    if isinstance(f, Variance):
        m = f.args[0]
        size = m.shape[0]
        return Scalar(sp.MatMul(2 / size, sp.Transpose(sp.MatMul(Centering(size), m)), _d(m, e)))
    return None


def std(e):
    """d sigma_eps(x) = d var(x) / (2 sigma_eps(x)), sigma_eps(x) = sqrt(var(x) + eps)."""
    f = e.args[0]
    if isinstance(f, Std):
        return sp.Mul(_d(Variance(f.args[0]), e), sp.Pow(2 * f, -1), evaluate=False)
    return None


def trace(e):
    """d tr A = tr dA."""
    f = e.args[0]
    return sp.Trace(_d(f.arg, e)) if isinstance(f, sp.Trace) else None


def quadratic(e):
    """d(x^T A x) = x^T (A + A^T) dx for a constant A; d(x^T x) = 2 x^T dx."""
    f, wrt = e.args[0], e.args[1]
    if not isinstance(f, Scalar) or not isinstance(f.matrix, sp.MatMul):
        return None
    args = f.matrix.args
    if len(args) == 2 and isinstance(args[0], sp.Transpose) and args[0].arg == args[1]:
        x = args[1]
        return Scalar(sp.MatMul(2, sp.Transpose(x), _d(x, e)))
    if len(args) == 3 and isinstance(args[0], sp.Transpose) and args[0].arg == args[2] \
            and not _depends(args[1], wrt):
        x, a = args[2], args[1]
        return Scalar(sp.MatMul(sp.Transpose(x), sp.MatAdd(a, sp.Transpose(a)), _d(x, e)))
    return None


def hadamard(e):
    """d(A o B) = dA o B + A o dB."""
    f, wrt = e.args[0], e.args[1]
    if isinstance(f, sp.HadamardProduct):
        a, b = f.args[0], (f.args[1] if len(f.args) == 2 else sp.HadamardProduct(*f.args[1:]))
        if not _depends(a, wrt):
            return sp.HadamardProduct(a, _d(b, e))
        if not _depends(b, wrt):
            return sp.HadamardProduct(_d(a, e), b)
        return sp.MatAdd(sp.HadamardProduct(_d(a, e), b), sp.HadamardProduct(a, _d(b, e)))
    return None


def elementwise(e):
    """d f(A) = f'(A) o dA for f applied entrywise."""
    f = e.args[0]
    if isinstance(f, Elementwise) and ELEMENTWISE[f.fname][1]:
        return sp.HadamardProduct(Elementwise(ELEMENTWISE[f.fname][1], f.args[1]), _d(f.args[1], e))
    return None


def softmax(e):
    """d lse(Z) = (softmax(Z) o dZ) 1 and d softmax(Z) = S o (dZ - ((S o dZ) 1) 1^T), row-wise."""
    f = e.args[0]
    if isinstance(f, LogSumExp):
        z = f.args[0]
        return sp.MatMul(sp.HadamardProduct(Softmax(z), _d(z, e)), sp.OneMatrix(z.shape[1], 1))
    if isinstance(f, Softmax):
        z = f.args[0]
        s, dz = f, _d(z, e)
        row = sp.MatMul(sp.HadamardProduct(s, dz), sp.OneMatrix(z.shape[1], 1), sp.OneMatrix(1, z.shape[1]))
        return sp.HadamardProduct(s, sp.MatAdd(dz, sp.MatMul(-1, row)))
    return None


# (name printed on the step, rule), in the order the engine tries them
RULES = [
    (r"quadratic form: $d(x^{\top} A x) = x^{\top} (A + A^{\top})\, dx$, $d(x^{\top} x) = 2 x^{\top} dx$", quadratic),
    (r"linearity of $d$: $d(A + B) = dA + dB$, $d(cA) = c\, dA$, $d(\text{const}) = 0$", linearity),
    (r"product rule for differentials: $d(AB) = dA\, B + A\, dB$", product),
    (r"transpose: $d(A^{\top}) = (dA)^{\top}$", transpose),
    (r"inverse: $d(A^{-1}) = -A^{-1}\, dA\, A^{-1}$", inverse),
    (r"log det: $d \log\det A = \operatorname{tr}(A^{-1} dA)$", log_det),
    (r"log: $d \log f = df / f$", log_scalar),
    (r"power of a number: $d(s^p) = p\, s^{p-1}\, ds$", power),
    (r"variance: $d \operatorname{var}(x) = \tfrac{2}{d} (H x)^{\top} dx$, $H = I - \tfrac{1}{d} \mathbf{1} \mathbf{1}^{\top}$",
     variance),
    (r"standard deviation: $d \sigma_{\epsilon}(x) = d \operatorname{var}(x) / (2 \sigma_{\epsilon}(x))$", std),
    (r"trace: $d \operatorname{tr} A = \operatorname{tr} dA$", trace),
    (r"Hadamard product rule: $d(A \odot B) = dA \odot B + A \odot dB$", hadamard),
    (r"elementwise function: $d f(A) = f'(A) \odot dA$", elementwise),
    (r"softmax: $d \operatorname{lse}(Z) = (\operatorname{softmax}(Z) \odot dZ) \mathbf{1}$", softmax),
]


def step(form, rule):
    """``form`` with ``rule`` applied to every differential it applies to (None: nowhere)."""
    changed = [False]

    def walk(e):
        if isinstance(e, (MatDiff, ScalarDiff)):
            out = rule(e)
            if out is not None:
                changed[0] = True
                return out
            return e
        if not isinstance(e, sp.Basic) or not e.args or isinstance(e, (sp.MatrixSymbol, sp.Symbol)):
            return e
        args = [walk(a) for a in e.args]
        if all(a is b for a, b in zip(args, e.args)):
            return e
        return rebuild(e, args)

    out = walk(form)
    return tidy(out) if changed[0] else None


def rebuild(e, args):
    if isinstance(e, (sp.Mul, sp.Add)):
        return e.func(*args, evaluate=False)
    return e.func(*args)


def differentials(form) -> list:
    return [n for n in sp.preorder_traversal(form) if isinstance(n, (MatDiff, ScalarDiff))]


def tidy(e):
    """Zeros removed, nested sums and products flattened (nothing else is rewritten)."""
    if not isinstance(e, sp.Basic) or not e.args or isinstance(e, (sp.MatrixSymbol, sp.Symbol)) \
            or isinstance(e, (MatDiff, ScalarDiff)):
        return e
    args = [tidy(a) for a in e.args]
    zero = lambda a: isinstance(a, sp.ZeroMatrix) or a == 0  # noqa: E731
    if isinstance(e, (sp.MatMul, sp.HadamardProduct)) and any(zero(a) for a in args):
        return sp.ZeroMatrix(*e.shape)
    if isinstance(e, sp.Mul) and any(zero(a) for a in args):
        return sp.S.Zero
    if isinstance(e, (sp.MatAdd, sp.Add)):
        flat = []
        for a in args:
            if zero(a):
                continue
            flat.extend(a.args if isinstance(a, e.func) else [a])
        if not flat:
            return _zero(e)
        return flat[0] if len(flat) == 1 else rebuild(e, flat)
    if isinstance(e, sp.MatMul):
        flat = []
        for a in args:
            flat.extend(a.args if isinstance(a, sp.MatMul) else [a])
        return sp.MatMul(*flat)
    if isinstance(e, (sp.Transpose, sp.Trace)) and zero(args[0]):
        return _zero(e)
    if isinstance(e, Scalar) and zero(args[0]):
        return sp.S.Zero
    return rebuild(e, args)
