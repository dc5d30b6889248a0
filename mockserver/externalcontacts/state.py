"""State of the externalcontacts area: the contacts, indexes of what they claim, the creation windows, and the
named operations that read and write them.

Contacts are stored as the full ``ExternalContact`` the service computed (identifiers included) in the tenant's
``externalcontacts.contacts`` table, in creation order (the default order of a search); what a route shows is
derived by service.view according to ``expand``. Two index tables make conflicts and lookups O(1):

* ``externalcontacts.external-ids``: (source, value) as one string (:func:`_row`) -> the ids of the contacts
  holding that external id, in the order they claimed it. The first holds it; faithful allows duplicates, and when
  the holder lets it go the next one takes it.
* ``externalcontacts.identifiers``: (type, comparison key) as one string -> the one contact that claimed the
  identifier.

Every write goes through :func:`save_contact`, :func:`remove_contact`, :func:`claim_identifier` or
:func:`release_identifier`, each ONE ``atomic()`` that checks the conflict rules against the indexes, writes the
contact and re-indexes it: two requests claiming the same identifier at once cannot both get it, and the indexes
never drift. Functions run inside ``atomic()`` compute everything from what they read (a backend may re-run them).
"""

from __future__ import annotations

import math
import time
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator

from contracts.externalcontacts import ContactIdentifier, ExternalContact, ExternalId, ExternalOrganization
from mockserver.core import rules
from mockserver.core.context import tenant_state
from mockserver.core.divisions import HOME_DIVISION
from mockserver.core.errors import not_found
from mockserver.core.limits import WindowState
from mockserver.core.phones import DEFAULT_REGION, normalise
from mockserver.state import Codec, Table, Tx

CONTACTS_PATH = "/api/v2/externalcontacts/contacts"

ExternalIdKey = tuple[str, str]
IdentifierKey = tuple[str, str]
SCAN_BATCH = 1000


def contact_doc(contact: ExternalContact) -> dict[str, object]:
    """The contact as the API shows it in full (by alias, absent properties omitted): the codec's and the state
    document's form."""
    return contact.dump()


CONTACT_CODEC: Codec[ExternalContact] = Codec(contact_doc, ExternalContact.model_validate)
CONTACTS: Table[ExternalContact] = Table("externalcontacts.contacts", CONTACT_CODEC)
EXTERNAL_IDS: Table[list[str]] = Table("externalcontacts.external-ids")
IDENTIFIERS: Table[str] = Table("externalcontacts.identifiers")
ORGANIZATIONS: Table[ExternalOrganization] = Table(
    "externalcontacts.organizations", Codec(lambda org: org.dump(), ExternalOrganization.model_validate)
)
ORG_IDENTIFIERS: Table[str] = Table("externalcontacts.org-identifiers")
"""An organization's claimed identifier (its comparison key, :func:`identifier_key`) -> the organization's id."""
NOTES: Table[dict[str, Any]] = Table("externalcontacts.notes")
"""note id -> the Note as stored (entityType and entityId included); notestate.py."""
ENTITY_NOTES: Table[bool] = Table("externalcontacts.entity-notes")
"""``ENTITY_NOTES.of(contact or organization id)``: note id -> True, in the order the notes were added."""
RELATIONSHIPS: Table[dict[str, Any]] = Table("externalcontacts.relationships")
"""relationship id -> the Relationship as stored; ``ORG_RELATIONSHIPS.of(org id)`` lists an organization's."""
ORG_RELATIONSHIPS: Table[bool] = Table("externalcontacts.org-relationships")
ORG_MEMBERS: Table[bool] = Table("externalcontacts.org-contacts")
"""``ORG_MEMBERS.of(org_id)``: contact id -> True for every contact linked to the organization (orgstate.py)."""
_CREATION_WINDOW = "externalcontacts.creations."


def external_id_key(external_id: ExternalId) -> ExternalIdKey:
    """An external id is the pair (source, value); a source given without id is compared by name."""
    source = external_id.external_source
    return (source.id or f"name:{source.name or ''}", external_id.value)


def identifier_key(type_: str, value: str) -> IdentifierKey:
    """How identifiers compare: phones by E.164 (default US), e-mails ignoring case, the rest exactly."""
    value = value.strip()
    if type_ == "Phone":
        number = normalise(value, DEFAULT_REGION)
        return (type_, number.e164 if number else value)
    if type_ == "Email":
        return (type_, value.casefold())
    return (type_, value)


