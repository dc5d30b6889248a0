"""The externalcontacts area in a state snapshot: the stored ``ExternalContact``s as the API shows them.

Loading goes through :meth:`ExternalContactsState.save`, so the external-id and identifier indexes are rebuilt
from the contacts instead of being stored twice. The creation-rate windows are not state and start empty.

Shape: ``{"contacts": [ExternalContact ...]}`` (every server-set field included: id, dates, identifiers, type).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from contracts.externalcontacts import ExternalContact
from mockserver.externalcontacts.state import ExternalContactsState
from mockserver.snapshot.document import (
    LazyArray,
    reject_unknown_keys,
    require_dict,
    validated_items,
)

NAME = "externalcontacts"
_CONTACTS = TypeAdapter(list[ExternalContact])


def empty() -> ExternalContactsState:
    return ExternalContactsState()


def contact_doc(contact: ExternalContact) -> dict[str, Any]:
    return contact.dump()


def dump(state: ExternalContactsState) -> dict[str, Any]:
    return {"contacts": LazyArray(list(state.contacts.values()), contact_doc)}


def load(data: Any, path: str) -> ExternalContactsState:
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("contacts",), path)
    state = ExternalContactsState()
    for contact in validated_items(_CONTACTS, doc, "contacts", path, lambda contact: contact.id, "contact"):
        state.save(contact)
    return state
