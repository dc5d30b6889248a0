"""One thread-safe home for the mutable state of one tenant of a mock instance.

Areas (outbound, conversations, external contacts) keep their state in an object they register here under a
name; they take ``store.lock`` around every read-modify-write. ``reset()`` drops area state (and, on request,
tokens) but keeps configuration. Each tenant has its own Store (core/tenants.py); the ``tokens`` table and the
``clock`` are passed in by the tenant registry and shared by all tenants, as one org's tokens and time would be.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from mockserver.core.clock import Clock

T = TypeVar("T")


@dataclass
class Token:
    """An issued access token and what it may do."""

    value: str
    client_id: str
    permissions: frozenset[str]
    expires_at: float
    user_id: str | None = None
    user_name: str | None = None
    tenant: str | None = None
    """The tenant the token's requests land in without ``X-Mock-Tenant`` (a tenant's own client issued it)."""
    window_key: str = field(init=False, repr=False)
    """What rate windows are keyed by: a digest, so the secret never sits in another structure in clear, computed
    once here rather than on every request."""

    def __post_init__(self) -> None:
        self.window_key = hashlib.sha256(self.value.encode()).hexdigest()[:32]

    @property
    def is_user_context(self) -> bool:
        return self.user_id is not None


@dataclass
class Store:
    clock: Clock = field(default_factory=Clock)
    lock: threading.RLock = field(default_factory=threading.RLock)
    tokens: dict[str, Token] = field(default_factory=dict)
    _areas: dict[str, object] = field(default_factory=dict)
    _reset_hooks: list[Callable[[], None]] = field(default_factory=list)

    def area(self, name: str, factory: Callable[[], T]) -> T:
        """The state object of an area, created on first use (and again after a reset)."""
        with self.lock:
            state = self._areas.get(name)
            if state is None:
                state = self._areas[name] = factory()
            return state  # type: ignore[return-value]

    def on_reset(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` on every reset (e.g. to clear rate windows that live outside the store)."""
        self._reset_hooks.append(hook)

    def reset(self, *, tokens: bool = False) -> None:
        with self.lock:
            self._areas.clear()
            if tokens:
                self.tokens.clear()
            for hook in self._reset_hooks:
                hook()
