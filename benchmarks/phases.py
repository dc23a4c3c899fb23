"""Where derive's verification time goes: numeric sampling, symbolic proof, display checks.

The engine's phase functions are wrapped at run time in the benchmark's own process
(no engine file changes), each adding its wall time to a counter. Phases that do not
exist under the expected name are skipped and reported as absent, so an engine
refactor degrades the breakdown, never the benchmark.
"""
from __future__ import annotations

import importlib
import time
from contextlib import contextmanager

# phase name -> (module, attribute) of the function whose time it is
PHASES = {
    "numeric": ("derive.verify.relation", "compare_numerically"),   # stages 2 and 3
    "symbolic": ("derive.verify.relation", "prove"),                # stage 4
    "display": ("derive.verify.step", "numeric_compare"),
}


class PhaseClock:
    """Accumulated seconds and calls per phase while installed."""

    def __init__(self):
        self.seconds = {name: 0.0 for name in PHASES}
        self.calls = {name: 0 for name in PHASES}
        self.absent: list = []
        self._depth = 0

    def reset(self) -> None:
        for name in PHASES:
            self.seconds[name], self.calls[name] = 0.0, 0

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            # only the outermost call counts: a matrix compare recurses into itself
            self._depth += 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self.seconds[name] += time.perf_counter() - t0
                    self.calls[name] += 1
        timed.__wrapped__ = fn
        return timed

    def snapshot(self) -> dict:
        return {name: {"seconds": self.seconds[name], "calls": self.calls[name]}
                for name in PHASES if name not in self.absent}


@contextmanager
def phase_clock():
    """Install a PhaseClock on derive's phase functions; restore them afterwards."""
    clock = PhaseClock()
    saved = []
    for name, (module_name, attr) in PHASES.items():
        module = importlib.import_module(module_name)
        fn = getattr(module, attr, None)
        if fn is None:
            clock.absent.append(name)
            continue
        saved.append((module, attr, fn))
        setattr(module, attr, clock.wrap(name, fn))
    try:
        yield clock
    finally:
        for module, attr, fn in saved:
            setattr(module, attr, fn)
