"""Tenants: isolated copies of the mock's state inside one server, chosen per request by ``X-Mock-Tenant``.

Parallel test runs (pytest-xdist workers, several CI jobs) can share one server without seeing each other's
contact lists, faults or journal: each sends its own tenant name. What a real org shares stays shared: tokens (one
token works for every tenant, so a client needs no per-tenant login), their rate windows (per token, so rotating
tenant names never buys a fresh window) and the clock.

A tenant is created on first use by an authenticated API request or an admin request, so there is nothing to set
up; a request that fails authentication never creates one, and ``max_tenants`` caps how many exist (409
``max.entity.count.reached`` beyond it). ``/__mock/reset`` can clear one tenant or all.

The registry is state like any other: the tenant names and the clients bound to tenants are SHARED tables of the
state backend (``max_tenants`` is checked and the name added in one transaction), so every worker sees a tenant
another one created or removed. A :class:`Tenant` is only a handle (its name and its namespace); with the memory
backend this process's handles are the registry itself, so finding a tenant costs one dict lookup.
"""

from __future__ import annotations

import base64
import binascii
import gc
import random
import re
import secrets
import threading
from dataclasses import dataclass

from mockserver.core.clock import Clock
from mockserver.core.errors import ApiError
from mockserver.core.journal import JournalBudget
from mockserver.core.limits import RateWindows
from mockserver.core.shared_cache import SharedCache
from mockserver.core.tokens import find_token, revoke_all_tokens, revoke_tokens_of_tenant
from mockserver.settings import DEFAULT_CLIENT, OAuthClient, Settings
from mockserver.state import IDENTITY, SHARED, Backend, Codec, Table, TenantState, Tx, open_backend

TENANT_HEADER = "X-Mock-Tenant"
DEFAULT_TENANT = "default"
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")

TENANTS: Table[dict[str, str]] = Table("tenants", IDENTITY)
"""SHARED: tenant name -> ``{"name": name}``, in creation order."""


@dataclass(frozen=True)
class BoundClient:
    """A tenant's own OAuth client (see :meth:`Tenants.credentials`)."""

    client: OAuthClient
    tenant: str


CLIENTS: Table[BoundClient] = Table(
    "tenant-clients",
    Codec(
        lambda b: {"client": b.client.model_dump(mode="json"), "tenant": b.tenant},
        lambda d: BoundClient(OAuthClient.model_validate(d["client"]), d["tenant"]),
    ),
)
"""SHARED: client id -> :class:`BoundClient`."""
UNMARKED_VALUE = "tenants.unmarked"
"""SHARED value: the tenant of requests that name none, when it is not the default one."""


def valid_name(value: str, field_name: str = TENANT_HEADER) -> str:
    """The tenant name, or the 400 that says which characters are allowed (names end up in logs and URLs)."""
    if not _NAME.fullmatch(value):
        raise ApiError(
            400,
            "invalid.value",
            params={"value": value[:80], "fieldType": field_name, "allowed": "1 to 64 characters of A-Z a-z 0-9 _ . -"},
        )
    return value


@dataclass(frozen=True)
class Tenant:
    """A handle on one tenant: its name and its namespace of the state backend, where everything it owns lives
    (area state, faults, journal): what areas' state modules read and write through."""

    name: str
    state: TenantState


