"""``/__mock/requests``: query, verify and clear the request journal of the request's tenant (core/journal.py)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from pydantic import BaseModel, ConfigDict, Field

from mockserver.admin.common import int_arg, parse_json, tenant
from mockserver.core.context import tenants
from mockserver.core.errors import not_found
from mockserver.core.journal import (
    clear_journal,
    find_entry,
    journal_length,
    journal_tail,
    matches,
    read_journal,
)

journal_admin = Blueprint("mock_journal", __name__, url_prefix="/__mock")


class Verify(BaseModel):
    """The body of ``POST /__mock/requests/verify``: which requests to count (every field optional)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    method: str | None = Field(None, min_length=1, max_length=20)
    path: str | None = Field(None, min_length=1, max_length=2000)
    status: int | None = Field(None, ge=100, le=599)


def _filters() -> dict[str, Any]:
    args = request.args
    return {
        "method": args.get("method") or None,
        "path": args.get("path") or None,
        "status": int_arg("status", minimum=100, maximum=599),
        "correlation_id": args.get("correlationId") or None,
        "rule": args.get("rule") or None,
    }


@journal_admin.get("/requests")
def get_requests() -> Response:
    """Matching entries, newest last; ``limit`` keeps the newest N. ``total`` counts all matches."""
    filters = _filters()
    limit = int_arg("limit", minimum=1)
    state = tenant().state
    if limit and not any(value is not None for value in filters.values()):  # the newest N: only those are read
        return jsonify(entities=journal_tail(state, limit), total=journal_length(state))
    found = [entry for entry in read_journal(state) if matches(entry, **filters)]
    entities = found[-limit:] if limit else found
    return jsonify(entities=entities, total=len(found))


@journal_admin.get("/requests/<correlation_id>")
def get_request(correlation_id: str) -> Response:
    """One journal entry by correlation id; 404 ``not.found`` if unknown or already evicted."""
    entry = find_entry(tenant().state, correlation_id)
    if entry is None:
        raise not_found(correlation_id)
    return jsonify(entry)


@journal_admin.post("/requests/verify")
def post_verify() -> Response:
    """How many journalled requests match: the assertion behind "the client retried exactly twice"."""
    query = parse_json(Verify, optional=True)
    count = sum(
        1
        for entry in read_journal(tenant().state)
        if matches(entry, method=query.method, path=query.path, status=query.status)
    )
    return jsonify(count=count)


@journal_admin.delete("/requests")
def delete_requests() -> Response:
    """Clear the tenant's journal: ``{cleared: n}``."""
    return jsonify(cleared=clear_journal(tenant().state, tenants().journal_budget))
