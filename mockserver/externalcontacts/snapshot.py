"""The externalcontacts area in a state snapshot: the stored ``ExternalContact``s as the API shows them.

Installing goes through the state module's indexing, so the external-id and identifier indexes are rebuilt from
the contacts instead of being stored twice. The creation-rate windows are not state and are not written.

Shape: ``{"contacts": [ExternalContact ...], "organizations": [ExternalOrganization ...]}`` (every server-set field
included: id, dates, identifiers, type); ``organizations`` may be absent (documents written before they were
served deeply), as may ``notes`` and ``relationships`` (the vendor's Note and Relationship as stored, a note with
its ``entityType``/``entityId``). Organizations are installed first, so contacts' links to them are indexed.
"""

from __future__ import annotations

import functools
from typing import Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter

from contracts.externalcontacts import ExternalContact, ExternalOrganization
from mockserver.externalcontacts.notestate import install as install_notes
from mockserver.externalcontacts.orgstate import add_orgs
from mockserver.externalcontacts.state import (
    CONTACTS,
    NOTES,
    ORGANIZATIONS,
    RELATIONSHIPS,
    SCAN_BATCH,
    add_contacts,
    contact_doc,
    drop_all,
)
from mockserver.snapshot.document import refuse_present, reject_unknown_keys, require_dict, validated_items
from mockserver.state import TenantState, Tx

NAME = "externalcontacts"
Parsed = tuple[list[ExternalContact], list[ExternalOrganization], list[dict[str, Any]], list[dict[str, Any]]]


@functools.cache
def _entity_adapters() -> tuple[TypeAdapter[list[ExternalContact]], TypeAdapter[list[ExternalOrganization]]]:
    """The contacts' and organizations' validators, built on first use: only snapshots need them, start-up should
    not pay for them (their cost: docs/performance.md)."""
    return TypeAdapter(list[ExternalContact]), TypeAdapter(list[ExternalOrganization])


class _Note(BaseModel):
    """A stored note as the snapshot carries it: the vendor's Note plus its parent (any other field kept)."""

    model_config = ConfigDict(extra="allow")
    id: str
    entityType: Literal["contact", "organization"]
    entityId: str


class _Relationship(BaseModel):
    """A stored relationship: its organization's id is what indexes it."""

    model_config = ConfigDict(extra="allow")
    id: str
    externalOrganization: dict[str, Any]


_NOTES = TypeAdapter(list[_Note])
_RELATIONSHIPS = TypeAdapter(list[_Relationship])


def dump(state: TenantState) -> dict[str, Any]:
    """The contacts and organizations, read batch by batch while the document is encoded."""
    return {
        "contacts": _contact_docs(state),
        "organizations": _org_docs(state),
        "notes": _docs(state, NOTES),
        "relationships": _docs(state, RELATIONSHIPS),
    }


def _docs(state: TenantState, table: Any) -> Iterator[dict[str, Any]]:
    for batch in state.scan(table, SCAN_BATCH):
        for _, doc in batch:
            yield doc


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
    reject_unknown_keys(doc, ("contacts", "organizations", "notes", "relationships"), path)
    contacts_adapter, orgs_adapter = _entity_adapters()
    contacts = validated_items(contacts_adapter, doc, "contacts", path, lambda contact: contact.id, "contact")
    orgs = (
        validated_items(orgs_adapter, doc, "organizations", path, lambda org: org.id, "organization")
        if "organizations" in doc
        else []
    )
    notes = validated_items(_NOTES, doc, "notes", path, lambda note: note.id, "note") if "notes" in doc else []
    relationships = (
        validated_items(_RELATIONSHIPS, doc, "relationships", path, lambda r: r.id, "relationship")
        if "relationships" in doc
        else []
    )
    return contacts, orgs, [n.model_dump() for n in notes], [r.model_dump() for r in relationships]


def install(tx: Tx, parsed: Parsed, *, replace: bool) -> None:
    """Make the contacts and organizations exactly ``parsed`` (``replace``) or add them to those stored, indexing
    them."""
    contacts, orgs, notes, relationships = parsed
    if replace:
        drop_all(tx)
    else:
        refuse_present(tx, CONTACTS, [contact.id or "" for contact in contacts], f"areas.{NAME}.contacts", "contact")
        refuse_present(tx, ORGANIZATIONS, [org.id or "" for org in orgs], f"areas.{NAME}.organizations", "organization")
    add_orgs(tx, orgs)
    add_contacts(tx, contacts)
    install_notes(tx, notes, relationships)