def _row(key: tuple[str, str]) -> str:
    """An index key as one string: ``len(first):first`` + U+001F + ``second``; the length keeps two pairs whose
    parts hold the separator apart (a source id is any string)."""
    first, second = key
    return f"{len(first)}:{first}\x1f{second}"


def _external_rows(contact: ExternalContact | None) -> list[str]:
    if contact is None:
        return []
    return list(dict.fromkeys(_row(external_id_key(e)) for e in contact.external_ids or []))


def _identifier_row(identifier: ContactIdentifier) -> str:
    return _row(identifier_key(identifier.type, identifier.value))


def _identifier_rows(contact: ExternalContact | None) -> list[str]:
    if contact is None:
        return []
    return list(dict.fromkeys(_identifier_row(i) for i in contact.identifiers or []))


# --- reading -------------------------------------------------------------------------------------------------


def self_uri(contact_id: str) -> str:
    return f"{CONTACTS_PATH}/{contact_id}"


def find_contact(contact_id: str) -> ExternalContact | None:
    return tenant_state().view().get(CONTACTS, contact_id)


def require_contact(contact_id: str) -> ExternalContact:
    """The stored contact, or the real 404 (facts §9.1: ``not.found``)."""
    return _require(tenant_state().view(), contact_id)


def _require(tx: Tx, contact_id: str) -> ExternalContact:
    contact = tx.get(CONTACTS, contact_id)
    if contact is None:
        raise not_found(contact_id, hint=_not_found_hint(contact_id))
    return contact


def _not_found_hint(contact_id: str) -> str | None:
    """Seed 003 looks contacts up by its own externalContactId; the path takes the server's id."""
    looks_like_uuid = len(contact_id) == 36 and contact_id.count("-") == 4
    if looks_like_uuid:
        return None
    return (
        "the path takes the contact's `id` (a UUID returned by POST), not an id of your own; find a contact "
        "by your id with POST /api/v2/externalcontacts/identifierlookup/contacts or GET ?q="
    )


def identifier_owner(identifier: ContactIdentifier) -> str | None:
    """The id of the contact that claimed ``identifier`` (compared by :func:`identifier_key`), if any."""
    return tenant_state().view().get(IDENTIFIERS, _identifier_row(identifier))


def contacts_by_ids(ids: list[str]) -> list[ExternalContact | None]:
    """The stored contacts of ``ids`` in that order (None where there is none): one read for a bulk fetch."""
    return tenant_state().view().get_many(CONTACTS, ids) if ids else []


def all_contacts() -> Iterator[ExternalContact]:
    """Every contact in creation order, read batch by batch (searches and lookups by field)."""
    for batch in tenant_state().scan(CONTACTS, SCAN_BATCH):
        for _, contact in batch:
            yield contact


# --- writing (each operation one transaction) ----------------------------------------------------------------


def _store(tx: Tx, contact: ExternalContact, previous: ExternalContact | None) -> None:
    """Put ``contact`` (replacing ``previous``, the record stored under its id) and re-index what changed."""
    assert contact.id is not None
    _index(
        tx,
        contact.id,
        _external_rows(previous),
        _external_rows(contact),
        _identifier_rows(previous),
        _identifier_rows(contact),
    )
    _link(tx, contact.id, linked_org(previous), linked_org(contact))
    tx.put(CONTACTS, contact.id, contact)


def linked_org(contact: ExternalContact | None) -> str | None:
    """The id of the organization a contact references, if any."""
    organization = contact.external_organization if contact is not None else None
    return organization.id if organization is not None else None


def _link(tx: Tx, contact_id: str, old: str | None, new: str | None) -> None:
    """Keep ``ORG_MEMBERS`` in step: only organizations that exist get members (a faithful dangling reference
    does not, so no table is ever named after an id no organization has)."""
    if old is not None and old != new:
        tx.delete(ORG_MEMBERS.of(old), contact_id)
    if new is not None and tx.get(ORGANIZATIONS, new) is not None:
        tx.put(ORG_MEMBERS.of(new), contact_id, True)


