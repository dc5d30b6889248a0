"""The running app's tenants, state and settings, for code that runs inside a request or an app context.

``tenant_state()`` is the namespace of the request's tenant (``X-Mock-Tenant``, see core/tenants.py); code outside
a request (a background import thread, a shell) gets the default tenant unless it says otherwise with
:func:`use_tenant`.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Iterator

from flask import current_app, g

from mockserver.core.clock import Clock
from mockserver.settings import Settings

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant, Tenants
    from mockserver.state import TenantState


def tenants() -> "Tenants":
    return current_app.config["MOCK_TENANTS"]


def tenant() -> "Tenant":
    """The tenant of the current request (set by the app's before-request), else the default tenant."""
    current = g.get("mock_tenant")
    return current if current is not None else tenants().default


def tenant_state() -> "TenantState":
    """The request tenant's namespace of the state backend (areas' state modules build on it)."""
    return tenant().state


def shared_state() -> "TenantState":
    """The namespace every tenant shares: tokens, rate windows, the clock, the tenant registry."""
    return tenants().shared


def clock() -> Clock:
    """The mock's clock (one for all tenants)."""
    return tenants().clock


def settings() -> Settings:
    return current_app.config["MOCK_SETTINGS"]


@contextlib.contextmanager
def use_tenant(chosen: "Tenant") -> Iterator[None]:
    """Run a block (in an app context) as ``chosen``: background work must stay in the tenant that started it."""
    previous = g.get("mock_tenant")
    g.mock_tenant = chosen
    try:
        yield
    finally:
        g.mock_tenant = previous
