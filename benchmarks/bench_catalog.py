"""The whole catalog verified by derive vs the naive SymPy way, on the same steps.

    python benchmarks/bench_catalog.py [--repeat 3] [--cap 10] [--cold-runs 3] [--quick]

Per derivation, in one process, interleaved run by run: derive's ``verify()`` and the
naive check of every step (``doit``, ``simplify(lhs - rhs) == 0``, then ``subs`` +
``evalf`` at as many points as derive samples). Caches (SymPy's and derive's) are
cleared before every measurement, so no run profits from an earlier one. A naive step
that runs past the cap is interrupted and counted at the cap: the ratio is then a
lower bound. The cold wall time of ``python -m derive check --all`` is measured as
a subprocess, between the in-process runs.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from rich.table import Table  # noqa: E402

import harness  # noqa: E402
import naive  # noqa: E402
from harness import console, median, ratio, seconds  # noqa: E402
from phases import phase_clock  # noqa: E402

QUICK_SLUGS = ["sigmoid-derivative", "bayes-medical-test"]
SEED = 20261125


def measure_derive(slug: str, clock) -> dict:
    """One cold-cache ``verify()`` of a freshly built derivation."""
    import derive

    d = derive.get(slug)
    harness.clear_caches()
    clock.reset()
    report, t = harness.timed(d.verify, force=True)
    slowest = sorted(((s.verdict.seconds, k, s.rule, s.verdict.status, s.verdict.detail)
                      for k, (_, s) in enumerate(d.pairs(), 1) if s.verdict is not None), reverse=True)
    return {"wall": t.wall, "cpu": t.cpu, "steps": len(d), "proved": report.proved,
            "numeric": report.numeric, "refuted": report.refuted, "undecided": report.undecided,
            "phases": clock.snapshot(), "slowest": slowest[:3]}


def measure_naive(slug: str, cap_s: float, rng: np.random.Generator, samples: int,
                  instances: int) -> dict:
    """The naive check of every step; a step past ``cap_s`` is stopped and counted at the cap."""
    import derive

    d = derive.get(slug)
    harness.clear_caches()
    wall = cpu = 0.0
    statuses: Counter = Counter()
    for prev, step in d.pairs():
        try:
            with harness.cap(cap_s):
                out, t = harness.timed(naive.check_step, prev.expr, step, d.assumptions, rng,
                                       samples, instances)
            late = t.wall > cap_s   # the alarm was lost: still over the cap
            statuses["capped" if late else out.status] += 1
            wall, cpu = wall + min(t.wall, cap_s), cpu + min(t.cpu, cap_s)
        except harness.Capped:
            statuses["capped"] += 1
            wall, cpu = wall + cap_s, cpu + cap_s
    return {"wall": wall, "cpu": cpu, "statuses": dict(statuses), "capped": statuses["capped"]}


def cold_check(slugs: list, all_slugs: bool, jobs: list) -> dict:
    """``python -m derive check --all`` (or the named slugs) in a fresh interpreter.

    CPU time includes the worker processes of a parallel check."""
    argv = [sys.executable, "-m", "derive", "check"] + (["--all"] if all_slugs else slugs) + jobs
    run = harness.run_subprocess(argv, timeout=900)
    return {"wall": run["wall"], "cpu": run["cpu"], "code": run["code"], "jobs": " ".join(jobs) or "default",
            "summary": (run["stdout"].strip().splitlines() or [""])[-1]}


def cold_pair(slugs: list, all_slugs: bool) -> tuple:
    """The CLI's default (parallel on several cores) and -j 1, back to back."""
    default, serial = cold_check(slugs, all_slugs, []), cold_check(slugs, all_slugs, ["-j", "1"])
    for run in (default, serial):
        console.print(f"cold check ({run['jobs']}): {run['wall']:.2f} s wall, {run['cpu']:.2f} s CPU, "
                      f"exit {run['code']}")
    return default, serial


