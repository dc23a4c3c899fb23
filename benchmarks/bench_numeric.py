"""Samples per second of the numeric check: derive's vectorised evaluation vs subs/evalf.

    python benchmarks/bench_numeric.py [--repeat 3] [--quick]

For expressions of 1, 10 and 50 symbols (sums of the smooth terms ML forms are made
of), three ways to evaluate at random points:
  - ``derive.verify.evaluate.Evaluator`` on arrays, at the batch a check uses (96 samples) and
    at a large batch (throughput), with and without the one-off compile (plan + lambdify);
  - plain SymPy, one point at a time: ``expr.subs(point).evalf()``;
  - the whole numeric check ``derive.verify.numeric_compare`` of the expression against
    an equal form (sampling, evaluating both sides, comparing), cold and warm.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402
from rich.table import Table  # noqa: E402

import harness  # noqa: E402
from harness import console, median  # noqa: E402

SIZES = (1, 10, 50)


def ml_expression(k: int) -> tuple:
    """A k-symbol expression with a Gaussian, a trig, a log and a rational part per symbol."""
    xs = sp.symbols(f"x1:{k + 1}", real=True)
    nxt = lambda i: xs[(i + 1) % k]  # noqa: E731
    terms = [sp.exp(-xs[i] ** 2 / 2) * sp.sin(nxt(i)) + sp.log(1 + xs[i] ** 2) * nxt(i)
             for i in range(k)]
    return xs, sp.Add(*terms) + 1 / (1 + sp.Add(*[x ** 2 for x in xs]))


def equal_form(expr, xs):
    """The same function written differently (sin^2 + cos^2 - 1 added): a true identity."""
    return expr + sp.sin(xs[0]) ** 2 + sp.cos(xs[0]) ** 2 - 1


def per_call(fn, min_seconds: float = 0.2) -> float:
    """Seconds per call of ``fn``, timing enough calls to fill ``min_seconds``."""
    calls, t0 = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return elapsed / calls


def compile_seconds(expr) -> float:
    """Plan + lambdify of a form never seen before (all caches cleared)."""
    from derive.verify.evaluate import plan

    harness.clear_caches()
    t0 = time.perf_counter()
    plan(expr).numpy()
    return time.perf_counter() - t0


def vectorised(expr, xs, batch: int, repeat: int, min_seconds: float) -> dict:
    """Median seconds to compile, and per evaluation of ``batch`` samples once compiled."""
    from derive.verify.evaluate import Evaluator

    rng = np.random.default_rng(1)
    env = {x: rng.normal(0, 1.6, batch) for x in xs}
    ev = Evaluator()
    compiles, evals = [], []
    for _ in range(repeat):
        compiles.append(compile_seconds(expr))
        ev(expr, env)
        evals.append(per_call(lambda: ev(expr, env), min_seconds))
    c, e = median(compiles), median(evals)
    return {"batch": batch, "compile_s": c, "eval_s": e, "samples_per_s": batch / e,
            "samples_per_s_with_compile": batch / (c + e)}


def subs_evalf(expr, xs, points: int, cap_s: float) -> dict:
    """Samples per second of ``expr.subs(point).evalf()``, one point at a time."""
    rng = np.random.default_rng(1)
    harness.clear_caches()
    done, t0 = 0, time.perf_counter()
    for _ in range(points):
        value = expr.subs({x: float(rng.normal(0, 1.6)) for x in xs}).evalf()
        complex(value)
        done += 1
        if time.perf_counter() - t0 > cap_s:
            break
    elapsed = time.perf_counter() - t0
    return {"points": done, "seconds": elapsed, "samples_per_s": done / elapsed}


def numeric_check(expr, xs, repeat: int) -> dict:
    """The whole numeric check of expr = equal_form(expr): cold (caches cleared) and warm."""
    from derive.verify import numeric_compare

    other = equal_form(expr, xs)
    cold, warm, agreed, holds = [], [], 0, None
    for _ in range(repeat):
        harness.clear_caches()
        out, t = harness.timed(numeric_compare, expr, other)
        cold.append(t.wall)
        agreed, holds = out.agreed, out.holds
        warm.append(per_call(lambda: numeric_compare(expr, other), 0.2))
    c, w = median(cold), median(warm)
    return {"samples": agreed, "holds": holds, "cold_s": c, "warm_s": w, "samples_per_s_cold": agreed / c,
            "samples_per_s_warm": agreed / w}


def warm_up() -> None:
    """Pay the one-off costs (lambdify's printers, numpy's ufunc tables) before measuring."""
    from derive.verify.evaluate import Evaluator

    y = sp.Symbol("warm_up", real=True)
    Evaluator()(sp.exp(-y ** 2) * sp.sin(y) + sp.log(1 + y ** 2), {y: np.linspace(0, 1, 8)})
    sp.sin(y).subs(y, 0.5).evalf()


def main(argv=None) -> int:
    p = harness.parser(__doc__.splitlines()[0])
    p.add_argument("--big-batch", type=int, default=100_000, help="samples per call for throughput")
    p.add_argument("--naive-points", type=int, default=300, help="points for subs/evalf")
    p.add_argument("--naive-cap", type=float, default=20.0, help="seconds at most per subs/evalf run")
    args = p.parse_args(argv)
    min_seconds = 0.2
    if args.quick:
        args.repeat, args.big_batch, args.naive_points, min_seconds = 1, 1000, 5, 0.02
    from derive.verify import DEFAULT

    env = harness.header("bench_numeric: vectorised evaluation vs subs/evalf", args)
    sizes = (1, 10) if args.quick else SIZES
    warm_up()
    rows = []
    for k in sizes:
        xs, expr = ml_expression(k)
        small = vectorised(expr, xs, DEFAULT.samples, args.repeat, min_seconds)
        big = vectorised(expr, xs, args.big_batch, args.repeat, min_seconds)
        slow = subs_evalf(expr, xs, args.naive_points, args.naive_cap)
        check = numeric_check(expr, xs, args.repeat)
        rows.append({"symbols": k, "operations": sp.count_ops(expr), "check_batch": small,
                     "big_batch": big, "subs_evalf": slow, "numeric_compare": check})
        console.print(f"{k} symbols done")
    print_table(rows)
    ten = next((r for r in rows if r["symbols"] == 10), None)
    nan = float("nan")
    targets = [
        harness.at_least("10 symbols, vectorised, compiled", ten["big_batch"]["samples_per_s"] if ten else nan,
                         1e6, "samples/s", note=f"batch {args.big_batch}, compile excluded (throughput)"),
        harness.at_least("10 symbols, one check's batch", ten["check_batch"]["samples_per_s_with_compile"]
                         if ten else nan, 1e6, "samples/s",
                         note=f"batch {DEFAULT.samples}, compile included (what one check sees)"),
    ]
    harness.finish("bench_numeric", args, env, {"sizes": rows}, targets)
    return 0


def print_table(rows: list) -> None:
    table = Table(title="samples per second (median)", title_justify="left", show_edge=False)
    for col in ("symbols", "ops", "vec batch 96", "vec 96 + compile", "compile", "vec big batch",
                "big + compile", "subs/evalf", "speed-up", "numeric check cold", "warm"):
        table.add_column(col, justify="right")
    rate = lambda x: f"{x:.3g}"  # noqa: E731
    for r in rows:
        s, b, n, c = r["check_batch"], r["big_batch"], r["subs_evalf"], r["numeric_compare"]
        table.add_row(str(r["symbols"]), str(r["operations"]), rate(s["samples_per_s"]),
                      rate(s["samples_per_s_with_compile"]), harness.seconds(s["compile_s"]),
                      rate(b["samples_per_s"]), rate(b["samples_per_s_with_compile"]),
                      rate(n["samples_per_s"]), harness.ratio(b["samples_per_s"] / n["samples_per_s"]),
                      rate(c["samples_per_s_cold"]), rate(c["samples_per_s_warm"]))
    console.print(table)
    console.print("speed-up: vectorised big batch (compile excluded) over subs/evalf; "
                  "numeric check: agreed samples / seconds of numeric_compare(expr, equal form)")


if __name__ == "__main__":
    sys.exit(main())
