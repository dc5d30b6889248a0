"""The mock's clock: a base time plus an offset that tests and ``/__mock/clock/advance`` can move forward.

Everything time-dependent (token expiry, call lifecycles) reads this clock, so a test can expire a token or let a
call connect by advancing time instead of sleeping. Two modes (setting ``clock.mode``):

* ``real``: the base is the wall clock, so time passes on its own and a person can watch a call progress;
* ``frozen``: the base is the instant the clock was frozen, so time only moves when it is advanced — tests that
  assert a call's state after exactly N seconds cannot be disturbed by a slow machine.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from typing import Literal

ClockMode = Literal["real", "frozen"]
CLOCK_MODES: tuple[ClockMode, ...] = ("real", "frozen")
# datetime cannot go past year 9999; a century of advancing is more than any test or demo needs.
MAX_OFFSET_SECONDS = 100 * 366 * 86400.0


class Clock:
    def __init__(self, mode: ClockMode = "real") -> None:
        self._offset = 0.0
        self._lock = threading.Lock()
        self._mode: ClockMode = "real"
        self._frozen_at = time.time()
        self.set_mode(mode)

    def time(self) -> float:
        """Seconds since the epoch, as the mock sees them."""
        base = self._frozen_at if self._mode == "frozen" else time.time()
        return base + self._offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.time(), tz=timezone.utc)

    def advance(self, seconds: float) -> float:
        """Move the clock forward (never back: expiry must stay monotonic) and return the new offset."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            if self._offset + seconds > MAX_OFFSET_SECONDS:
                raise ValueError(f"the clock cannot be advanced more than {MAX_OFFSET_SECONDS:.0f} seconds in all")
            self._offset += seconds
            return self._offset

    def set_mode(self, mode: ClockMode) -> None:
        """Switch modes without a jump: the mock's current instant stays where it is."""
        if mode not in CLOCK_MODES:
            raise ValueError(f"unknown clock mode {mode!r}")
        with self._lock:
            if mode == self._mode:
                return
            current = self.time()
            if mode == "frozen":
                self._frozen_at = current - self._offset
            else:
                self._offset = current - time.time()
            self._mode = mode

    @property
    def mode(self) -> ClockMode:
        return self._mode

    @property
    def offset(self) -> float:
        return self._offset
