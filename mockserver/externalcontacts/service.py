"""External contacts (facts §9.1, §9.3): create, read with ``expand``, full replace, delete.

Every write goes through :func:`prepare`: field rules and trimming (validation.py), phone normalisation
(phones.py), the server's own fields, then the conflict rules against other contacts. The order is the one a
service meets them in: the body's shape (binding), the body's own fields, then the rest of the org.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from contracts.common import DomainEntityRef
from contracts.externalcontacts import ContactIdentifier, ExternalContact, ExternalOrganization, ExternalSource
from mockserver.core import rules
from mockserver.core.context import clock
from mockserver.core.divisions import HOME_DIVISION, HOME_DIVISION_ID
from mockserver.core.ids import random_uuid, uri_segment
from mockserver.externalcontacts.orgstate import find_org
from mockserver.externalcontacts.phones import normalise_contact_phones
from mockserver.externalcontacts.ratelimit import check_creation_rate
from mockserver.externalcontacts.state import (
    identifier_key,
    remove_contact,
    require_contact,
    save_contact,
    self_uri,
)
from mockserver.externalcontacts.validation import clean_contact

EXPAND_VALUES = ("externalOrganization", "externalDataSources", "identifiers", "externalSources", "division")
LOOKUP_EXPAND_VALUES = ("externalOrganization", "identifiers", "externalSources", "division")
"""The identifier lookups expand no ``externalDataSources`` (ExternalContactsApi.md lists only these four)."""
WRITE_EXPAND = frozenset({"externalOrganization", "identifiers", "externalSources"})
"""What POST/PUT/PATCH answer with: the contact as stored, including what the client just sent."""

# Read-only or server-set properties: whatever the client sends for them is replaced (facts §9.3, §12).
SERVER_SET = {"id": None, "create_date": None, "modify_date": None, "type": None, "self_uri": None,
              "external_data_sources": None, "canonical_contact": None, "merge_set": None, "merged_from": None,
              "merged_to": None, "merge_operation": None}  # fmt: skip


def parse_expand(values: list[str] | None, allowed: tuple[str, ...] = EXPAND_VALUES) -> frozenset[str]:
    """The ``expand`` values; unknown ones are rule EXT-EXPAND-VALUE (strict) or ignored (faithful)."""
    for value in values or []:
        rules.check(
            value not in allowed,
            "EXT-EXPAND-VALUE",
            {"value": value, "parameter": "expand", "allowed": ", ".join(allowed)},
            field_name="expand",
        )
    return frozenset(value for value in values or [] if value in allowed)


def division_ref(reference: DomainEntityRef | None) -> DomainEntityRef:
    """The home division when none is given (facts §9.3); any other id is kept as a reference."""
    if reference is None or reference.id in (None, HOME_DIVISION_ID):
        return HOME_DIVISION
    return DomainEntityRef(
        id=reference.id, name=reference.name, self_uri=f"/api/v2/authorization/divisions/{uri_segment(reference.id)}"
    )


def _identifiers(
    sent: list[ContactIdentifier], existing: ExternalContact | None, now: datetime
) -> list[ContactIdentifier]:
    """Claimed identifiers, one per comparison key; a key already held keeps its ``dateCreated``."""
    held = {identifier_key(i.type, i.value): i for i in (existing.identifiers or [])} if existing else {}
    result: dict[tuple[str, str], ContactIdentifier] = {}
    for identifier in sent:
        key = identifier_key(identifier.type, identifier.value)
        if key in result:
            continue
        previous = held.get(key)
        result[key] = identifier.model_copy(
            update={
                "date_created": previous.date_created if previous else now,
                "division": division_ref(identifier.division),
            }
        )
    return list(result.values())


def prepare(
    body: ExternalContact, existing: ExternalContact | None, *, phones: Iterable[str] | None = None
) -> ExternalContact:
    """The contact to store for a POST (``existing`` None) or a replace; raises the first rule of its own fields it
    breaks (the conflicts with other contacts are checked by ``state.save_contact`` in the same transaction).

    ``phones`` limits normalisation to those attributes (PATCH leaves untouched phones, and their ``userInput``,
    as stored); None normalises all of them.
    """
    now = clock().now()
    contact = normalise_contact_phones(clean_contact(body), only=phones)
    if body.identifiers is not None:
        identifiers: list[ContactIdentifier] | None = _identifiers(contact.identifiers or [], existing, now)
    else:
        identifiers = existing.identifiers if existing else None  # PUT without identifiers keeps the claims
    contact_id = existing.id if existing else random_uuid()
    assert contact_id is not None
    contact = contact.model_copy(
        update={
            **SERVER_SET,
            "id": contact_id,
            "division": division_ref(contact.division),
            "identifiers": identifiers or None,
            "create_date": existing.create_date if existing else now,
            "modify_date": now,
            "type": existing.type if existing else "Curated",  # created through this route: curated (facts §9.3)
            "self_uri": self_uri(contact_id),
        }
    )
    return contact


def _source_reference(source: ExternalSource, expand: frozenset[str]) -> ExternalSource:
    if source.id is None:
        return source
    uri = f"/api/v2/externalcontacts/externalsources/{uri_segment(source.id)}"
    if "externalSources" in expand:
        return source.model_copy(update={"self_uri": uri})
    return ExternalSource(id=source.id, self_uri=uri)


def view(contact: ExternalContact, expand: frozenset[str]) -> ExternalContact:
    """What a route shows: identifiers, the full organisation and full sources only when expanded. Unexpanded, the
    organisation is a reference ``{id, name, selfUri}``: the vendor's ExternalOrganization requires ``name`` (the
    JS SDK's index.d.ts), as the relationships' references show it (notestate.py)."""
    update: dict[str, Any] = {}
    if "identifiers" not in expand:
        update["identifiers"] = None
    organization = contact.external_organization
    if organization is not None and organization.id is not None:
        uri = f"/api/v2/externalcontacts/organizations/{uri_segment(organization.id)}"
        stored = find_org(organization.id)  # the organization as it is now, when it exists
        update["external_organization"] = (
            (stored or organization).model_copy(update={"self_uri": uri})
            if "externalOrganization" in expand
            else ExternalOrganization(id=organization.id, name=stored.name if stored else None, self_uri=uri)
        )
    if contact.external_ids:
        update["external_ids"] = [
            e.model_copy(update={"external_source": _source_reference(e.external_source, expand)})
            for e in contact.external_ids
        ]
    return contact.model_copy(update=update) if update else contact


def create_contact(body: ExternalContact) -> ExternalContact:
    check_creation_rate()  # seed 003: counted once the body deserialised, before any contact rule
    contact = save_contact(None, lambda _: prepare(body, None))
    return view(contact, WRITE_EXPAND)


def get_contact(contact_id: str, expand: list[str] | None) -> ExternalContact:
    wanted = parse_expand(expand)
    return view(require_contact(contact_id), wanted)


def replace_contact(contact_id: str, body: ExternalContact) -> ExternalContact:
    """Full replace (facts §9.1: no version); what the body omits is gone, except claimed identifiers."""
    contact = save_contact(contact_id, lambda existing: prepare(body, existing))
    return view(contact, WRITE_EXPAND)


def delete_contact(contact_id: str) -> dict[str, Any]:
    """200 with ``{}`` (facts §9.1); the contact's external ids and identifiers are free again."""
    remove_contact(contact_id)
    return {}
