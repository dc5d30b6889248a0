"""State of the outbound area: contact lists, their contacts, import status and exports.

Contacts are kept compact (a slotted record holding the data map and the few server fields) rather than as
pydantic models, because a list may hold a million of them; :func:`contact_view` builds the ``DialerContact``
only when one is returned. Every read-modify-write takes ``store.lock``.
"""

from __future__ import annotations

import functools
import gc
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contracts.base import format_genesys_datetime
from contracts.outbound import ConfigurationOverrides, ContactList, DialerContact, ImportStatus
from mockserver.core.context import settings, store  # noqa: F401 (the area's accessors)
from mockserver.core.errors import ApiError
from mockserver.core.ids import random_uuid, uri_segment  # noqa: F401 (random_uuid: the area's id maker, re-exported)
from mockserver.outbound.stored import StoredContact  # noqa: F401 (re-exported: the area's contact record)

CONTACT_LISTS_PATH = "/api/v2/outbound/contactlists"
# Columns the dialer adds to exports (facts §7.3): never a list's own column, accepted in an uploaded header.
SYSTEM_COLUMNS = frozenset({"inin-outbound-id", "ContactCallable", "ContactableByVoice", "ContactableBySms",
                            "ContactableByEmail", "ZipCodeAutomaticTimeZone"})
SYSTEM_PREFIXES = ("CallRecordLastAttempt-", "CallRecordLastResult-", "CallRecordLastAgentWrapup-",
                   "SmsLastAttempt-", "SmsLastResult-", "Callable-", "ContactableByVoice-", "ContactableBySms-",
                   "AutomaticTimeZone-")  # fmt: skip


def is_system_column(name: str) -> bool:
    return name in SYSTEM_COLUMNS or name.startswith(SYSTEM_PREFIXES)


@dataclass
class ExportFile:
    """A finished export: the CSV the mock really produced, served at ``/downloads/{id}``."""

    id: str
    contact_list_id: str
    content: bytes
    created: datetime


@dataclass
class ContactListRecord:
    contact_list: ContactList
    contacts: dict[str, StoredContact] = field(default_factory=dict)
    import_status: ImportStatus | None = None
    importing: bool = False
    latest_export: ExportFile | None = None


class ContactLists(dict[str, ContactListRecord]):
    """The lists by id, in creation order, with an index of their names.

    Every create checks that no other list has the name (OUT-LIST-NAME-DUPLICATE); scanning all lists made each
    create O(lists), so a load test creating thousands of lists slowed down request by request. Assigning
    ``lists[id] = record`` (again, after replacing ``record.contact_list``) keeps the index true.
    """

    def __init__(self) -> None:
        super().__init__()
        self._name_of: dict[str, str | None] = {}
        self._ids_named: dict[str | None, set[str]] = {}

    def __setitem__(self, list_id: str, record: ContactListRecord) -> None:
        self._unindex(list_id)
        super().__setitem__(list_id, record)
        name = record.contact_list.name
        self._name_of[list_id] = name
        self._ids_named.setdefault(name, set()).add(list_id)

    def __delitem__(self, list_id: str) -> None:
        super().__delitem__(list_id)
        self._unindex(list_id)

    def pop(self, list_id: str, *default: Any) -> Any:  # type: ignore[override]
        self._unindex(list_id)
        return super().pop(list_id, *default)

    def clear(self) -> None:
        super().clear()
        self._name_of.clear()
        self._ids_named.clear()

    def _unindex(self, list_id: str) -> None:
        if list_id in self._name_of:
            ids = self._ids_named.get(self._name_of.pop(list_id))
            if ids is not None:
                ids.discard(list_id)

    def named(self, name: str) -> set[str]:
        """Ids of the lists whose stored name is exactly ``name``."""
        return self._ids_named.get(name, set())


def name_taken(lists: dict[str, ContactListRecord], name: str, own_id: str | None) -> bool:
    """Whether a list other than ``own_id`` has this name; indexed, with a scan for a plain dict."""
    if isinstance(lists, ContactLists):
        return any(list_id != own_id for list_id in lists.named(name))
    return any(r.contact_list.name == name and r.contact_list.id != own_id for r in lists.values())


@dataclass
class OutboundState:
    """Lists in creation order (dicts keep it, which gives listings a stable default order)."""

    lists: ContactLists = field(default_factory=ContactLists)
    exports: dict[str, ExportFile] = field(default_factory=dict)


FREEZE_AT = 1000
"""Long-lived objects stored (contacts, lists) after which the heap is moved out of the collector's reach."""


def keep_long_lived(count: int) -> None:
    """Note that ``count`` long-lived objects were stored; every ``FREEZE_AT`` of them, ``gc.freeze()`` the heap.

    Stored contacts and lists live until deleted, hold no reference cycles (refcounting frees them) and are
    many: a full collection walked all of them, ~1.3 µs per object here, so with a million contacts each full
    collection froze the server for over a second, and a load test creating lists saw p99 latencies of 300 ms.
    Frozen objects are never walked again. A young collection first, so that fresh request garbage is not
    frozen; the store's reset unfreezes, so the next full collection finds any cycle that was frozen anyway.
    """
    global _unfrozen
    with _freeze_lock:
        _unfrozen += count
        if _unfrozen < FREEZE_AT:
            return
        _unfrozen = 0
    gc.collect(1)
    gc.freeze()
    mock_store = store()
    if id(mock_store) not in _THAWING:
        mock_store.on_reset(gc.unfreeze)
        _THAWING.add(id(mock_store))


_unfrozen = 0
_freeze_lock = threading.Lock()
_THAWING: set[int] = set()
"""Stores whose reset already unfreezes the heap (by id: a store lives as long as its app)."""


def outbound_state() -> OutboundState:
    return store().area("outbound", OutboundState)


def require_list(list_id: str) -> ContactListRecord:
    """The list, or the real 404 (facts §5.5: ``not.found``)."""
    record = outbound_state().lists.get(list_id)
    if record is None:
        raise ApiError(404, "not.found", entity_id=list_id)
    return record


def contact_self_uri(list_id: str, contact_id: str) -> str:
    return f"{CONTACT_LISTS_PATH}/{uri_segment(list_id)}/contacts/{uri_segment(contact_id)}"


@functools.lru_cache(maxsize=256)
def _instant_text(value: datetime) -> str:
    """Contacts of one batch share their ``dateCreated``: format it once."""
    return format_genesys_datetime(value)


def contact_json(list_id: str, contact: StoredContact) -> dict[str, Any]:
    """A stored contact as the JSON of its ``DialerContact`` (what :func:`contact_view` would dump).

    Building and dumping a pydantic model per contact was a third of the cost of adding 1000 contacts; this is
    the same JSON from plain data (the response-validating test app checks it against ``DialerContact``).
    """
    return {
        "id": contact.id,
        "contactListId": list_id,
        "data": contact.data,
        **contact.extra,
        "callable": contact.extra.get("callable", True),
        "configurationOverrides": {"priority": contact.priority},
        "dateCreated": _instant_text(contact.date_created),
        "selfUri": contact_self_uri(list_id, contact.id),
    }


def contact_view(list_id: str, contact: StoredContact) -> DialerContact:
    """The ``DialerContact`` a route returns for a stored contact."""
    return DialerContact.model_validate(
        {
            **contact.extra,
            "id": contact.id,
            "contactListId": list_id,
            "data": contact.data,
            "callable": contact.extra.get("callable", True),
            "dateCreated": contact.date_created,
            "configurationOverrides": ConfigurationOverrides(priority=contact.priority),
            "selfUri": contact_self_uri(list_id, contact.id),
        }
    )
