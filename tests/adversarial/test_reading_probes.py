"""Adversarial probes of how user LaTeX is read: each row is a claim and what it must give.

Classes: random-under-E, dependence, opaque derivatives, function application, indices,
error types, plus inventions (capital/lowercase under E, density letters vs products,
normal CDF/density). FALSE rows must come back False; NOT_TRUE rows anything but True;
TRUE rows are controls that must hold; an exception class means that error, one line.
Each probe runs in a forked child with a timeout, so a hang is a failure, not a stall.
A fixed subset runs by default; ``--full`` runs every row.
"""
from __future__ import annotations


import pytest

from derive.checking import CheckError
from derive.latex import ParseError

from .forked import in_child

FALSE, NOT_TRUE, TRUE = "false", "not true", "true"
TIMEOUT = 60.0
VAR, E = r"\operatorname{Var}", r"\mathbb{E}"


def _rows():
    rows = []
    add = lambda cls, l, r, want, a=None: rows.append((cls, l, r, a, want))  # noqa: E731
    # random under E / Var: an undeclared symbol there is a random variable
    for k in (2, 3, 5, -1, 10):
        add("random-under-E", rf"{VAR}(X)", rf"{k} {VAR}(X)", FALSE)
        add("random-under-E", rf"{VAR}(x)", rf"{k} {VAR}(x)", FALSE)
        add("random-under-E", rf"{E}[X^2]", rf"{k} {E}[X^2]", FALSE)
        add("random-under-E", rf"{E}[X]", rf"{E}[X] + {k}", FALSE)
    add("random-under-E", rf"{VAR}(X)", "0", FALSE)
    add("random-under-E", rf"{E}[X^2]", rf"{E}[X]^2", FALSE)
    add("random-under-E", rf"{VAR}(X)", rf"{E}[X^2] - {E}[X]^2", TRUE)
    add("random-under-E", rf"{VAR}(2X)", rf"4{VAR}(X)", TRUE)
    add("random-under-E", rf"{E}[aX + b]", rf"a{E}[X] + b", TRUE)
    add("random-under-E", rf"{VAR}(X + c)", rf"{VAR}(X)", TRUE)
    # dependence: distinct random symbols are not independent unless declared
    for l, r in [(rf"{VAR}(X+Y)", rf"{VAR}(X)+{VAR}(Y)"), (rf"{E}[XY]", rf"{E}[X]{E}[Y]"),
                 (rf"{VAR}(X-Y)", rf"{VAR}(X)+{VAR}(Y)"), (rf"{E}[X^2Y^2]", rf"{E}[X^2]{E}[Y^2]"),
                 (rf"{VAR}(X+Y+Z)", rf"{VAR}(X)+{VAR}(Y)+{VAR}(Z)"),
                 (rf"{E}[(X+Y)^2]", rf"{E}[X^2]+2{E}[X]{E}[Y]+{E}[Y^2]")]:
        add("dependence", l, r, FALSE)          # sampled jointly: a dependent pair refutes it
        add("dependence", l, r, FALSE, {c: "random" for c in "XYZ" if c in l})
        names = {c: "random independent" for c in "XYZ" if c in l}
        add("dependence", l, r, TRUE, names)
    for k in (2, 3):
        add("dependence", rf"{E}[X+Y]", rf"{E}[X]+{k}{E}[Y]", FALSE)
    add("dependence", rf"{E}[X+Y]", rf"{E}[X]+{E}[Y]", TRUE)
    add("dependence", rf"{E}[3X-2Y]", rf"3{E}[X]-2{E}[Y]", TRUE)
    # opaque derivatives: L differentiated by w is a function of w
    for k in (2, 3, 7, -1, 0.5):
        add("opaque-derivative", r"\frac{\partial L}{\partial w}", rf"{k}\frac{{\partial L}}{{\partial w}}", FALSE)
        add("opaque-derivative", r"\frac{d f}{d x}", rf"{k}\frac{{d f}}{{d x}}", FALSE)
    add("opaque-derivative", r"\frac{\partial L}{\partial w}", "0", FALSE)
    add("opaque-derivative", r"\frac{\partial L}{\partial w}", r"\frac{\partial L}{\partial w}", TRUE)
    add("opaque-derivative", r"\frac{\partial (2L)}{\partial w}", r"2\frac{\partial L}{\partial w}", TRUE)
    # function application: p(x), q(z), Phi, phi, f_X, E(X)
    for l, r in [("p(x)", "p x"), ("q(z)", "q z"), ("p(x)", "p"), (r"\Phi(x)", r"\Phi x"),
                 (r"\phi(x)", r"\phi x"), ("f_X(x)", "f_X x"), ("g(x)", "g x"), ("h(x)", "h x"),
                 ("L(w)", "L w"), ("f(x,y)", "f x y"), (r"\Phi(x)", "x"), (r"\phi(0)", "1"),
                 (r"\Phi(0)", "0"), ("E(X)", "E X")]:
        add("function-application", l, r, FALSE)
    gelu = r"\frac{d}{dx} x\Phi(x)"
    add("function-application", gelu, r"\Phi(x) + x\phi(x)", TRUE)
    for wrong in (r"\Phi(x)", r"\Phi(x) + 2x\phi(x)", r"x\phi(x)", r"\Phi(x) - x\phi(x)"):
        add("function-application", gelu, wrong, FALSE)
    add("function-application", r"\Phi(0)", r"\frac{1}{2}", TRUE)
    add("function-application", r"\frac{d}{dx}\Phi(x)", r"\phi(x)", TRUE)
    add("function-application", r"\Phi(-x)", r"1 - \Phi(x)", TRUE)
    add("function-application", "p(1-p)", "p - p^2", TRUE)
    add("function-application", "n(n+1)", "n^2 + n", TRUE)
    add("function-application", "x(1-x)", "x - x^2", TRUE)
    add("function-application", "E(X)", rf"{E}[X]", TRUE)
    # indices: one context, free indices in the range of their sum
    add("indices", r"\sum_{j=1}^{n} \delta_{ij} x_j", "x_i", TRUE)
    add("indices", r"\sum_{j=1}^{n} \delta_{ij} x_j", "2x_i", FALSE)
    add("indices", r"\sum_{j=1}^{n} \delta_{ij} x_j", "0", FALSE)
    add("indices", r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i", "1", TRUE)
    add("indices", r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i^2", "2x_j", TRUE)
    for k in (0, 2, 3, "n"):
        add("indices", r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i", str(k), FALSE)
    add("indices", r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i^2", "2x_i", NOT_TRUE)
    add("indices", r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i^2", "x_j", FALSE)
    add("indices", r"\frac{\partial}{\partial x_j}\sum_{i=1}^n x_i", "1", TRUE, {"j": "1..n"})
    # error types: bad input is a ParseError or CheckError (AssumptionError is one)
    for dom in ("bogus", "complex", "reals", "matrix"):
        add("error-types", "x", "x", CheckError, {"x": dom})
    for shape in ((10000, 10000), (0, 2), "13x13", "axb"):
        add("error-types", "A", "A", CheckError, {"A": shape})
    add("error-types", "x", "x", CheckError, {"j": "1..n"})
    for bad in (r"\frac{1}{", r"\foo(x)", r"\operatorname{Cov}(X,Y)", "x +", r"\left( x"):
        add("error-types", bad, "x", ParseError)
    # hangs: reading and matrix algebra run under the check's budget (undecided, not stuck)
    for l, r, a in [(r"(A^{-1})^{-1}", "A", {"A": (4, 4)}), (r"A^{64}", "A^{64}", {"A": (2, 2)}),
                    (r"10^{10^{10}} x", "x", None), (r"10^{10^{10}} x", "2x", None)]:
        add("hangs", l, r, NOT_TRUE, a)
    add("error-types", "x", "x", TRUE, {"x": "real"})
    add("error-types", "x", "x", TRUE)
    return rows


ROWS = _rows()
FAST = [r for r in ROWS[::4] if r[0] != "hangs"]   # hangs take the 5 s reading budget


def _child(row, queue):
    from derive import check
    cls, lhs, rhs, assume, want = row
    try:
        v = check(lhs, rhs, assumptions=assume)
        queue.put(("verdict", v.holds))
    except Exception as e:   # noqa: BLE001 - the probe reports the error's class
        queue.put(("error", type(e).__name__, "\n" in str(e)))


def run_probe(row):
    return in_child(_child, row, TIMEOUT, ("timeout",), ("no result",))


def judge(row, got) -> bool:
    want = row[-1]
    if isinstance(want, type):
        names = {c.__name__ for c in want.__subclasses__()} | {want.__name__}
        names |= {s.__name__ for c in want.__subclasses__() for s in c.__subclasses__()}
        return got[0] == "error" and got[1] in names and not got[2]
    if got[0] != "verdict":
        return False
    return {FALSE: got[1] is False, NOT_TRUE: got[1] is not True, TRUE: got[1] is True}[want]


def _id(row):
    return f"{row[0]}:{row[1]}={row[2]}"


def test_at_least_a_hundred_probes():
    assert len(ROWS) >= 100
    assert {r[0] for r in ROWS} >= {"random-under-E", "dependence", "opaque-derivative",
                                     "function-application", "indices", "error-types"}


@pytest.mark.parametrize("row", FAST, ids=[_id(r) for r in FAST])
def test_fast_probe(row):
    got = run_probe(row)
    assert judge(row, got), (row, got)


@pytest.mark.full
@pytest.mark.parametrize("row", ROWS, ids=[_id(r) for r in ROWS])
def test_probe(row):
    got = run_probe(row)
    assert judge(row, got), (row, got)
