"""Mutation testing of the catalog: every plausible mistake in a step must be refuted.

For each step of each catalog derivation, ``derive.mutation.mutants`` makes single-change
mutants of the step's form; each is put in place of the step and checked against its
neighbour with the verifier the catalog itself uses. A mutant the symbolic ladder
proves equal to the original is *equivalent*; one that is still a true step (the other
root of an equation, proved; a weaker bound, proved or surviving a dense search) is
*valid*; both are set aside and listed. Every other one must come back *refuted*;
*accepted* (the samples agree with a wrong step) is a verifier bug, and *undecided* is
counted so the hole is visible.

    python -m derive.mutation [-j N] [--per-step N] [--sample N --seed S] [--json PATH] [SLUG ...]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from typing import Iterable, Optional, Sequence

import sympy as sp
from sympy.core.relational import Relational

from ..core.functions import unfold_defined
from ..verify.budget import time_limit
from ..verify.prove import prove_equal
from ..verify import NumericSettings, numeric_compare
from ..verify.step import check_step, residual
from .mutants import Mutant, mutants

EQUIVALENT, VALID, REFUTED, ACCEPTED, UNDECIDED, ERROR = (
    "equivalent", "valid", "refuted", "accepted", "undecided", "error")
STATUSES = (EQUIVALENT, VALID, REFUTED, ACCEPTED, UNDECIDED, ERROR)
ORDER = {"<=", "<", ">=", ">"}
PER_STEP = 40   # matrix steps have hundreds of near-identical mutants; a sample tells as much


@dataclass
class Outcome:
    """What happened to one mutant."""

    slug: str
    step: int            # index into Derivation.steps
    rule: str
    operator: str
    change: str
    mutant: str
    status: str
    detail: str = ""
    false_refutation: bool = False   # symbolically equal to the original, yet refuted
    seconds: float = 0.0


# -- which steps can be mutated -----------------------------------------------------------
def neighbour_pair(steps: list, k: int):
    """(before, after, which one is mutated) for step k, or None when k has no neighbour.

    A step is checked against the step before it; the first form of a chain, which has
    none, is checked as the ``before`` of the step after it.
    """
    step = steps[k]
    if not step.is_start:
        return steps[k - 1], step, "after"
    if k + 1 < len(steps) and not steps[k + 1].is_start:
        return step, steps[k + 1], "before"
    return None


def step_mutants(d, k: int) -> list[Mutant]:
    step = d.steps[k]
    if neighbour_pair(d.steps, k) is None:
        return []
    return mutants(step.expr, d.assumptions, solved=step.relation == "=>")


# -- judging one mutant --------------------------------------------------------------------
def judge(d, k: int, m: Mutant, budget: float) -> Outcome:
    """Check mutant ``m`` of step ``k`` of derivation ``d`` and classify it."""
    t0 = time.perf_counter()
    step = d.steps[k]
    before, after, mutated = neighbour_pair(d.steps, k)
    bare = dict(display=None, substeps=[])
    if mutated == "after":
        after = replace(after, expr=m.expr, **bare)
    else:
        before, after = replace(before, expr=m.expr, **bare), replace(after, **bare)
    out = Outcome(d.slug, k, step.rule or "(first form)", m.operator, m.change,
                  sp.sstr(m.expr), ERROR)
    try:
        verdict = check_step(before, after, d.assumptions, budget)
    except Exception as exc:  # noqa: BLE001 - a crash on a mutant is reported, not hidden
        out.detail = f"{type(exc).__name__}: {exc}"
        out.seconds = time.perf_counter() - t0
        return out
    if verdict.holds is False:
        out.status, out.detail = REFUTED, verdict.summary()
        if obviously_equal(m.expr, step.expr, step.relation):
            out.status, out.false_refutation = EQUIVALENT, True
    elif verdict.status == "proved":
        # equal to the neighbour, hence to the original; or, for '=>' and bounds, another
        # true step (the other root of an equation, a weaker bound)
        out.status = EQUIVALENT if after.relation == "=" else VALID
        out.detail = f"proved valid in its place ({verdict.detail})"
    elif equivalent(m.expr, step.expr, step.relation, d.assumptions, budget):
        out.status, out.detail = EQUIVALENT, "proved equal to the original form"
    else:
        out.status = ACCEPTED if verdict.holds else UNDECIDED
        out.detail = verdict.summary()
        if verdict.holds and after.relation != "=>":
            out.status, out.detail = second_look(before, after, d.assumptions, out.detail)
    out.seconds = time.perf_counter() - t0
    return out


DENSE = NumericSettings(samples=1500, instances=36, seed=88)


def second_look(before, after, A, detail: str) -> tuple[str, str]:
    """A dense search (15x the samples, 6x the index assignments) behind an accepted mutant.

    It tells a verifier hole that more sampling would close (dense search refutes) from
    a structural one (dense search agrees too). A bound (<=, >=) that survives the dense
    search is taken as a weaker but true step: VALID, and listed, never silently passed.
    """
    rel = after.relation
    lhs, rhs = (residual(before.expr), residual(after.expr)) if rel == "=" else (before.expr, after.expr)
    try:
        dense = numeric_compare(lhs, rhs, rel, A, DENSE)
    except Exception as exc:  # noqa: BLE001 - the second look is advice, not a verdict
        return ACCEPTED, f"{detail}; dense search failed ({type(exc).__name__})"
    if dense.holds is False:
        return ACCEPTED, f"{detail}; a dense search refutes it at {dense.counterexample}"
    if rel in ORDER and dense.holds:
        return VALID, f"a weaker bound: {dense.agreed} dense samples agree"
    return ACCEPTED, f"{detail}; a dense search ({dense.agreed} samples) agrees too"


def _comparable(form: sp.Basic, relation: Optional[str]) -> sp.Basic:
    """What two versions of a step must agree on: the value solved for, or lhs - rhs."""
    if relation == "=>":
        return form.rhs
    return residual(form)


def equivalent(m: sp.Basic, original: sp.Basic, relation, A, budget: float) -> bool:
    """Symbolic equality of a mutant with the original: the engine's ladder, then (for
    index notation) the same difference evaluated with the index ranges applied."""
    from ..matrix.check import is_matrix_form, proved_same_form
    if is_matrix_form(m) or is_matrix_form(original):   # matrix calculus: its own normal form
        return proved_same_form(m, original, A)
    a, b = _comparable(m, relation), _comparable(original, relation)
    ok, _ = prove_equal(a, b, A, budget)
    if ok or not A.ranges or isinstance(a, sp.MatrixBase):
        return bool(ok)
    try:
        with time_limit(budget):
            diff = unfold_defined(a - b)
            for _ in range(3):  # a derivative of a sum becomes a delta sum, which sifts
                diff = within_ranges(diff.doit(), A)
    except Exception:  # noqa: BLE001 - over budget or unevaluable: not shown equal
        return False
    return bool(prove_equal(diff, sp.S.Zero, A, budget)[0])


def within_ranges(expr: sp.Basic, A) -> sp.Basic:
    """Replace conditions that every index meets by True (1 <= j <= n implies 0 <= j).

    Sums shifted by one (k from 0, or to n + 1) differ from the original only in a term
    that a Kronecker delta or an independent variable removes; after ``doit`` that
    shows up as a Piecewise whose condition the index ranges decide.
    """
    facts = [sp.S.Zero]
    for s, r in A.ranges.items():
        facts += [s - r.lower, r.upper - s]

    def implied(rel):
        if isinstance(rel, (sp.GreaterThan, sp.StrictGreaterThan)):
            d = rel.lhs - rel.rhs
        elif isinstance(rel, (sp.LessThan, sp.StrictLessThan)):
            d = rel.rhs - rel.lhs
        else:
            return False
        strict = isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan))
        for f in facts:
            c = sp.expand(d - f)
            if c.is_number and (c > 0 if strict else c >= 0):
                return True
        return False

    return expr.replace(lambda e: isinstance(e, Relational) and implied(e), lambda e: sp.true)


def obviously_equal(m: sp.Basic, original: sp.Basic, relation, seconds: float = 1.0) -> bool:
    """A cheap equality test (expand the difference), to catch refutations of equal forms."""
    a, b = _comparable(m, relation), _comparable(original, relation)
    try:
        with time_limit(seconds):
            diff = unfold_defined(a - b)
            if isinstance(diff, sp.MatrixBase):
                return all(sp.expand(e) == 0 for e in diff)
            return sp.expand(diff) == 0
    except Exception:  # noqa: BLE001 - over budget or unevaluable: not obviously equal
        return False


# -- running many -------------------------------------------------------------------------
Task = tuple  # (slug, step index, how many mutants or None for all, seed, per-step cap)


def mutable_steps(slugs: Sequence[str]) -> list[tuple[str, int]]:
    """(slug, step index) for every step that has a neighbour to be checked against."""
    from ..catalog import build

    out = []
    for slug in slugs:
        d = build(slug)
        out += [(slug, k) for k in range(len(d.steps)) if neighbour_pair(d.steps, k)]
    return out


def plan(slugs: Sequence[str], sample: Optional[int], seed: int,
         per_step: Optional[int] = None) -> list[Task]:
    """Every step's mutants, or about ``sample`` of them: two from each of sample/2 steps
    chosen at random (the mutants are made in the workers, not here)."""
    steps = mutable_steps(slugs)
    if sample is None:
        return [(slug, k, None, seed, per_step) for slug, k in steps]
    chosen = random.Random(seed).sample(steps, min(len(steps), max(1, (sample + 1) // 2)))
    order = {s: n for n, s in enumerate(steps)}
    return [(slug, k, 2, seed, per_step) for slug, k in sorted(chosen, key=order.get)]


def choose(ms: list, how_many: Optional[int], key: str) -> list:
    """A reproducible choice of ``how_many`` of ``ms`` (all when None), in their order."""
    if how_many is None or how_many >= len(ms):
        return ms
    picked = sorted(random.Random(key).sample(range(len(ms)), how_many))
    return [ms[i] for i in picked]


def run_task(task: Task, budget: Optional[float] = None) -> list[Outcome]:
    """Judge the chosen mutants of one step (a fresh derivation: no shared state)."""
    from ..catalog import build

    slug, k, how_many, seed, per_step = task
    d = build(slug)
    ms = choose(step_mutants(d, k), per_step, f"{seed}:{slug}:{k}")
    ms = choose(ms, how_many, f"{seed}:{slug}:{k}:sample")
    return [judge(d, k, m, d.budget if budget is None else budget) for m in ms]


def run(slugs: Optional[Sequence[str]] = None, *, jobs: int = 1, sample: Optional[int] = None,
        seed: int = 8, per_step: Optional[int] = None, budget: Optional[float] = None,
        progress=None) -> list[Outcome]:
    """Judge the mutants of ``slugs`` (default: the whole catalog)."""
    from ..catalog import names_sorted

    slugs = list(slugs) if slugs else names_sorted()
    tasks = plan(slugs, sample, seed, per_step)
    outcomes: list[Outcome] = []
    if jobs > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for res in pool.map(run_task, tasks, [budget] * len(tasks)):
                outcomes += res
                if progress:
                    progress(len(res))
    else:
        for task in tasks:
            res = run_task(task, budget)
            outcomes += res
            if progress:
                progress(len(res))
    return outcomes


# -- reporting -----------------------------------------------------------------------------
def _empty_row() -> dict:
    return {"mutants": 0, **{s: 0 for s in STATUSES}, "false_refutations": 0, "seconds": 0.0}


def tally(outcomes: Iterable[Outcome], key) -> dict:
    """{group: {status: count, "mutants": n, "seconds": s}} grouped by ``key(outcome)``."""
    table: dict = {}
    for o in outcomes:
        row = table.setdefault(key(o), _empty_row())
        row["mutants"] += 1
        row[o.status] += 1
        row["false_refutations"] += o.false_refutation
        row["seconds"] += o.seconds
    return table


def summary(outcomes: list[Outcome]) -> dict:
    total = tally(outcomes, lambda o: "total").get("total", _empty_row())
    return {
        "total": total,
        "derivations": tally(outcomes, lambda o: o.slug),
        "operators": tally(outcomes, lambda o: o.operator),
        "accepted": [asdict(o) for o in outcomes if o.status == ACCEPTED],
        "valid": [asdict(o) for o in outcomes if o.status == VALID],
        "undecided": [asdict(o) for o in outcomes if o.status in (UNDECIDED, ERROR)],
        "false_refutations": [asdict(o) for o in outcomes if o.false_refutation],
    }


def print_report(report: dict, wall: float, file=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=file, width=160)
    for title, rows in (("by derivation", report["derivations"]), ("by operator", report["operators"])):
        table = Table(title=f"Mutation testing, {title}", title_justify="left", show_edge=False)
        for col in ("", "mutants", "equivalent", "valid", "refuted", "accepted", "undecided", "errors",
                    "time"):
            table.add_column(col, justify="left" if not col else "right")
        for name, r in list(rows.items()) + [("total", report["total"])]:
            table.add_row(name, str(r["mutants"]), str(r[EQUIVALENT]), str(r[VALID]), str(r[REFUTED]),
                          f"[red]{r[ACCEPTED]}[/red]" if r[ACCEPTED] else "0", str(r[UNDECIDED]),
                          str(r[ERROR]), f"{r['seconds']:.1f}s", end_section=name == list(rows)[-1])
        console.print(table)
        console.print()
    for o in report["accepted"]:
        console.print(f"ACCEPTED {o['slug']} step {o['step']} ({o['rule']}): "
                      f"{o['change']} -> {o['mutant']}: {o['detail']}", markup=False)
    for o in report["false_refutations"]:
        console.print(f"FALSE REFUTATION {o['slug']} step {o['step']}: {o['change']}: {o['detail']}",
                      markup=False)
    t = report["total"]
    console.print(f"{t['mutants']} mutants: {t[EQUIVALENT]} equivalent, {t[VALID]} valid, "
                  f"{t[REFUTED]} refuted, "
                  f"{t[ACCEPTED]} accepted, {t[UNDECIDED]} undecided, {t[ERROR]} errors "
                  f"in {wall:.1f}s wall")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m derive.mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="*", help="derivations to mutate (default: the whole catalog)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--sample", type=int, default=None, help="judge a seeded sample of N mutants")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--per-step", type=int, default=PER_STEP,
                        help=f"at most N mutants of each step, chosen at random (default {PER_STEP}; "
                             "0: all of them)")
    parser.add_argument("--budget", type=float, default=None,
                        help="symbolic budget per check in seconds (default: each derivation's own)")
    parser.add_argument("--json", default="mutation_report.json", help="where to write the JSON report")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    done = [0]

    def progress(n):
        done[0] += n
        print(f"\r{done[0]} mutants judged", end="", file=sys.stderr, flush=True)

    outcomes = run(args.slugs, jobs=args.jobs, sample=args.sample, seed=args.seed,
                   per_step=args.per_step or None, budget=args.budget,
                   progress=progress if sys.stderr.isatty() else None)
    wall = time.perf_counter() - t0
    if sys.stderr.isatty():
        print(file=sys.stderr)
    report = summary(outcomes)
    report["settings"] = {"slugs": args.slugs or "all", "sample": args.sample, "seed": args.seed,
                          "per_step": args.per_step or None,
                          "budget": args.budget, "jobs": args.jobs, "wall_seconds": round(wall, 1)}
    print_report(report, wall)
    with open(args.json, "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=1, default=str)
    print(f"JSON report: {args.json}")
    bad = report["total"][ACCEPTED] + report["total"]["false_refutations"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
