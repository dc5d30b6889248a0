"""Identifiers (facts §9.1, §9.6): list and claim/release a contact's identifiers, and look contacts up by one.

A lookup finds the contact that claimed the identifier (through a contact body or ``PATCH …/identifiers``); for
``Phone`` and ``Email`` it also finds a contact whose phone fields (by E.164) or e-mail fields (ignoring case)
hold the value, the oldest first. Phones are compared by E.164 read with the default country (US) when the
value has no ``+``.
"""

from __future__ import annotations

from contracts.externalcontacts import (
    ContactIdentifier,
    ContactIdentifierListing,
    ExternalContact,
    IdentifierClaimRequest,
)
from mockserver.core import rules
from mockserver.core.errors import ApiError
from mockserver.externalcontacts.phones import PHONE_FIELDS
from mockserver.externalcontacts.service import LOOKUP_EXPAND_VALUES, parse_expand, release, view
from mockserver.externalcontacts.state import HOME_DIVISION, identifier_key, require_contact, state, store
from mockserver.externalcontacts.validation import EMAIL_FIELDS, clean_identifier


def list_identifiers(contact_id: str) -> ContactIdentifierListing:
    with store().lock:
        contact = require_contact(contact_id)
        return ContactIdentifierListing(entities=list(contact.identifiers or []))


def change_identifier(contact_id: str, body: IdentifierClaimRequest) -> ContactIdentifier:
    """``Claim`` adds the identifier (idempotent for the holder); ``Release`` removes it (idempotent too)."""
    identifier = clean_identifier(body.identifier, "identifier")
    with store().lock:
        contact = require_contact(contact_id)
        if body.operation == "Release":
            return release(contact, identifier) or identifier
        return _claim(contact, identifier)


def _claim(contact: ExternalContact, identifier: ContactIdentifier) -> ContactIdentifier:
    current = state()
    owner = current.identifier_owner(identifier)
    rules.check(owner is not None and owner != contact.id, "EXT-IDENTIFIER-CONFLICT",
                {"type": identifier.type, "value": identifier.value, "contact": owner}, field_name="identifier.value")
    key = identifier_key(identifier.type, identifier.value)
    held = next((i for i in contact.identifiers or [] if identifier_key(i.type, i.value) == key), None)
    if held is not None:
        return held
    if owner is not None:  # the conflict rule is off: the claim moves the identifier
        release(current.contacts[owner], identifier)
        contact = current.contacts[contact.id or ""]
    claimed = identifier.model_copy(update={"date_created": store().clock.now(),
                                            "division": identifier.division or HOME_DIVISION})
    current.save(contact.model_copy(update={"identifiers": [*(contact.identifiers or []), claimed]}))
    return claimed


def lookup(body: ContactIdentifier, expand: list[str] | None) -> ExternalContact:
    """The contact holding the identifier, or 404 ``not.found``."""
    wanted = parse_expand(expand, LOOKUP_EXPAND_VALUES)
    identifier = clean_identifier(body, "")
    with store().lock:
        owner = state().identifier_owner(identifier) or _holder_by_field(identifier)
        if owner is None:
            raise ApiError(404, "not.found")
        return view(state().contacts[owner], wanted)


def _holder_by_field(identifier: ContactIdentifier) -> str | None:
    """For Phone and Email: the oldest contact whose phone or e-mail fields hold the value."""
    _, wanted = identifier_key(identifier.type, identifier.value)
    for contact in state().contacts.values():
        if identifier.type == "Phone" and wanted in _phone_numbers(contact):
            return contact.id
        if identifier.type == "Email" and wanted in _emails(contact):
            return contact.id
    return None


def _phone_numbers(contact: ExternalContact) -> set[str]:
    phones = (getattr(contact, attribute) for attribute in PHONE_FIELDS)
    return {phone.e164 for phone in phones if phone is not None and phone.e164}


def _emails(contact: ExternalContact) -> set[str]:
    values = (getattr(contact, attribute) for attribute in EMAIL_FIELDS)
    return {value.casefold() for value in values if value}
