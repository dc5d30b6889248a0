"""Tenants: isolated copies of the mock's state inside one server, chosen per request by ``X-Mock-Tenant``.

Parallel test runs (pytest-xdist workers, several CI jobs) can share one server without seeing each other's
contact lists, rate windows, faults or journal: each sends its own tenant name. What a real org shares stays shared:
tokens (one token works for every tenant, so a client needs no per-tenant login) and the clock.

A tenant is created on first use, so there is nothing to set up; ``/__mock/reset`` can clear one tenant or all.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from mockserver.core.clock import Clock
from mockserver.core.errors import ApiError
from mockserver.core.faults import Faults
from mockserver.core.journal import Journal
from mockserver.core.limits import RateWindows
from mockserver.core.store import Store, Token
from mockserver.settings import Settings

TENANT_HEADER = "X-Mock-Tenant"
DEFAULT_TENANT = "default"
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def valid_name(value: str, field_name: str = TENANT_HEADER) -> str:
    """The tenant name, or the 400 that says which characters are allowed (names end up in logs and URLs)."""
    if not _NAME.fullmatch(value):
        raise ApiError(400, "invalid.value", params={
            "value": value[:80], "fieldType": field_name, "allowed": "1 to 64 characters of A-Z a-z 0-9 _ . -"})
    return value


@dataclass
class Tenant:
    """Everything one tenant owns. A reset of its store also clears its rate windows, faults and journal."""

    name: str
    store: Store
    windows: RateWindows
    journal: Journal
    faults: Faults

    def __post_init__(self) -> None:
        for hook in (self.windows.reset, self.journal.clear, self.faults.clear):
            self.store.on_reset(hook)


class Tenants:
    """The registry: name -> :class:`Tenant`, with the token table and clock every tenant shares."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.clock = Clock(settings.clock.mode)
        self.tokens: dict[str, Token] = {}
        self._tenants: dict[str, Tenant] = {}
        self._lock = threading.Lock()
        self.default = self.get(DEFAULT_TENANT)

    def get(self, name: str) -> Tenant:
        """The tenant called ``name``, created on first use (the name must already be valid)."""
        tenant = self._tenants.get(name)  # the hot path: no lock once the tenant exists
        if tenant is not None:
            return tenant
        with self._lock:
            tenant = self._tenants.get(name)
            if tenant is None:
                tenant = self._tenants[name] = self._create(name)
            return tenant

    def find(self, name: str) -> Tenant | None:
        """The tenant called ``name`` if it exists: for lookups that must not create one (a download link)."""
        return self._tenants.get(name)

    def _create(self, name: str) -> Tenant:
        settings = self._settings
        store = Store(clock=self.clock, tokens=self.tokens)
        return Tenant(name, store, RateWindows(settings), Journal(settings.journal.max_entries), Faults())

    def all(self) -> list[Tenant]:
        with self._lock:
            return sorted(self._tenants.values(), key=lambda t: t.name)

    def remove(self, name: str) -> bool:
        """Forget the tenant (its state reset first); False when there is none. A later request under the name
        gets a fresh tenant. The default tenant stays: callers refuse it before asking."""
        with self._lock:
            tenant = self._tenants.pop(name, None)
        if tenant is None:
            return False
        tenant.store.reset()  # also its rate windows, faults and journal, for requests still holding it
        return True

    def reset(self, name: str | None = None, *, tokens: bool = False) -> None:
        """Reset one tenant, or every tenant when ``name`` is None; ``tokens`` clears the shared token table."""
        targets = [self.get(name)] if name is not None else self.all()
        for tenant in targets:
            tenant.store.reset(tokens=tokens)
        if tokens:
            self.tokens.clear()
