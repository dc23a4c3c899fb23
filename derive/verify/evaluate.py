"""Evaluate SymPy expressions on arrays of samples, independently of symbolic results.

Elementary parts go through one vectorised ``lambdify`` each. Unevaluated operators
are never handed to SymPy to solve: derivatives become finite differences, integrals
numerical quadrature, limits a Richardson-extrapolated approach, long sums are added
term by term, and expectations are computed exactly over a sampled finite
distribution. ``evaluate_mp`` does the same at one point with mpmath, in high
precision, to confirm an apparent mismatch before it counts.
"""
from __future__ import annotations

import builtins
import functools
import itertools
import math
from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.numpy import NumPyPrinter

from .budget import BudgetExceeded
from ..core.functions import Expectation, unfold_defined


class NotNumeric(Exception):
    """The expression has a part the sampler cannot evaluate (e.g. an unbound index)."""


OPAQUE = (sp.Derivative, sp.Integral, sp.Limit, sp.Sum, sp.Product, Expectation, sp.Subs)
MAX_UNROLL = 400         # longer sums are evaluated as vectorised partial sums
TAIL_TERMS = 20000       # terms used for an infinite series on the fast path
MAX_TERMS = 100000       # longest finite sum or product added up numerically


def _elementwise(f):
    """A scalar math function applied over arrays (numpy has no erf or lgamma)."""
    vec = np.vectorize(f, otypes=[float])
    return lambda x: vec(np.asarray(x, dtype=float))


_SPECIAL = {"erf": _elementwise(math.erf), "erfc": _elementwise(math.erfc),
            "loggamma": _elementwise(math.lgamma), "gamma": _elementwise(math.gamma)}


_NUMPY_PRINTER_SETTINGS = {"fully_qualified_modules": True, "inline": True,
                           "allow_unknown_functions": False,
                           "user_functions": {name: name for name in _SPECIAL}}
_NAMESPACE = {"numpy": np, "builtins": builtins, "functools": functools, "math": math, **_SPECIAL}


class _NamedPrinter(NumPyPrinter):
    """SymPy's NumPy printer, printing the given subtrees (free symbols, unevaluated
    operators) as parameter names: renaming at print time, with no tree rebuilt."""

    def __init__(self, settings: dict, names: dict):
        super().__init__(settings)
        self._names = names

    def _print(self, expr, **kwargs):
        try:
            name = self._names.get(expr)
        except TypeError:  # an unhashable argument (a list) is no subtree to rename
            name = None
        return name if name is not None else super()._print(expr, **kwargs)


def _compile_numpy(names: dict, params: list, expr: sp.Basic):
    """A numpy function of ``params`` computing ``expr``, whose subtrees in ``names``
    are read from the parameters of those names.

    The source is printed from the SymPy tree by SymPy's NumPy printer, as lambdify does;
    no user text is in it (every free symbol is printed as a parameter name)."""
    printer = _NamedPrinter(dict(_NUMPY_PRINTER_SETTINGS), names)
    code = printer.doprint(expr)
    if printer._not_supported or "\n" in code:
        raise ValueError("needs lambdify")
    src = "def _f(%s):\n    return %s\n" % (", ".join(params), code)
    scope: dict = {}
    exec(compile(src, "<derive-numeric>", "exec"), dict(_NAMESPACE), scope)  # noqa: S102
    return scope["_f"]


