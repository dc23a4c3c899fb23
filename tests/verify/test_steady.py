"""Steady verdicts: the same input gives the same verdict whatever the load and ``-j``.

Budgets are CPU seconds (budget.py). The load test is built so that it fails when
budgets are wall-clock: a proof that needs c CPU seconds gets a budget of 3c, and
busy processes are added until the proof takes more than 3c of wall time (but less
than the 5x wall-clock guard against hangs, which a CPU budget keeps too). It runs twice under the same load: with the real (CPU) budgets, which
must prove it; and with the budgets switched to a wall clock that runs as a loaded
machine's does (ten times the CPU), which must not: that shows the first could fail.
"""
import os
import re
import subprocess
import sys
import threading
import time

import pytest
import sympy as sp

from derive.verify import budget, prove as prove_module
from derive.verify.prove import prove_equal

x, y = sp.symbols("x y", real=True)
LHS = sp.tanh(x / 2) + sp.tanh(y)      # proved by the exp-rewrite rung, ~0.4 s of CPU
RHS = (sp.exp(x) - 1) / (sp.exp(x) + 1) + (sp.exp(2 * y) - 1) / (sp.exp(2 * y) + 1)
SLACK = 3    # budget / CPU the proof needs: room for the CPU cost of being preempted


def _prove(seconds):
    """prove_equal from a cold SymPy cache (the same work every time): (ok, how, CPU, wall)."""
    sp.core.cache.clear_cache()
    c0, w0 = time.process_time(), time.perf_counter()
    ok, how = prove_equal(LHS, RHS, None, seconds)
    return ok, how, time.process_time() - c0, time.perf_counter() - w0


def _loaded_wall():
    """The wall clock of a machine so loaded that wall time runs ten times faster than this
    process's CPU time (what the hogs do, but the same on every run)."""
    return 10 * time.monotonic()


class _WallDeadline:
    """budget.Deadline on the (loaded) wall clock: what the budgets were before they were CPU time."""

    def __init__(self, seconds):
        self.end = _loaded_wall() + seconds

    def left(self):
        return max(0.0, self.end - _loaded_wall())

    def expired(self):
        return self.left() <= 0


def _prove_on_wall_clock(seconds, monkeypatch):
    """The same proof with every budget read off the wall clock: off the main thread a
    budget reads the thread's clock (here: the wall), and the ladder's deadline too."""
    monkeypatch.setattr(budget, "_thread_clock", lambda: _loaded_wall)
    monkeypatch.setattr(prove_module, "Deadline", _WallDeadline)
    out = {}
    t = threading.Thread(target=lambda: out.update(result=_prove(seconds)))
    t.start()
    t.join(120)
    monkeypatch.undo()
    return out["result"]


def test_a_cpu_budget_proves_under_load_where_a_wall_clock_budget_does_not(monkeypatch):
    _prove(60)                                    # imports and first calls: not counted
    ok, _, cpu, _ = _prove(60)
    assert ok
    allowed = max(SLACK * cpu, 0.1)
    assert _prove(allowed)[0], "the proof fits its budget on a quiet machine"
    hogs: list = []
    try:
        for _ in range(3):   # more busy processes until the load slows the proof past its budget
            hogs += [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                     for _ in range(len(hogs) or 2 * (os.cpu_count() or 1))]
            time.sleep(0.2)
            ok, how, _, wall = _prove(allowed)
            if not ok or wall > allowed:
                break
    finally:
        for h in hogs:
            h.kill()
            h.wait()
    # the same proof with wall-clock budgets on a clock that runs as a loaded machine's does:
    # it runs out, so the CPU-budget verdict above is what keeps the result steady
    on_wall = _prove_on_wall_clock(allowed, monkeypatch)
    assert not on_wall[0], on_wall                 # not proved: the budget ran out first
    if wall > budget.GUARD * allowed:
        pytest.skip(f"the machine is too loaded: {wall:.1f} s wall for {allowed:.2f} s of CPU "
                    f"budget passes the {budget.GUARD:g}x wall-clock guard against hangs")
    if wall <= allowed:
        pytest.skip(f"the load did not slow the proof past its budget ({wall:.2f} s wall)")
    assert ok, f"under load, with CPU budgets: {how} ({wall:.2f} s wall)"


SLUGS = ("attention-scaling", "kl-nonnegative", "momentum-unrolled", "perplexity")


def _counts(jobs):
    env = dict(os.environ, DERIVE_NO_CACHE="1")
    out = subprocess.run([sys.executable, "-m", "derive", "check", *SLUGS, "--no-cache", "-j", str(jobs)],
                         capture_output=True, text=True, env=env, timeout=300)
    line = " ".join(out.stdout.split())
    found = re.search(r"(\d+) proved, (\d+) numeric, (\d+) refuted, (\d+) undecided", line)
    assert found, out.stdout + out.stderr
    return found.groups()


def test_the_verdict_counts_are_the_same_with_one_worker_and_two():
    one, two = _counts(1), _counts(2)
    assert one == two
    assert int(one[1]) > 0 and one[2:] == ("0", "0")   # numeric steps included, none lost
