"""``GET /__mock/bundle/{correlationId}`` and ``GET /__mock/bundle?last=N``: a bug-report bundle as a zip.

Built from the request's tenant's journal (see mockserver/bundles/). The state snapshot comes from
``GET /__mock/state`` of the same app and tenant when this mock has that route; without it the bundle says so.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, request

from mockserver.core.errors import ApiError

bundle = Blueprint("mock_bundle", __name__, url_prefix="/__mock")

TENANT_HEADER = "X-Mock-Tenant"


def _tenant() -> str | None:
    return request.headers.get(TENANT_HEADER) or None


def _entries() -> list[dict[str, Any]]:
    from mockserver.core.journal import journal_entries

    return journal_entries(current_app._get_current_object(), _tenant() or "default")  # type: ignore[attr-defined]


def _state_snapshot() -> dict[str, Any] | None:
    """The tenant's state through the app's own admin route; None when this mock has no such route."""
    client = current_app.test_client()
    response = client.get("/__mock/state", headers={TENANT_HEADER: _tenant()} if _tenant() else {})
    return response.get_json() if response.status_code == 200 else None


def _last(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 1000:
        raise ApiError(400, "invalid.query.param.value",
                       params={"value": value[:40], "parameter": "last", "allowed": "an integer from 1 to 1000"})
    return int(value)


def _zip(entries: list[dict[str, Any]], name: str) -> Response:
    from mockserver.bundles.builder import build_files, zip_bytes

    files = build_files(entries, current_app.config["MOCK_SETTINGS"], tenant=_tenant(), state=_state_snapshot())
    response = Response(zip_bytes(files, folder=f"genesys-mock-bundle-{name}"), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="genesys-mock-bundle-{name}.zip"'
    return response


@bundle.get("/bundle/<correlation_id>")
def get_bundle(correlation_id: str) -> Response:
    """The exchange with this ``ININ-Correlation-Id``, with the state as it is now."""
    entries = [e for e in _entries() if e.get("correlationId") == correlation_id]
    if not entries:
        raise ApiError(404, "not.found", "No recorded request has the correlation id {value}.",
                       params={"value": correlation_id[:80]})
    return _zip(entries[-1:], re.sub(r"[^A-Za-z0-9_.-]", "_", correlation_id[:64]))


@bundle.get("/bundle")
def get_last_bundle() -> Response:
    """The last ``last`` exchanges (default 1) of the journal, oldest first."""
    last = _last(request.args.get("last", "1"))
    entries = _entries()[-last:]
    if not entries:
        raise ApiError(404, "not.found", "The request journal is empty: there is nothing to bundle.")
    return _zip(entries, f"last-{len(entries)}")
