"""Print lint results: compiler-style text, JSON lines (one object a step) or SARIF 2.1.0."""
from __future__ import annotations

import dataclasses
import json
import re

_SARIF_LEVEL = {"refuted": "error", "undecided": "note", "unread": "note"}


def text(results, verbose: bool = False) -> str:
    """``file:line:col: status: lhs rel rhs (message)``; only refutations unless verbose."""
    lines = []
    for r in results:
        if r.status != "refuted" and not verbose:
            continue
        used = f" [givens: {', '.join(r.givens)}]" if r.givens and r.status == "refuted" else ""
        lines.append(f"{r.path}:{r.line}:{r.column}: {r.status}: {r.lhs} {r.relation} {r.rhs} "
                     f"({_why(r)}){used}")
    return "\n".join(lines)


def _why(r) -> str:
    """``counterexample x = 0.5: left 1.2, right 0.8`` for refutations, else the message."""
    m = re.match(r"refuted at (.*): left = (.*), right = (.*)$", r.message)
    return f"counterexample {m.group(1)}: left {m.group(2)}, right {m.group(3)}" if m else r.message


def as_json(results) -> str:
    return "\n".join(json.dumps(dataclasses.asdict(r)) for r in results)


def sarif(results) -> str:
    """A SARIF 2.1.0 log: one result a step that is not proved or numeric."""
    out = [{"ruleId": f"derive/{r.status}", "level": _SARIF_LEVEL[r.status],
            "message": {"text": f"{r.status}: {r.lhs} {r.relation} {r.rhs} ({r.message})"
                                + (f" [givens: {', '.join(r.givens)}]" if r.givens else "")},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.path},
                                                "region": {"startLine": r.line,
                                                           "startColumn": r.column}}}]}
           for r in results if r.status in _SARIF_LEVEL]
    rules = [{"id": f"derive/{s}", "shortDescription": {"text": f"a step is {s}"}}
             for s in ("refuted", "undecided", "unread")]
    log = {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
           "runs": [{"tool": {"driver": {"name": "derive", "rules": rules}}, "results": out}]}
    return json.dumps(log, indent=1)
