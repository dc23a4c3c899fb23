"""Lint every document under tests/corpus/: parse rate of forms, share verified, refuted, undecided.

``python benchmarks/corpus.py [--list] [--only PREFIX] [-j N] [--out PATH]``. A document is one
derivation copied from public material (its source in the first line); its prefix (``math4ml_``,
``lilog_``, ...) names the source in the per-source table. "Verified" counts proved and numeric
steps that are not hollow (both sides 0 on every sample) and do not hold only because bold
capitals (matrices) are read as commuting scalars. Every refutation must be listed in
tests/corpus/REFUTATIONS*.md with a verdict; the ones that are not are printed. ``--list`` prints
every step that is not verified. The record goes to benchmarks/results/corpus.json."""
from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results"
STATUSES = ("proved", "numeric", "refuted", "undecided", "unread")


def documents(only: str | None = None) -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".tex", ".md")
                  and not p.name.startswith(("REFUTATIONS", "README")) and (not only or p.name.startswith(only)))


def source_of(path: Path) -> str:
    """The source a document comes from: its file-name prefix (``lilog_vae.md`` -> lilog)."""
    head, sep, _ = path.stem.partition("_")
    return head if sep else "other"


def listed_refutations(corpus: Path = CORPUS) -> set[tuple[str, int]]:
    """(file, line) pairs that tests/corpus/REFUTATIONS*.md give a verdict for (``name.md:12``);
    each half of the corpus may keep its own file (REFUTATIONS.md, REFUTATIONS-b.md, ...)."""
    return {(m.group(1), int(m.group(2))) for path in sorted(corpus.glob("REFUTATIONS*.md"))
            for m in re.finditer(r"([\w.-]+\.(?:md|tex)):(\d+)", path.read_text(encoding="utf-8"))}


def _lint_one(path: str) -> list[dict]:
    from derive.lint.check import lint
    return [dataclasses.asdict(r) for r in lint(Path(path))]


def run(paths: list[Path], jobs: int = 1) -> dict[str, list[dict]]:
    """Each document's step results (as dicts), in the order of ``paths``."""
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return dict(zip((p.name for p in paths), pool.map(_lint_one, map(str, paths))))
    return {p.name: _lint_one(str(p)) for p in paths}


def holds(step: dict) -> bool:
    """proved or numeric, and not hollow (both sides 0 on every sample)."""
    return step["status"] in ("proved", "numeric") and not step["trivial"]


def verified(step: dict) -> bool:
    """Verified meaningfully: holds, and not only because matrices were read as scalars."""
    return holds(step) and not _matrix(step)


_BOLD_CAPITAL = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*(?:[A-Z]|\\[A-Z][a-z]+)\s*\}")


def _matrix(step: dict) -> bool:
    """A step with bold capitals (matrices), which derive reads as commuting scalars today:
    its verdict holds for that reading, not necessarily for matrices."""
    return any(_BOLD_CAPITAL.search(side) for side in (step["read"] or (step["lhs"], step["rhs"])))


def forms_read(steps: list[dict]) -> tuple[int, int]:
    """(distinct forms as checked, how many of them derive.parse reads)."""
    from derive import parse

    forms = sorted({side for s in steps for side in (s["read"] or (s["lhs"], s["rhs"]))})
    ok = 0
    for f in forms:
        try:
            parse(f)
            ok += 1
        except Exception:  # noqa: BLE001 - any failure counts as "does not read"
            pass
    return len(forms), ok


def summary(by_doc: dict[str, list[dict]]) -> dict:
    """The figures of a set of documents: counts, parse rate of forms, shares."""
    steps = [s for ss in by_doc.values() for s in ss]
    counts = Counter(s["status"] for s in steps)
    n = len(steps)
    forms, read = forms_read(steps)
    good = sum(map(verified, steps))
    return {"documents": len(by_doc), "derivations": sum(1 for ss in by_doc.values() if ss),
            "steps": n, "forms": forms, "forms_read": read,
            "parse_rate": read / forms if forms else 0.0,
            "verified": good, "verified_share": good / n if n else 0.0,
            "trivial": sum(1 for s in steps if s["status"] in ("proved", "numeric") and s["trivial"]),
            "verified_matrix_as_scalar": sum(1 for s in steps if holds(s) and _matrix(s)),
            **{k: counts.get(k, 0) for k in STATUSES}}