class Plan:
    """How to evaluate one form: its unevaluated operators (computed separately) and one
    compiled function of the free symbols and those operators' values.

    Free symbols and operators are printed as plain parameter names (_a0, _a1, ...), so
    nothing is renamed in the SymPy tree; the renamed tree (``body``) is built only for
    the general lambdify paths (mpmath, or a form the direct printer cannot print).
    """

    __slots__ = ("expr", "nodes", "free", "params", "_body", "_np", "_mp")

    def __init__(self, expr: sp.Basic):
        expr = unfold_defined(expr)
        self.expr = expr
        nodes: list = []
        free: set = set()
        _collect(expr, nodes, free)
        self.nodes = tuple(dict.fromkeys(nodes))
        self.free = tuple(sorted(free, key=sp.default_sort_key))
        self.params = tuple(sp.Symbol(f"_a{k}") for k in range(len(self.free) + len(self.nodes)))
        self._body = self._np = self._mp = None

    @property
    def body(self) -> sp.Basic:
        """The form with free symbols and operators replaced by the parameter symbols."""
        if self._body is None:
            holes = [sp.Dummy(f"op{n}") for n in range(len(self.nodes))]
            body = self.expr.xreplace(dict(zip(self.nodes, holes))) if self.nodes else self.expr
            self._body = body.xreplace(dict(zip(self.free + tuple(holes), self.params)))
        return self._body

    def numpy(self):
        if self._np is None:
            # for ~100 samples compiling dominates evaluating: print and compile directly
            # (half of lambdify's cost); lambdify itself for anything unusual
            try:
                names = {x: p.name for x, p in zip(self.free + self.nodes, self.params)}
                self._np = _compile_numpy(names, [p.name for p in self.params], self.expr)
            except BudgetExceeded:
                raise
            except Exception:  # noqa: BLE001 - the general path handles every form
                self._np = sp.lambdify(self.params, self.body, modules=[_SPECIAL, "numpy"],
                                       cse=False, docstring_limit=0, dummify=False)
        return self._np

    def mpmath(self):
        if self._mp is None:
            self._mp = sp.lambdify(self.params, self.body, modules=["mpmath"], docstring_limit=0,
                                   dummify=False)
        return self._mp

    def missing(self, env: dict) -> list:
        return [s for s in self.free if s not in env]


@lru_cache(maxsize=None)
def _own_free_symbols(cls) -> bool:
    """Does ``cls`` compute free_symbols by a rule of its own (Indexed, Lambda), not as
    the union over its arguments?"""
    for k in cls.__mro__:
        if "free_symbols" in k.__dict__:
            return k is not sp.Basic
    return False


def _collect(e: sp.Basic, nodes: list, free: set) -> None:
    """The outermost unevaluated operators of ``e`` (in order) and its free symbols
    outside them: what ``free_symbols`` would give once those operators were holes."""
    if isinstance(e, OPAQUE):
        nodes.append(e)
        return
    if not e.args or _own_free_symbols(type(e)):  # a leaf, or a node with its own rule
        free.update(e.free_symbols)               # (Indexed, Lambda)
        return
    for a in e.args:
        _collect(a, nodes, free)


@lru_cache(maxsize=8192)
def plan(expr: sp.Basic) -> Plan:
    """The (cached) evaluation plan of a form: a pure function of the form."""
    return Plan(expr)


def is_approximate(expr: sp.Basic) -> bool:
    """True when evaluating ``expr`` involves finite differences, quadrature or limits."""
    return expr.has(sp.Derivative, sp.Integral, sp.Limit)


MAX_OUTCOMES = 65536     # joint outcomes enumerated for one expectation


def random_symbols(expr: sp.Basic, family_of) -> list:
    """Random symbols of ``expr`` outside any nested expectation (E[X] is a constant)."""
    found: set = set()

    def walk(e):
        if isinstance(e, Expectation):
            return
        if isinstance(e, sp.Symbol) and family_of(e) is not None:
            found.add(e)
        for a in e.args:
            walk(a)

    walk(expr)
    return sorted(found, key=sp.default_sort_key)


def atoms_for(exprs, family_of) -> int:
    """Atoms per random symbol: 3 unless one expectation has too many symbols for 3^n."""
    most = max((len(random_symbols(e.args[0], family_of)) for x in exprs
                for e in x.atoms(Expectation)), default=0)
    return 3 if 3 ** most <= MAX_OUTCOMES else 2


