"""The externalcontacts area in a state snapshot: the stored ``ExternalContact``s as the API shows them.

Installing goes through the state module's indexing, so the external-id and identifier indexes are rebuilt from
the contacts instead of being stored twice. The creation-rate windows are not state and are not written.

Shape: ``{"contacts": [ExternalContact ...], "organizations": [ExternalOrganization ...]}`` (every server-set field
included: id, dates, identifiers, type); ``organizations`` may be absent (documents written before they were
served deeply). Organizations are installed first, so contacts' links to them are indexed.
"""

from __future__ import annotations

from typing import Any, Iterator

from pydantic import TypeAdapter

from contracts.externalcontacts import ExternalContact, ExternalOrganization
from mockserver.externalcontacts.orgstate import add_orgs
from mockserver.externalcontacts.state import (
    CONTACTS,
    ORGANIZATIONS,
    SCAN_BATCH,
    add_contacts,
    contact_doc,
    drop_all,
)
from mockserver.snapshot.document import refuse_present, reject_unknown_keys, require_dict, validated_items
from mockserver.state import TenantState, Tx

NAME = "externalcontacts"
_CONTACTS = TypeAdapter(list[ExternalContact])
_ORGS = TypeAdapter(list[ExternalOrganization])
Parsed = tuple[list[ExternalContact], list[ExternalOrganization]]


def dump(state: TenantState) -> dict[str, Any]:
    """The contacts and organizations, read batch by batch while the document is encoded."""
    return {"contacts": _contact_docs(state), "organizations": _org_docs(state)}


def _org_docs(state: TenantState) -> Iterator[dict[str, Any]]:
    for batch in state.scan(ORGANIZATIONS, SCAN_BATCH):
        for _, org in batch:
            yield org.dump()


def _contact_docs(state: TenantState) -> Iterator[dict[str, Any]]:
    for batch in state.scan(CONTACTS, SCAN_BATCH):
        for _, contact in batch:
            yield contact_doc(contact)


def parse(data: Any, path: str) -> Parsed:
    """The document's contacts and organizations, validated (unique ids); touches no state."""
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("contacts", "organizations"), path)
    contacts = validated_items(_CONTACTS, doc, "contacts", path, lambda contact: contact.id, "contact")
    orgs = validated_items(_ORGS, doc, "organizations", path, lambda org: org.id, "organization") \
        if "organizations" in doc else []
    return contacts, orgs


def install(tx: Tx, parsed: Parsed, *, replace: bool) -> None:
    """Make the contacts and organizations exactly ``parsed`` (``replace``) or add them to those stored, indexing
    them."""
    contacts, orgs = parsed
    if replace:
        drop_all(tx)
    else:
        refuse_present(tx, CONTACTS, [contact.id or "" for contact in contacts], f"areas.{NAME}.contacts", "contact")
        refuse_present(tx, ORGANIZATIONS, [org.id or "" for org in orgs], f"areas.{NAME}.organizations",
                       "organization")
    add_orgs(tx, orgs)
    add_contacts(tx, contacts)
