"""core.limits.FixedWindows: the counting behind every 429 of the mock (the core's windows and EXT-CREATE-RATE)."""

from __future__ import annotations

import pytest

from mockserver.core import limits
from mockserver.core.limits import FixedWindows
from mockserver.core.store import Token


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeMonotonic:
    fake = FakeMonotonic()
    monkeypatch.setattr(limits.time, "monotonic", fake)
    return fake


def test_counts_refuses_past_the_limit_and_reports_the_reset(clock: FakeMonotonic) -> None:
    windows = FixedWindows()
    states = [windows.hit("k", 3, 60) for _ in range(5)]
    assert [(s.count, s.exceeded) for s in states] == [(1, False), (2, False), (3, False), (3, True), (3, True)]
    clock.now += 20.5
    assert windows.hit("k", 3, 60).reset_seconds == 40  # ceil(39.5): Retry-After is a whole number of seconds
    assert windows.hit("other", 3, 60).count == 1  # keys never share a window


def test_a_new_window_starts_when_the_old_one_ends(clock: FakeMonotonic) -> None:
    windows = FixedWindows()
    for _ in range(4):
        windows.hit("k", 2, 10)
    clock.now += 10
    state = windows.hit("k", 2, 10)
    assert (state.count, state.exceeded, state.reset_seconds) == (1, False, 10)


def test_expired_windows_are_pruned(clock: FakeMonotonic, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FixedWindows, "PRUNE_EVERY", 10)
    windows = FixedWindows()
    for key in range(9):
        windows.hit(key, 5, 60)
    clock.now += 61
    windows.hit("live", 5, 60)  # the tenth hit prunes
    assert set(windows._windows) == {"live"}


def test_tokens_are_keyed_by_a_digest_not_the_secret() -> None:
    token = Token("secret-value", "client", frozenset(), expires_at=0.0)
    assert token.window_key != token.value and "secret" not in token.window_key and len(token.window_key) == 32
