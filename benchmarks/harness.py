"""Shared plumbing of the benchmark scripts: timing, medians, targets, reports, JSON.

The machine is shared and noisy, so every figure is a median, wall and CPU time are
both recorded, the load average is printed at the start and the end, and the state of
the run (versions, commit, arguments) travels with the numbers in the JSON.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Optional

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
console = Console(highlight=False, width=None if sys.stdout.isatty() else 150)


# -- command line --------------------------------------------------------------------
def parser(description: str, *, repeat: int = 3) -> argparse.ArgumentParser:
    """The options every benchmark takes: --quick, --repeat, --out."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="tiny sizes: checks the script runs")
    p.add_argument("--repeat", type=int, default=repeat, help="runs per measurement (median)")
    p.add_argument("--out", type=Path, default=None, help="JSON path (default benchmarks/results/)")
    return p


# -- timing --------------------------------------------------------------------------
@dataclass
class Timing:
    """Wall and CPU seconds of one measured call."""

    wall: float
    cpu: float


def timed(fn: Callable, *args, **kwargs):
    """(result, Timing) of one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, Timing(time.perf_counter() - w0, time.process_time() - c0)


def median(values) -> float:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def percentile(values, q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between order statistics."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


class Capped(BaseException):
    """A baseline ran past its cap and was interrupted.

    A BaseException, like KeyboardInterrupt, so that SymPy's ``except Exception``
    blocks cannot swallow it."""


@contextmanager
def cap(seconds: float):
    """Interrupt the block with Capped after ``seconds`` (SIGALRM; main thread, Unix)."""
    def ring(signum, frame):
        raise Capped(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)  # rings again if the first is lost
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def clear_caches() -> None:
    """Forget SymPy's cache and every lru_cache in derive, so each measurement starts cold.

    Repeated runs in one process would otherwise measure cache hits, not the work.
    """
    from sympy.core.cache import clear_cache

    clear_cache()
    for name, module in list(sys.modules.items()):
        if not (name == "derive" or name.startswith("derive.")) or module is None:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and \
                    getattr(value, "__module__", None) == name:
                value.cache_clear()


def run_subprocess(argv: list, timeout: float | None = None, cwd: Path = ROOT) -> dict:
    """Run a command; wall seconds, CPU seconds of the child, exit code, tail of output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = None, _text(exc.stdout), _text(exc.stderr)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)   # microseconds, not clock ticks
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "code": code, "stdout": out, "stderr": err,
            "timed_out": code is None}


def _text(b) -> str:
    if b is None:
        return ""
    return b.decode(errors="replace") if isinstance(b, bytes) else b


# -- targets -------------------------------------------------------------------------
@dataclass
class Target:
    """A goal from the issue beside the figure measured for it; met is None if unmeasured."""

    name: str
    goal: str
    measured: str
    met: Optional[bool]
    note: str = ""


def at_most(name: str, value: float, limit: float, unit: str, fmt: str = ".3g", note: str = "",
            strict: bool = True) -> Target:
    """value < limit (or <= when not strict)."""
    ok = None if value != value else (value < limit if strict else value <= limit)
    sign = "<" if strict else "<="
    return Target(name, f"{sign} {limit:{fmt}} {unit}".strip(), f"{value:{fmt}} {unit}".strip(), ok, note)


def at_least(name: str, value: float, floor: float, unit: str, fmt: str = ".3g", note: str = "") -> Target:
    ok = None if value != value else value >= floor
    return Target(name, f">= {floor:{fmt}} {unit}", f"{value:{fmt}} {unit}", ok, note)


def print_targets(targets: list, quick: bool) -> None:
    if not targets:
        return
    table = Table(title="targets" + (" (--quick: sizes too small to judge)" if quick else ""),
                  title_justify="left", show_edge=False)
    for col in ("target", "goal", "measured", "status", "note"):
        table.add_column(col)
    for t in targets:
        status = ("[dim]n/a[/dim]" if t.met is None or quick else
                  "[green]met[/green]" if t.met else "[red]not met[/red]")
        table.add_row(t.name, t.goal, t.measured, status, t.note)
    console.print(table)


# -- reporting -----------------------------------------------------------------------
def header(name: str, args) -> dict:
    """Print what is being measured and the load; return the environment for the JSON."""
    env = environment()
    console.rule(f"[bold]{name}[/bold]")
    console.print(f"load average at start: {format_load(env['load_start'])} on {env['cpus']} CPUs"
                  + ("   [yellow](--quick)[/yellow]" if getattr(args, "quick", False) else ""))
    return env


def format_load(load) -> str:
    return " / ".join(f"{x:.2f}" for x in load) + " (1 / 5 / 15 min)"


def environment() -> dict:
    import numpy
    import sympy

    return {"python": platform.python_version(), "sympy": sympy.__version__,
            "numpy": numpy.__version__, "cpus": os.cpu_count(), "commit": git_commit(),
            "load_start": list(os.getloadavg()),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "derive"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return out.stdout.strip() + ("+uncommitted derive/ changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def finish(name: str, args, env: dict, results: dict, targets: list) -> Path:
    """Print the targets and the closing load; write the JSON; return its path."""
    print_targets(targets, args.quick)
    env["load_end"] = list(os.getloadavg())
    console.print(f"load average at end: {format_load(env['load_end'])}")
    path = args.out or RESULTS / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": name, "quick": args.quick,
               "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
               "environment": env, "results": results,
               "targets": [asdict(t) for t in targets]}
    path.write_text(json.dumps(_finite(payload), indent=2, default=_jsonable, allow_nan=False) + "\n")
    console.print(f"results written to {path}")
    return path


def _finite(v):
    """NaN and infinities become null: the JSON stays strict."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {str(k): _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    return v


def _jsonable(v):
    if hasattr(v, "item"):
        return _finite(v.item())
    return str(v)


def seconds(x: float) -> str:
    """A duration for a table: ms below a second, s above."""
    if x != x:
        return "-"
    return f"{x * 1e3:.1f} ms" if x < 1 else f"{x:.2f} s"


def ratio(x: float, lower_bound: bool = False) -> str:
    if x != x:
        return "-"
    return (">= " if lower_bound else "") + (f"{x:.1f}x" if x < 100 else f"{x:.0f}x")