def gaps(by_doc: dict[str, list[dict]]) -> list[tuple[str, tuple[int, str]]]:
    """Unread steps grouped by the reader's message (column numbers dropped), most first."""
    groups: dict[str, list] = {}
    for d, ss in by_doc.items():
        for s in ss:
            if s["status"] == "unread":
                why = re.sub(r"\s*\(column \d+\)", "", s["message"])
                groups.setdefault(why, []).append(f"{d}:{s['line']}: {s['lhs']} {s['relation']} {s['rhs']}")
    return sorted(((w, (len(v), v[0])) for w, v in groups.items()), key=lambda x: -x[1][0])


def _row(name: str, s: dict) -> str:
    return (f"{name:<10} {s['documents']:>5} {s['derivations']:>5} {s['steps']:>6} "
            f"{s['parse_rate']:>7.0%} {s['verified_share']:>9.0%} {s['proved']:>7} {s['numeric']:>7} "
            f"{s['trivial']:>7} {s['verified_matrix_as_scalar']:>6} {s['refuted']:>7} {s['undecided']:>9} {s['unread']:>7}")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--list", action="store_true", help="print every step that is not verified")
    p.add_argument("--gaps", action="store_true",
                   help="group the unread steps by derive.parse's message, with counts and an example")
    p.add_argument("--only", default=None, metavar="PREFIX", help="only documents named PREFIX*")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes")
    p.add_argument("--out", type=Path, default=None, help="JSON path (default benchmarks/results/corpus.json)")
    args = p.parse_args(argv)

    start = time.perf_counter()
    paths = documents(args.only)
    by_doc = run(paths, args.jobs)
    total = summary(by_doc)
    per_source = {src: summary({d: by_doc[d] for d in by_doc if source_of(Path(d)) == src})
                  for src in sorted({source_of(p) for p in paths})}
    print(f"{'source':<10} {'docs':>5} {'deriv':>5} {'steps':>6} {'parsed':>7} {'verified':>9} "
          f"{'proved':>7} {'numeric':>7} {'hollow':>7} {'mat=sc':>6} {'refuted':>7} {'undecided':>9} {'unread':>7}")
    for src, s in per_source.items():
        print(_row(src, s))
    print(_row("all", total))
    print(f"documents {total['documents']}  derivations {total['derivations']}  steps {total['steps']}  "
          f"forms {total['forms']} (derive.parse reads {total['forms_read']}, {total['parse_rate']:.1%})")
    print(f"verified meaningfully (proved+numeric, not hollow, not matrices-as-scalars) {total['verified']}/{total['steps']} "
          f"= {total['verified_share']:.1%}; refuted {total['refuted']}, undecided {total['undecided']}, "
          f"unread {total['unread']}")

    listed = listed_refutations()
    unlisted = [(d, s) for d, ss in by_doc.items() for s in ss
                if s["status"] == "refuted" and (d, s["line"]) not in listed]
    print(f"not counted as verified: {total['trivial']} hollow (both sides 0), "
          f"{total['verified_matrix_as_scalar']} that hold only with bold capitals (matrices) read as commuting scalars")
    print(f"refutations not in tests/corpus/REFUTATIONS*.md: {len(unlisted)}")
    for d, s in unlisted:
        print(f"  {d}:{s['line']}:{s['column']}: {s['lhs']} {s['relation']} {s['rhs']} ({s['message']})"
              + (f" [givens: {', '.join(s['givens'])}]" if s["givens"] else ""))
    if args.list:
        for d, ss in by_doc.items():
            for s in ss:
                if not verified(s):
                    why = ("hollow: " if holds(s) is False and s["trivial"] else
                           "matrices read as scalars: " if holds(s) else "") + s["message"]
                    print(f"{d}:{s['line']}:{s['column']}: {s['status']}: {s['lhs']} {s['relation']} "
                          f"{s['rhs']} ({why})")
    if args.gaps:
        for why, (count, example) in gaps(by_doc):
            print(f"{count:4d}  {why}   e.g. {example}")
    record = {"benchmark": "corpus", "seconds": round(time.perf_counter() - start, 1),
              "total": total, "per_source": per_source,
              "unlisted_refutations": [f"{d}:{s['line']}" for d, s in unlisted],
              "steps": {d: [{k: s[k] for k in ("line", "column", "status", "trivial", "givens")}
                            for s in ss] for d, ss in by_doc.items()}}
    out = args.out or RESULTS / "corpus.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=1) + "\n")
    print(f"results written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
