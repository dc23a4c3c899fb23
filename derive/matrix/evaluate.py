"""Numbers for matrix forms: random instances of several sizes, and a form's value on one.

Evaluation walks the SymPy tree with NumPy (nothing is compiled from text). A differential
is evaluated by a fourth-order central difference of its function along its direction, and
a gradient entry by entry the same way, so that a rule's right-hand side is compared
with the definition, never with itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr

from .nodes import Centering, Elementwise, Gradient, LogSumExp, MatDiff, Scalar, ScalarDiff, Softmax, Std, Variance

STRUCTURES = ("symmetric", "spd", "diagonal", "onehot", "positive")
_NOTE = re.compile(r"^(\S+) is .*\((%s)\)$" % "|".join(STRUCTURES))
H = 1e-3


class EvaluationError(ValueError):
    """A form cannot be given a value (shapes do not match, an unknown node)."""


def structure_note(name: str, kind: str) -> str:
    """The assumption note that declares ``name``'s structure (read back by ``structures``)."""
    words = {"symmetric": "symmetric", "spd": "symmetric positive definite", "diagonal": "diagonal",
             "onehot": "one-hot rows", "positive": "entrywise positive"}
    return f"{name} is {words[kind]} ({kind})"


def structures(notes) -> dict:
    """name -> structure from assumption notes written by ``structure_note``."""
    out = {}
    for text in notes or ():
        m = _NOTE.match(str(text))
        if m:
            out[m.group(1)] = m.group(2)
    return out


@dataclass
class Instance:
    """Sizes for the symbolic dimensions and values for every matrix and scalar symbol."""

    sizes: dict
    values: dict = field(default_factory=dict)
    xp: Any = np            # the array module: numpy, or jax.numpy under an autodiff oracle
    diff: Any = None        # (f, wrt, direction or None, instance) -> d f or the gradient; None: FD

    def size(self, d) -> int:
        d = sp.sympify(d)
        if d.is_Integer:
            return int(d)
        v = d.xreplace({k: sp.Integer(n) for k, n in self.sizes.items()})
        if not v.is_Integer:
            raise EvaluationError(f"no size for dimension {d}")
        return int(v)


def free_matrices(*forms) -> set:
    out = set()
    for f in forms:
        if isinstance(f, sp.Basic):
            out |= f.atoms(sp.MatrixSymbol)
    return out


def dimensions(*forms) -> list:
    dims = set()
    for m in free_matrices(*forms):
        for d in m.shape:
            dims |= sp.sympify(d).free_symbols
    return sorted(dims, key=str)


def scalars(*forms) -> list:
    out = set()
    for f in forms:
        if isinstance(f, sp.Basic):
            out |= {s for s in f.free_symbols if isinstance(s, sp.Symbol)}
    dims = set(dimensions(*forms))
    return sorted((s for s in out - dims), key=str)


def sample(rng, shape, kind: str | None):
    r, c = shape
    if kind in ("symmetric", "spd", "diagonal") and r != c:
        raise EvaluationError(f"a {kind} matrix must be square, not {r} x {c}")
    a = rng.standard_normal((r, c))
    if kind == "symmetric":
        return (a + a.T) / 2
    if kind == "spd":
        return a @ a.T / r + np.eye(r)
    if kind == "diagonal":
        return np.diag(np.diag(a))
    if kind == "onehot":
        out = np.zeros((r, c))
        out[np.arange(r), rng.integers(0, c, size=r)] = 1.0
        return out
    if kind == "invertible" and r == c:   # generic, but far from singular: FD stays accurate
        return 2.0 * np.eye(r) + a / np.sqrt(r)
    if kind == "positive":
        return rng.uniform(0.5, 2.0, (r, c))
    return a


SIZES = [(2, 3, 2), (3, 2, 4), (4, 3, 3), (1, 4, 2), (5, 2, 3)]


