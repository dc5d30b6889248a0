"""The externalcontacts area in a state snapshot: the stored ``ExternalContact``s as the API shows them.

Loading goes through :meth:`ExternalContactsState.save`, so the external-id and identifier indexes are rebuilt
from the contacts instead of being stored twice. The creation-rate windows are not state and start empty.

Shape: ``{"contacts": [ExternalContact ...]}`` (every server-set field included: id, dates, identifiers, type).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from contracts.externalcontacts import ExternalContact
from mockserver.externalcontacts.state import ExternalContactsState
from mockserver.snapshot.document import (
    LazyArray,
    SnapshotError,
    from_validation_error,
    join_path,
    reject_unknown_keys,
    require_dict,
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
    contacts_path = join_path(path, ["contacts"])
    try:
        contacts = _CONTACTS.validate_python(doc.get("contacts", []))
    except ValidationError as exc:
        raise from_validation_error(contacts_path, exc) from None
    state = ExternalContactsState()
    for index, contact in enumerate(contacts):
        if not contact.id:
            raise SnapshotError(join_path(contacts_path, [index, "id"]), "an external contact needs its id")
        if contact.id in state.contacts:
            raise SnapshotError(join_path(contacts_path, [index, "id"]), f"duplicate contact id {contact.id}")
        state.save(contact)
    return state
