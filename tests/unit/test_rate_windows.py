"""core.limits.hit_window / RateWindows: the counting behind every 429 of the mock, over the state backend."""

from __future__ import annotations

import threading

import pytest

from mockserver.core import limits
from mockserver.core.clock import Clock
from mockserver.core.limits import RateWindows, hit_window
from mockserver.core.tokens import Token, token_key
from mockserver.settings import Settings
from mockserver.state import SHARED, TenantState
from mockserver.state import memory as memory_backend
from mockserver.state.memory import MemoryBackend


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """One fake time for the windows' wall time and the backend's expiry (both real seconds)."""
    fake = FakeTime()
    monkeypatch.setattr(limits.time, "monotonic", fake)
    monkeypatch.setattr(limits.time, "time", fake)
    monkeypatch.setattr(memory_backend.time, "monotonic", fake)
    return fake


@pytest.fixture
def shared() -> TenantState:
    return TenantState(MemoryBackend(), SHARED)


def test_counts_refuses_past_the_limit_and_reports_the_reset(clock: FakeTime, shared: TenantState) -> None:
    states = [hit_window(shared, "k", 3, 60) for _ in range(5)]
    assert [(s.count, s.exceeded) for s in states] == [(1, False), (2, False), (3, False), (3, True), (3, True)]
    clock.now += 20.5
    assert hit_window(shared, "k", 3, 60).reset_seconds == 40  # ceil(39.5): Retry-After is a whole number of seconds
    assert hit_window(shared, "other", 3, 60).count == 1  # keys never share a window


def test_a_new_window_starts_when_the_old_one_ends(clock: FakeTime, shared: TenantState) -> None:
    for _ in range(4):
        hit_window(shared, "k", 2, 10)
    clock.now += 10
    state = hit_window(shared, "k", 2, 10)
    assert (state.count, state.exceeded, state.reset_seconds) == (1, False, 10)


def test_exactly_the_limit_is_allowed_under_many_threads(shared: TenantState) -> None:
    limit, threads, each = 500, 16, 50  # 800 hits at once for a window of 500
    results: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def hammer() -> None:
        start.wait()
        mine = [hit_window(shared, "shared-key", limit, 3600).exceeded for _ in range(each)]
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=hammer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert results.count(False) == limit and results.count(True) == threads * each - limit


def test_a_reset_epoch_starts_every_window_afresh(clock: FakeTime, shared: TenantState) -> None:
    settings = Settings(rate_limit={"requests": 2, "window_seconds": 60})
    windows = RateWindows(settings, shared, Clock("real", shared))
    assert [windows.hit("tok", None).exceeded for _ in range(3)] == [False, False, True]
    windows.reset()
    assert windows.hit("tok", None).count == 1


def test_tokens_are_keyed_by_a_digest_not_the_secret() -> None:
    key = token_key("secret-value")
    token = Token(key, "client", frozenset(), expires_at=0.0)
    assert token.window_key == key and "secret" not in key and len(key) == 32
