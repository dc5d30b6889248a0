"""The browser inspector at ``/__mock/ui``: the journal, the state, faults and clock, rules and coverage as pages.

Server-rendered Jinja templates, one small stylesheet and a few lines of plain JavaScript (live journal updates and
the bundle command), all served by the mock itself: no build step, nothing fetched from the internet. It is one more
admin blueprint (mockserver/app.py ``admin_blueprints``), so ``admin: false`` removes it like the rest of
``/__mock/*`` (a 404 ErrorBody), and it reads and changes state only through the functions the JSON admin API uses
(admin/*.py, core/journal.py, core/faults.py, the areas' state modules).

Every page acts on one tenant, ``?tenant=NAME`` (default: the tenant of the request, as for the JSON admin API), and
forms carry it along. Forms that change something are POSTs guarded against other web sites (:func:`_same_origin`):
the mock listens on a developer's machine, and a page elsewhere must not be able to add faults or reset it.
"""

from __future__ import annotations

import mimetypes
from contextlib import AbstractContextManager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, request, url_for
from jinja2 import FunctionLoader

from mockserver.core.context import tenant, tenants, use_tenant
from mockserver.core.errors import ApiError, not_found
from mockserver.core.tenants import Tenant, valid_name

inspector = Blueprint("mock_inspector", __name__, url_prefix="/__mock/ui")
FILES = Path(__file__).resolve().parent

PAGES = (("requests", "Requests"), ("state", "State"), ("faults", "Faults and clock"), ("rules", "Rules and coverage"))
"""The navigation: endpoint suffix and title of each page."""


def chosen_tenant() -> Tenant:
    """The tenant the page shows: ``?tenant=`` (it must exist: looking must not create one), else the request's."""
    name = request.values.get("tenant")
    if not name:
        return tenant()
    found = tenants().find(valid_name(name, "tenant"))
    if found is None:
        raise not_found(name)
    return found


def in_tenant() -> AbstractContextManager[None]:
    """A context in which the areas' state modules (``tenant_state()``) read the chosen tenant."""
    return use_tenant(chosen_tenant())


def page_url(endpoint: str, **args: Any) -> str:
    """``url_for`` an inspector page keeping the chosen tenant; ``None`` and empty arguments are left out."""
    kept = {key: value for key, value in args.items() if value not in (None, "")}
    kept.setdefault("tenant", chosen_tenant().name)
    return url_for(f"mock_inspector.{endpoint}", **kept)


def query_with(**changes: Any) -> str:
    """The current query string with some arguments changed or removed (``None``)."""
    args: dict[str, Any] = {key: value for key, value in request.args.items()}
    args.update(changes)
    return urlencode({key: value for key, value in args.items() if value not in (None, "")})


def _same_origin() -> bool:
    """Whether a POST comes from the inspector's own pages: browsers send ``Sec-Fetch-Site`` and ``Origin`` on form
    posts; a client without them (curl, a test client) is not a browser tricked by another site."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.host


@inspector.before_request
def _guard() -> None:
    if request.method == "POST" and not _same_origin():
        raise ApiError(403, "not.authorized")


@inspector.app_template_global()
def inspector_pages() -> tuple[tuple[str, str], ...]:
    return PAGES


@inspector.context_processor
def _globals() -> dict[str, Any]:
    return {
        "page_url": page_url,
        "query_with": query_with,
        "current_tenant": chosen_tenant,
        "all_tenants": lambda: [t.name for t in tenants().all()],
    }


@lru_cache(maxsize=1)
def assets() -> dict[str, bytes]:
    """The templates and static files, read once: ``serve`` preloads them (mockserver/serving/preload.py), so a
    reinstall under a running server cannot take them away, as it cannot take its modules."""
    return {
        path.relative_to(FILES).as_posix(): path.read_bytes()
        for folder in ("templates", "static")
        for path in sorted((FILES / folder).rglob("*"))
        if path.is_file()
    }


def _template(name: str) -> str | None:
    data = assets().get(f"templates/{name}")
    return None if data is None else data.decode("utf-8")


inspector.jinja_loader = FunctionLoader(_template)


@inspector.get("/static/<path:filename>", endpoint="static")
def static_file(filename: str) -> Response:
    """The inspector's stylesheet and script, served by the mock itself (nothing from the internet)."""
    data = assets().get(f"static/{filename}")
    if data is None:
        raise not_found(filename)
    return Response(data, mimetype=mimetypes.guess_type(filename)[0] or "application/octet-stream")


def load() -> Blueprint:
    """The blueprint with its pages' routes registered (importing the page modules adds them)."""
    from mockserver.inspector import faults_page, requests_page, rules_page, state_page  # noqa: F401

    return inspector
