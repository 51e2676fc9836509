"""A time limit on the processing of one item, in a worker process or a worker thread.

In a process of the local pool, the item runs in the main thread: a real-time alarm
(`SIGALRM`) interrupts it. A Dask worker runs tasks in threads, where signals cannot be
received: a timer thread raises `TimeLimit` in the item's thread instead
(`PyThreadState_SetAsyncExc`). Either way the exception arrives between two Python
instructions, so a long call into a C library (a Tesseract page, bounded by its own
limit) ends first.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
from collections.abc import Iterator


class TimeLimit(Exception):
    """The item took longer than allowed."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    if threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _timer(seconds):
            yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _timer(seconds: float) -> Iterator[None]:
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()  # the raise and the end of the block never cross
    state = {"done": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(TimeLimit))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            if state["fired"]:  # not delivered yet: it must not escape the block
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
        timer.cancel()