def _index(
    tx: Tx,
    contact_id: str,
    old_external: list[str],
    new_external: list[str],
    old_identifiers: list[str],
    new_identifiers: list[str],
) -> None:
    for row in old_external:
        if row not in new_external:
            holders = [holder for holder in tx.get(EXTERNAL_IDS, row) or [] if holder != contact_id]
            if holders:
                tx.put(EXTERNAL_IDS, row, holders)  # the next holder (in claim order) takes the external id
            else:
                tx.delete(EXTERNAL_IDS, row)
    for row in new_external:
        holders = tx.get(EXTERNAL_IDS, row) or []
        if contact_id not in holders:
            tx.put(EXTERNAL_IDS, row, [*holders, contact_id])
    for row in old_identifiers:
        if row not in new_identifiers and tx.get(IDENTIFIERS, row) == contact_id:
            tx.delete(IDENTIFIERS, row)
    for row in new_identifiers:
        tx.put(IDENTIFIERS, row, contact_id)


def _check_conflicts(tx: Tx, contact: ExternalContact) -> None:
    """External ids (seed 003, strict) and claimed identifiers may belong to one contact only."""
    for i, external_id in enumerate(contact.external_ids or []):
        key = external_id_key(external_id)
        holders = tx.get(EXTERNAL_IDS, _row(key)) or []
        owner = holders[0] if holders else None
        rules.check(
            owner is not None and owner != contact.id,
            "EXT-EXTERNAL-ID-CONFLICT",
            {"value": external_id.value, "source": key[0], "contact": owner},
            field_name=f"externalIds[{i}]",
        )
    for i, identifier in enumerate(contact.identifiers or []):
        owner = tx.get(IDENTIFIERS, _identifier_row(identifier))
        rules.check(
            owner is not None and owner != contact.id,
            "EXT-IDENTIFIER-CONFLICT",
            {"type": identifier.type, "value": identifier.value, "contact": owner},
            field_name=f"identifiers[{i}].value",
        )


def _check_org(tx: Tx, contact: ExternalContact) -> ExternalContact:
    """EXT-ORG-UNKNOWN: the referenced organization must exist when the contact is written. An existing one is
    kept as a reference ``{id}`` (its fields are the organization's, shown by ``expand``); with the rule off, a
    reference to no organization is stored as sent."""
    org_id = linked_org(contact)
    if org_id is None:
        return contact
    exists = tx.get(ORGANIZATIONS, org_id) is not None
    rules.check(not exists, "EXT-ORG-UNKNOWN", {"value": org_id}, field_name="externalOrganization.id")
    if not exists:
        return contact
    return contact.model_copy(update={"external_organization": ExternalOrganization(id=org_id)})


def _without(contact: ExternalContact, row: str) -> tuple[ExternalContact, ContactIdentifier | None]:
    """The contact without the identifier of comparison key ``row``, and the identifier it held (or None)."""
    kept = [i for i in contact.identifiers or [] if _identifier_row(i) != row]
    removed = next((i for i in contact.identifiers or [] if _identifier_row(i) == row), None)
    return contact.model_copy(update={"identifiers": kept or None}), removed


def _release_from_owner(tx: Tx, identifier: ContactIdentifier, contact_id: str | None) -> None:
    """With EXT-IDENTIFIER-CONFLICT off, a claim moves the identifier away from the contact holding it."""
    row = _identifier_row(identifier)
    owner = tx.get(IDENTIFIERS, row)
    holder = tx.get(CONTACTS, owner) if owner is not None and owner != contact_id else None
    if holder is not None:
        _store(tx, _without(holder, row)[0], holder)


def save_contact(
    contact_id: str | None, prepare: Callable[[ExternalContact | None], ExternalContact]
) -> ExternalContact:
    """Create (``contact_id`` None) or replace a contact in one transaction and return it as stored.

    ``prepare`` turns the stored contact (None for a create; 404 when ``contact_id`` names none) into the one to
    store, raising the first rule it breaks; then the conflict rules run against the indexes, identifiers move away
    from other contacts when the conflict rule is off, and the contact is stored and re-indexed.
    """

    def save(tx: Tx) -> ExternalContact:
        previous = _require(tx, contact_id) if contact_id is not None else None
        contact = prepare(previous)
        _check_conflicts(tx, contact)
        contact = _check_org(tx, contact)
        for identifier in contact.identifiers or []:
            _release_from_owner(tx, identifier, contact.id)
        _store(tx, contact, tx.get(CONTACTS, contact.id or ""))
        return contact

    return tenant_state().atomic(save)