def main(argv=None) -> int:
    p = harness.parser(__doc__.splitlines()[0])
    p.add_argument("--cap", type=float, default=10.0, help="seconds per naive step before it is stopped")
    p.add_argument("--cold-runs", type=int, default=3, help="subprocess runs of derive check --all")
    p.add_argument("--slugs", nargs="*", help="only these derivations (default: the whole catalog)")
    args = p.parse_args(argv)
    if args.quick:
        args.repeat, args.cold_runs, args.cap = 1, 1, 5.0
        args.slugs = args.slugs or QUICK_SLUGS
    import derive
    from derive.catalog import names_sorted
    from derive.verify import DEFAULT

    env = harness.header("bench_catalog: derive vs naive SymPy on every catalog step", args)
    slugs = args.slugs or names_sorted()
    whole = not args.slugs
    samples, instances = (8, 2) if args.quick else (DEFAULT.samples, DEFAULT.instances)
    console.print(f"{len(slugs)} derivations, {args.repeat} runs each, naive cap {args.cap:g} s/step, "
                  f"naive sampling {samples} points x up to {instances} integer instantiations")

    per = {s: {"derive": [], "naive": []} for s in slugs}
    cold, cold_serial = [], []
    with phase_clock() as clock:
        for r in range(args.repeat):
            if r < args.cold_runs:
                default, serial = cold_pair(slugs, whole)
                cold.append(default)
                cold_serial.append(serial)
            for k, slug in enumerate(slugs):
                rng = np.random.default_rng(SEED + r)
                naive_first = (r + k) % 2 == 1   # alternate who goes first
                if naive_first:
                    per[slug]["naive"].append(measure_naive(slug, args.cap, rng, samples, instances))
                per[slug]["derive"].append(measure_derive(slug, clock))
                if not naive_first:
                    per[slug]["naive"].append(measure_naive(slug, args.cap, rng, samples, instances))
                dr, nr = per[slug]["derive"][-1], per[slug]["naive"][-1]
                console.print(f"[dim]  run {r + 1} {slug}: derive {seconds(dr['wall'])}, naive "
                              f"{seconds(nr['wall'])}{' (capped steps)' if nr['capped'] else ''}[/dim]")
            console.print(f"run {r + 1}/{args.repeat} done: derive "
                          f"{sum(v['derive'][-1]['wall'] for v in per.values()):.2f} s, naive "
                          f"{sum(v['naive'][-1]['wall'] for v in per.values()):.2f} s")
    for r in range(args.repeat, args.cold_runs):
        default, serial = cold_pair(slugs, whole)
        cold.append(default)
        cold_serial.append(serial)

    rows, summary = aggregate(per, cold, cold_serial, args.repeat)
    print_table(rows, summary)
    targets = [
        harness.at_most("cold derive check --all", summary["cold_wall_median"], 5.0, "s",
                        note=f"CPU {summary['cold_cpu_median']:.2f} s; -j 1: {summary['cold_serial_wall_median']:.2f} s"
                        + ("" if whole else "; subset of the catalog")),
        harness.at_least("speed-up over naive (wall)", summary["ratio_wall"], 30, "x",
                         note=("lower bound: " if summary["capped_steps"] else "")
                         + f"CPU ratio {summary['ratio_cpu']:.1f}x"),
    ]
    harness.finish("bench_catalog", args, env, {"derivations": rows, "summary": summary, "cold": cold,
                                                "cold_serial": cold_serial, "version": derive.__version__},
                   targets)
    return 0


