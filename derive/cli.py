"""The ``derive`` command line: list, show, check, export, verify, diff.

Exit status: 0 fine, 1 something refuted, 2 bad input (one line on stderr, never a
traceback), 3 undecided.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Sequence

EXIT_OK, EXIT_REFUTED, EXIT_USAGE, EXIT_UNDECIDED = 0, 1, 2, 3


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        raise UsageError(message)


def _err(msg: str) -> None:
    print(f"derive: error: {msg}", file=sys.stderr)


# -- list / show ---------------------------------------------------------------------
def cmd_list(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from .catalog import PILLARS, build, names_sorted

    console = Console()
    rows: dict = {}
    for slug in names_sorted():
        d = build(slug)
        rows.setdefault(d.pillar, []).append(d)
    for pillar in list(PILLARS) + sorted(set(rows) - set(PILLARS)):
        if pillar not in rows:
            continue
        table = Table(title=pillar.capitalize(), title_justify="left", show_edge=False)
        table.add_column("slug", style="bold")
        table.add_column("title")
        table.add_column("steps", justify="right")
        for d in rows[pillar]:
            table.add_row(d.slug, d.title, str(len(d)))
        console.print(table)
        console.print()
    total = sum(len(v) for v in rows.values())
    console.print(f"{total} derivations")
    return EXIT_OK


def _get(slug: str):
    from .catalog import build

    try:
        return build(slug)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None


def _known(slug: str) -> None:
    """Raise the one-line usage error for an unknown slug, cheaply."""
    from .catalog import module_names

    if slug not in module_names():
        _get(slug)  # builds nothing for an unknown slug; raises with the closest names


def cmd_show(args) -> int:
    d = _get(args.slug)
    if args.verify:
        d.verify()
    out = {"text": d.to_text, "tex": d.to_latex, "md": d.to_markdown}[args.format]()
    print(out)
    return EXIT_OK


# -- check ---------------------------------------------------------------------------
def _check_one(slug: str):
    """Verify one derivation (runs in a worker process with -j)."""
    d = _get(slug)
    report = d.verify()
    bad = [(k, s.rule, s.verdict.summary()) for k, s in enumerate(
        [s for s in d.steps if s.relation is not None], 1) if s.verdict.status in ("refuted", "undecided")]
    return slug, report.proved, report.numeric, report.refuted, report.undecided, report.seconds, bad


def cmd_check(args) -> int:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from .catalog import names_sorted

    slugs = names_sorted() if args.all or not args.slugs else args.slugs
    if not args.all and not args.slugs:
        raise UsageError("name one or more slugs, or --all")
    for s in slugs:
        _known(s)  # unknown slugs fail before any work (without building anything)
    console = Console(stderr=False)
    results = []
    t0 = time.perf_counter()
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("verifying", total=len(slugs))
        jobs = args.jobs if args.jobs > 0 else (min(os.cpu_count() or 1, len(slugs))
                                                 if len(slugs) >= 4 else 1)
        if jobs > 1 and len(slugs) > 1:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for res in pool.map(_check_one, slugs):
                    results.append(res)
                    progress.advance(task)
        else:
            for s in slugs:
                progress.update(task, description=f"verifying {s}")
                results.append(_check_one(s))
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
    return EXIT_UNDECIDED if u else EXIT_OK


# -- wiring --------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="derive", description="Step-by-step, machine-checked ML derivations.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("list", help="slugs, titles, pillar and step count")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("show", help="print one derivation")
    p.add_argument("slug")
    p.add_argument("--format", choices=("text", "tex", "md"), default="text")
    p.add_argument("--verify", action="store_true", help="verify first and show verdicts")
    p.set_defaults(run=cmd_show)

    p = sub.add_parser("check", help="verify derivations; exit 1 on any refuted step")
    p.add_argument("slugs", nargs="*")
    p.add_argument("--all", action="store_true")
    p.add_argument("-j", "--jobs", type=int, default=0,
                   help="worker processes (default: one per core for four or more derivations)")
    p.set_defaults(run=cmd_check)

    for module in ("cli_export", "cli_verify", "cli_diff"):
        try:
            mod = __import__(f"derive.{module}", fromlist=["register"])
        except ImportError:
            continue
        mod.register(sub)
    return parser


def user_errors() -> tuple:
    """Exception types that mean "the input was wrong" rather than "derive is broken"."""
    from .assumptions import AssumptionError
    from .derivation import DerivationError

    kinds = [AssumptionError, DerivationError]
    try:
        from .parsing import ParseError
        kinds.append(ParseError)
    except ImportError:  # pragma: no cover - parsing is part of the package
        pass
    return tuple(kinds)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except user_errors() as exc:
        _err(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        caret = getattr(exc, "caret", None)
        if callable(caret):
            print(caret(), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a CLI never shows a traceback
        _err(f"internal error: {type(exc).__name__}: {exc}".splitlines()[0])
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
