"""What DNC lists, contact-list filters and campaigns share: documents from vendor-model bodies, versions, listings.

Bodies arrive as the vendor's models (contracts/dialer.py); :func:`document` turns one into the JSON the caller set
(read-only fields and nulls dropped, as the generic routes do). Listings filter by ``name`` with ``filterType`` (the
vendor's enum, as ``GET …/contactlists`` reads it), sort by ``sortBy``/``sortOrder`` and page with the one paging
helper.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from contracts.base import format_genesys_datetime
from contracts.common import page_envelope
from mockserver.core import rules
from mockserver.core.binding import Query
from mockserver.core.context import clock
from mockserver.core.ids import random_uuid
from mockserver.generic.validation import body_document

Doc = dict[str, Any]
SERVER_FIELDS = ("id", "selfUri", "dateCreated", "dateModified", "version")


def document(body: Any) -> Doc:
    """The request body as JSON data, without the fields the server sets."""
    data = body_document(body)
    return {key: value for key, value in data.items() if key not in SERVER_FIELDS}


def new_doc(data: Doc, path: str) -> Doc:
    """A new entity: the caller's fields plus id, version 1, timestamps and selfUri."""
    now = format_genesys_datetime(clock().now())
    entity_id = random_uuid()
    return {
        **data,
        "id": entity_id,
        "version": 1,
        "dateCreated": now,
        "dateModified": now,
        "selfUri": f"{path}/{entity_id}",
    }


def updated_doc(stored: Doc, data: Doc, given_version: int | None, rule: str) -> Doc:
    """The PUT's replacement: ``version`` must be the stored one (409 ``rule``), then it moves on by one."""
    current = stored.get("version", 1)
    rules.check(given_version != current, rule, {"supplied": given_version, "current": current}, field_name="version")
    keep: Doc = {key: stored[key] for key in ("id", "selfUri", "dateCreated") if key in stored}
    return {**data, **keep, "version": current + 1, "dateModified": format_genesys_datetime(clock().now())}


def version_of(body: Any) -> int | None:
    value = body_document(body).get("version")
    return value if isinstance(value, int) else None


_NAME_TESTS: dict[str, Callable[[str, str], bool]] = {
    "Equals": lambda name, wanted: name == wanted,
    "Contains": lambda name, wanted: wanted in name,
    "Prefix": str.startswith,
    "BeginsWith": str.startswith,
    "EndsWith": str.endswith,
    "RegEx": lambda name, wanted: re.search(wanted, name) is not None,
    "LessThan": lambda name, wanted: name < wanted,
    "LessThanEqualTo": lambda name, wanted: name <= wanted,
    "GreaterThan": lambda name, wanted: name > wanted,
    "GreaterThanEqualTo": lambda name, wanted: name >= wanted,
}


def listing(
    docs: list[Doc],
    query: Query,
    path: str,
    keep: Callable[[Doc], bool] | None = None,
    show: Callable[[Doc], Doc] | None = None,
) -> Doc:
    """One page of ``docs`` filtered by name (``filterType``, case-insensitive) and ``keep``, sorted and shown."""
    wanted = (query.get("name") or "").lower()
    test = _NAME_TESTS.get(query.get("filterType") or "Prefix", str.startswith)
    if wanted:
        try:
            docs = [doc for doc in docs if test(str(doc.get("name", "")).lower(), wanted)]
        except re.error:
            docs = []
    if keep is not None:
        docs = [doc for doc in docs if keep(doc)]
    sort_by = query.get("sortBy")
    if sort_by:
        docs = sorted(
            docs, key=lambda doc: str(doc.get(sort_by, "")).lower(), reverse=query.get("sortOrder") == "descending"
        )
    size, number = query["pageSize"], query["pageNumber"]
    page = docs[(number - 1) * size : number * size]
    given = {key: value for key, value in query.given.items() if key not in ("pageSize", "pageNumber")}
    return page_envelope(
        [show(doc) if show else doc for doc in page],
        total=len(docs),
        page_number=number,
        page_size=size,
        path=path,
        query=given,
    )