def remove_contact(contact_id: str) -> ExternalContact:
    """Delete the contact (404 when there is none); its external ids pass to their next holders and its
    identifiers are free again. Returns the removed contact."""

    def remove(tx: Tx) -> ExternalContact:
        contact = _require(tx, contact_id)
        _index(tx, contact_id, _external_rows(contact), [], _identifier_rows(contact), [])
        _link(tx, contact_id, linked_org(contact), None)
        drop_notes(tx, contact_id)
        tx.delete(CONTACTS, contact_id)
        return contact

    return tenant_state().atomic(remove)


def claim_identifier(contact_id: str, identifier: ContactIdentifier, at: datetime) -> ContactIdentifier:
    """``Claim``: add the identifier to the contact (idempotent for its holder); with EXT-IDENTIFIER-CONFLICT off
    it moves from the contact holding it. Returns the identifier as held."""

    def claim(tx: Tx) -> ContactIdentifier:
        contact = _require(tx, contact_id)
        row = _identifier_row(identifier)
        owner = tx.get(IDENTIFIERS, row)
        rules.check(
            owner is not None and owner != contact_id,
            "EXT-IDENTIFIER-CONFLICT",
            {"type": identifier.type, "value": identifier.value, "contact": owner},
            field_name="identifier.value",
        )
        held = next((i for i in contact.identifiers or [] if _identifier_row(i) == row), None)
        if held is not None:
            return held
        _release_from_owner(tx, identifier, contact_id)
        claimed = identifier.model_copy(update={"date_created": at, "division": identifier.division or HOME_DIVISION})
        _store(tx, contact.model_copy(update={"identifiers": [*(contact.identifiers or []), claimed]}), contact)
        return claimed

    return tenant_state().atomic(claim)


def release_identifier(contact_id: str, identifier: ContactIdentifier) -> ContactIdentifier | None:
    """``Release``: remove the identifier from the contact; the removed one, or None when it did not hold it."""

    def release(tx: Tx) -> ContactIdentifier | None:
        contact = _require(tx, contact_id)
        released, removed = _without(contact, _identifier_row(identifier))
        if removed is not None:
            _store(tx, released, contact)
        return removed

    return tenant_state().atomic(release)


def drop_notes(tx: Tx, entity_id: str) -> None:
    """Delete the notes of a contact or organization that is being deleted (in the caller's transaction)."""
    table = ENTITY_NOTES.of(entity_id)
    tx.delete_many(NOTES, tx.keys(table))
    tx.drop(table)


def add_contacts(tx: Tx, contacts: Iterable[ExternalContact]) -> None:
    """Store contacts inside the caller's transaction (a snapshot's install), indexing them as saves do."""
    for contact in contacts:
        _store(tx, contact, tx.get(CONTACTS, contact.id or ""))


def drop_all(tx: Tx) -> None:
    """Forget every contact, organization and index (a snapshot that replaces the area)."""
    for org_id in tx.keys(ORGANIZATIONS):
        tx.drop(ORG_MEMBERS.of(org_id))
        tx.drop(ORG_RELATIONSHIPS.of(org_id))
    for entity_id in {note["entityId"] for _, note in tx.items(NOTES)}:
        tx.drop(ENTITY_NOTES.of(entity_id))
    for table in (CONTACTS, EXTERNAL_IDS, IDENTIFIERS, ORGANIZATIONS, ORG_IDENTIFIERS, NOTES, RELATIONSHIPS):
        tx.drop(table)


def hit_creation_window(window_key: str, limit: int, seconds: int) -> WindowState:
    """Count one contact creation in the token's fixed window (``limit`` per ``seconds``) and report the window.

    The window (its end on wall time, shared by processes on one host, and its count) is a value of the tenant's
    namespace, read and written in one transaction, so the limit holds exactly across threads and processes; a
    tenant's reset forgets it. Like the core's windows it runs on real time, not the mock's clock: a client
    honouring ``Retry-After`` waits real seconds, and a frozen clock must not keep it refused forever.
    """
    name = _CREATION_WINDOW + window_key

    def hit(tx: Tx) -> WindowState:
        now = time.time()
        window: dict[str, Any] | None = tx.value(name)
        if window is None or window["end"] <= now:
            window = {"end": now + seconds, "count": 0}
        exceeded = window["count"] >= limit
        if not exceeded:
            window = {"end": window["end"], "count": window["count"] + 1}
            tx.set_value(name, window, ttl=window["end"] - now + 1)
        return WindowState(window["count"], limit, max(1, math.ceil(window["end"] - now)), exceeded)

    return tenant_state().atomic(hit)