class Random:
    """The finite distributions random symbols are drawn from for one check.

    Every random symbol belongs to a family; members of a family are i.i.d. copies
    of one distribution with ``K`` atoms, whose values and weights vary per sample.
    """

    def __init__(self, family_of, rng: np.random.Generator, count: int, atoms: int = 3,
                 joint: frozenset = frozenset()):
        self.family_of, self.rng, self.count, self.atoms = family_of, rng, count, atoms
        self.tables: dict = {}
        self.joint = frozenset(joint)   # families drawn together: one atom index, dependent

    def groups(self, rs: list) -> list:
        """Random symbols that share one atom index: all joint ones together, others alone."""
        together = [s for s in rs if self.family_of(s) in self.joint]
        return ([together] if together else []) + [[s] for s in rs if s not in together]

    def weights_of(self, s):
        """Joint symbols weigh their atoms by one shared distribution."""
        family = self.family_of(s)
        if family in self.joint:
            return self.table(("joint",))[1]
        return self.table(family)[1]

    def table(self, family):
        if family not in self.tables:
            values = self.rng.normal(0.5, 1.5, (self.atoms, self.count))
            weights = self.rng.dirichlet(np.ones(self.atoms), self.count).T
            self.tables[family] = (values, weights)
        return self.tables[family]


