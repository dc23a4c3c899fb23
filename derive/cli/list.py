"""``derive list``: every derivation of the catalog, by pillar, with its step count."""
from __future__ import annotations

from .common import EXIT_OK


def register(subparsers) -> None:
    p = subparsers.add_parser("list", help="slugs, titles, pillar and step count",
                              description="List the catalog: one table per pillar, each "
                                          "derivation with its slug, title and number of steps.")
    p.set_defaults(run=run)


def run(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..catalog import PILLARS, build, names_sorted

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
