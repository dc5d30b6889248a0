"""State of notes (on contacts and organizations) and relationships (between an organization and a user); the
tables are declared in state.py, since deleting a contact or an organization deletes its notes (and an
organization its relationships) in the same transaction.

Records are the vendor's ``Note`` and ``Relationship`` as JSON documents (vendor schemas, no contract model):
a note carries ``entityType`` (``contact`` | ``organization``) and ``entityId`` so that bulk routes, which name
notes by id alone, find its parent. Each write is ONE ``atomic()`` that checks the parent exists (404
``not.found``), so a note never outlives or precedes its contact.
"""

from __future__ import annotations

from typing import Any, Callable

from mockserver.core import rules
from mockserver.core.context import tenant_state
from mockserver.core.errors import not_found
from mockserver.externalcontacts.state import (
    CONTACTS,
    ENTITY_NOTES,
    NOTES,
    ORG_RELATIONSHIPS,
    ORGANIZATIONS,
    RELATIONSHIPS,
)
from mockserver.state import Table, Tx

Doc = dict[str, Any]
PARENTS: dict[str, Table[Any]] = {"contact": CONTACTS, "organization": ORGANIZATIONS}


def _parent(tx: Tx, entity_type: str, entity_id: str) -> None:
    table = PARENTS.get(entity_type)
    if table is None or tx.get(table, entity_id) is None:
        raise not_found(entity_id)


def _note(tx: Tx, note_id: str, entity_type: str | None, entity_id: str | None) -> Doc:
    """The note, which must belong to the given parent when one is given (404 otherwise)."""
    if entity_type is not None and entity_id is not None:
        _parent(tx, entity_type, entity_id)
    note = tx.get(NOTES, note_id)
    if note is None or (entity_id is not None and note.get("entityId") != entity_id):
        raise not_found(note_id)
    return note


# --- notes -----------------------------------------------------------------------------------------------------


def add_note(note: Doc) -> Doc:
    """Store a new note under its ``entityType``/``entityId`` (404 when that parent does not exist)."""

    def add(tx: Tx) -> Doc:
        _parent(tx, note["entityType"], note["entityId"])
        tx.put(NOTES, note["id"], note)
        tx.put(ENTITY_NOTES.of(note["entityId"]), note["id"], True)
        return note

    return tenant_state().atomic(add)


def get_note(note_id: str, entity_type: str | None = None, entity_id: str | None = None) -> Doc:
    return _note(tenant_state().view(), note_id, entity_type, entity_id)


def replace_note(note_id: str, entity_type: str | None, entity_id: str | None, change: Callable[[Doc], Doc]) -> Doc:
    """Replace a note with ``change(stored)`` in one transaction (its parent and id do not change)."""

    def replace(tx: Tx) -> Doc:
        stored = _note(tx, note_id, entity_type, entity_id)
        note = change(stored)
        tx.put(NOTES, note_id, note)
        return note

    return tenant_state().atomic(replace)


def remove_note(note_id: str, entity_type: str | None = None, entity_id: str | None = None) -> Doc:
    def remove(tx: Tx) -> Doc:
        note = _note(tx, note_id, entity_type, entity_id)
        tx.delete(ENTITY_NOTES.of(note["entityId"]), note_id)
        tx.delete(NOTES, note_id)
        return note

    return tenant_state().atomic(remove)


def notes_of(entity_type: str, entity_id: str) -> list[Doc]:
    """A contact's or organization's notes in the order they were added (404 for an unknown parent)."""
    view = tenant_state().view()
    _parent(view, entity_type, entity_id)
    return [note for note in view.get_many(NOTES, view.keys(ENTITY_NOTES.of(entity_id))) if note is not None]


# --- relationships ---------------------------------------------------------------------------------------------


def _org_exists(tx: Tx, relationship: Doc) -> str:
    """The relationship's organization id; the reference then shows the organization's current name (the
    vendor's ExternalOrganization requires one)."""
    reference = relationship.get("externalOrganization") or {}
    org_id = str(reference.get("id") or "")
    org = tx.get(ORGANIZATIONS, org_id)
    rules.check(org is None, "EXT-ORG-UNKNOWN", {"value": org_id}, field_name="externalOrganization.id")
    if org is None:
        raise not_found(org_id)  # the rule switched off: a relationship still needs its organization to list it
    relationship["externalOrganization"] = {**reference, "id": org_id, "name": org.name}
    return org_id


def save_relationship(relationship_id: str | None, build: Callable[[Doc | None], Doc]) -> Doc:
    """Create (``relationship_id`` None) or replace a relationship; its organization must exist."""

    def save(tx: Tx) -> Doc:
        previous = None
        if relationship_id is not None:
            previous = tx.get(RELATIONSHIPS, relationship_id)
            if previous is None:
                raise not_found(relationship_id)
        relationship = build(previous)
        org_id = _org_exists(tx, relationship)
        if previous is not None:
            old_org = previous["externalOrganization"]["id"]
            if old_org != org_id:
                tx.delete(ORG_RELATIONSHIPS.of(old_org), relationship["id"])
        tx.put(RELATIONSHIPS, relationship["id"], relationship)
        tx.put(ORG_RELATIONSHIPS.of(org_id), relationship["id"], True)
        return relationship

    return tenant_state().atomic(save)


def get_relationship(relationship_id: str) -> Doc:
    relationship = tenant_state().view().get(RELATIONSHIPS, relationship_id)
    if relationship is None:
        raise not_found(relationship_id)
    return relationship


def remove_relationship(relationship_id: str) -> Doc:
    def remove(tx: Tx) -> Doc:
        relationship = tx.get(RELATIONSHIPS, relationship_id)
        if relationship is None:
            raise not_found(relationship_id)
        tx.delete(ORG_RELATIONSHIPS.of(relationship["externalOrganization"]["id"]), relationship_id)
        tx.delete(RELATIONSHIPS, relationship_id)
        return relationship

    return tenant_state().atomic(remove)


def relationships_of(org_id: str) -> list[Doc]:
    """An organization's relationships in the order they were made (404 for an unknown organization)."""
    view = tenant_state().view()
    _parent(view, "organization", org_id)
    rows = view.get_many(RELATIONSHIPS, view.keys(ORG_RELATIONSHIPS.of(org_id)))
    return [relationship for relationship in rows if relationship is not None]


def install(tx: Tx, notes: list[Doc], relationships: list[Doc]) -> None:
    """Store notes and relationships inside a snapshot's install (after their parents), indexing them."""
    for note in notes:
        tx.put(NOTES, note["id"], note)
        tx.put(ENTITY_NOTES.of(note["entityId"]), note["id"], True)
    for relationship in relationships:
        tx.put(RELATIONSHIPS, relationship["id"], relationship)
        tx.put(ORG_RELATIONSHIPS.of(relationship["externalOrganization"]["id"]), relationship["id"], True)
