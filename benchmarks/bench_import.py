"""What ``import derive`` costs beyond importing SymPy, in fresh interpreters.

    python benchmarks/bench_import.py [--repeat 7] [--quick]

``python -c "import sympy"`` and ``python -c "import sympy, derive"`` are timed as
subprocesses, interleaved run by run (the machine's load drifts), median of each; the
cost of derive is the difference of the medians. Two more commands show what the
first use of the public API and the command line pull in.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rich.table import Table  # noqa: E402

import harness  # noqa: E402
from harness import console, median, seconds  # noqa: E402

COMMANDS = {
    "python": "pass",
    "sympy": "import sympy",
    "sympy + derive": "import sympy, derive",
    "sympy + derive + first check": "import sympy, derive; x = sympy.Symbol('x'); derive.check(x + x, 2 * x)",
    "command-line parser": "import sympy, derive.cli; derive.cli.build_parser()",
}


def main(argv=None) -> int:
    args = harness.parser(__doc__.splitlines()[0], repeat=7).parse_args(argv)
    if args.quick:
        args.repeat = 1
    env = harness.header("bench_import: import derive beyond import sympy", args)
    walls = {name: [] for name in COMMANDS}
    cpus = {name: [] for name in COMMANDS}
    for _ in range(args.repeat):          # interleaved: each round runs every command once
        for name, code in COMMANDS.items():
            run = harness.run_subprocess([sys.executable, "-c", code], timeout=120)
            if run["code"] != 0:
                raise RuntimeError(f"{code!r} failed: {run['stderr'][-1000:]}")
            walls[name].append(run["wall"])
            cpus[name].append(run["cpu"])
    rows = {name: {"command": COMMANDS[name], "wall": median(walls[name]), "cpu": median(cpus[name]),
                   "walls": walls[name]} for name in COMMANDS}
    base = rows["sympy"]
    for row in rows.values():
        row["beyond_sympy_wall"] = row["wall"] - base["wall"]
        row["beyond_sympy_cpu"] = row["cpu"] - base["cpu"]
    table = Table(title=f"median of {args.repeat} fresh interpreters", title_justify="left", show_edge=False)
    for col in ("what", "python -c", "wall", "CPU", "beyond sympy (wall)", "beyond sympy (CPU)"):
        table.add_column(col, justify="left" if col in ("what", "python -c") else "right")
    for name, r in rows.items():
        table.add_row(name, r["command"], seconds(r["wall"]), seconds(r["cpu"]),
                      seconds(r["beyond_sympy_wall"]) if name != "sympy" else "-",
                      seconds(r["beyond_sympy_cpu"]) if name != "sympy" else "-")
    console.print(table)
    extra = rows["sympy + derive"]
    targets = [harness.at_most("import derive beyond sympy", extra["beyond_sympy_wall"], 0.5, "s",
                               note=f"CPU {extra['beyond_sympy_cpu']:.3f} s; with a first check: "
                                    f"{rows['sympy + derive + first check']['beyond_sympy_wall']:.3f} s")]
    harness.finish("bench_import", args, env, {"commands": rows}, targets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
