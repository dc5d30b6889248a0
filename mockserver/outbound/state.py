"""State of the outbound area: contact lists, their contacts, import status and exports.

Contacts are kept compact (a slotted record holding the data map and the few server fields) rather than as
pydantic models, because a list may hold a million of them; :func:`contact_view` builds the ``DialerContact``
only when one is returned. Every read-modify-write takes ``store.lock``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contracts.outbound import ConfigurationOverrides, ContactList, DialerContact, ImportStatus
from mockserver.core.context import settings, store  # noqa: F401 (the area's accessors)
from mockserver.core.errors import ApiError

CONTACT_LISTS_PATH = "/api/v2/outbound/contactlists"
# Columns the dialer adds to exports (facts §7.3): never a list's own column, accepted in an uploaded header.
SYSTEM_COLUMNS = frozenset({"inin-outbound-id", "ContactCallable", "ContactableByVoice", "ContactableBySms",
                            "ContactableByEmail", "ZipCodeAutomaticTimeZone"})
SYSTEM_PREFIXES = ("CallRecordLastAttempt-", "CallRecordLastResult-", "CallRecordLastAgentWrapup-",
                   "SmsLastAttempt-", "SmsLastResult-", "Callable-", "ContactableByVoice-", "ContactableBySms-",
                   "AutomaticTimeZone-")  # fmt: skip


def is_system_column(name: str) -> bool:
    return name in SYSTEM_COLUMNS or name.startswith(SYSTEM_PREFIXES)


@dataclass(slots=True)
class StoredContact:
    """One contact. ``extra`` holds the other writable fields as JSON (by alias), e.g. ``callable``."""

    id: str
    data: dict[str, str]
    date_created: datetime
    priority: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


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


@dataclass
class OutboundState:
    """Lists in creation order (dicts keep it, which gives listings a stable default order)."""

    lists: dict[str, ContactListRecord] = field(default_factory=dict)
    exports: dict[str, ExportFile] = field(default_factory=dict)


def outbound_state() -> OutboundState:
    return store().area("outbound", OutboundState)


def require_list(list_id: str) -> ContactListRecord:
    """The list, or the real 404 (facts §5.5: ``not.found``)."""
    record = outbound_state().lists.get(list_id)
    if record is None:
        raise ApiError(404, "not.found", entity_id=list_id)
    return record


def contact_self_uri(list_id: str, contact_id: str) -> str:
    return f"{CONTACT_LISTS_PATH}/{list_id}/contacts/{contact_id}"


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
