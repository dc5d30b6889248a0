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
from mockserver.core.context import clock
from mockserver.core.errors import not_found
from mockserver.externalcontacts.phones import PHONE_FIELDS
from mockserver.externalcontacts.service import LOOKUP_EXPAND_VALUES, parse_expand, view
from mockserver.externalcontacts.state import (
    all_contacts,
    claim_identifier,
    find_contact,
    identifier_key,
    identifier_owner,
    release_identifier,
    require_contact,
)
from mockserver.externalcontacts.validation import EMAIL_FIELDS, clean_identifier


def list_identifiers(contact_id: str) -> ContactIdentifierListing:
    contact = require_contact(contact_id)
    return ContactIdentifierListing(entities=list(contact.identifiers or []))


def change_identifier(contact_id: str, body: IdentifierClaimRequest) -> ContactIdentifier:
    """``Claim`` adds the identifier (idempotent for the holder); ``Release`` removes it (idempotent too)."""
    identifier = clean_identifier(body.identifier, "identifier")
    if body.operation == "Release":
        return release_identifier(contact_id, identifier) or identifier
    return claim_identifier(contact_id, identifier, clock().now())


def lookup(body: ContactIdentifier, expand: list[str] | None) -> ExternalContact:
    """The contact holding the identifier, or 404 ``not.found``."""
    wanted = parse_expand(expand, LOOKUP_EXPAND_VALUES)
    identifier = clean_identifier(body, "")
    owner = identifier_owner(identifier)
    contact = find_contact(owner) if owner is not None else _holder_by_field(identifier)
    if contact is None:
        raise not_found()
    return view(contact, wanted)


def _holder_by_field(identifier: ContactIdentifier) -> ExternalContact | None:
    """For Phone and Email: the oldest contact whose phone or e-mail fields hold the value."""
    if identifier.type not in ("Phone", "Email"):
        return None
    _, wanted = identifier_key(identifier.type, identifier.value)
    for contact in all_contacts():
        if identifier.type == "Phone" and wanted in _phone_numbers(contact):
            return contact
        if identifier.type == "Email" and wanted in _emails(contact):
            return contact
    return None


def _phone_numbers(contact: ExternalContact) -> set[str]:
    phones = (getattr(contact, attribute) for attribute in PHONE_FIELDS)
    return {phone.e164 for phone in phones if phone is not None and phone.e164}


def _emails(contact: ExternalContact) -> set[str]:
    values = (getattr(contact, attribute) for attribute in EMAIL_FIELDS)
    return {value.casefold() for value in values if value}
