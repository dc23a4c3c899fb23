"""A derived gradient as Python: a module computing the value and the gradient, and its test.

The code is printed from the forms (walking the tree; no text is evaluated). Every
function takes the array module ``xp`` (numpy, jax.numpy or torch), so the generated test
can run the same value function under an autodiff library and compare its gradient with
the derived one, besides a finite-difference check.
"""
from __future__ import annotations

import sympy as sp

from .nodes import Centering, Elementwise, LogSumExp, Scalar, Softmax, Std, Variance

BACKENDS = {"numpy": "import numpy as xp", "jax": "import jax.numpy as xp", "torch": "import torch as xp"}


class CodegenError(ValueError):
    """A form has a part with no array translation."""


def code(e) -> str:  # noqa: C901
    if isinstance(e, sp.Symbol) and e in _DIMS:     # a dimension used as a number (n mu)
        return _DIMS[e]
    if isinstance(e, sp.MatrixSymbol) or isinstance(e, sp.Symbol):
        return e.name
    if isinstance(e, sp.MatMul):
        scal = [code(a) for a in e.args if not isinstance(a, sp.MatrixExpr)]
        mats = [code(a) for a in e.args if isinstance(a, sp.MatrixExpr)]
        s = " @ ".join(mats)
        return f"({' * '.join(scal)} * ({s}))" if scal else f"({s})"
    if isinstance(e, (sp.MatAdd, sp.Add)):
        return "(" + " + ".join(code(a) for a in e.args) + ")"
    if isinstance(e, sp.Mul):
        return "(" + " * ".join(code(a) for a in e.args) + ")"
    if isinstance(e, sp.Pow):
        return f"({code(e.base)} ** {code(e.exp)})"
    if e.is_Number if isinstance(e, sp.Expr) and not isinstance(e, sp.MatrixExpr) else False:
        return repr(float(e))
    if isinstance(e, sp.Transpose):
        return f"{code(e.arg)}.T"
    if isinstance(e, sp.Inverse):
        return f"xp.linalg.inv({code(e.arg)})"
    if isinstance(e, sp.Trace):
        return f"xp.trace({code(e.arg)})"
    if isinstance(e, sp.Determinant):
        return f"xp.linalg.det({code(e.arg)})"
    if isinstance(e, sp.log):
        return f"xp.log({code(e.args[0])})"
    if isinstance(e, sp.exp):
        return f"xp.exp({code(e.args[0])})"
    if isinstance(e, sp.HadamardProduct):
        return "(" + " * ".join(code(a) for a in e.args) + ")"
    if isinstance(e, Scalar):
        return f"{code(e.matrix)}[0, 0]"
    if isinstance(e, sp.OneMatrix):
        return f"_ones({_size(e.shape[0])}, {_size(e.shape[1])}, xp)"
    if isinstance(e, sp.Identity):
        return f"_eye({_size(e.shape[0])}, xp)"
    if isinstance(e, (Variance, Std)):
        return code(e.definition)
    if isinstance(e, Centering):
        return f"(_eye({_size(e.shape[0])}, xp) - 1.0 / {_size(e.shape[0])})"
    if isinstance(e, Elementwise):
        return f"_{e.fname}({code(e.args[1])}, xp)"
    if isinstance(e, Softmax):
        return f"_softmax({code(e.args[0])}, xp)"
    if isinstance(e, LogSumExp):
        return f"_lse({code(e.args[0])}, xp)"
    raise CodegenError(f"no array code for {type(e).__name__}")


_DIMS: dict = {}


def _size(d) -> str:
    d = sp.sympify(d)
    if d.is_Integer:
        return str(int(d))
    if d in _DIMS:
        return _DIMS[d]
    raise CodegenError(f"size {d} is not the size of an argument")


HELPERS = '''
def _ones(r, c, xp):
    return xp.ones((r, c), dtype=xp.float64)


def _eye(n, xp):
    return xp.eye(n, dtype=xp.float64)


def _exp(a, xp):
    return xp.exp(a)


def _log(a, xp):
    return xp.log(a)


def _sigma(a, xp):
    return 1.0 / (1.0 + xp.exp(-a))


def _dsigma(a, xp):
    return _sigma(a, xp) * (1.0 - _sigma(a, xp))


def _tanh(a, xp):
    return xp.tanh(a)


def _dtanh(a, xp):
    return 1.0 - xp.tanh(a) ** 2


def _recip(a, xp):
    return 1.0 / a


def _drecip(a, xp):
    return -1.0 / a ** 2


def _lse(z, xp):
    top = z.max(1, keepdims=True) if xp.__name__ != "torch" else z.max(1, keepdim=True).values
    s = xp.exp(z - top).sum(1, keepdims=True) if xp.__name__ != "torch" else xp.exp(z - top).sum(1, keepdim=True)
    return top + xp.log(s)


def _softmax(z, xp):
    return xp.exp(z - _lse(z, xp))
'''


