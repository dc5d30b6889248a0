"""Routes of the externalcontacts area: thin views bound to rows of the operations table."""

from __future__ import annotations

from typing import Any, Callable

from contracts.externalcontacts import (
    ContactIdentifier,
    ContactIdentifierListing,
    ExternalContact,
    ExternalContactsPatchRequest,
    ExternalOrganization,
    ExternalOrganizationIdentifier,
    IdentifierClaimRequest,
)
from mockserver.core.binding import Query, bind
from mockserver.externalcontacts import bulk, identifiers, notes, notestate, organizations, patch, search, service
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


# --- organizations (organizations.py), POST search (search.py), bulk (bulk.py) ----------------------------------


@bind(externalcontacts, "postExternalcontactsOrganizations")
def post_organizations(body: ExternalOrganization) -> ExternalOrganization:
    return organizations.create_org(body)


@bind(externalcontacts, "getExternalcontactsOrganizations")
def get_organizations(query: Query) -> dict[str, Any]:
    return organizations.search_orgs(query)


@bind(externalcontacts, "getExternalcontactsOrganization")
def get_organization(externalOrganizationId: str, query: Query) -> ExternalOrganization:
    return organizations.get_org(externalOrganizationId, query["expand"])


@bind(externalcontacts, "putExternalcontactsOrganization")
def put_organization(externalOrganizationId: str, body: ExternalOrganization) -> ExternalOrganization:
    return organizations.replace_org(externalOrganizationId, body)


@bind(externalcontacts, "deleteExternalcontactsOrganization")
def delete_organization(externalOrganizationId: str) -> dict[str, Any]:
    return organizations.delete_org(externalOrganizationId)


@bind(externalcontacts, "getExternalcontactsOrganizationContacts")
def get_organization_contacts(externalOrganizationId: str, query: Query) -> dict[str, Any]:
    return organizations.org_contacts(externalOrganizationId, query)


@bind(externalcontacts, "postExternalcontactsIdentifierlookupOrganizations")
def post_identifier_lookup_organizations(body: ExternalOrganizationIdentifier, query: Query) -> ExternalOrganization:
    return organizations.lookup_org(body, query["expand"])


@bind(externalcontacts, "postExternalcontactsContactsSearch")
def post_contacts_search(body: Any) -> dict[str, Any]:
    return search.post_search(body)


_BULK_VIEWS = {
    "postExternalcontactsBulkContacts": bulk.fetch_contacts,
    "postExternalcontactsBulkContactsAdd": bulk.add_contacts,
    "postExternalcontactsBulkContactsUpdate": bulk.update_contacts,
    "postExternalcontactsBulkContactsRemove": bulk.remove_contacts,
    "postExternalcontactsBulkOrganizations": bulk.fetch_orgs,
    "postExternalcontactsBulkOrganizationsAdd": bulk.add_orgs,
    "postExternalcontactsBulkOrganizationsUpdate": bulk.update_orgs,
    "postExternalcontactsBulkOrganizationsRemove": bulk.remove_orgs,
    "postExternalcontactsBulkNotes": bulk.fetch_notes,
    "postExternalcontactsBulkNotesAdd": bulk.add_notes,
    "postExternalcontactsBulkNotesUpdate": bulk.update_notes,
    "postExternalcontactsBulkNotesRemove": bulk.remove_notes,
    "postExternalcontactsBulkRelationships": bulk.fetch_relationships,
    "postExternalcontactsBulkRelationshipsAdd": bulk.add_relationships,
    "postExternalcontactsBulkRelationshipsUpdate": bulk.update_relationships,
    "postExternalcontactsBulkRelationshipsRemove": bulk.remove_relationships,
}
for _operation_id, _handler in _BULK_VIEWS.items():
    bind(externalcontacts, _operation_id)(_handler)


# --- notes and relationships (notes.py) --------------------------------------------------------------------------


def _note_routes(owner: str, entity_type: str, param: str) -> None:
    """Bind the six note routes of contacts or organizations; ``param`` names the parent's path parameter."""

    def listing(query: Query, **path: str) -> dict[str, Any]:
        return notes.list_notes(entity_type, path[param], query)

    def create(body: Any, **path: str) -> dict[str, Any]:
        return notes.create_note(entity_type, path[param], body)

    def get(noteId: str, query: Query, **path: str) -> dict[str, Any]:
        return notestate.get_note(noteId, entity_type, path[param])

    def put(noteId: str, body: Any, **path: str) -> dict[str, Any]:
        return notes.replace_note(entity_type, path[param], noteId, body)

    def patch_(noteId: str, body: ExternalContactsPatchRequest, **path: str) -> dict[str, Any]:
        return notes.patch_note(entity_type, path[param], noteId, body)

    def delete(noteId: str, **path: str) -> dict[str, Any]:
        notestate.remove_note(noteId, entity_type, path[param])
        return {}

    handler: Callable[..., dict[str, Any]]
    for prefix, handler in (("get", listing), ("post", create)):
        bind(externalcontacts, f"{prefix}Externalcontacts{owner}Notes")(handler)
    for prefix, handler in (("get", get), ("put", put), ("patch", patch_), ("delete", delete)):
        bind(externalcontacts, f"{prefix}Externalcontacts{owner}Note")(handler)


_note_routes("Contact", "contact", "contactId")
_note_routes("Organization", "organization", "externalOrganizationId")


@bind(externalcontacts, "postExternalcontactsRelationships")
def post_relationships(body: Any) -> dict[str, Any]:
    return notes.create_relationship(body)


@bind(externalcontacts, "getExternalcontactsRelationship")
def get_relationship(relationshipId: str, query: Query) -> dict[str, Any]:
    return notes.shown(notestate.get_relationship(relationshipId))


@bind(externalcontacts, "putExternalcontactsRelationship")
def put_relationship(relationshipId: str, body: Any) -> dict[str, Any]:
    return notes.replace_relationship(relationshipId, body)


@bind(externalcontacts, "patchExternalcontactsRelationship")
def patch_relationship(relationshipId: str, body: ExternalContactsPatchRequest) -> dict[str, Any]:
    return notes.patch_relationship(relationshipId, body)


@bind(externalcontacts, "deleteExternalcontactsRelationship")
def delete_relationship(relationshipId: str) -> dict[str, Any]:
    notestate.remove_relationship(relationshipId)
    return {}


@bind(externalcontacts, "getExternalcontactsOrganizationRelationships")
def get_organization_relationships(externalOrganizationId: str, query: Query) -> dict[str, Any]:
    return notes.list_relationships(externalOrganizationId, query)
