"""The ``%%derive`` cell magic: check the align block in a cell and show it with verdict marks.

Load with ``%load_ext derive.lint.magic`` (or ``%load_ext derive``)."""
from __future__ import annotations

from .check import lint_text

MARK = {"proved": r"\checkmark", "numeric": r"\approx\checkmark", "refuted": r"\times",
        "undecided": "?", "unread": r"\cdot"}


def marked(cell: str) -> tuple[str, list]:
    """The cell's steps as an aligned LaTeX block, each row ending in its verdict mark."""
    results = lint_text(cell, "<cell>")
    rows = [f"{r.lhs} &{'=' if r.relation == '=' else ' ' + _rel(r.relation)} {r.rhs} "
            f"&& \\text{{{r.status}}}\\ {MARK[r.status]}" for r in results]
    return "\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}", results


def _rel(rel: str) -> str:
    return {"<=": r"\le", ">=": r"\ge"}.get(rel, rel)


def derive_magic(line: str, cell: str):
    """Check the cell, display it marked, and return the per-step results."""
    from IPython.display import Math, display

    body = cell if "\\begin" in cell or "$$" in cell else f"\\begin{{align}}{cell}\\end{{align}}"
    tex, results = marked(body)
    display(Math(tex))
    for r in results:
        if r.status == "refuted":
            print(f"line {r.line}: refuted: {r.lhs} {r.relation} {r.rhs} ({r.message})")
    return results


def load_ipython_extension(ipython) -> None:
    ipython.register_magic_function(derive_magic, magic_kind="cell", magic_name="derive")
