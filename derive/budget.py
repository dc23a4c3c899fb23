"""Time budgets for symbolic work: SymPy can run for ever, a check must not.

On the main thread of a Unix process an interval timer interrupts the work; elsewhere
(threads, platforms without SIGALRM) the budget is checked between rungs only.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager


class BudgetExceeded(Exception):
    """The symbolic work ran past its time budget."""


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float):
    """Raise BudgetExceeded inside the block once ``seconds`` have passed."""
    if seconds is None or seconds <= 0 or not _can_interrupt():
        yield
        return

    def handler(signum, frame):
        raise BudgetExceeded(f"over {seconds:.3g} s")

    previous = signal.signal(signal.SIGALRM, handler)
    old_delay, _ = signal.getitimer(signal.ITIMER_REAL)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:
            signal.setitimer(signal.ITIMER_REAL, old_delay)


class Deadline:
    """A wall-clock deadline shared by the rungs of one check."""

    def __init__(self, seconds: float):
        self.end = time.perf_counter() + seconds

    def left(self) -> float:
        return max(0.0, self.end - time.perf_counter())

    def expired(self) -> bool:
        return self.left() <= 0
