"""``derive list``: every derivation of the catalog, by pillar, with its step count.

It reads ``catalog_index.json`` (slug, title, pillar, steps), generated from the catalog by
``write_index()`` and checked against it by tests/cli/test_list_index.py, so listing
imports neither SymPy nor the catalog. Without the file it builds the catalog.
"""
from __future__ import annotations

import json
from pathlib import Path

from .common import EXIT_OK

INDEX = Path(__file__).with_name("catalog_index.json")


def build_index() -> list:
    """[{slug, title, pillar, steps}] of the real catalog, in list order (builds it all)."""
    from ..catalog import build, names_sorted
    rows = []
    for slug in names_sorted():
        d = build(slug)
        rows.append({"slug": d.slug, "title": d.title, "pillar": d.pillar, "steps": len(d)})
    return rows


def write_index() -> None:
    """Regenerate catalog_index.json: ``python -c "from derive.cli.list import write_index; write_index()"``."""
    INDEX.write_text(json.dumps(build_index(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def read_index() -> list:
    try:
        return json.loads(INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return build_index()


def register(subparsers) -> None:
    p = subparsers.add_parser("list", help="slugs, titles, pillar and step count",
                              description="List the catalog: one table per pillar, each "
                                          "derivation with its slug, title and number of steps.")
    p.set_defaults(run=run)


def run(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..catalog import PILLARS

    console = Console()
    rows: dict = {}
    for d in read_index():
        rows.setdefault(d["pillar"], []).append(d)
    for pillar in list(PILLARS) + sorted(set(rows) - set(PILLARS)):
        if pillar not in rows:
            continue
        table = Table(title=pillar.capitalize(), title_justify="left", show_edge=False)
        table.add_column("slug", style="bold")
        table.add_column("title")
        table.add_column("steps", justify="right")
        for d in rows[pillar]:
            table.add_row(d["slug"], d["title"], str(d["steps"]))
        console.print(table)
        console.print()
    total = sum(len(v) for v in rows.values())
    console.print(f"{total} derivations")
    return EXIT_OK