class Evaluator:
    """Vectorised evaluation over an environment {symbol: array of samples}."""

    def __init__(self, random: Random | None = None, domain_of=None):
        self.random = random
        self.domain_of = domain_of or (lambda s: "real")

    # -- entry point --------------------------------------------------------------
    def __call__(self, expr: sp.Basic, env: dict) -> np.ndarray:
        p = plan(expr)
        missing = p.missing(env)
        if missing:
            raise NotNumeric(f"no value for {', '.join(map(str, missing))}")
        values = [self.opaque(node, env) for node in p.nodes]
        with np.errstate(all="ignore"):
            out = p.numpy()(*[env[s] for s in p.free], *values)
        return np.asarray(out)

    # -- unevaluated operators ----------------------------------------------------
    def opaque(self, node: sp.Basic, env: dict) -> np.ndarray:
        with np.errstate(all="ignore"):  # overflow in a tail or a stencil is a NaN, not a warning
            return self._opaque(node, env)

    def _opaque(self, node: sp.Basic, env: dict) -> np.ndarray:
        if isinstance(node, sp.Derivative):
            return self.derivative(node, env)
        if isinstance(node, sp.Integral):
            return self.integral(node, env)
        if isinstance(node, sp.Limit):
            return self.limit(node, env)
        if isinstance(node, (sp.Sum, sp.Product)):
            return self.series(node, env)
        if isinstance(node, Expectation):
            return self.expectation(node, env)
        if isinstance(node, sp.Subs):
            inner = dict(env)
            for v, p in zip(node.variables, node.point):
                inner[v] = self(p, env)
            return self(node.expr, inner)
        raise NotNumeric(f"cannot evaluate {type(node).__name__}")  # pragma: no cover

    def derivative(self, node: sp.Derivative, env: dict) -> np.ndarray:
        """Central finite differences, one variable at a time (fourth-order stencils)."""
        (x, order), rest = node.variable_count[-1], node.variable_count[:-1]
        inner = sp.Derivative(node.expr, *rest) if rest else node.expr
        x0 = env.get(x)
        if x0 is None and not x.is_Symbol:
            raise NotNumeric(f"cannot differentiate with respect to {x}")
        if x0 is None:  # the variable does not occur outside: any point will do
            x0 = np.full(np.broadcast(*_arrays(env)).shape, 0.37)
        for _ in range(order - 2):  # orders above two: nest first-order differences
            inner = sp.Derivative(inner, x)
            order -= 1
        # steps scale with the distance to the domain's edge (log p near 0 or 1 needs
        # small ones); fourth-order stencils
        dom = self.domain_of(x)
        if dom == "unit":
            ref = np.minimum(x0, 1 - x0)
        elif dom in ("positive", "nonnegative", "negative"):
            ref = np.abs(x0)
        else:
            ref = np.maximum(0.05, np.abs(x0))
        h = (1e-3 if order == 1 else 1e-2) * np.maximum(ref, 1e-6)

        def f(shift):
            e = dict(env)
            e[x] = x0 + shift * h
            return np.asarray(self(inner, e), dtype=float)

        if order == 1:
            return (-f(2) + 8 * f(1) - 8 * f(-1) + f(-2)) / (12 * h)
        return (-f(2) + 16 * f(1) - 30 * f(0) + 16 * f(-1) - f(-2)) / (12 * h * h)

    def integral(self, node: sp.Integral, env: dict) -> np.ndarray:
        """Double-exponential quadrature (tanh-sinh, exp-sinh, sinh-sinh).

        Over the whole line the nodes are centred on and scaled to where the integrand
        lives, found per sample on a coarse grid: a narrow Gaussian far from 0 is then
        as easy as a wide one at 0.
        """
        if len(node.limits) > 1:
            inner = sp.Integral(node.function, *node.limits[:-1])
            return self.integral(sp.Integral(inner, node.limits[-1]), env)
        lim = node.limits[0]
        if len(lim) != 3:
            raise NotNumeric("indefinite integral")
        x, a, b = lim
        lead = (1,) * _ndim(env)
        f = node.function

        def at(xs):
            e = dict(env)
            e[x] = xs
            # an integrand free of x is still one value per node
            return np.broadcast_arrays(np.asarray(self(f, e), dtype=float), xs)[0]

        lo_inf, hi_inf = a == -sp.oo, b == sp.oo
        if lo_inf and hi_inf:
            grid = _WHOLE_LINE_GRID.reshape((-1,) + lead)
            g = np.abs(np.nan_to_num(at(grid), nan=0.0, posinf=0.0, neginf=0.0))
            peak = np.argmax(g, axis=0)
            centre = np.take_along_axis(np.broadcast_to(grid, g.shape), peak[None], 0)[0]
            live = g >= np.max(g, axis=0) * np.exp(-3.0)
            span = np.where(live, np.broadcast_to(grid, g.shape), np.nan)
            width = np.nanmax(span, axis=0) - np.nanmin(span, axis=0)
            scale = np.clip(np.nan_to_num(width / 2, nan=1.0), 1e-3, 1e3)
            s, w = _double_exponential("line")
            s, w = s.reshape((-1,) + lead), w.reshape((-1,) + lead)
            vals = at(centre + scale * s)
            # far out in the tails 0 * log 0 and the like are NaN, but their weight is nil
            vals = np.where(np.isnan(vals) & (np.abs(s) > 8.0), 0.0, vals)
            return np.sum(w * scale * vals, axis=0)
        if hi_inf or lo_inf:
            end = self(b if lo_inf else a, env)
            s, w = _double_exponential("half")
            s, w = s.reshape((-1,) + lead), w.reshape((-1,) + lead)
            return np.sum(w * at(end + (-1.0 if lo_inf else 1.0) * s), axis=0)
        lo, hi = self(a, env), self(b, env)
        s, w = _double_exponential("finite")
        s, w = s.reshape((-1,) + lead), w.reshape((-1,) + lead)
        half = (hi - lo) / 2
        return np.sum(w * half * at((hi + lo) / 2 + half * s), axis=0)

    def limit(self, node: sp.Limit, env: dict) -> np.ndarray:
        """Approach the point along h = 2^-k h0 and Richardson-extrapolate in h."""
        f, x, x0, direction = node.args
        hs = 0.05 * 0.5 ** np.arange(8)
        if x0 in (sp.oo, -sp.oo):
            sgn = 1 if x0 == sp.oo else -1
            # read at 10^6, where rounding has not yet taken over ((1 + 1/x)^x); but when
            # 10^8 says otherwise the limit is not reached there (x/(x + 10^7)): no float
            # value, high precision extrapolates at a larger scale
            e = dict(env)
            seq = []
            for k in (6, 8):
                e[x] = np.full(np.shape(next(iter(env.values()), 0.0)), sgn * 10.0 ** k) \
                    if env else sgn * 10.0 ** k
                seq.append(np.asarray(self(f, e)))
            near, far = np.broadcast_arrays(*seq)
            with np.errstate(invalid="ignore", over="ignore"):
                moved = np.abs(far - near) > 1e-3 * (1 + np.abs(near))
            return np.where(moved, np.nan, near)
        base = self(x0, env)
        sides = {"+": [1.0], "-": [-1.0], "+-": [1.0, -1.0]}[str(direction)]
        results = []
        for s in sides:
            rows = []
            for h in hs:
                e = dict(env)
                e[x] = base + s * h
                rows.append(np.asarray(self(f, e), dtype=float))
            results.append(_richardson(rows))
        if len(results) == 2:
            both = np.where(np.isclose(results[0], results[1], rtol=1e-5, atol=1e-7),
                            results[0], np.nan)
            return both
        return results[0]

    def series(self, node, env: dict) -> np.ndarray:
        """Sums and products with concrete bounds: add (or multiply) term by term."""
        k, a, b = node.limits[-1]          # the outermost limit; inner ones recurse
        body = node.func(node.function, *node.limits[:-1]) if len(node.limits) > 1 else node.function
        lo = _as_int(self(a, env))
        hi = TAIL_TERMS + lo if b == sp.oo else _as_int(self(b, env))
        if lo is None or hi is None:
            raise NotNumeric(f"bounds of {node} are not concrete integers")
        if hi - lo + 1 > MAX_TERMS:
            raise NotNumeric(f"a sum of {hi - lo + 1} terms is too long to add up term by term")
        ks = np.arange(lo, hi + 1, dtype=float).reshape((-1,) + (1,) * _ndim(env))
        e = dict(env)
        e[k] = ks
        vals = np.broadcast_to(self(body, e), np.broadcast(ks, *_arrays(env)).shape)
        if isinstance(node, sp.Sum):
            return np.sum(vals, axis=0) if len(ks) else np.zeros(1)
        return np.prod(vals, axis=0) if len(ks) else np.ones(1)

    def expectation(self, node: Expectation, env: dict) -> np.ndarray:
        """Exact expectation over the joint (product) distribution of the random symbols."""
        if self.random is None:
            raise NotNumeric("no random symbols declared")
        arg = node.args[0]
        rs = random_symbols(arg, self.random.family_of)
        if not rs:
            return self(arg, env)
        atoms = self.random.atoms
        if atoms ** len(rs) > MAX_OUTCOMES:
            raise NotNumeric(f"too many random symbols inside one expectation ({len(rs)})")
        groups = self.random.groups(rs)
        combos = np.array(list(itertools.product(range(atoms), repeat=len(groups))))
        e = dict(env)
        weight = 1.0
        extra = _ndim(env) - 1
        for col, group in enumerate(groups):
            idx = combos[:, col]
            for s in group:
                v = self.random.table(self.random.family_of(s))[0][idx]          # (C, S)
                e[s] = v.reshape(v.shape[:1] + (1,) * max(extra, 0) + v.shape[1:])
            w = self.random.weights_of(group[0])[idx]
            weight = weight * w.reshape(w.shape[:1] + (1,) * max(extra, 0) + w.shape[1:])
        vals = self(arg, e)
        return np.sum(weight * vals, axis=0)


