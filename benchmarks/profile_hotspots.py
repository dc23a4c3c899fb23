"""Where derive spends its time: cProfile of ``derive check --all`` and of the scaling
benchmark, and ``python -X importtime`` of ``import derive``.

    python benchmarks/profile_hotspots.py [catalog] [scaling --n 32] [import] [--top 25]

Prints derive's own functions by cumulative time (with call counts), the functions
anywhere (SymPy included) with the most time of their own, and the modules whose
import costs the most; writes the JSON and the raw .prof files beside it, for
``python -m pstats`` or snakeviz. cProfile slows Python code down (roughly 2x), so read
the figures as shares, not as timings.
"""
from __future__ import annotations

import contextlib
import cProfile
import io
import pstats
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rich.table import Table  # noqa: E402

import harness  # noqa: E402
from harness import ROOT, console  # noqa: E402

DERIVE = str(ROOT / "derive")
PARTS = ("import", "scaling", "catalog")


def profile(fn, *args) -> cProfile.Profile:
    prof = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()):
        prof.runcall(fn, *args)
    return prof


def rows(prof: cProfile.Profile, mine_only: bool, key: str, top: int) -> list:
    """The top functions as dicts: where, calls, own seconds, cumulative seconds."""
    out = []
    for (path, line, func), (_, calls, own, cum, _) in pstats.Stats(prof).stats.items():
        if mine_only and not path.startswith(DERIVE):
            continue
        out.append({"function": f"{_short(path)}:{line}({func})", "calls": calls, "own_s": own, "cum_s": cum})
    return sorted(out, key=lambda r: r[key], reverse=True)[:top]


def _short(path: str) -> str:
    for marker in ("/derive/", "/site-packages/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1] if marker != "/derive/" else "derive/" + path.split(marker, 1)[1]
    return path


def show(title: str, data: list) -> None:
    table = Table(title=title, title_justify="left", show_edge=False)
    for col in ("function", "calls", "own", "cumulative"):
        table.add_column(col, justify="left" if col == "function" else "right")
    for r in data:
        table.add_row(r["function"], str(r["calls"]), f"{r['own_s']:.2f} s", f"{r['cum_s']:.2f} s")
    console.print(table)


def profile_catalog(top: int, out_dir: Path) -> dict:
    from derive.cli import main as derive_main

    prof = profile(derive_main, ["check", "--all", "-j", "1"])   # in this process, where cProfile sees it
    prof.dump_stats(out_dir / "profile_catalog.prof")
    total = pstats.Stats(prof).total_tt
    mine, anywhere = rows(prof, True, "cum_s", top), rows(prof, False, "own_s", top)
    console.print(f"derive check --all -j 1 under cProfile: {total:.1f} s")
    show("derive's functions by cumulative time (check --all)", mine)
    show("all functions by own time (check --all)", anywhere)
    return {"total_s": total, "derive_by_cumulative": mine, "all_by_own": anywhere}


def profile_scaling(n: int, top: int, out_dir: Path) -> dict:
    from bench_scaling import softmax_jacobian
    from derive.verify import verify_relation

    lhs, rhs = softmax_jacobian(n)
    prof = profile(verify_relation, lhs, rhs)
    prof.dump_stats(out_dir / f"profile_scaling_{n}.prof")
    total = pstats.Stats(prof).total_tt
    mine, anywhere = rows(prof, True, "cum_s", top), rows(prof, False, "own_s", top)
    console.print(f"softmax Jacobian n = {n} under cProfile: {total:.1f} s")
    show(f"derive's functions by cumulative time (n = {n})", mine)
    show(f"all functions by own time (n = {n})", anywhere)
    return {"n": n, "total_s": total, "derive_by_cumulative": mine, "all_by_own": anywhere}


IMPORT_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def profile_import(top: int) -> dict:
    """-X importtime of ``import derive`` and of the first ``derive.check``: the costliest modules."""
    out = {}
    for label, code in (("import derive", "import sympy, derive"),
                        ("first check", "import sympy, derive; x = sympy.Symbol('x'); derive.check(x + x, 2 * x)")):
        run = harness.run_subprocess([sys.executable, "-X", "importtime", "-c", code], timeout=120)
        mods = []
        for m in IMPORT_LINE.finditer(run["stderr"]):
            own, cum, indent, name = int(m[1]), int(m[2]), len(m[3]) // 2, m[4]
            mods.append({"module": name, "own_s": own / 1e6, "cum_s": cum / 1e6, "depth": indent})
        sympy_cum = sum(x["cum_s"] for x in mods if x["module"] == "sympy")
        # derive's modules at any depth, and whatever else is imported at the top level
        outside = [x for x in mods if x["module"].split(".")[0] == "derive"
                   or (x["depth"] == 0 and x["module"] != "sympy")]
        heavy = sorted(outside, key=lambda x: x["cum_s"], reverse=True)[:top]
        out[label] = {"sympy_cum_s": sympy_cum, "top_outside_sympy": heavy}
        table = Table(title=f"-X importtime: {code} (derive's modules and top-level imports besides sympy)",
                      title_justify="left", show_edge=False)
        for col in ("module", "own", "cumulative"):
            table.add_column(col, justify="left" if col == "module" else "right")
        for x in heavy:
            table.add_row(x["module"], f"{x['own_s'] * 1e3:.1f} ms", f"{x['cum_s'] * 1e3:.1f} ms")
        console.print(table)
        console.print(f"sympy itself: {sympy_cum * 1e3:.0f} ms cumulative")
    return out


def main(argv=None) -> int:
    p = harness.parser(__doc__.splitlines()[0], repeat=1)
    p.add_argument("what", nargs="*", choices=[[], *PARTS], default=[],
                   help="which profiles (default: all)")
    p.add_argument("--n", type=int, default=32, help="size for the scaling profile")
    p.add_argument("--top", type=int, default=25)
    args = p.parse_args(argv)
    args.what = args.what or list(PARTS)
    env = harness.header("profile_hotspots: cProfile and -X importtime", args)
    out_dir = (args.out.parent if args.out else harness.RESULTS)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    if "import" in args.what:
        results["import"] = profile_import(args.top)
    if "scaling" in args.what:
        results["scaling"] = profile_scaling(4 if args.quick else args.n, args.top, out_dir)
    if "catalog" in args.what:
        results["catalog"] = profile_catalog(args.top, out_dir)
    harness.finish("profile_hotspots", args, env, results, [])
    return 0


if __name__ == "__main__":
    sys.exit(main())
