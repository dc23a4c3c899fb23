"""derive.parse against latex2sympy2_extended on generated plain-arithmetic LaTeX.

``python benchmarks/peer_parse.py [--count N] [--seed S] [--list]`` generates inputs from
the grammar in tests/latex/peer_grammar.py (fixed seed), keeps the first N that
latex2sympy2_extended reads (the baseline), and prints the share derive.parse reads and
the share it reads equal (the same value at random points, after derive's documented
conventions: natural \\log, case kept). --list prints the inputs that differ or fail.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    from derive.latex import ParseError, parse
    from tests.latex.peer_grammar import baseline, generate, same_value

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args(argv)
    r = random.Random(args.seed)
    counts: Counter = Counter()
    shown: list = []
    tried = 0
    while counts["inputs"] < args.count:
        latex = generate(r)
        tried += 1
        try:
            expected = baseline(latex)
        except Exception:  # noqa: BLE001 - latex2sympy does not read it: not an input
            continue
        counts["inputs"] += 1
        try:
            got = parse(latex)
        except ParseError as e:
            counts["unread"] += 1
            shown.append(f"unread  {latex}  ({e})")
            continue
        same = same_value(got, expected, seed=counts["inputs"])
        counts["equal" if same else "differ" if same is False else "no value"] += 1
        if same is False:
            shown.append(f"differ  {latex}  derive: {got}  latex2sympy: {expected}")
    n = counts["inputs"]
    read = n - counts["unread"]
    print(f"inputs {n} read by latex2sympy2_extended (of {tried} generated, seed {args.seed})")
    print(f"derive.parse reads {read / n:.1%} ({read}); reads equal {counts['equal'] / n:.1%} "
          f"({counts['equal']}); differs {counts['differ']}; no finite value to compare {counts['no value']}")
    print(f"baseline: latex2sympy2_extended reads 100% of these by construction")
    if args.list:
        print("\n".join(shown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