def _arrays(env: dict):
    return [np.asarray(v) for v in env.values()] or [np.zeros(1)]


def _ndim(env: dict) -> int:
    return max((np.ndim(v) for v in env.values()), default=1) or 1


def _as_int(v):
    arr = np.unique(np.asarray(v, dtype=float))
    if arr.size != 1 or not np.isfinite(arr[0]) or arr[0] != round(arr[0]):
        return None
    return int(arr[0])


# coarse probe of the whole line: dense near 0, reaching |x| = 1e4
_WHOLE_LINE_GRID = np.sinh(np.linspace(-np.arcsinh(1e4), np.arcsinh(1e4), 1201))


@lru_cache(maxsize=4)
def _double_exponential(kind: str, h: float = 1 / 48, reach: float = 3.3):
    """Nodes and weights of the DE rules on (-1, 1), (0, oo) and (-oo, oo)."""
    tau = np.arange(-reach, reach + h / 2, h)
    s, c = np.pi / 2 * np.sinh(tau), np.pi / 2 * np.cosh(tau)
    if kind == "line":
        nodes, weights = np.sinh(s), h * c * np.cosh(s)
    elif kind == "half":
        nodes, weights = np.exp(s), h * c * np.exp(s)
    else:
        nodes, weights = np.tanh(s), h * c / np.cosh(s) ** 2
    keep = np.isfinite(nodes) & (weights > 1e-300) & (np.abs(nodes) < 1 if kind == "finite" else True)
    return nodes[keep], weights[keep]


