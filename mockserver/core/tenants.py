"""Tenants: isolated copies of the mock's state inside one server, chosen per request by ``X-Mock-Tenant``.

Parallel test runs (pytest-xdist workers, several CI jobs) can share one server without seeing each other's
contact lists, faults or journal: each sends its own tenant name. What a real org shares stays shared: tokens (one
token works for every tenant, so a client needs no per-tenant login), their rate windows (per token, so rotating
tenant names never buys a fresh window) and the clock.

A tenant is created on first use by an authenticated API request or an admin request, so there is nothing to set
up; a request that fails authentication never creates one, and ``max_tenants`` caps how many exist (409
``max.entity.count.reached`` beyond it). ``/__mock/reset`` can clear one tenant or all.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import threading
from dataclasses import dataclass

from mockserver.core.clock import Clock
from mockserver.core.errors import ApiError
from mockserver.core.faults import Faults
from mockserver.core.journal import Journal, JournalBudget
from mockserver.core.limits import RateWindows
from mockserver.core.store import Store, Token
from mockserver.settings import DEFAULT_CLIENT, OAuthClient, Settings
from mockserver.state import SHARED, Backend, TenantState, open_backend

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
    """Everything one tenant owns. A reset of its store also clears its faults and journal."""

    name: str
    store: Store
    journal: Journal
    faults: Faults
    state: TenantState
    """The tenant's namespace of the state backend: what areas' state modules read and write through."""

    def __post_init__(self) -> None:
        for hook in (self.journal.clear, self.faults.clear, self.state.clear):
            self.store.on_reset(hook)


class Tenants:
    """The registry: name -> :class:`Tenant`, with the token table, rate windows, journal byte budget and clock
    every tenant shares."""

    def __init__(self, settings: Settings, backend: Backend | None = None) -> None:
        self._settings = settings
        self.backend = backend or open_backend(settings.state)
        self.shared = TenantState(self.backend, SHARED)
        """What every tenant shares (tokens, rate windows, the clock, the registry) in the backend."""
        self.clock = Clock(settings.clock.mode)
        self.tokens: dict[str, Token] = {}
        self.windows = RateWindows(settings)
        self.journal_budget = JournalBudget(settings.journal.max_total_bytes)
        self._tenants: dict[str, Tenant] = {}
        self._clients: dict[str, tuple[OAuthClient, str]] = {}  # client_id -> (client, the tenant it is bound to)
        self._lock = threading.Lock()
        self.default = self.get(DEFAULT_TENANT)
        self.unmarked = DEFAULT_TENANT
        """The tenant of a request that names none (no ``X-Mock-Tenant``, no token or client bound to a tenant):
        the default tenant, unless :meth:`route_unmarked` points it elsewhere."""

    def route_unmarked(self, name: str | None) -> None:
        """Send requests that name no tenant to tenant ``name`` (None: back to the default tenant).

        For a server that runs one test at a time (the pytest plugin's, one per session or xdist worker): code under
        test that logs in with any client, even the built-in one, and sends no header lands in the running test's
        tenant, so its requests are isolated and counted there.
        """
        self.unmarked = self.get(name).name if name is not None else DEFAULT_TENANT

    def credentials(self, name: str) -> OAuthClient:
        """The OAuth client bound to tenant ``name`` (created with it on first call, then the same one): its tokens
        land in the tenant without ``X-Mock-Tenant``, so code under test that builds its own HTTP client is
        isolated too. Permissions and grant types are those of the first configured client."""
        self.get(name)
        client_id = f"tenant.{name}"
        with self._lock:
            bound = self._clients.get(client_id)
            if bound is None:
                template = self._settings.clients[0] if self._settings.clients else DEFAULT_CLIENT
                client = template.model_copy(update={"client_id": client_id, "client_secret": secrets.token_urlsafe(24),
                                                     "name": f"Client of tenant {name}"})
                bound = self._clients[client_id] = (client, name)
            return bound[0]

    def bound_client(self, client_id: str) -> tuple[OAuthClient, str] | None:
        """A tenant's client (see :meth:`credentials`) and its tenant, or None."""
        return self._clients.get(client_id)

    def bound_tenant(self, authorization: str | None) -> str | None:
        """The tenant a request's bearer token, or its HTTP Basic client, is bound to; None when it is not bound.

        Only a lookup, before authentication: an unknown token or client simply has no tenant.
        """
        if not self._clients or not authorization:  # the hot path when no tenant has credentials
            return None
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() == "bearer":
            token = self.tokens.get(value.strip())
            return token.tenant if token is not None else None
        if scheme.lower() == "basic":
            try:
                client_id = base64.b64decode(value.strip(), validate=True).decode().partition(":")[0]
            except (binascii.Error, UnicodeDecodeError):
                return None
            bound = self._clients.get(client_id)
            return bound[1] if bound is not None else None
        return None

    def find(self, name: str) -> Tenant | None:
        """The tenant called ``name`` if it exists; never creates one (what runs before authentication, and a
        download link, use)."""
        return self._tenants.get(name)

    def get(self, name: str) -> Tenant:
        """The tenant called ``name``, created on first use (the name must already be valid); 409
        ``max.entity.count.reached`` when that would exceed ``max_tenants``."""
        tenant = self._tenants.get(name)  # the hot path: no lock once the tenant exists
        if tenant is not None:
            return tenant
        with self._lock:
            tenant = self._tenants.get(name)
            if tenant is None:
                limit = self._settings.max_tenants
                if len(self._tenants) >= limit:
                    raise tenant_limit_reached(limit)
                tenant = self._tenants[name] = self._create(name)
            return tenant

    def _create(self, name: str) -> Tenant:
        settings = self._settings
        store = Store(clock=self.clock, tokens=self.tokens)
        return Tenant(name, store, Journal(settings.journal.max_entries, self.journal_budget), Faults(),
                      TenantState(self.backend, name))

    def __len__(self) -> int:
        return len(self._tenants)

    def all(self) -> list[Tenant]:
        with self._lock:
            return sorted(self._tenants.values(), key=lambda t: t.name)

    def remove(self, name: str) -> bool:
        """Forget the tenant (its state reset first); False when there is none. A later request under the name
        gets a fresh tenant. The default tenant stays: callers refuse it before asking."""
        with self._lock:
            tenant = self._tenants.pop(name, None)
            self._clients = {k: v for k, v in self._clients.items() if v[1] != name}
            if self.unmarked == name:
                self.unmarked = DEFAULT_TENANT
        if tenant is None:
            return False
        # Tokens bound to it go with it, or they would bring it back on their next request. ``list()`` copies the
        # table in one step (logins of other tenants may add tokens meanwhile).
        for value, token in list(self.tokens.items()):
            if token.tenant == name:
                self.tokens.pop(value, None)
        tenant.store.reset()  # also its faults and journal, for requests still holding it
        return True

    def reset(self, name: str | None = None, *, tokens: bool = False) -> None:
        """Reset one tenant, or every tenant (and the shared rate windows) when ``name`` is None; ``tokens`` clears
        the shared token table."""
        targets = [self.get(name)] if name is not None else self.all()
        for tenant in targets:
            tenant.store.reset(tokens=tokens)
        if name is None:
            self.windows.reset()
        if tokens:
            self.tokens.clear()


def tenant_limit_reached(limit: int) -> ApiError:
    """409, not 429 (waiting never frees a tenant, and SDKs retry 429 in a loop) nor 400 (the name is fine; the
    server is full): the client must delete tenants or the operator raise ``max_tenants``."""
    return ApiError(409, "max.entity.count.reached", "The maximum number of tenants [{max}] has been reached. Delete "
                    "tenants with DELETE /__mock/tenants/NAME or raise max_tenants.", params={"max": limit})
