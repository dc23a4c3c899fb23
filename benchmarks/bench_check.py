"""Latency of ``derive.check`` on a table of true and false identities vs a plain-SymPy check.

    python benchmarks/bench_check.py [--repeat 3] [--cap 10] [--quick]

The plain-SymPy check is what a user would write: ``simplify(lhs - rhs) == 0`` (after
``doit``), and when that fails, ``subs`` + ``evalf`` at random points (as many as
derive samples) until one disagrees. Both run side by side on every identity, in
alternating order, with all caches cleared before each call: a check in a loop over a
paper's equations meets each equation once. One untimed check of each kind first pays
the one-off import and compile costs. A plain check past the cap is stopped and counted
at the cap (the ratio is then a lower bound). The verdicts are scored too: a fast wrong
answer is no answer.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402
from rich.table import Table  # noqa: E402

import harness  # noqa: E402
import naive  # noqa: E402
from harness import console, median, percentile, seconds  # noqa: E402
from identities import table as identity_table  # noqa: E402

QUICK_NAMES = ("sigmoid derivative", "log of a product", "Gauss sum", "square of a sum, no cross term",
               "BCE gradient, flipped", "transpose of a product, same order")


def resolve_checker():
    """The public entry point users call, and its name for the report."""
    import derive

    return derive.check, "derive.check"


def derive_verdict(check, ident) -> dict:
    verdict = check(ident.lhs, ident.rhs, assumptions=ident.domains)
    return {"holds": verdict.holds, "status": verdict.status}


def plain_verdict(ident, rng, samples: int, instances: int) -> dict:
    from derive.core.assumptions import Assumptions

    free = set().union(*(_free(e) for e in (ident.lhs, ident.rhs)))
    A = Assumptions.coerce(ident.domains, free)
    out = naive.check(ident.lhs, ident.rhs, "=", A, rng, samples, instances, stop_at_proof=True)
    holds = {naive.PROVED: True, naive.SAMPLED: True, naive.REFUTED: False}.get(out.status)
    return {"holds": holds, "status": out.status}


def _free(e) -> set:
    return set().union(*(x.free_symbols for x in e)) if isinstance(e, sp.MatrixBase) else e.free_symbols


def measure(fn, *args, cap_s: float | None = None) -> dict:
    harness.clear_caches()
    try:
        if cap_s is None:
            out, t = harness.timed(fn, *args)
        else:
            with harness.cap(cap_s):
                out, t = harness.timed(fn, *args)
    except harness.Capped:
        return {"holds": None, "status": "capped", "wall": cap_s, "cpu": cap_s, "capped": True}
    if cap_s is not None and t.wall > cap_s:
        return {"holds": None, "status": "capped", "wall": cap_s, "cpu": cap_s, "capped": True}
    return {**out, "wall": t.wall, "cpu": t.cpu, "capped": False}


def main(argv=None) -> int:
    p = harness.parser(__doc__.splitlines()[0])
    p.add_argument("--cap", type=float, default=10.0, help="seconds per plain-SymPy check before it is stopped")
    args = p.parse_args(argv)
    from derive.verify import DEFAULT

    idents = identity_table()
    samples, instances = DEFAULT.samples, DEFAULT.instances
    if args.quick:
        idents = [i for i in idents if i.name in QUICK_NAMES]
        args.repeat, samples, instances = 1, 8, 2
    env = harness.header("bench_check: derive.check vs a plain-SymPy check", args)
    check, checker = resolve_checker()
    console.print(f"checker: {checker}")
    console.print(f"{len(idents)} identities ({sum(i.holds for i in idents)} true, "
                  f"{sum(not i.holds for i in idents)} false), {args.repeat} runs each, plain cap {args.cap:g} s")
    warm = identity_table()[0]
    derive_verdict(check, warm)
    plain_verdict(warm, np.random.default_rng(0), 4, 1)

    rows = []
    for k, ident in enumerate(idents):
        d_runs, p_runs = [], []
        for r in range(args.repeat):
            rng = np.random.default_rng(1000 * r + k)
            if (r + k) % 2:
                p_runs.append(measure(plain_verdict, ident, rng, samples, instances, cap_s=args.cap))
            d_runs.append(measure(derive_verdict, check, ident))
            if not (r + k) % 2:
                p_runs.append(measure(plain_verdict, ident, rng, samples, instances, cap_s=args.cap))
        rows.append(summarise(ident, d_runs, p_runs))
    summary = aggregate(rows)
    print_table(rows, summary)
    targets = [
        harness.at_most("check median latency", summary["derive_median"] * 1e3, 5.0, "ms",
                        note=f"p90 {summary['derive_p90'] * 1e3:.1f} ms; {checker.split(' ')[0]}"),
        harness.at_least("total time vs plain SymPy", summary["ratio_total"], 10, "x less",
                         note=("lower bound: " if summary["capped"] else "")
                         + f"{summary['derive_total']:.2f} s vs {summary['plain_total']:.2f} s"),
    ]
    harness.finish("bench_check", args, env, {"checker": checker, "identities": rows, "summary": summary},
                   targets)
    return 0


def summarise(ident, d_runs: list, p_runs: list) -> dict:
    return {"name": ident.name, "holds": ident.holds,
            "derive_wall": median(x["wall"] for x in d_runs), "plain_wall": median(x["wall"] for x in p_runs),
            "derive_cpu": median(x["cpu"] for x in d_runs), "plain_cpu": median(x["cpu"] for x in p_runs),
            "derive_status": d_runs[-1]["status"], "plain_status": p_runs[-1]["status"],
            "derive_right": d_runs[-1]["holds"] is ident.holds,
            "plain_right": p_runs[-1]["holds"] is ident.holds,
            "plain_capped": any(x["capped"] for x in p_runs)}


def aggregate(rows: list) -> dict:
    dw, pw = [r["derive_wall"] for r in rows], [r["plain_wall"] for r in rows]
    out = {"identities": len(rows), "derive_median": median(dw), "derive_p90": percentile(dw, 90),
           "derive_max": max(dw), "plain_median": median(pw), "plain_p90": percentile(pw, 90),
           "plain_max": max(pw), "derive_total": sum(dw), "plain_total": sum(pw),
           "ratio_total": sum(pw) / sum(dw),
           "ratio_total_cpu": sum(r["plain_cpu"] for r in rows) / sum(r["derive_cpu"] for r in rows),
           "derive_right": sum(r["derive_right"] for r in rows),
           "plain_right": sum(r["plain_right"] for r in rows),
           "capped": sum(r["plain_capped"] for r in rows)}
    for truth, label in ((True, "true"), (False, "false")):
        sub = [r for r in rows if r["holds"] is truth]
        out[f"derive_median_{label}"] = median(r["derive_wall"] for r in sub)
        out[f"plain_median_{label}"] = median(r["plain_wall"] for r in sub)
    return out


def print_table(rows: list, s: dict) -> None:
    table = Table(title="median per identity (wall)", title_justify="left", show_edge=False)
    for col in ("identity", "true?", "derive", "verdict", "plain SymPy", "outcome", "ratio"):
        table.add_column(col, justify="right" if col in ("derive", "plain SymPy", "ratio") else "left")
    mark = lambda status, right: status if right else f"[red]{status}[/red]"  # noqa: E731
    for r in rows:
        table.add_row(r["name"], "yes" if r["holds"] else "no", seconds(r["derive_wall"]),
                      mark(r["derive_status"], r["derive_right"]), seconds(r["plain_wall"]),
                      mark(r["plain_status"], r["plain_right"]),
                      harness.ratio(r["plain_wall"] / r["derive_wall"], r["plain_capped"]))
    console.print(table)
    lb = s["capped"] > 0
    console.print(f"derive: median {seconds(s['derive_median'])}, p90 {seconds(s['derive_p90'])}, "
                  f"max {seconds(s['derive_max'])}, total {s['derive_total']:.2f} s; "
                  f"{s['derive_right']}/{s['identities']} verdicts right (red: wrong or undecided)")
    console.print(f"plain SymPy: median {seconds(s['plain_median'])}, p90 {seconds(s['plain_p90'])}, "
                  f"max {seconds(s['plain_max'])}, total {s['plain_total']:.2f} s; "
                  f"{s['plain_right']}/{s['identities']} verdicts right; {s['capped']} capped")
    console.print(f"[bold]total time ratio {harness.ratio(s['ratio_total'], lb)}[/bold] (CPU "
                  f"{harness.ratio(s['ratio_total_cpu'], lb)}); medians on true identities "
                  f"{seconds(s['derive_median_true'])} vs {seconds(s['plain_median_true'])}, on false ones "
                  f"{seconds(s['derive_median_false'])} vs {seconds(s['plain_median_false'])}")


if __name__ == "__main__":
    sys.exit(main())
