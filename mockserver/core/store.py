"""DEPRECATED: a thin stand-in for the old per-tenant ``Store``, kept only while area modules still call
``store()`` (core/context.py); the lead removes it once every area reads and writes through its state module.

Nothing here holds state: an area's legacy state object is a value of the tenant's namespace in the state backend
(so a tenant's reset, ``tenant.state.clear()``, drops it), the lock is the memory backend's own lock (so an area's
``with store().lock`` and a snapshot's ``atomic`` exclude each other as before) and the clock is the shared one.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable, TypeVar

from mockserver.core.tokens import Token

if TYPE_CHECKING:
    from mockserver.core.clock import Clock
    from mockserver.state import TenantState, Tx

T = TypeVar("T")

__all__ = ["LegacyStore", "Token", "legacy_area_value"]

_FALLBACK_LOCK = threading.RLock()


def legacy_area_value(name: str) -> str:
    """The value of a tenant's namespace that holds an old-contract area's state object."""
    return f"legacy.area.{name}"


class LegacyStore:
    """What ``store()`` returns to area code that predates the state backend (deprecated)."""

    __slots__ = ("_state", "clock", "lock")

    def __init__(self, state: "TenantState", clock: "Clock") -> None:
        self._state = state
        self.clock = clock
        self.lock: threading.RLock = getattr(state.backend, "_lock", _FALLBACK_LOCK)

    def area(self, name: str, factory: Callable[[], T]) -> T:
        """The area's state object, created on first use (and again after a reset)."""
        key = "legacy.area." + name  # legacy_area_value(name), inline: this runs several times per request
        found = self._state.view().value(key)
        if found is not None:
            return found

        def create(tx: "Tx") -> T:
            current = tx.value(key)
            if current is None:
                current = factory()
                tx.set_value(key, current)
            return current

        return self._state.atomic(create)

    def on_reset(self, hook: Callable[[], None]) -> None:
        """No-op: a reset clears the tenant's namespace and unfreezes the heap (core/tenants.py) by itself."""
