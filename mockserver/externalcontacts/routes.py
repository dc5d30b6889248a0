"""Routes of the externalcontacts area: thin views bound to rows of the operations table."""

from __future__ import annotations

from typing import Any

from contracts.externalcontacts import (
    ContactIdentifier,
    ContactIdentifierListing,
    ExternalContact,
    ExternalContactsPatchRequest,
    IdentifierClaimRequest,
)
from mockserver.core.binding import Query, bind
from mockserver.externalcontacts import identifiers, patch, search, service
from mockserver.externalcontacts.blueprint import externalcontacts


@bind(externalcontacts, "postExternalcontactsContacts")
def post_contacts(body: ExternalContact) -> ExternalContact:
    return service.create_contact(body)


@bind(externalcontacts, "getExternalcontactsContacts")
def get_contacts(query: Query) -> dict[str, Any]:
    return search.search_contacts(query)


@bind(externalcontacts, "getExternalcontactsContact")
def get_contact(contactId: str, query: Query) -> ExternalContact:
    return service.get_contact(contactId, query["expand"])


@bind(externalcontacts, "putExternalcontactsContact")
def put_contact(contactId: str, body: ExternalContact) -> ExternalContact:
    return service.replace_contact(contactId, body)


@bind(externalcontacts, "patchExternalcontactsContact")
def patch_contact(contactId: str, body: ExternalContactsPatchRequest) -> ExternalContact:
    return patch.patch_contact(contactId, body)


@bind(externalcontacts, "deleteExternalcontactsContact")
def delete_contact(contactId: str) -> dict[str, Any]:
    return service.delete_contact(contactId)


@bind(externalcontacts, "getExternalcontactsContactIdentifiers")
def get_identifiers(contactId: str) -> ContactIdentifierListing:
    return identifiers.list_identifiers(contactId)


@bind(externalcontacts, "patchExternalcontactsContactIdentifiers")
def patch_identifiers(contactId: str, body: IdentifierClaimRequest) -> ContactIdentifier:
    return identifiers.change_identifier(contactId, body)


@bind(externalcontacts, "postExternalcontactsIdentifierlookupContacts")
def post_identifier_lookup_contacts(body: ContactIdentifier, query: Query) -> ExternalContact:
    return identifiers.lookup(body, query["expand"])


@bind(externalcontacts, "postExternalcontactsIdentifierlookup")
def post_identifier_lookup(body: ContactIdentifier, query: Query) -> ExternalContact:
    return identifiers.lookup(body, query["expand"])