def aggregate(per: dict, cold: list, cold_serial: list, runs: int) -> tuple:
    rows = []
    for slug, v in per.items():
        dw, nw = median(x["wall"] for x in v["derive"]), median(x["wall"] for x in v["naive"])
        dc, nc = median(x["cpu"] for x in v["derive"]), median(x["cpu"] for x in v["naive"])
        last = v["derive"][-1]
        capped = max(x["capped"] for x in v["naive"])
        rows.append({"slug": slug, "steps": last["steps"], "derive_wall": dw, "naive_wall": nw,
                     "derive_cpu": dc, "naive_cpu": nc, "ratio_wall": nw / dw, "ratio_cpu": nc / dc,
                     "capped_steps": capped, "lower_bound": capped > 0,
                     "naive_statuses": v["naive"][-1]["statuses"],
                     "derive_statuses": {k: last[k] for k in ("proved", "numeric", "refuted", "undecided")},
                     "phases": last["phases"], "slowest_steps": last["slowest"],
                     "derive_walls": [x["wall"] for x in v["derive"]],
                     "naive_walls": [x["wall"] for x in v["naive"]]})
    totals = lambda side, key: [sum(v[side][r][key] for v in per.values()) for r in range(runs)]  # noqa: E731
    dw, nw = median(totals("derive", "wall")), median(totals("naive", "wall"))
    dc, nc = median(totals("derive", "cpu")), median(totals("naive", "cpu"))
    phases: Counter = Counter()
    for row in rows:
        for name, ph in row["phases"].items():
            phases[name] += ph["seconds"]
    naive_status: Counter = Counter()
    derive_status: Counter = Counter()
    for row in rows:
        naive_status.update(row["naive_statuses"])
        derive_status.update(row["derive_statuses"])
    summary = {"derivations": len(rows), "steps": sum(r["steps"] for r in rows),
               "derive_wall": dw, "naive_wall": nw, "derive_cpu": dc, "naive_cpu": nc,
               "ratio_wall": nw / dw, "ratio_cpu": nc / dc,
               "capped_steps": sum(r["capped_steps"] for r in rows),
               "cold_wall_median": median(c["wall"] for c in cold),
               "cold_cpu_median": median(c["cpu"] for c in cold),
               "cold_walls": [c["wall"] for c in cold],
               "cold_serial_wall_median": median(c["wall"] for c in cold_serial),
               "cold_serial_cpu_median": median(c["cpu"] for c in cold_serial),
               "derive_phases_last_run": dict(phases),
               "naive_statuses": dict(naive_status), "derive_statuses": dict(derive_status)}
    return rows, summary


def print_table(rows: list, summary: dict) -> None:
    table = Table(title="median per derivation (wall)", title_justify="left", show_edge=False)
    for col in ("derivation", "steps", "derive", "naive", "ratio", "numeric", "symbolic",
                "naive outcome"):
        table.add_column(col, justify="left" if col in ("derivation", "naive outcome") else "right")
    for r in rows:
        ph = r["phases"]
        sym = ph.get("symbolic", {}).get("seconds", 0)
        num = ph.get("numeric", {}).get("seconds", 0) + ph.get("display", {}).get("seconds", 0)
        table.add_row(r["slug"], str(r["steps"]), seconds(r["derive_wall"]), seconds(r["naive_wall"]),
                      ratio(r["ratio_wall"], r["lower_bound"]), seconds(num), seconds(sym),
                      ", ".join(f"{n} {k}" for k, n in sorted(r["naive_statuses"].items())))
    console.print(table)
    s = summary
    console.print(f"[bold]overall[/bold]: {s['derivations']} derivations, {s['steps']} steps; "
                  f"derive {s['derive_wall']:.2f} s, naive {s['naive_wall']:.2f} s (median of run totals, wall): "
                  f"[bold]{ratio(s['ratio_wall'], s['capped_steps'] > 0)}[/bold]; CPU "
                  f"{s['derive_cpu']:.2f} s vs {s['naive_cpu']:.2f} s: {ratio(s['ratio_cpu'], s['capped_steps'] > 0)}")
    console.print(f"derive verdicts: {s['derive_statuses']}; naive outcomes: {s['naive_statuses']}")
    console.print("derive time by phase (last run): " + ", ".join(
        f"{k} {v:.2f} s" for k, v in s["derive_phases_last_run"].items()))
    console.print(f"[bold]cold[/bold] derive check (subprocess, CLI default jobs): median "
                  f"{s['cold_wall_median']:.2f} s wall, {s['cold_cpu_median']:.2f} s CPU over "
                  f"{len(s['cold_walls'])} runs; with -j 1: {s['cold_serial_wall_median']:.2f} s wall, "
                  f"{s['cold_serial_cpu_median']:.2f} s CPU")


if __name__ == "__main__":
    sys.exit(main())
