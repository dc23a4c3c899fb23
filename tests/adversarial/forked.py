"""Run one probe in a forked child, so that a hang fails the probe rather than the suite."""
from __future__ import annotations

import multiprocessing as mp


def in_child(target, row, timeout: float, on_timeout, on_silence):
    """``target(row, queue)`` in a fork; what it put on the queue, ``on_timeout`` when it
    ran past ``timeout`` seconds (it is killed), ``on_silence`` when it put nothing."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    p = ctx.Process(target=target, args=(row, queue))
    p.start()
    p.join(timeout)
    if p.is_alive():
        p.kill()
        p.join()
        return on_timeout
    try:
        return queue.get(timeout=5)
    except Exception:  # noqa: BLE001 - queue.Empty: the child died without a word
        return on_silence