class Tenants:
    """The registry, with what every tenant shares: the token table and rate windows (in the SHARED namespace),
    the journal byte budget and the clock."""

    def __init__(self, settings: Settings, backend: Backend | None = None) -> None:
        self._settings = settings
        self.backend = backend or open_backend(settings.state)
        self.shared = TenantState(self.backend, SHARED)
        """What every tenant shares (tokens, rate windows, the clock, the registry) in the backend."""
        self._cross_process = self.backend.shared_across_processes
        self.cache = SharedCache(self.backend)
        """This process's cache of the shared configuration (core/shared_cache.py): synced once per request."""
        self.clock = Clock(settings.clock.mode, self.shared, self.cache)
        self.windows = RateWindows(settings, self.shared, self.clock, self.cache)
        self.journal_budget = JournalBudget(settings.journal.max_total_bytes, settings.journal.max_entries)
        self.fault_rng = random.Random()
        """This process's draws for faults with a ``probability``."""
        self._handles: dict[str, Tenant] = {}
        self._lock = threading.Lock()
        self._unmarked = DEFAULT_TENANT
        self._any_bound = self.shared.view().count(CLIENTS) > 0
        self.default = self.get(DEFAULT_TENANT)

    @property
    def unmarked(self) -> str:
        """The tenant of a request that names none (no ``X-Mock-Tenant``, no token or client bound to a tenant):
        the default tenant, unless :meth:`route_unmarked` points it elsewhere."""
        if self._cross_process:
            return self.cache.get(UNMARKED_VALUE, lambda: self.shared.view().value(UNMARKED_VALUE)) or DEFAULT_TENANT
        return self._unmarked

    def route_unmarked(self, name: str | None) -> None:
        """Send requests that name no tenant to tenant ``name`` (None: back to the default tenant).

        For a server that runs one test at a time (the pytest plugin's, one per session or xdist worker): code under
        test that logs in with any client, even the built-in one, and sends no header lands in the running test's
        tenant, so its requests are isolated and counted there.
        """
        chosen = self.get(name).name if name is not None else DEFAULT_TENANT
        self.shared.atomic(lambda tx: tx.set_value(UNMARKED_VALUE, chosen))
        self._unmarked = chosen
        self.cache.changed()

    def credentials(self, name: str) -> OAuthClient:
        """The OAuth client bound to tenant ``name`` (created with it on first call, then the same one): its tokens
        land in the tenant without ``X-Mock-Tenant``, so code under test that builds its own HTTP client is
        isolated too. Permissions and grant types are those of the first configured client."""
        self.get(name)
        client_id = f"tenant.{name}"
        template = self._settings.clients[0] if self._settings.clients else DEFAULT_CLIENT

        def bind(tx: Tx) -> tuple[BoundClient, bool]:
            bound = tx.get(CLIENTS, client_id)
            if bound is not None:
                return bound, False
            client = template.model_copy(
                update={
                    "client_id": client_id,
                    "client_secret": secrets.token_urlsafe(24),
                    "name": f"Client of tenant {name}",
                }
            )
            bound = BoundClient(client, name)
            tx.put(CLIENTS, client_id, bound)
            return bound, True

        bound, created = self.shared.atomic(bind)
        self._any_bound = True
        if created:
            self.cache.changed()
        return bound.client

    def has_bound_clients(self) -> bool:
        """Whether any tenant has its own client: without one no token or client is bound to a tenant, and the
        request chain skips the lookup."""
        if self._cross_process:
            return self.cache.get(CLIENTS, lambda: self.shared.view().count(CLIENTS) > 0)
        return self._any_bound  # one process: the table changes only here, and this flag with it

    def bound_client(self, client_id: str) -> tuple[OAuthClient, str] | None:
        """A tenant's client (see :meth:`credentials`) and its tenant, or None."""
        bound = self.shared.view().get(CLIENTS, client_id)
        return (bound.client, bound.tenant) if bound is not None else None

    def bound_tenant(self, authorization: str | None) -> str | None:
        """The tenant a request's bearer token, or its HTTP Basic client, is bound to; None when it is not bound.

        Only a lookup, before authentication: an unknown token or client simply has no tenant.
        """
        if not authorization or not self.has_bound_clients():
            return None
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() == "bearer":
            token = find_token(self.shared, value.strip(), self.cache)
            return token.tenant if token is not None else None
        if scheme.lower() == "basic":
            try:
                client_id = base64.b64decode(value.strip(), validate=True).decode().partition(":")[0]
            except (binascii.Error, UnicodeDecodeError):
                return None
            bound = self.bound_client(client_id)
            return bound[1] if bound is not None else None
        return None

    def _new_handle(self, name: str) -> Tenant:
        state = TenantState(self.backend, name)
        return Tenant(name, state)

    def _handle(self, name: str) -> Tenant:
        handle = self._handles.get(name)
        if handle is None:
            with self._lock:
                handle = self._handles.setdefault(name, self._new_handle(name))
        return handle

    def find(self, name: str) -> Tenant | None:
        """The tenant called ``name`` if it exists; never creates one (what runs before authentication, and a
        download link, use)."""
        handle = self._handles.get(name)  # the memory backend's registry is this dict (kept in step below)
        if not self._cross_process:
            return handle
        if not self.cache.get((TENANTS, name), lambda: self.shared.view().get(TENANTS, name) is not None):
            return None
        return handle or self._handle(name)

    def get(self, name: str) -> Tenant:
        """The tenant called ``name``, created on first use (the name must already be valid); 409
        ``max.entity.count.reached`` when that would exceed ``max_tenants``."""
        tenant = self.find(name)  # the hot path: one lookup once the tenant exists
        if tenant is not None:
            return tenant
        limit = self._settings.max_tenants

        def register(tx: Tx) -> bool | None:
            if tx.get(TENANTS, name) is not None:
                return None
            if tx.count(TENANTS) >= limit:
                return False
            tx.put(TENANTS, name, {"name": name})
            return True

        with self._lock:  # one process's handles and the table change together
            registered = self.shared.atomic(register)
            if registered is False:
                raise tenant_limit_reached(limit)
            if registered:
                self.cache.changed()
            handle = self._handles.get(name)
            if handle is None:
                handle = self._handles[name] = self._new_handle(name)
            return handle

    def __len__(self) -> int:
        return self.shared.view().count(TENANTS)

    def all(self) -> list[Tenant]:
        return sorted((self._handle(name) for name in self.shared.view().keys(TENANTS)), key=lambda t: t.name)

    def _forget(self, tenant: Tenant) -> None:
        """Empty a tenant's namespace (area state, faults, journal) and let the heap be collected again."""
        tenant.state.clear()
        self.journal_budget.forget(tenant.name)
        gc.unfreeze()  # outbound freezes long-lived records (keep_long_lived): a reset gives them back to the gc

    def remove(self, name: str) -> bool:
        """Forget the tenant (its state cleared first); False when there is none. A later request under the name
        gets a fresh tenant. The default tenant stays: callers refuse it before asking."""

        def unregister(tx: Tx) -> bool:
            if tx.get(TENANTS, name) is None:
                return False
            tx.delete(TENANTS, name)
            tx.delete_many(CLIENTS, [cid for cid, bound in tx.items(CLIENTS) if bound.tenant == name])
            if tx.value(UNMARKED_VALUE) == name:
                tx.delete_value(UNMARKED_VALUE)
            return True

        with self._lock:
            removed = self.shared.atomic(unregister)
            handle = self._handles.pop(name, None)
            self._any_bound = self.shared.view().count(CLIENTS) > 0
            if self._unmarked == name:
                self._unmarked = DEFAULT_TENANT
        if not removed:
            return False
        # Tokens bound to it go with it, or they would bring it back on their next request.
        revoke_tokens_of_tenant(self.shared, name)
        self._forget(handle or self._new_handle(name))
        self.cache.changed()  # after the whole change: the registry, its clients and tokens, its faults
        return True

    def reset(self, name: str | None = None, *, tokens: bool = False) -> None:
        """Reset one tenant, or every tenant (and the shared rate windows) when ``name`` is None; ``tokens`` clears
        the shared token table."""
        targets = [self.get(name)] if name is not None else self.all()
        for tenant in targets:
            self._forget(tenant)
        if name is None:
            self.windows.reset()
        if tokens:
            revoke_all_tokens(self.shared)
        self.cache.changed()  # its faults are gone (and its tokens with ``tokens``)


def tenant_limit_reached(limit: int) -> ApiError:
    """409, not 429 (waiting never frees a tenant, and SDKs retry 429 in a loop) nor 400 (the name is fine; the
    server is full): the client must delete tenants or the operator raise ``max_tenants``."""
    return ApiError(
        409,
        "max.entity.count.reached",
        "The maximum number of tenants [{max}] has been reached. Delete "
        "tenants with DELETE /__mock/tenants/NAME or raise max_tenants.",
        params={"max": limit},
    )
