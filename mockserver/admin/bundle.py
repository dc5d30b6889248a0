"""``GET /__mock/bundle/{correlationId}`` and ``GET /__mock/bundle?last=N``: a bug-report bundle as a zip.

Built from the request's tenant's journal (see mockserver/bundles/). The state snapshot comes from
``GET /__mock/state`` of the same app and tenant when this mock has that route; without it the bundle says so.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, request

from mockserver.admin.common import tenant
from mockserver.core.context import settings
from mockserver.core.errors import ApiError, not_found
from mockserver.core.journal import find_entry, read_journal
from mockserver.core.tenants import DEFAULT_TENANT, TENANT_HEADER

bundle = Blueprint("mock_bundle", __name__, url_prefix="/__mock")


def _tenant_header() -> dict[str, str]:
    name = tenant().name
    return {} if name == DEFAULT_TENANT else {TENANT_HEADER: name}


def _state_snapshot() -> dict[str, Any] | None:
    """The tenant's state through the app's own admin route; None when this mock has no such route."""
    response = current_app.test_client().get("/__mock/state", headers=_tenant_header())
    return response.get_json() if response.status_code == 200 else None


def _last(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 1000:
        raise ApiError(
            400,
            "invalid.query.param.value",
            params={"value": value[:40], "parameter": "last", "allowed": "an integer from 1 to 1000"},
        )
    return int(value)


def bundle_response(entries: list[dict[str, Any]], name: str) -> Response:
    """The zip of these exchanges of the request's tenant (also the inspector's download of selected exchanges)."""
    from mockserver.bundles.builder import CHANGED_STATE_NOTE, build_files, changes_state, zip_bytes

    # The snapshot is the state now; it is the state the exchanges started from only if none of them changed it.
    changed = any(changes_state(entry) for entry in entries)
    files = build_files(
        entries,
        settings(),
        tenant=tenant().name,
        state=None if changed else _state_snapshot(),
        state_note=CHANGED_STATE_NOTE if changed else None,
    )
    response = Response(zip_bytes(files, folder=f"genesys-mock-bundle-{name}"), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="genesys-mock-bundle-{name}.zip"'
    return response


def bundle_name(correlation_id: str) -> str:
    """The name part of a one-exchange bundle's file: ``genesys-mock-bundle-<name>.zip``."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", correlation_id[:64])


@bundle.get("/bundle/<correlation_id>")
def get_bundle(correlation_id: str) -> Response:
    """The exchange with this ``ININ-Correlation-Id``."""
    found = find_entry(tenant().state, correlation_id)
    if found is None:
        raise not_found(
            message="No recorded request has the correlation id {value}.", params={"value": correlation_id[:80]}
        )
    return bundle_response([found], bundle_name(correlation_id))


@bundle.get("/bundle")
def get_last_bundle() -> Response:
    """The last ``last`` exchanges (default 1) of the journal, oldest first."""
    last = _last(request.args.get("last", "1"))
    entries = read_journal(tenant().state)[-last:]
    if not entries:
        raise not_found(message="The request journal is empty: there is nothing to bundle.")
    return bundle_response(entries, f"last-{len(entries)}")