def _richardson(rows: list) -> np.ndarray:
    """Extrapolate f(h) -> h = 0 from values at h, h/2, h/4, ... (error a power series in h)."""
    table = [np.asarray(r, dtype=float) for r in rows]
    for m in range(1, len(table)):
        factor = 2.0 ** m
        table = [(factor * table[i + 1] - table[i]) / (factor - 1) for i in range(len(table) - 1)]
        if len(table) == 1:
            break
        if m >= 4:
            break
    return table[-1]


# -- high precision, one point ------------------------------------------------------
def evaluate_mp(expr: sp.Basic, point: dict, random: Random | None = None, sample: int = 0,
                dps: int = 40):
    """Evaluate ``expr`` at one point with mpmath: the arbiter of apparent mismatches."""
    with mpmath.workdps(dps):
        env = {k: v if isinstance(v, mpmath.mpf) else mpmath.mpf(float(v)) for k, v in point.items()}
        return _MP(random, sample)(expr, env)


class _MP:
    def __init__(self, random, sample):
        self.random, self.sample = random, sample
        self.expectations: dict = {}   # (node, its non-random inputs) -> value

    def expectation(self, node, env):
        """E[...] binds every random symbol in it, so its value depends on the others
        only: E[(X - E[X])^2] computes E[X] once, not once per outcome of the outer E."""
        arg = node.args[0]
        rs = random_symbols(arg, self.random.family_of) if self.random is not None else []
        if not rs:
            return self(arg, env)
        family_of = self.random.family_of
        inputs = tuple(sorted(((s, env[s]) for s in node.free_symbols
                               if s in env and family_of(s) is None), key=lambda t: str(t[0])))
        key = (node, inputs)
        if key not in self.expectations:
            total = mpmath.mpf(0)
            groups = self.random.groups(rs)
            for combo in itertools.product(range(self.random.atoms), repeat=len(groups)):
                inner = dict(env)
                weight = mpmath.mpf(1)
                for group, a in zip(groups, combo):
                    for s in group:
                        values = self.random.table(family_of(s))[0]
                        inner[s] = mpmath.mpf(float(values[a, self.sample]))
                    weight *= mpmath.mpf(float(self.random.weights_of(group[0])[a, self.sample]))
                total += weight * self(arg, inner)
            self.expectations[key] = total
        return self.expectations[key]

    def __call__(self, expr, env):
        p = plan(expr)
        missing = p.missing(env)
        if missing:
            raise NotNumeric(f"no value for {', '.join(map(str, missing))}")
        values = [self.opaque(node, env) for node in p.nodes]
        return p.mpmath()(*[env[s] for s in p.free], *values)

    def opaque(self, node, env):
        if isinstance(node, sp.Derivative):
            (x, order), rest = node.variable_count[-1], node.variable_count[:-1]
            inner = sp.Derivative(node.expr, *rest) if rest else node.expr
            x0 = env.get(x, mpmath.mpf(0))
            return mpmath.diff(lambda v: self._with(inner, env, x, v), x0, order)
        if isinstance(node, sp.Integral):
            if len(node.limits) > 1:
                return self.opaque(sp.Integral(sp.Integral(node.function, *node.limits[:-1]),
                                               node.limits[-1]), env)
            x, a, b = node.limits[0]
            lo = -mpmath.inf if a == -sp.oo else self(a, env)
            hi = mpmath.inf if b == sp.oo else self(b, env)
            points = [lo, hi]
            if a == -sp.oo and b == sp.oo:  # split where the integrand lives: a narrow
                peak = self._peak(node.function, x, env)   # bump far from 0 is then found
                points = [lo, hi] if peak is None else [lo, peak, hi]
            return mpmath.quad(lambda v: self._with(node.function, env, x, v), points)
        if isinstance(node, sp.Limit):
            f, x, x0, direction = node.args
            point = mpmath.inf if x0 == sp.oo else (-mpmath.inf if x0 == -sp.oo else self(x0, env))
            d = str(direction)
            g = lambda v: self._with(f, env, x, v)  # noqa: E731
            if d == "+-" and not mpmath.isinf(point):   # two-sided: both sides must agree
                up, down = mpmath.limit(g, point, direction=1), mpmath.limit(g, point, direction=-1)
                if mpmath.almosteq(up, down, 1e-10, 1e-12):
                    return up
                return mpmath.mpf("nan")
            if mpmath.isinf(point):  # extrapolate at a large scale too: constants like 10^7
                scale = mpmath.mpf(10) ** 12 * (1 if point > 0 else -1)
                return mpmath.limit(lambda n: g(scale * n), mpmath.inf)
            return mpmath.limit(g, point, direction=1 if d in ("+", "+-") else -1)
        if isinstance(node, (sp.Sum, sp.Product)):
            k, a, b = node.limits[-1]
            body = node.func(node.function, *node.limits[:-1]) if len(node.limits) > 1 else node.function
            lo = int(self(a, env))
            if b == sp.oo:
                fn = mpmath.nsum if isinstance(node, sp.Sum) else mpmath.nprod
                return fn(lambda v: self._with(body, env, k, v), [lo, mpmath.inf])
            hi = int(self(b, env))
            terms = [self._with(body, env, k, mpmath.mpf(v)) for v in range(lo, hi + 1)]
            return mpmath.fsum(terms) if isinstance(node, sp.Sum) else mpmath.fprod(terms)
        if isinstance(node, Expectation):
            return self.expectation(node, env)
        if isinstance(node, sp.Subs):
            inner = dict(env)
            for v, p in zip(node.variables, node.point):
                inner[v] = self(p, env)
            return self(node.expr, inner)
        raise NotNumeric(f"cannot evaluate {type(node).__name__}")

    def _peak(self, f, x, env):
        """Where |f| is largest on the float evaluator's coarse probe of the line, or
        None (random symbols inside, or no finite value on the probe)."""
        if self.random is not None and random_symbols(f, self.random.family_of):
            return None
        try:
            grid = {s: float(v) for s, v in env.items() if s != x}
            grid[x] = _WHOLE_LINE_GRID
            g = np.abs(np.nan_to_num(np.broadcast_to(Evaluator()(f, grid), _WHOLE_LINE_GRID.shape),
                                     nan=0.0, posinf=0.0, neginf=0.0))
        except BudgetExceeded:
            raise
        except Exception:  # noqa: BLE001 - no probe: integrate over the line unsplit
            return None
        return mpmath.mpf(float(_WHOLE_LINE_GRID[int(np.argmax(g))])) if g.max() > 0 else None

    def _with(self, expr, env, x, v):
        inner = dict(env)
        inner[x] = v
        return self(expr, inner)


def random_functions(exprs, rng: np.random.Generator) -> dict:
    """Concrete smooth stand-ins for undefined functions f(x), shared by both sides."""
    out: dict = {}
    for e in exprs:
        for app in e.atoms(AppliedUndef):
            f = app.func
            if f in out:
                continue
            args = sp.symbols(f"u0:{len(app.args)}", real=True)
            c = [sp.Float(round(float(v), 6)) for v in rng.uniform(-1.5, 1.5, 3 * len(args) + 1)]
            body = c[0]
            for m, u in enumerate(args):
                body += c[3 * m + 1] * u + c[3 * m + 2] * sp.sin(c[3 * m + 3] * u + 0.3) + u ** 2 / 7
            if len(args) > 1:  # not separable: df/du_0 must depend on u_1 too
                mix = [sp.Float(round(float(v), 6)) for v in rng.uniform(0.5, 1.5, len(args))]
                body += sp.sin(sum(w * u for w, u in zip(mix, args))) / 2
                body += sum(args[m] * args[m + 1] for m in range(len(args) - 1)) / 5
            if app.is_positive:  # a density or likelihood p(x): keep it positive
                body = sp.exp(body / 4)
            out[f] = sp.Lambda(args, body)
    return out