def instances(forms, kinds: dict, count: int = 5, seed: int = 17) -> list[Instance]:
    """``count`` random instances, each with its own sizes for the symbolic dimensions."""
    rng = np.random.default_rng(seed)
    dims = dimensions(*forms)
    inverted = {m.name for f in forms if isinstance(f, sp.Basic)
                for node in sp.preorder_traversal(f) if isinstance(node, (sp.Inverse, sp.Determinant))
                for m in node.arg.atoms(sp.MatrixSymbol)}
    out = []
    for k in range(count):
        sizes = {d: SIZES[k % len(SIZES)][j % 3] + (j // 3) for j, d in enumerate(dims)}
        inst = Instance(sizes)
        for m in sorted(free_matrices(*forms), key=lambda m: m.name):
            kind = kinds.get(m.name) or ("invertible" if m.name in inverted else None)
            inst.values[m.name] = sample(rng, (inst.size(m.shape[0]), inst.size(m.shape[1])), kind)
        for s in scalars(*forms):
            inst.values[s.name] = float(rng.uniform(0.5, 2.0))
        out.append(inst)
    return out


# -- evaluation ---------------------------------------------------------------------------
def _np_sigma(a):
    return 1.0 / (1.0 + np.exp(-a))


NUMPY_FUNCTIONS = {"exp": np.exp, "log": np.log, "sigma": _np_sigma, "tanh": np.tanh,
                   "recip": lambda a: 1.0 / a, "dsigma": lambda a: _np_sigma(a) * (1 - _np_sigma(a)),
                   "dtanh": lambda a: 1 - np.tanh(a) ** 2, "drecip": lambda a: -1.0 / a ** 2}
SCALAR_FUNCTIONS = {sp.exp: np.exp, sp.log: np.log, sp.sqrt: np.sqrt, sp.Abs: np.abs}


def _functions(xp) -> dict:
    """The elementwise functions in the array module ``xp``."""
    if xp is np:
        return NUMPY_FUNCTIONS
    sig = lambda a: 1.0 / (1.0 + xp.exp(-a))  # noqa: E731
    return {"exp": xp.exp, "log": xp.log, "sigma": sig, "tanh": xp.tanh, "recip": lambda a: 1.0 / a,
            "dsigma": lambda a: sig(a) * (1 - sig(a)), "dtanh": lambda a: 1 - xp.tanh(a) ** 2,
            "drecip": lambda a: -1.0 / a ** 2}


def value(e, inst: Instance):
    """The value of a form on an instance: a float for a scalar, a 2-d array for a matrix."""
    v = _value(e, inst)
    if isinstance(v, np.ndarray) and not is_matrix_expr(e):
        raise EvaluationError(f"a scalar form has a matrix value: {e}")
    return v


def is_matrix_expr(e) -> bool:
    return isinstance(e, MatrixExpr)


def _with(inst: Instance, name: str, new) -> Instance:
    values = dict(inst.values)
    values[name] = new
    return replace(inst, values=values)


def _is_array(p) -> bool:
    return getattr(p, "ndim", 0) == 2


def _num(x, inst: Instance):
    """A scalar result: a float under numpy; left as the library's scalar under autodiff."""
    return float(x) if inst.xp is np else x


def directional(f, wrt, direction, inst: Instance):
    """d f along ``direction`` at the instance: a fourth-order central difference."""
    w0, v = inst.values[wrt.name], _value(direction, inst)
    scale = H * max(1.0, float(np.max(np.abs(w0))))
    pts = [_value(f, _with(inst, wrt.name, w0 + k * scale * v)) for k in (2, 1, -1, -2)]
    return (-pts[0] + 8 * pts[1] - 8 * pts[2] + pts[3]) / (12 * scale)


def _matmul(parts):
    acc = None
    coef = 1.0
    for p in parts:
        if _is_array(p):
            if acc is not None and acc.shape[1] != p.shape[0]:
                raise EvaluationError(f"shapes {acc.shape} and {p.shape} do not multiply")
            acc = p if acc is None else acc @ p
        else:
            coef = coef * p
    return coef if acc is None else coef * acc


def _add(parts):
    shapes = {tuple(p.shape) for p in parts if _is_array(p)}
    if len(shapes) > 1 or (shapes and any(not _is_array(p) for p in parts)):
        raise EvaluationError(f"terms of shapes {sorted(shapes)} cannot be added")
    out = parts[0]
    for p in parts[1:]:
        out = out + p
    return out


def _value(e, inst: Instance):  # noqa: C901 - one case per node kind
    xp = inst.xp
    if isinstance(e, sp.MatrixSymbol):
        if e.name not in inst.values:
            raise EvaluationError(f"no value for {e.name}")
        return inst.values[e.name]
    if isinstance(e, sp.Identity):
        return xp.eye(inst.size(e.shape[0]))
    if isinstance(e, sp.ZeroMatrix):
        return xp.zeros((inst.size(e.shape[0]), inst.size(e.shape[1])))
    if isinstance(e, Centering):
        size = inst.size(e.shape[0])
        return xp.eye(size) - 1.0 / size
    if isinstance(e, sp.OneMatrix):
        return xp.ones((inst.size(e.shape[0]), inst.size(e.shape[1])))
    if isinstance(e, sp.MatMul):
        return _matmul([_value(a, inst) for a in e.args])
    if isinstance(e, sp.MatAdd):
        return _add([_value(a, inst) for a in e.args])
    if isinstance(e, sp.Transpose):
        return _value(e.arg, inst).T
    if isinstance(e, sp.Inverse):   # A^{-1}: SymPy ignores Inverse's second argument (prints, doit)
        return xp.linalg.inv(_square(_value(e.arg, inst)))
    if isinstance(e, sp.MatPow):
        base, k = _square(_value(e.base, inst)), e.exp
        if not k.is_Integer:
            raise EvaluationError(f"matrix power {k} is not an integer")
        return xp.linalg.matrix_power(base, int(k))
    if isinstance(e, sp.HadamardProduct):
        parts = [_value(a, inst) for a in e.args]
        if len({p.shape for p in parts}) > 1:
            raise EvaluationError("a Hadamard product of matrices of different shapes")
        out = parts[0]
        for p in parts[1:]:
            out = out * p
        return out
    if isinstance(e, sp.Trace):
        return _num(xp.trace(_square(_value(e.arg, inst))), inst)
    if isinstance(e, sp.Determinant):
        return _num(xp.linalg.det(_square(_value(e.arg, inst))), inst)
    if isinstance(e, Scalar):
        m = _value(e.matrix, inst)
        if m.shape != (1, 1):
            raise EvaluationError(f"a 1 x 1 product has shape {m.shape}")
        return _num(m[0, 0], inst)
    if isinstance(e, Std):
        return _num(_value(e.definition, inst), inst)
    if isinstance(e, Variance):
        m = _value(e.args[0], inst)
        return _num(xp.mean((m - xp.mean(m)) ** 2), inst)
    if isinstance(e, (MatDiff, ScalarDiff)):
        f, wrt, direction = e.args
        if inst.diff is not None:
            return inst.diff(f, wrt, direction, inst)
        return directional(f, wrt, direction, inst)
    if isinstance(e, Gradient):
        f, wrt = e.args
        if inst.diff is not None:
            return inst.diff(f, wrt, None, inst)
        w0 = inst.values[wrt.name]
        g = np.zeros_like(w0)
        for idx in np.ndindex(*w0.shape):
            unit = np.zeros_like(w0)
            unit[idx] = 1.0
            g[idx] = directional(f, wrt, sp.MatrixSymbol("_unit", *wrt.shape),
                                 _with(inst, "_unit", unit))
        return g
    if isinstance(e, Elementwise):
        return _functions(xp)[e.fname](_value(e.args[1], inst))
    if isinstance(e, Softmax):
        z = _value(e.args[0], inst)
        z = xp.exp(z - xp.max(z, axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)
    if isinstance(e, LogSumExp):
        z = _value(e.args[0], inst)
        top = xp.max(z, axis=1, keepdims=True)
        return top + xp.log(xp.sum(xp.exp(z - top), axis=1, keepdims=True))
    if isinstance(e, MatrixExpr):
        raise EvaluationError(f"no numeric value for the matrix form {type(e).__name__}")
    # scalars
    if isinstance(e, sp.Symbol):
        if e in inst.sizes:           # a dimension used as a number (1^T 1 = n)
            return float(inst.sizes[e])
        if e.name not in inst.values:
            raise EvaluationError(f"no value for {e.name}")
        return inst.values[e.name]
    if e.is_Number:
        return float(e)
    if isinstance(e, sp.Add):
        return _add([_value(a, inst) for a in e.args])
    if isinstance(e, sp.Mul):
        parts = [_value(a, inst) for a in e.args]
        out = 1.0
        for p in parts:
            out = out * p
        return out
    if isinstance(e, sp.Pow):
        return _value(e.base, inst) ** _value(e.exp, inst)
    if isinstance(e, sp.log) and isinstance(e.args[0], sp.Determinant):
        # log det read as log |det|: equal where det > 0, with the same differential everywhere
        return _num(xp.linalg.slogdet(_square(_value(e.args[0].arg, inst)))[1], inst)
    if type(e) in SCALAR_FUNCTIONS:
        return getattr(xp, SCALAR_FUNCTIONS[type(e)].__name__)(_value(e.args[0], inst))
    raise EvaluationError(f"no numeric value for {type(e).__name__}")


def _square(a):
    if not _is_array(a) or a.shape[0] != a.shape[1]:
        raise EvaluationError(f"needs a square matrix, not shape {np.shape(a)}")
    return a
