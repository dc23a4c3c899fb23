"""Time budgets for symbolic work: SymPy can run for ever, a check must not.

On the main thread an interval timer (SIGALRM) interrupts the work. On any other
thread (a Jupyter kernel's, a test runner's worker) a timer thread raises the
exception inside the working thread with ``PyThreadState_SetAsyncExc``; both
interrupt pure-Python code such as SymPy's between two bytecodes.

Budgets nest: each ``time_limit`` raises an exception of its own class, so the end
of an inner budget (one high-precision look of 2 s) is told from the end of an
enclosing one (the whole numeric check's 20 s), and only the owner handles it.
``within`` does that for the common case::

    with within(2.0) as run:
        return slow_work()
    return fallback()            # reached only when this budget ran out
"""
from __future__ import annotations

import ctypes
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator, Optional


REPEAT = 1.0    # seconds between repeated interrupts once a budget has run out (rare, so a
#                 second one seldom lands inside the handling of the first)


class BudgetExceeded(Exception):
    """The symbolic work ran past its time budget."""


class Limit:
    """One active budget: its deadline and the exception class only it raises."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.exception = type("BudgetExceeded", (BudgetExceeded,), {"limit": self})

    def owns(self, exc: BaseException) -> bool:
        """Was ``exc`` raised because this budget, not an enclosing one, ran out?"""
        return isinstance(exc, self.exception)

    def expired(self) -> bool:
        return time.monotonic() >= self.deadline


_active = threading.local()


def _stack() -> list:
    if not hasattr(_active, "limits"):
        _active.limits = []
    return _active.limits


def _on_main_thread() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[Optional[Limit]]:
    """Raise BudgetExceeded inside the block once ``seconds`` have passed (or sooner,
    when an enclosing budget ends first: then the enclosing one's exception)."""
    if seconds is None or seconds <= 0:
        yield None
        return
    limit = Limit(seconds)
    stack = _stack()
    stack.append(limit)
    try:
        with (_alarm if _on_main_thread() else _async_raise)(limit):
            yield limit
    finally:
        stack.remove(limit)


class Run:
    """What ``within`` reports: whether its own budget ran out."""

    ran_out = False


@contextmanager
def within(seconds: Optional[float]) -> Iterator[Run]:
    """A budget whose own running out ends the block quietly (``run.ran_out`` is then
    True), while an enclosing budget's exception goes on to its owner."""
    run, limit = Run(), None
    try:
        with time_limit(seconds) as limit:
            yield run
    except BudgetExceeded as exc:
        if limit is None or not limit.owns(exc):
            raise
        run.ran_out = True


def _first_expired(stack: list) -> Optional[Limit]:
    """The outermost budget that has run out: the one whose handler must see it."""
    for limit in stack:
        if limit.expired():
            return limit
    return None


@contextmanager
def _alarm(limit: Limit):
    stack = list(_stack())

    def handler(signum, frame):
        ran_out = _first_expired(stack) or limit
        raise ran_out.exception(f"over {ran_out.seconds:.3g} s")

    previous = signal.signal(signal.SIGALRM, handler)
    outer_left, outer_repeat = signal.getitimer(signal.ITIMER_REAL)
    entered = time.monotonic()
    # an enclosing budget that ends sooner ends this block too; and keep firing after the
    # deadline: an exception raised inside a gc callback or a __del__ is swallowed by
    # Python, and one lost interrupt must not mean no budget
    first = min(limit.seconds, outer_left) if outer_left else limit.seconds
    signal.setitimer(signal.ITIMER_REAL, first, REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:  # the enclosing budget resumes with what is left of it, not more
            left = outer_left - (time.monotonic() - entered)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-4), outer_repeat)


@contextmanager
def _async_raise(limit: Limit):
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"active": True}
    stop = threading.Event()

    def fire():
        if stop.wait(limit.seconds):
            return
        while True:  # again and again until the block ends (an exception can be swallowed)
            with lock:
                if not state["active"]:
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(limit.exception))
            if stop.wait(REPEAT):
                return

    timer = threading.Thread(target=fire, daemon=True)
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            stop.set()
            # an exception sent as the block ended must not strike later code
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)


class Deadline:
    """A wall-clock deadline shared by the rungs of one check."""

    def __init__(self, seconds: float):
        self.end = time.perf_counter() + seconds

    def left(self) -> float:
        return max(0.0, self.end - time.perf_counter())

    def expired(self) -> bool:
        return self.left() <= 0
