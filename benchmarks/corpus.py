"""Lint every document under tests/corpus/ and print parse rate, verified, refuted, undecided.

``python benchmarks/corpus.py [--list]``; --list prints each step that is not proved/numeric."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    from derive.lint.check import lint

    files = sorted(p for p in (ROOT / "tests" / "corpus").iterdir() if p.suffix in (".tex", ".md"))
    steps = [r for f in files for r in lint(f)]
    counts = Counter(r.status for r in steps)
    n = max(1, len(steps))
    print(f"documents {len(files)}  steps {len(steps)}")
    print(f"read (parse rate of steps) {1 - counts['unread'] / n:.0%}")
    print(f"verified (proved+numeric) {(counts['proved'] + counts['numeric']) / n:.0%}  "
          f"proved {counts['proved']}  numeric {counts['numeric']}")
    print(f"refuted {counts['refuted']}  undecided {counts['undecided']}  unread {counts['unread']}")
    peer(steps)
    if "--list" in argv:
        for r in steps:
            if r.status not in ("proved", "numeric"):
                print(f"{Path(r.path).name}:{r.line}:{r.column}: {r.status}: {r.lhs} {r.relation} {r.rhs} ({r.message})")
    return 0


def peer(steps) -> None:
    """Share of the corpus's sides (as written) that latex2sympy2_extended reads vs derive.parse."""
    from latex2sympy2_extended import latex2sympy

    from derive import parse

    forms = sorted({side for r in steps for side in (r.lhs, r.rhs)})
    theirs = ours = 0
    for f in forms:
        try:
            latex2sympy(f)
            theirs += 1
        except Exception:  # noqa: BLE001 - any failure counts as "does not read"
            pass
        try:
            parse(f)
            ours += 1
        except Exception:  # noqa: BLE001
            pass
    n = max(1, len(forms))
    print(f"forms {len(forms)}: latex2sympy2_extended reads {theirs / n:.0%}, derive.parse reads {ours / n:.0%}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
