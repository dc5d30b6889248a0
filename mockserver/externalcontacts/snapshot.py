"""The externalcontacts area in a state snapshot: the stored ``ExternalContact``s as the API shows them.

Installing goes through the state module's indexing, so the external-id and identifier indexes are rebuilt from
the contacts instead of being stored twice. The creation-rate windows are not state and are not written.

Shape: ``{"contacts": [ExternalContact ...]}`` (every server-set field included: id, dates, identifiers, type).
"""

from __future__ import annotations

from typing import Any, Iterator

from pydantic import TypeAdapter

from contracts.externalcontacts import ExternalContact
from mockserver.externalcontacts.state import CONTACTS, SCAN_BATCH, add_contacts, contact_doc, drop_all
from mockserver.snapshot.document import refuse_present, reject_unknown_keys, require_dict, validated_items
from mockserver.state import TenantState, Tx

NAME = "externalcontacts"
_CONTACTS = TypeAdapter(list[ExternalContact])


def dump(state: TenantState) -> dict[str, Any]:
    """The contacts, read batch by batch while the document is encoded."""
    return {"contacts": _contact_docs(state)}


def _contact_docs(state: TenantState) -> Iterator[dict[str, Any]]:
    for batch in state.scan(CONTACTS, SCAN_BATCH):
        for _, contact in batch:
            yield contact_doc(contact)


def parse(data: Any, path: str) -> list[ExternalContact]:
    """The document's contacts, validated (unique ids); touches no state."""
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("contacts",), path)
    return validated_items(_CONTACTS, doc, "contacts", path, lambda contact: contact.id, "contact")


def install(tx: Tx, parsed: list[ExternalContact], *, replace: bool) -> None:
    """Make the contacts exactly ``parsed`` (``replace``) or add them to those stored, indexing them."""
    if replace:
        drop_all(tx)
    else:
        refuse_present(tx, CONTACTS, [contact.id or "" for contact in parsed], f"areas.{NAME}.contacts", "contact")
    add_contacts(tx, parsed)
