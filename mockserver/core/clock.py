"""The mock's clock: a base time plus an offset that tests and ``/__mock/clock/advance`` can move forward.

Everything time-dependent (token expiry, call lifecycles) reads this clock, so a test can expire a token or let a
call connect by advancing time instead of sleeping. Two modes (setting ``clock.mode``):

* ``real``: the base is the wall clock, so time passes on its own and a person can watch a call progress;
* ``frozen``: the base is the instant the clock was frozen, so time only moves when it is advanced — tests that
  assert a call's state after exactly N seconds cannot be disturbed by a slow machine.

The clock's state (:class:`ClockState`: mode, offset, frozen instant, and the reset epoch that keys rate windows) is
one SHARED value of the state backend, written in one transaction by every change, so an advance reaches every
worker. Reading it is not on the path of :meth:`Clock.time`: each process keeps a copy, refreshed once per request
(:meth:`Clock.refresh`, from the app's before-request) when the backend is shared across processes, and only when
the configuration generation moved (core/shared_cache.py: every change bumps it); with the memory backend the copy
is always the state itself and a refresh costs nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

from mockserver.state import Codec

if TYPE_CHECKING:
    from mockserver.core.shared_cache import SharedCache
    from mockserver.state import TenantState, Tx

ClockMode = Literal["real", "frozen"]
CLOCK_MODES: tuple[ClockMode, ...] = ("real", "frozen")
# datetime cannot go past year 9999; a century of advancing is more than any test or demo needs.
MAX_OFFSET_SECONDS = 100 * 366 * 86400.0
CLOCK_VALUE = "clock"
"""The SHARED value holding the :class:`ClockState`."""


@dataclass(frozen=True)
class ClockState:
    """Everything the clock is, as one record; ``epoch`` counts resets of every tenant (rate windows are keyed by
    it, so such a reset starts every window afresh without deleting counters: core/limits.py)."""

    mode: ClockMode
    offset: float
    frozen_at: float
    epoch: int = 0

    def time(self) -> float:
        return (self.frozen_at if self.mode == "frozen" else time.time()) + self.offset

    def with_mode(self, mode: ClockMode) -> "ClockState":
        """The same instant in another mode (no jump)."""
        if mode == self.mode:
            return self
        current = self.time()
        if mode == "frozen":
            return replace(self, mode=mode, frozen_at=current - self.offset)
        return replace(self, mode=mode, offset=current - time.time())


CLOCK_CODEC: Codec[ClockState] = Codec(
    lambda s: {"mode": s.mode, "offset": s.offset, "frozenAt": s.frozen_at, "epoch": s.epoch},
    lambda d: ClockState(d["mode"], d["offset"], d["frozenAt"], d.get("epoch", 0)),
)


class Clock:
    """The clock of one process; with ``shared`` (the SHARED namespace) its state lives in the backend."""

    def __init__(
        self, mode: ClockMode = "real", shared: "TenantState | None" = None, cache: "SharedCache | None" = None
    ) -> None:
        if mode not in CLOCK_MODES:
            raise ValueError(f"unknown clock mode {mode!r}")
        self._shared = shared
        self._cache = cache
        self._refreshes = shared is not None and shared.backend.shared_across_processes
        initial = ClockState("real", 0.0, time.time()).with_mode(mode)
        if shared is None:
            self._state = initial
        else:  # a state already in the backend (another worker, a restart over Redis) is kept, in this mode
            self._state = self._change(lambda current: (current or initial).with_mode(mode))

    def _change(self, change: Any) -> ClockState:
        """Apply ``change(current state)`` in one transaction (or locally without a backend) and keep the result."""
        if self._shared is None:
            self._state = change(self._state)
            return self._state

        def apply(tx: "Tx") -> ClockState:
            updated = change(tx.value(CLOCK_VALUE, CLOCK_CODEC))
            tx.set_value(CLOCK_VALUE, updated, CLOCK_CODEC)
            return updated

        self._state = self._shared.atomic(apply)
        if self._cache is not None:
            self._cache.changed()
        return self._state

    def refresh(self) -> None:
        """Pick up changes made by other processes (once per request; nothing to do with the memory backend)."""
        if self._refreshes:
            shared = self._shared
            assert shared is not None
            if self._cache is None:
                stored = shared.view().value(CLOCK_VALUE, CLOCK_CODEC)
            else:  # cached for the configuration generation (core/shared_cache.py)
                stored = self._cache.get(CLOCK_VALUE, lambda: shared.view().value(CLOCK_VALUE, CLOCK_CODEC))
            if stored is not None:
                self._state = stored

    def time(self) -> float:
        """Seconds since the epoch, as the mock sees them."""
        return self._state.time()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.time(), tz=timezone.utc)

    def advance(self, seconds: float) -> float:
        """Move the clock forward (never back: expiry must stay monotonic) and return the new offset."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")

        def forward(current: ClockState | None) -> ClockState:
            current = current or self._state
            if current.offset + seconds > MAX_OFFSET_SECONDS:
                raise ValueError(f"the clock cannot be advanced more than {MAX_OFFSET_SECONDS:.0f} seconds in all")
            return replace(current, offset=current.offset + seconds)

        return self._change(forward).offset

    def set_mode(self, mode: ClockMode) -> None:
        """Switch modes without a jump: the mock's current instant stays where it is."""
        if mode not in CLOCK_MODES:
            raise ValueError(f"unknown clock mode {mode!r}")
        self._change(lambda current: (current or self._state).with_mode(mode))

    def next_epoch(self) -> int:
        """Start a new reset epoch (every rate window starts afresh) and return it."""
        return self._change(
            lambda current: replace(current or self._state, epoch=(current or self._state).epoch + 1)
        ).epoch

    @property
    def epoch(self) -> int:
        return self._state.epoch

    @property
    def mode(self) -> ClockMode:
        return self._state.mode

    @property
    def offset(self) -> float:
        return self._state.offset