def module_source(objective, wrt, gradient, *, name: str, backend: str = "numpy") -> str:
    """The source of a module with value(...), gradient(...) and the argument shapes."""
    if backend not in BACKENDS:
        raise CodegenError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    mats = sorted((objective.atoms(sp.MatrixSymbol) | gradient.atoms(sp.MatrixSymbol)), key=lambda m: m.name)
    scal = sorted({s for s in objective.free_symbols | gradient.free_symbols if isinstance(s, sp.Symbol)
                   and not any(s in m.shape[0].free_symbols | sp.sympify(m.shape[1]).free_symbols for m in mats)},
                  key=str)
    _DIMS.clear()
    for m in mats:
        for k, dim in enumerate(m.shape):
            dim = sp.sympify(dim)
            if not dim.is_Integer and dim not in _DIMS:
                _DIMS[dim] = f"{m.name}.shape[{k}]"
    args = ", ".join([m.name for m in mats] + [s.name for s in scal])
    shapes = {m.name: tuple(str(x) for x in m.shape) for m in mats}
    import_line = BACKENDS[backend]
    return f'''"""{name}: value and derived gradient (generated by derive export-code; denominator layout).

objective: {sp.sstr(objective)}
gradient in {wrt.name}: {sp.sstr(gradient)}
"""
{import_line}

WRT = {wrt.name!r}
ARGS = {[m.name for m in mats] + [s.name for s in scal]!r}
SHAPES = {shapes!r}
SCALARS = {[s.name for s in scal]!r}
{HELPERS}

def value({args}, xp=xp):
    return {code(objective)}


def gradient({args}, xp=xp):
    return {code(gradient)}
'''


TEST_TEMPLATE = '''"""Generated test for {mod}: the derived gradient against finite differences and autodiff."""
import importlib.util
import pathlib

import numpy as np
import pytest

_spec = importlib.util.spec_from_file_location("{mod}", pathlib.Path(__file__).with_name("{mod}.py"))
m = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(m)
SIZES = [{{"n": 4, "d": 3, "k": 2, "m": 3}}, {{"n": 3, "d": 2, "k": 4, "m": 2}}]


def instance(rng, sizes):
    out = {{}}
    for name in m.ARGS:
        if name in m.SCALARS:
            out[name] = float(rng.uniform(0.5, 2.0))
            continue
        r, c = (int(s) if s.isdigit() else sizes[s] for s in m.SHAPES[name])
        a = rng.standard_normal((r, c))
        kind = {kinds!r}.get(name)
        if kind == "spd":
            a = a @ a.T / r + np.eye(r)
        elif kind == "symmetric":
            a = (a + a.T) / 2
        elif kind == "onehot":
            a = np.zeros((r, c)); a[np.arange(r), rng.integers(0, c, size=r)] = 1.0
        out[name] = a
    return out


def as_numpy(v):
    return np.asarray(v, dtype=float)


@pytest.mark.parametrize("sizes", SIZES)
def test_gradient_matches_finite_differences(sizes):
    rng = np.random.default_rng(0)
    x = instance(rng, sizes)
    g = as_numpy(m.gradient(**x, xp=np))
    v = rng.standard_normal(x[m.WRT].shape)
    h = 1e-5
    up, down = dict(x), dict(x)
    up[m.WRT], down[m.WRT] = x[m.WRT] + h * v, x[m.WRT] - h * v
    fd = (float(m.value(**up, xp=np)) - float(m.value(**down, xp=np))) / (2 * h)
    assert abs(fd - float(np.sum(g * v))) <= 1e-6 * (1 + abs(fd))


@pytest.mark.parametrize("sizes", SIZES)
def test_gradient_matches_autodiff(sizes):
    rng = np.random.default_rng(1)
    x = instance(rng, sizes)
    g = as_numpy(m.gradient(**x, xp=np))
    try:
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        auto = np.asarray(jax.grad(lambda w: m.value(**dict(x, **{{m.WRT: w}}), xp=jnp))(jnp.asarray(x[m.WRT])))
    except ImportError:
        torch = pytest.importorskip("torch")
        w = torch.tensor(x[m.WRT], dtype=torch.float64, requires_grad=True)
        args = {{k: (torch.tensor(v, dtype=torch.float64) if isinstance(v, np.ndarray) else v) for k, v in x.items()}}
        args[m.WRT] = w
        m.value(**args, xp=torch).backward()
        auto = w.grad.numpy()
    assert np.max(np.abs(auto - g)) <= 1e-10 * (1 + np.max(np.abs(auto)))
'''


def test_source(mod: str, kinds: dict | None = None) -> str:
    return TEST_TEMPLATE.format(mod=mod, kinds=dict(kinds or {}))
