"""``derive lint FILE...``: check the derivations written in .tex, .md and .ipynb files.

Exit 1 when any step is refuted, 2 on a file that cannot be read, else 0."""
from __future__ import annotations

import sys

from .common import EXIT_OK, EXIT_REFUTED, UsageError


def register(subparsers) -> None:
    p = subparsers.add_parser("lint", help="check the derivations in .tex/.md/.ipynb files",
                              description="Find align/equation/$$ blocks, split them into steps "
                                          "and check each consecutive pair. Exit 1 if a step "
                                          "is refuted.")
    p.add_argument("files", nargs="+", help="files to check (- for standard input)")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                   help="text (compiler-style lines), json (one object a step) or sarif (SARIF 2.1.0)")
    p.add_argument("--verbose", "-v", action="store_true", help="also print proved/numeric/undecided/unread steps")
    p.add_argument("--assume", action="append", default=[], metavar="NAME=DOMAIN",
                   help="a domain for a name, e.g. x=positive")
    p.add_argument("--index", action="append", default=[], metavar="NAME=LO..HI",
                   help="range of a free index, e.g. j=1..n (repeatable)")
    p.add_argument("--given", action="append", default=[], metavar="DEFINITION",
                   help="a definition substituted into every step, e.g. 'f(x) = x^2 + 1'")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes over files")
    p.set_defaults(run=run)


def _one(job):
    path, assume, given = job
    from ..lint.check import lint_text
    from ..lint.scan import notebook_text

    try:
        raw = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        text = notebook_text(raw) if path.endswith(".ipynb") else raw
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from None
    return lint_text(text, "<stdin>" if path == "-" else path, assume, given=given)


def run(args) -> int:
    from ..lint import report

    assume = {}
    for item in args.assume:
        name, sep, dom = item.partition("=")
        if not sep or not name.strip() or not dom.strip():
            raise UsageError(f"--assume {item!r}: write NAME=DOMAIN, e.g. x=positive")
        assume[name.strip()] = dom.strip()
    for item in args.index:
        name, sep, rng = item.partition("=")
        lo, dots, hi = rng.partition("..")
        if not sep or not name.strip() or not dots or not lo.strip() or not hi.strip():
            raise UsageError(f"--index {item!r}: write NAME=LO..HI, e.g. j=1..n")
        assume[name.strip()] = f"{lo.strip()}..{hi.strip()}"
    from ..lint.givens import parse_given

    for g in args.given:
        if parse_given(g) is None:
            raise UsageError(f"--given {g!r}: write NAME = BODY or f(x) = BODY")
    jobs = [(f, assume, args.given) for f in args.files]
    if args.jobs > 1 and len(jobs) > 1 and "-" not in args.files:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = [r for rs in pool.map(_one, jobs) for r in rs]
    else:
        results = [r for job in jobs for r in _one(job)]
    out = {"text": lambda: report.text(results, args.verbose), "json": lambda: report.as_json(results),
           "sarif": lambda: report.sarif(results)}[args.format]()
    if out:
        print(out)
    return EXIT_REFUTED if any(r.status == "refuted" for r in results) else EXIT_OK
