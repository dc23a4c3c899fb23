"""How verification time grows with size: the explicit n x n softmax Jacobian.

    python benchmarks/bench_scaling.py [--sizes 2 4 8 16 32 64] [--repeat 3] [--quick]

For each n, the matrix of entries d s_r / d z_c (unevaluated Derivatives of
e^{z_r} / sum_k e^{z_k}) is compared with diag(s) - s s^T through
``derive.verify.verify_relation``. Every run is a fresh interpreter (nothing cached
from a smaller n) that first verifies an unrelated identity, so one-off import and
first-compile costs stay out of the figure; only the verify call is timed. The growth
exponent is the least-squares slope of log(time) on log(n).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from rich.table import Table  # noqa: E402

import harness  # noqa: E402
from harness import console, median  # noqa: E402

SIZES = (2, 4, 8, 16, 32, 64)
TAIL_FROM = 8   # a second fit over n >= 8, where fixed costs no longer dominate


def softmax_jacobian(n: int) -> tuple:
    """(matrix of Derivative entries, diag(s) - s s^T) for n explicit logits."""
    import sympy as sp

    z = sp.symbols(f"z1:{n + 1}", real=True)
    den = sp.Add(*[sp.exp(v) for v in z])
    s = sp.Matrix([sp.exp(v) / den for v in z])
    jac = sp.Matrix(n, n, lambda r, c: sp.Derivative(sp.exp(z[r]) / den, z[c]))
    return jac, sp.diag(*s) - s * s.T


def worker(n: int, budget: float) -> dict:
    """One timed verification in this (fresh) process; printed as a JSON line."""
    import sympy as sp

    from derive.verify import verify_relation
    from phases import phase_clock

    y = sp.Symbol("y", real=True)
    verify_relation(sp.sin(y) ** 2 + sp.cos(y) ** 2, sp.S.One)   # one-off costs, not n's
    (lhs, rhs), build = harness.timed(softmax_jacobian, n)
    with phase_clock() as clock:
        verdict, t = harness.timed(verify_relation, lhs, rhs, "=", None, budget)
    return {"n": n, "wall": t.wall, "cpu": t.cpu, "build_s": build.wall, "status": verdict.status,
            "detail": verdict.detail, "phases": clock.snapshot()}


def run(n: int, budget: float, timeout: float) -> dict:
    argv = [sys.executable, str(Path(__file__).resolve()), "--worker", str(n), "--budget", str(budget)]
    out = harness.run_subprocess(argv, timeout=timeout)
    if out["timed_out"]:
        return {"n": n, "timed_out": True, "wall": timeout}
    lines = out["stdout"].strip().splitlines()
    if out["code"] != 0 or not lines:
        raise RuntimeError(f"worker n={n} failed (exit {out['code']}): {out['stderr'][-2000:]}")
    return json.loads(lines[-1])


def fit_exponent(ns: list, times: list) -> float:
    """Least-squares slope of log(time) against log(n)."""
    if len(ns) < 2:
        return float("nan")
    slope, _ = np.polyfit(np.log(ns), np.log(times), 1)
    return float(slope)


def main(argv=None) -> int:
    p = harness.parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    p.add_argument("--budget", type=float, default=2.0, help="symbolic budget (verify_relation's default)")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds per run; larger n are skipped after")
    p.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.budget), default=str))
        return 0
    if args.quick:
        args.repeat, args.sizes = 1, [2, 4]
    env = harness.header("bench_scaling: explicit softmax Jacobian, n x n", args)
    rows, stopped = [], None
    for n in args.sizes:
        if stopped is not None:
            rows.append({"n": n, "skipped": f"n = {stopped} timed out"})
            continue
        runs = [run(n, args.budget, args.timeout) for _ in range(args.repeat)]
        done = [r for r in runs if not r.get("timed_out")]
        if len(done) < len(runs):
            stopped = n
        row = {"n": n, "runs": runs, "timed_out": len(done) < len(runs),
               "wall": median(r["wall"] for r in runs), "cpu": median(r.get("cpu") for r in done),
               "statuses": sorted({r["status"] for r in done}),
               "detail": done[-1]["detail"] if done else "",
               "numeric_s": median(r["phases"]["numeric"]["seconds"] for r in done),
               "symbolic_s": median(r["phases"]["symbolic"]["seconds"] for r in done)}
        rows.append(row)
        console.print(f"n = {n}: {harness.seconds(row['wall'])} ({', '.join(row['statuses']) or 'timed out'})")
    timed = [r for r in rows if "wall" in r and not r["timed_out"]]
    ns, ts = [r["n"] for r in timed], [r["wall"] for r in timed]
    exponent = fit_exponent(ns, ts)
    tail = [(n, t) for n, t in zip(ns, ts) if n >= TAIL_FROM]
    tail_exponent = fit_exponent(*zip(*tail)) if len(tail) >= 2 else float("nan")
    print_table(rows, exponent, tail_exponent)
    biggest = next((r for r in rows if r["n"] == 64), None)
    big_wall = biggest["wall"] if biggest and "wall" in biggest and not biggest["timed_out"] else math.nan
    proved_64 = bool(biggest and biggest.get("statuses") == ["proved"])
    unproved = [r["n"] for r in timed if r["statuses"] != ["proved"]]
    targets = [
        harness.at_most("softmax Jacobian n = 64", big_wall, 2.0, "s",
                        note="" if not biggest or "statuses" not in biggest else
                        ("proved" if proved_64 else "verdict: " + ", ".join(biggest["statuses"])
                         + " (not a proof)")),
        harness.at_most("growth exponent", exponent, 2.2, "", fmt=".2f", strict=False,
                        note=(f"fit over n = {ns[0]}..{ns[-1]}; n >= {TAIL_FROM}: {tail_exponent:.2f}"
                              + (f"; not proved (less work) at n = {', '.join(map(str, unproved))}"
                                 if unproved else "")) if ns else ""),
    ]
    harness.finish("bench_scaling", args, env, {"sizes": rows, "exponent": exponent,
                                                "tail_exponent": tail_exponent}, targets)
    return 0


def print_table(rows: list, exponent: float, tail: float) -> None:
    table = Table(title="median per n (fresh process each run)", title_justify="left", show_edge=False)
    for col in ("n", "entries", "verify", "CPU", "numeric", "symbolic", "verdict", "symbolic detail"):
        table.add_column(col, justify="left" if col in ("verdict", "symbolic detail") else "right")
    for r in rows:
        if "skipped" in r:
            table.add_row(str(r["n"]), str(r["n"] ** 2), "-", "-", "-", "-", "skipped", r["skipped"])
            continue
        table.add_row(str(r["n"]), str(r["n"] ** 2),
                      ("> " if r["timed_out"] else "") + harness.seconds(r["wall"]),
                      harness.seconds(r["cpu"]), harness.seconds(r["numeric_s"]),
                      harness.seconds(r["symbolic_s"]), ", ".join(r["statuses"]) or "timed out",
                      r["detail"][:60])
    console.print(table)
    console.print(f"growth exponent (log-log least squares): [bold]{exponent:.2f}[/bold] over all n; "
                  f"{tail:.2f} over n >= {TAIL_FROM}")


if __name__ == "__main__":
    sys.exit(main())
