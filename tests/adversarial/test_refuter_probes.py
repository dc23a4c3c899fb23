"""Adversarial probes of the refuter: false claims a narrow sampler accepts, and true
controls that must still hold. Each probe runs in a forked child with a timeout, so a
hang fails the probe, not the suite. A fixed subset by default, all with --full."""
from __future__ import annotations

import collections

import pytest

from .forked import in_child

NOT_TRUE = "not True"
PU = {"n": "positive_integer"}


def _rows():
    rows = []   # (class, lhs, rhs, relation, assumptions, expected)
    for k in range(7, 13):   # sizes: a closed form wrong from n = k
        wrong = "".join(f"(n-{j})" for j in range(1, k))
        rows.append(("sizes", r"\sum_{k=1}^{n} k", f"n(n+1)/2 + {wrong}", "=", PU, False))
        rows.append(("sizes", r"\sum_{k=1}^{n} k^2", f"n(n+1)(2n+1)/6 + {wrong}", "=", PU, False))
    for c in (20, 30, 45, 59):
        rows.append(("sizes", r"\sum_{k=1}^{n} 1", f"n + \\lfloor n/{c} \\rfloor", "=", PU, False))
    rows.append(("sizes", r"\sum_{k=1}^{n} k", "n(n+1)/2", "=", PU, True))
    rows.append(("sizes", r"\sum_{k=1}^{n} k^3", "(n(n+1)/2)^2", "=", PU, True))
    for c in (10, 15, 25, 50, 100, 400, 1000, 5e4, 2e5):   # domains: far from N(0, 1.6)
        rows.append(("domains", rf"\max(x,{c})", f"{c}", "=", None, False))
        rows.append(("domains", "x", f"{c}", "<=", None, False))
        rows.append(("domains", rf"e^{{-(x-{c})^2}}+x", "x", "=", None, False))
        rows.append(("domains", rf"\min(x,-{c})", f"-{c}", "=", None, False))
    for c in (20, 40, 100):
        rows.append(("domains", rf"\lfloor x/{c} \rfloor", "0", "=", None, False))
    for c in (4, 6, 10, 15):
        rows.append(("domains", r"\log p", f"-{c}", ">=", {"p": "unit"}, False))
        rows.append(("domains", r"\log (1-p)", f"-{c}", ">=", {"p": "unit"}, False))
        rows.append(("domains", r"\log x", f"-{c}", ">=", {"x": "positive"}, False))
        rows.append(("domains", r"\log x", f"{c}", "<=", {"x": "positive"}, False))
    rows.append(("domains", r"\max(x,0)", r"\frac{x+|x|}{2}", "=", None, True))
    for form in (r"\frac{d^2}{dx^2} f(x)", r"\frac{d}{dx} f(x)", "f(x)"):  # stand-ins
        rows.append(("stand-ins", form, "0", ">=", None, False))
        rows.append(("stand-ins", form, "0", "<=", None, False))
    rows.append(("stand-ins", r"\frac{d}{dx} f(x)^2", r"2 f(x) \frac{d}{dx} f(x)", "=", None, True))
    for c in (3, 7, 12, 30, 90, 300):   # inequalities: the search walks to the violation
        rows.append(("inequalities", rf"\sin x + x/{c}", "1.2", "<=", None, False))
        rows.append(("inequalities", rf"x^2 - {c} x", f"-{c * c / 4 - 0.01}", ">=", None, False))
        rows.append(("inequalities", rf"(x-{c})^2", "0.001", ">=", None, False))
    rows.append(("inequalities", "x^2", "0", ">=", None, True))
    for e in ("x", "x^2", r"\sin x", "e^x", r"\log(1+x^2)", "2x - x"):   # strict
        rows.append(("strict", e, e, "<", None, False))
        rows.append(("strict", e, e, ">", None, False))
    rows.append(("strict", "x^2+1", "x^2", ">", None, True))
    for lhs, rhs in ((r"\pi", "3.14159265"), ("1/3", "0.333333333333"), (r"\sqrt{2}", "1.41421356"),
                     ("e", "2.718281828"), (r"\frac{d}{dx} x^2", "2.00001 x"),
                     (r"\int_0^1 x^2 dx", "0.333334"), (r"\int_0^1 x dx", "0.5000001"),
                     ("2/7", "0.285714285714"), (r"\log 2", "0.69314718"),
                     (r"\frac{d}{dx} x^3", "3.0001 x^2"), ("x/3", "0.3333333 x")):
        rows.append(("exactness", lhs, rhs, "=", None, False))
    rows.append(("exactness", "1/4", "0.25", "=", None, True))
    rows.append(("exactness", "x/2", "0.5 x", "=", None, True))
    rows.append(("doit-trust", r"\int_0^{2\pi} |\sin x \cos x| dx", "1", "=", None, NOT_TRUE))
    rows.append(("doit-trust", r"\int_0^{\pi} |\sin x \cos x| dx", "1/2", "=", None, NOT_TRUE))
    for c in (2, 5, 7, 100):   # vacuity: opaque derivatives make both sides 0
        rows.append(("vacuity", r"\frac{\partial L}{\partial w}", rf"{c} \frac{{\partial L}}{{\partial w}}",
                     "=", None, NOT_TRUE))
    rows.append(("vacuity", r"\frac{d}{dx} 5", "0", "=", None, True))
    for c in (30, 60, 80, 200, 500, 1000, 3000, 1e5, 1e6):   # landmarks (invented): constants the form names
        rows.append(("landmarks", rf"|x - {c}| + |x + {c}|", f"2 |x|", "=", None, False))
        rows.append(("landmarks", rf"\frac{{1}}{{1+(x-{c})^2}}", "0.5", "<=", None, False))
    return rows


ROWS = _rows()
FAST = ROWS[::5]


def _run(row, queue):
    from derive import check
    _, lhs, rhs, rel, assume, _ = row
    try:
        v = check(lhs, rhs, relation=rel, assumptions=assume, budget=2.0)
        queue.put(v.holds)
    except Exception as exc:  # noqa: BLE001 - reported as the probe's outcome
        queue.put(f"error {type(exc).__name__}: {exc}")


def outcome(row, timeout: float = 60.0):
    return in_child(_run, row, timeout, "timeout", "no result")


def _ok(expected, got) -> bool:
    if expected == NOT_TRUE:
        return got is not True and not (isinstance(got, str))
    return got is expected


def _id(row):
    return f"{row[0]}: {row[1]} {row[3]} {row[2]}"


def test_there_are_enough_probes():
    counts = collections.Counter(r[0] for r in ROWS)
    print(dict(counts))
    assert len(ROWS) >= 150 and len(counts) >= 9


@pytest.mark.parametrize("row", FAST, ids=_id)
def test_probe_fast(row):
    got = outcome(row)
    assert _ok(row[5], got), (row, got)


@pytest.mark.full
@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_probe_full(row):
    got = outcome(row)
    assert _ok(row[5], got), (row, got)
