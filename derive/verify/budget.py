"""Time budgets for symbolic work: SymPy can run for ever, a check must not.

Budgets are CPU seconds (the process's on the main thread, the thread's elsewhere), so
the same input gets the same verdict on an idle machine and on a loaded one; wall-clock
is only the outer guard against a hang that burns no CPU (``GUARD`` x the budget).
On the main thread interval timers (SIGPROF for CPU, SIGALRM for the guard) interrupt
the work. On any other thread (a Jupyter kernel's, a test runner's worker) a timer
thread watches the thread's CPU clock and raises the exception inside the working
thread with ``PyThreadState_SetAsyncExc``; both interrupt pure-Python code such as
SymPy's between two bytecodes.

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


GUARD = 5.0     # wall-clock allowed per CPU second of budget before a block is cut anyway
POLL = 0.02     # seconds between looks at a thread's CPU clock
REPEAT = 1.0    # seconds between repeated interrupts once a budget has run out (rare, so a
#                 second one seldom lands inside the handling of the first)


class BudgetExceeded(Exception):
    """The symbolic work ran past its time budget."""


class Limit:
    """One active budget: its deadline and the exception class only it raises."""

    def __init__(self, seconds: float, clock=time.process_time):
        self.seconds = seconds
        self.clock = clock
        self.deadline = clock() + seconds
        self.wall_deadline = time.monotonic() + GUARD * seconds
        self.exception = type("BudgetExceeded", (BudgetExceeded,), {"limit": self})

    def owns(self, exc: BaseException) -> bool:
        """Was ``exc`` raised because this budget, not an enclosing one, ran out?"""
        return isinstance(exc, self.exception)

    def expired(self) -> bool:
        return self.clock() >= self.deadline or time.monotonic() >= self.wall_deadline


def _thread_clock():
    """The calling thread's CPU clock (the process's where threads have none)."""
    try:
        cid = time.pthread_getcpuclockid(threading.get_ident())
        time.clock_gettime(cid)
    except (AttributeError, OSError):
        return time.process_time
    return lambda: time.clock_gettime(cid)


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
    main = _on_main_thread()
    limit = Limit(seconds, time.process_time if main else _thread_clock())
    stack = _stack()
    stack.append(limit)
    try:
        with (_alarm if main else _async_raise)(limit):
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


def _remaining(limit: Limit) -> float:
    return min(limit.deadline - limit.clock(), (limit.wall_deadline - time.monotonic()) / GUARD)


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
        # a timer may fire a hair before its clock reads the deadline: then the budget
        # nearest its end is the one that fired, not necessarily the innermost
        ran_out = _first_expired(stack) or min(stack, key=_remaining, default=limit)
        raise ran_out.exception(f"over {ran_out.seconds:.3g} s")

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGPROF, signal.SIGALRM)}
    outer_cpu, cpu_repeat = signal.getitimer(signal.ITIMER_PROF)
    outer_wall, wall_repeat = signal.getitimer(signal.ITIMER_REAL)
    entered_cpu, entered = time.process_time(), time.monotonic()
    # an enclosing budget that ends sooner ends this block too; and keep firing after the
    # deadline: an exception raised inside a gc callback or a __del__ is swallowed by
    # Python, and one lost interrupt must not mean no budget
    cpu = min(limit.seconds, outer_cpu) if outer_cpu else limit.seconds
    wall = GUARD * limit.seconds
    wall = min(wall, outer_wall) if outer_wall else wall
    signal.setitimer(signal.ITIMER_PROF, cpu, REPEAT)
    signal.setitimer(signal.ITIMER_REAL, wall, REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, old in previous.items():
            signal.signal(sig, old)
        # the enclosing budget resumes with what is left of it, not more
        if outer_cpu:
            left = outer_cpu - (time.process_time() - entered_cpu)
            signal.setitimer(signal.ITIMER_PROF, max(left, 1e-4), cpu_repeat)
        if outer_wall:
            left = outer_wall - (time.monotonic() - entered)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-4), wall_repeat)


@contextmanager
def _async_raise(limit: Limit):
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"active": True}
    stop = threading.Event()

    def fire():
        if stop.wait(limit.seconds):   # CPU time never runs faster than wall time
            return
        while not limit.expired():
            if stop.wait(POLL):
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
    """A CPU-time deadline shared by the rungs of one check (wall-clock only as the guard)."""

    def __init__(self, seconds: float):
        self.end = time.process_time() + seconds
        self.wall_end = time.monotonic() + GUARD * seconds

    def left(self) -> float:
        if time.monotonic() >= self.wall_end:
            return 0.0
        return max(0.0, self.end - time.process_time())

    def expired(self) -> bool:
        return self.left() <= 0
