"""Run one function from many threads at once so that a check-then-write that is not one transaction interleaves
(and a test of it fails) instead of passing by luck: the interpreter switches threads as often as it can, and
:func:`yield_on_reads` makes every read of the in-memory backend hand the interpreter to another thread right after
it read. Inside
``atomic()`` that changes nothing (the others wait for the backend's lock); outside it, they all read first.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from typing import Any, Callable, TypeVar

import pytest

from mockserver.state.memory import MemoryTx

T = TypeVar("T")


def run_together(count: int, fn: Callable[[int], T]) -> list[T | BaseException]:
    """``fn(0) … fn(count - 1)``, each in its own thread, released together; results (or the exception raised)
    in index order."""
    barrier = threading.Barrier(count)
    results: list[T | BaseException | None] = [None] * count

    def work(index: int) -> None:
        barrier.wait()
        try:
            results[index] = fn(index)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test, which asserts on it
            results[index] = exc

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(index,)) for index in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    return results  # type: ignore[return-value]


def yield_on_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``get``/``value`` of the in-memory backend lets other threads run once it has read."""
    for name in ("get", "value"):
        read = getattr(MemoryTx, name)

        def yielding(*args: Any, _read: Callable[..., Any] = read, **kwargs: Any) -> Any:
            record = _read(*args, **kwargs)
            time.sleep(0)  # between the read and whatever the reader writes next
            return record

        monkeypatch.setattr(MemoryTx, name, functools.wraps(read)(yielding))
