"""``derive check``: verify catalog derivations, a progress bar and a table of verdicts.

Exit 1 when any step is refuted, 3 when any is undecided (and none refuted), else 0.
"""
from __future__ import annotations

import os
import time

from .common import EXIT_OK, EXIT_REFUTED, EXIT_UNDECIDED, UsageError, get_derivation, require_known


def register(subparsers) -> None:
    p = subparsers.add_parser("check", help="verify derivations; exit 1 on any refuted step",
                              description="Verify every step of the named derivations (or of "
                                          "the whole catalog) symbolically and numerically. "
                                          "Exit 0 all hold, 1 a step is refuted, 3 a step is "
                                          "undecided.")
    p.add_argument("slugs", nargs="*", help="derivations to verify (see derive list)")
    p.add_argument("--all", action="store_true", help="verify the whole catalog")
    p.add_argument("-j", "--jobs", type=int, default=0,
                   help="worker processes (default: one per core for four or more derivations)")
    p.add_argument("--no-cache", action="store_true",
                   help="verify afresh, neither reading nor writing the verdict cache "
                        "(DERIVE_CACHE_DIR, default ~/.cache/derive)")
    p.add_argument("--require-proof", action="store_true",
                   help="exit 3 when a step holds only numerically (no symbolic proof)")
    p.set_defaults(run=run)


def check_one(slug: str):
    """Verify one derivation (runs in a worker process with -j)."""
    d = get_derivation(slug)
    report = d.verify()
    bad = [(k, s.rule, s.verdict.summary()) for k, s in enumerate(
        [s for s in d.steps if s.relation is not None], 1) if s.verdict.status in ("refuted", "undecided")]
    return slug, report.proved, report.numeric, report.refuted, report.undecided, report.seconds, bad


def run(args) -> int:
    from concurrent.futures import ProcessPoolExecutor

    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from ..catalog import names_sorted

    if not args.all and not args.slugs:
        raise UsageError("name one or more slugs, or --all")
    slugs = names_sorted() if args.all else args.slugs
    if getattr(args, "no_cache", False):
        os.environ["DERIVE_NO_CACHE"] = "1"   # read by derive.verify.cache, here and in workers
    for s in slugs:
        require_known(s)  # unknown slugs fail before any work (without building anything)
    console = Console(stderr=False)
    results = []
    t0 = time.perf_counter()
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("verifying", total=len(slugs))
        jobs = args.jobs if args.jobs > 0 else (min(os.cpu_count() or 1, len(slugs))
                                                 if len(slugs) >= 4 else 1)
        if jobs > 1 and len(slugs) > 1:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for res in pool.map(check_one, slugs):
                    results.append(res)
                    progress.advance(task)
        else:
            for s in slugs:
                progress.update(task, description=f"verifying {s}")
                results.append(check_one(s))
                progress.advance(task)
    wall = time.perf_counter() - t0
    table = Table(show_edge=False)
    for col in ("derivation", "steps", "proved", "numeric", "refuted", "undecided", "time"):
        table.add_column(col, justify="left" if col == "derivation" else "right")
    totals = [0, 0, 0, 0]
    for slug, p, n, r, u, secs, _ in results:
        totals = [a + b for a, b in zip(totals, (p, n, r, u))]
        table.add_row(slug, str(p + n + r + u), str(p), str(n),
                      f"[red]{r}[/red]" if r else "0", f"[yellow]{u}[/yellow]" if u else "0",
                      f"{secs:.2f}s")
    console.print(table)
    for slug, *_, bad in results:
        for k, rule, summary in bad:
            console.print(f"[red]{slug} step {k} ({rule}): {summary}[/red]")
    p, n, r, u = totals
    console.print(f"{len(results)} derivations, {p + n + r + u} steps: {p} proved, {n} numeric, "
                  f"{r} refuted, {u} undecided in {wall:.1f}s")
    if r:
        return EXIT_REFUTED
    if n and getattr(args, "require_proof", False):
        console.print(f"{n} steps hold only numerically: --require-proof asks for proofs")
        return EXIT_UNDECIDED
    return EXIT_UNDECIDED if u else EXIT_OK
