"""State and behaviour of outbound contact lists (facts §5).

This is the core CRUD of contact lists: server-set fields, versioning, paging. The validation rules of facts
§5.5, contacts and CSV import build on it (issue 3).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from contracts.base import read_only_fields
from contracts.common import DomainEntityRef, page_envelope
from contracts.outbound import ContactList
from mockserver.core.binding import Query
from mockserver.core.errors import ApiError, not_found
from mockserver.core.store import Store

CONTACT_LISTS_PATH = "/api/v2/outbound/contactlists"
HOME_DIVISION_ID = "00000000-0000-4000-8000-000000000001"
HOME_DIVISION = DomainEntityRef(
    id=HOME_DIVISION_ID, name="Home", self_uri=f"/api/v2/authorization/divisions/{HOME_DIVISION_ID}"
)
_SERVER_SET = read_only_fields(ContactList)


@dataclass
class OutboundState:
    """Contact lists in creation order (dicts keep it, which gives listings a stable default order)."""

    contact_lists: dict[str, ContactList] = field(default_factory=dict)


def _store() -> Store:
    return current_app.config["MOCK_STORE"]


def _state() -> OutboundState:
    return _store().area("outbound", OutboundState)


def _writable(body: ContactList) -> dict[str, Any]:
    """The client-writable part of a body; server-set fields are ignored as the real API does (facts §5.3)."""
    return body.model_dump(exclude={name for name, f in ContactList.model_fields.items()
                                    if (f.alias or name) in _SERVER_SET}, exclude_none=True)


def _view(contact_list: ContactList, *, include_size: bool = False) -> ContactList:
    """What a GET shows: ``size`` only when asked for (contacts, and so non-zero sizes, arrive with issue 3)."""
    return contact_list.model_copy(update={"size": 0}) if include_size else contact_list


def create_contact_list(body: ContactList) -> ContactList:
    store = _store()
    now = store.clock.now()
    list_id = str(uuid.uuid4())
    data = _writable(body)
    data.pop("version", None)  # versions are the server's: a new list always starts at 1 (facts §5.6)
    data.setdefault("division", HOME_DIVISION)
    data.setdefault("trim_whitespace", True)
    data.setdefault("automatic_time_zone_mapping", False)
    created = ContactList(
        **data, id=list_id, version=1, date_created=now, date_modified=now,
        self_uri=f"{CONTACT_LISTS_PATH}/{list_id}",
    )
    with store.lock:
        _state().contact_lists[list_id] = created
    return created


def get_contact_list(list_id: str, *, include_size: bool = False) -> ContactList:
    found = _state().contact_lists.get(list_id)
    if found is None:
        raise not_found(list_id)
    return _view(found, include_size=include_size)


def update_contact_list(list_id: str, body: ContactList) -> ContactList:
    """Full replace; ``version`` must equal the stored one and is incremented (facts §5.6)."""
    store = _store()
    with store.lock:
        current = _state().contact_lists.get(list_id)
        if current is None:
            raise not_found(list_id)
        if body.version != current.version:
            raise ApiError(409, "invalid.update.wrong.version",
                           "The version supplied [{supplied}] does not match the current version [{current}]",
                           {"supplied": body.version, "current": current.version})
        data = _writable(body)
        data.pop("version", None)
        data.setdefault("division", current.division)
        updated = ContactList(
            **data, id=current.id, version=(current.version or 0) + 1, date_created=current.date_created,
            date_modified=store.clock.now(), self_uri=current.self_uri,
        )
        _state().contact_lists[list_id] = updated
    return updated


def delete_contact_list(list_id: str) -> None:
    store = _store()
    with store.lock:
        if _state().contact_lists.pop(list_id, None) is None:
            raise not_found(list_id)


def list_contact_lists(query: Query) -> dict[str, Any]:
    with _store().lock:
        lists = list(_state().contact_lists.values())
    size, number = query["pageSize"], query["pageNumber"]
    page = lists[(number - 1) * size: number * size]
    entities = [_view(c, include_size=query["includeSize"]).dump() for c in page]
    return page_envelope(entities, total=len(lists), page_number=number, page_size=size,
                         path=CONTACT_LISTS_PATH, query=query.given)
