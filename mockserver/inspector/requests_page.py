"""The Requests page: the tenant's journal newest first, filtered and paged on the server, with a detail pane and
the bug-report bundle of selected exchanges.

Only one page of rows is rendered whatever the journal holds (``journal.max_entries`` per tenant, 1,000 by default
but configurable far higher): filtering walks the entries :func:`~mockserver.core.journal.read_journal` renders
(once each, then cached), which is what ``GET /__mock/requests`` does too. The page polls
``/__mock/ui/requests/rows`` (the same table body) every 750 ms while it shows the newest page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from flask import Response, render_template, request

from mockserver.admin.bundle import bundle_name, bundle_response
from mockserver.core import rules
from mockserver.core.errors import ApiError, not_found
from mockserver.core.journal import find_entry, journal_length, journal_tail, matches, read_journal
from mockserver.inspector import chosen_tenant, in_tenant, inspector

PAGE_SIZE = 50
MAX_SELECTED = 1000  # as many exchanges as ``GET /__mock/bundle?last=N`` takes
FILTERS = ("method", "path", "status", "rule", "correlationId")


@dataclass
class Query:
    """The filters of the page as typed, what :func:`matches` takes, and what was wrong with them."""

    raw: dict[str, str]
    filters: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    page: int = 1


def read_query() -> Query:
    """The filters from the query string; a bad one is reported on the page and ignored, not a 400 page."""
    raw = {name: request.args.get(name, "").strip() for name in FILTERS}
    query = Query(raw)
    status = raw["status"]
    if status and not (status.isdigit() and 100 <= int(status) <= 599):
        query.errors.append(f"status must be a number from 100 to 599, not {status[:20]!r}")
        status = ""
    query.filters = {
        "method": raw["method"] or None,
        "path": raw["path"] or None,
        "status": int(status) if status else None,
        "rule": raw["rule"] or None,
        "correlation_id": raw["correlationId"] or None,
    }
    page = request.args.get("page", "1")
    query.page = int(page) if page.isdigit() and int(page) >= 1 else 1
    return query


def newest_first(query: Query) -> tuple[list[dict[str, Any]], int, int]:
    """The page's entries newest first, how many match, and how many the journal holds. Unfiltered, only the
    entries up to the page's are read (over Redis a ranged read, not the whole log)."""
    state = chosen_tenant().state
    if all(value is None for value in query.filters.values()):
        total = journal_length(state)
        start = (query.page - 1) * PAGE_SIZE
        newest = journal_tail(state, start + PAGE_SIZE) if start < total else []
        return newest[::-1][start : start + PAGE_SIZE], total, total
    entries = read_journal(state)
    found = [entry for entry in reversed(entries) if matches(entry, **query.filters)]
    start = (query.page - 1) * PAGE_SIZE
    return found[start : start + PAGE_SIZE], len(found), len(entries)


def rule_of(entry: dict[str, Any] | None) -> rules.Rule | None:
    rule_id = (entry or {}).get("rule")
    return rules.CATALOGUE.get(rule_id) if rule_id else None


def pretty(text: str | None) -> str:
    """A body for reading: indented when it is JSON, as recorded otherwise."""
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


def _context() -> dict[str, Any]:
    query = read_query()
    rows, total, held = newest_first(query)
    return {
        "query": query,
        "rows": rows,
        "total": total,
        "held": held,
        "page_size": PAGE_SIZE,
        "signature": signature(rows, total, held),
        "count_text": count_text(total, held),
        "pages": max(1, -(-total // PAGE_SIZE)),
        "rule_ids": sorted(rules.CATALOGUE),
    }


@inspector.get("/")
@inspector.get("/requests")
def requests() -> tuple[str, int]:
    """The Requests page: the journal, newest first, filtered and paged on the server."""
    context = _context()
    shown = request.args.get("show")
    detail = find_entry(chosen_tenant().state, shown) if shown else None
    page = render_template(
        "inspector/requests.html",
        page="requests",
        detail=detail,
        shown=shown,
        detail_rule=rule_of(detail),
        pretty=pretty,
        **context,
    )
    return page, 400 if context["query"].errors else 200


@inspector.get("/requests/rows")
def request_rows() -> Response:
    """The table body alone, for the page's live updates: ``X-Inspector-Signature`` changes when the rows do."""
    context = _context()
    response = Response(render_template("inspector/request_rows.html", **context), mimetype="text/html")
    rows = context["rows"]
    response.headers["X-Inspector-Signature"] = signature(rows, context["total"], context["held"])
    response.headers["X-Inspector-Count"] = count_text(context["total"], context["held"])
    return response


def signature(rows: list[dict[str, Any]], total: int, held: int) -> str:
    return f"{rows[0]['correlationId'] if rows else ''}:{total}:{held}"


def count_text(total: int, held: int) -> str:
    return f"{total} of {held} recorded requests match."


@inspector.get("/bundle")
def selected_bundle() -> Response:
    """The bundle (zip) of the selected exchanges (``?id=`` repeated), oldest first as the journal holds them."""
    ids = request.args.getlist("id")
    if not ids:
        raise ApiError(
            400,
            "invalid.query.param.value",
            params={"value": "", "parameter": "id", "allowed": "the correlation id of at least one recorded request"},
        )
    if len(ids) > MAX_SELECTED:
        raise ApiError(
            400,
            "invalid.query.param.value",
            params={"value": str(len(ids)), "parameter": "id", "allowed": f"at most {MAX_SELECTED} ids"},
        )
    wanted = set(ids)
    with in_tenant():
        entries = [entry for entry in read_journal(chosen_tenant().state) if entry["correlationId"] in wanted]
        missing = wanted - {entry["correlationId"] for entry in entries}
        if missing:
            raise not_found(
                message="No recorded request has the correlation id {value}.",
                params={"value": sorted(missing)[0][:80]},
            )
        name = bundle_name(ids[0]) if len(ids) == 1 else selection_name(entries)
        return bundle_response(entries, name)


def selection_name(entries: list[dict[str, Any]]) -> str:
    """``<n>-exchanges-<first 8 characters of the oldest id>``; the page's script names it the same way."""
    return f"{len(entries)}-exchanges-{bundle_name(entries[0]['correlationId'])[:8]}"
