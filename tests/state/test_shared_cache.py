"""The configuration generation (core/shared_cache.py): one read per request, caches dropped on every change."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from mockserver.core.shared_cache import GENERATION_COUNTER, GenerationMoved, SharedCache
from mockserver.state import SHARED
from mockserver.state.memory import MemoryBackend


class SharedMemory(MemoryBackend):
    """A memory backend that says it is shared across processes, counting generation reads."""

    shared_across_processes = True

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def incr(self, tenant: str, name: str, by: int = 1, ttl: float | None = None) -> int:
        if name == GENERATION_COUNTER and by == 0:
            self.reads += 1
        return super().incr(tenant, name, by, ttl)


def test_values_are_cached_until_the_generation_moves() -> None:
    backend = SharedMemory()
    mine, other = SharedCache(backend), SharedCache(backend)  # two processes over one state
    loads: list[str] = []

    def load() -> str:
        loads.append("x")
        return f"v{len(loads)}"

    mine.sync()
    assert mine.get("k", load) == "v1" and mine.get("k", load) == "v1"
    mine.done()
    mine.sync()
    assert mine.get("k", load) == "v1" and backend.reads == 2  # one read per request, no reload
    other.sync()
    other.changed()  # another process changed something: bumped after the change
    mine.done()
    mine.sync()
    assert mine.get("k", load) == "v2"
    mine.changed()  # a change of its own drops its cache, and the rest of the request reads directly
    assert mine.get("k", load) == "v3" and mine.get("k", load) == "v4"
    mine.done()
    assert mine.get("k", load) == "v5"  # outside a synced request: never cached
    assert backend.incr(SHARED, GENERATION_COUNTER, 0) == 2


def test_a_request_of_an_older_generation_never_fills_the_newer_cache() -> None:
    backend = SharedMemory()
    cache = SharedCache(backend)
    started, go = threading.Event(), threading.Event()
    seen: dict[str, Any] = {}

    def old_request() -> None:
        cache.sync()  # reads generation 0
        started.set()
        go.wait()
        seen["old"] = cache.get("k", lambda: "stale")

    thread = threading.Thread(target=old_request)
    thread.start()
    started.wait()
    backend.incr(SHARED, GENERATION_COUNTER, 1)  # another process changed "k"
    cache.sync()
    go.set()
    thread.join()
    assert seen["old"] == "stale"
    assert cache.get("k", lambda: "fresh") == "fresh"


def test_not_found_is_not_cached_when_keep_says_so() -> None:
    cache = SharedCache(SharedMemory())
    cache.sync()
    assert cache.get("t", lambda: None, lambda v: v is not None) is None
    assert cache.get("t", lambda: "issued", lambda v: v is not None) == "issued"


def test_off_with_a_backend_of_one_process() -> None:
    backend = MemoryBackend()
    cache = SharedCache(backend)
    cache.sync()
    cache.changed()
    assert not cache.enabled and cache.get("k", lambda: 1) == 1 and cache.get("k", lambda: 2) == 2
    assert backend.incr(SHARED, GENERATION_COUNTER, 0) == 0


def test_a_request_starts_unconfirmed_and_a_guarded_hit_confirms_it_or_starts_it_again() -> None:
    backend = SharedMemory()
    mine, other = SharedCache(backend), SharedCache(backend)  # two processes over one state
    mine.begin()  # nothing cached yet: reads the generation at once
    assert backend.reads == 1 and mine.unconfirmed() is None
    assert mine.get("k", lambda: "v1") == "v1"
    mine.done()
    mine.begin()  # on the entries it has, unconfirmed: no read of its own
    assert backend.reads == 1 and mine.unconfirmed() == 0
    seen, added = backend.incr_unless_moved(SHARED, "window", 1, None, GENERATION_COUNTER, 0)
    mine.confirmed(seen)
    assert added == 1 and mine.get("k", lambda: "v2") == "v1"
    mine.done()

    other.sync()
    other.changed()  # another process changed "k"
    mine.begin()
    assert mine.get("k", lambda: "v2") == "v1"  # stale, but not confirmed
    seen, added = backend.incr_unless_moved(SHARED, "window", 1, None, GENERATION_COUNTER, 0)
    with pytest.raises(GenerationMoved):
        mine.confirmed(seen)
    assert added is None and backend.incr(SHARED, "window", 0) == 1  # the hit on stale entries was not counted
    assert mine.unconfirmed() is None and mine.get("k", lambda: "v2") == "v2"  # the chain again, on fresh entries
    reads = backend.reads
    mine.confirm()  # confirmed already: nothing to read
    assert backend.reads == reads
    mine.done()
    mine.begin()
    mine.confirm()  # a request without a hit confirms with one read
    assert backend.reads == reads + 1 and mine.unconfirmed() is None
