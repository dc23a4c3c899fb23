"""Autodiff as a second numeric judge: every derivative recomputed by jax or torch.

The checks differentiate by finite differences. An oracle evaluates both sides again on
its own random points, in float64, with every derivative (d/dx of a scalar form, d(F)
along dW, a gradient in W) computed by automatic differentiation instead, so a step that
only finite differences vouch for gets an independent opinion. jax and torch are
optional (the ``[autodiff]`` extra installs jax); asking for a missing one raises
``OracleUnavailable``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Optional

import numpy as np
import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr

from ..core.assumptions import CheckError
from ..core.functions import unfold_defined
from .evaluate import EvaluationError, instances, value

ORACLES = ("jax", "torch")
RTOL = 1e-7          # autodiff is exact up to rounding: far tighter than finite differences
POINTS = 8


class OracleUnavailable(CheckError, ImportError):
    """The autodiff library the oracle names is not installed (a CheckError and an ImportError)."""


class OracleCannot(ValueError):
    """A form has a part the oracle does not evaluate (a sum, an integral, ...)."""


@dataclass
class Backend:
    name: str
    xp: Any                                   # array module for the matrix evaluator
    grad: Callable                            # f -> f' for f from an array to a scalar
    jvp: Callable                             # (f, x, v) -> d f(x)[v]
    asarray: Callable
    to_numpy: Callable


@dataclass
class Judgement:
    holds: Optional[bool]
    samples: int = 0
    counterexample: Optional[dict] = None
    lhs_value: Any = None
    rhs_value: Any = None
    detail: str = ""

    def as_dict(self, name: str) -> dict:
        return {"name": name, "holds": self.holds, "samples": self.samples, "detail": self.detail}


def backend(name: str) -> Backend:
    """The autodiff library ``name`` ("jax" or "torch"), in float64."""
    if name not in ORACLES:
        raise CheckError(f"unknown oracle {name!r}; expected one of {', '.join(ORACLES)}")
    try:
        if name == "jax":
            import jax
            jax.config.update("jax_enable_x64", True)
            import jax.numpy as jnp
            return Backend("jax", jnp, jax.grad, lambda f, x, v: jax.jvp(f, (x,), (v,))[1],
                           lambda a: jnp.asarray(a, dtype=jnp.float64), np.asarray)
        import torch
    except ImportError:
        raise OracleUnavailable(f"oracle={name!r} needs {name}, which is not installed "
                                f"(pip install 'derive[autodiff]' installs jax; torch from pytorch.org)") from None
    return _torch_backend(torch)


def _torch_backend(torch) -> Backend:
    def leaf(v):
        if isinstance(v, torch.Tensor) and v.requires_grad:
            return v                              # a variable of an outer derivative: keep its graph
        return torch.as_tensor(v, dtype=torch.float64).clone().requires_grad_(True)

    def grad(f):
        def g(v):
            v = leaf(v)
            out = f(v)
            if not getattr(out, "requires_grad", False):
                return torch.zeros_like(v)
            (gv,) = torch.autograd.grad(out, v, create_graph=True)
            return gv
        return g

    def jvp(f, x, v):
        return torch.autograd.functional.jvp(f, leaf(x), torch.as_tensor(v, dtype=torch.float64),
                                             create_graph=True)[1]

    return Backend("torch", _TorchArrays(torch), grad, jvp,
                   lambda a: torch.as_tensor(np.asarray(a, dtype=float), dtype=torch.float64),
                   lambda a: a.detach().numpy() if isinstance(a, torch.Tensor) else np.asarray(a))


class _TorchArrays:
    """The few numpy-style calls the matrix evaluator makes, in torch float64."""

    def __init__(self, torch):
        self._t, self.linalg = torch, torch.linalg

    def eye(self, n):
        return self._t.eye(n, dtype=self._t.float64)

    def zeros(self, shape):
        return self._t.zeros(shape, dtype=self._t.float64)

    def ones(self, shape):
        return self._t.ones(shape, dtype=self._t.float64)

    def max(self, a, axis, keepdims):
        return self._t.amax(a, dim=axis, keepdim=keepdims)

    def sum(self, a, axis, keepdims):
        return self._t.sum(a, dim=axis, keepdim=keepdims)

    def __getattr__(self, name):           # exp, log, tanh, sqrt, absolute, trace, mean
        return getattr(self._t, name)


# -- scalar forms -----------------------------------------------------------------------------
_FUNCTIONS = {sp.exp: "exp", sp.log: "log", sp.sin: "sin", sp.cos: "cos", sp.tan: "tan",
              sp.tanh: "tanh", sp.sinh: "sinh", sp.cosh: "cosh", sp.Abs: "abs"}


def scalar_value(e, point: dict, be: Backend):
    """The value of a scalar SymPy form at ``point`` (symbol -> number), derivatives by autodiff."""
    xp = be.xp
    if e.is_Number or e is sp.pi or e is sp.E:
        return float(e)
    if isinstance(e, sp.Symbol):
        if e not in point:
            raise OracleCannot(f"no value for {e}")
        return point[e]
    if isinstance(e, sp.Add):
        out = 0.0
        for a in e.args:
            out = out + scalar_value(a, point, be)
        return out
    if isinstance(e, sp.Mul):
        out = 1.0
        for a in e.args:
            out = out * scalar_value(a, point, be)
        return out
    if isinstance(e, sp.Pow):
        return scalar_value(e.base, point, be) ** scalar_value(e.exp, point, be)
    if type(e) in _FUNCTIONS:
        return getattr(xp, _FUNCTIONS[type(e)])(scalar_value(e.args[0], point, be))
    if isinstance(e, sp.Derivative):
        fn = lambda env: scalar_value(e.expr, env, be)  # noqa: E731
        for var, count in e.variable_count:
            if not isinstance(var, sp.Symbol) or not count.is_Integer:
                raise OracleCannot(f"a derivative in {var}")
            for _ in range(int(count)):
                fn = _partial(fn, var, be)
        return fn(point)
    raise OracleCannot(f"the oracle does not evaluate {type(e).__name__}")


def _partial(fn, var, be: Backend):
    def d(env):
        return be.grad(lambda v: fn({**env, var: v}))(env[var])
    return d


def _draw(domain: str, rng) -> float:
    if domain == "positive":
        return float(np.exp(rng.uniform(np.log(0.2), np.log(3.0))))
    if domain == "negative":
        return -float(np.exp(rng.uniform(np.log(0.2), np.log(3.0))))
    if domain == "nonnegative":
        return float(rng.uniform(0.1, 3.0))
    if domain == "unit":
        return float(rng.uniform(0.05, 0.95))
    if domain == "real":
        return float(rng.normal(0.0, 1.2))
    raise OracleCannot(f"the oracle draws real numbers only, not {domain}")


def has_derivative(*forms) -> bool:
    return any(isinstance(f, sp.Basic) and (f.has(sp.Derivative) or _has_matrix_derivative(f)) for f in forms)


def _has_matrix_derivative(f) -> bool:
    from .nodes import Gradient, MatDiff, ScalarDiff
    return any(isinstance(n, (Gradient, MatDiff, ScalarDiff)) for n in sp.preorder_traversal(f))


def judge_scalar(pairs, domain_of: Callable, name: str, seed: int = 2029) -> Judgement:
    """``pairs`` of scalar forms (lhs, rhs), e.g. the entries of two matrices: equal at
    random points with every derivative taken by autodiff?"""
    be = backend(name)
    pairs = [(unfold_defined(a), unfold_defined(b)) for a, b in pairs]
    symbols = sorted({s for a, b in pairs for s in (a.free_symbols | b.free_symbols)
                      if isinstance(s, sp.Symbol)}, key=str)
    rng = np.random.default_rng(seed)
    agreed = 0
    try:
        for _ in range(POINTS):
            point = {s: _draw(domain_of(s), rng) for s in symbols}
            env = {s: be.asarray(v) for s, v in point.items()}
            for a, b in pairs:
                lv = float(be.to_numpy(scalar_value(a, env, be)))
                rv = float(be.to_numpy(scalar_value(b, env, be)))
                if not (np.isfinite(lv) and np.isfinite(rv)):
                    break
                if abs(lv - rv) > RTOL * (1.0 + max(abs(lv), abs(rv))):
                    return Judgement(False, agreed, dict(point), lv, rv,
                                     detail=f"autodiff ({name}) gives {lv:.10g} and {rv:.10g}")
            else:
                agreed += 1
    except OracleCannot as exc:
        return Judgement(None, agreed, detail=str(exc))
    if agreed < 3:
        return Judgement(None, agreed, detail=f"only {agreed} of {POINTS} points had finite values")
    return Judgement(True, agreed, detail=f"autodiff ({name}) agrees at {agreed} random points")


# -- matrix forms -----------------------------------------------------------------------------
def judge_matrix(before, after, kinds: dict, name: str, count: int = 5, seed: int = 2029) -> Judgement:
    """Matrix forms equal on random instances of several sizes, with d(F) and gradients by autodiff?"""
    be = backend(name)

    def diff(f, wrt, direction, inst):
        w0 = inst.values[wrt.name]
        at = lambda w: value(f, _moved(inst, wrt.name, w))  # noqa: E731
        if direction is None:
            if isinstance(f, MatrixExpr):
                raise EvaluationError("a gradient of a matrix-valued form")
            return be.grad(at)(w0)
        return be.jvp(at, w0, value(direction, inst))

    agreed, sizes = 0, []
    for inst in instances([before, after], kinds, count=count, seed=seed):
        inst = replace(inst, values={k: be.asarray(v) for k, v in inst.values.items()}, xp=be.xp, diff=diff)
        try:
            lv = np.asarray(be.to_numpy(value(before, inst)), float)
            rv = np.asarray(be.to_numpy(value(after, inst)), float)
        except (EvaluationError, np.linalg.LinAlgError) as exc:
            return Judgement(None, agreed, detail=f"the oracle cannot evaluate the forms: {exc}")
        if lv.shape != rv.shape:
            return Judgement(False, agreed, {"sizes": dict(inst.sizes)}, detail=f"values of shapes {lv.shape} and {rv.shape}")
        if not (np.all(np.isfinite(lv)) and np.all(np.isfinite(rv))):
            continue
        scale = 1.0 + max(float(np.max(np.abs(lv), initial=0)), float(np.max(np.abs(rv), initial=0)))
        gap = float(np.max(np.abs(lv - rv), initial=0))
        if gap > RTOL * scale:
            return Judgement(False, agreed, {"sizes": {str(k): v for k, v in inst.sizes.items()}},
                             _first(lv), _first(rv), detail=f"autodiff ({name}): the forms differ by {gap:.3g}")
        agreed += 1
        sizes.append(",".join(f"{k}={v}" for k, v in sorted(inst.sizes.items(), key=lambda kv: str(kv[0]))))
    if agreed < 3:
        return Judgement(None, agreed, detail=f"only {agreed} instances had finite values")
    return Judgement(True, agreed, detail=f"autodiff ({name}) agrees on instances of sizes {'; '.join(sizes) or 'fixed'}")


def _moved(inst, name, new):
    values = dict(inst.values)
    values[name] = new
    return replace(inst, values=values)


def _first(v):
    return float(v.ravel()[0]) if v.size else None
