"""Bulk routes of external contacts (issue 16): fetch, add, update, remove contacts, organizations, notes and
relationships in one request. Bodies (``BulkIdsRequest``, ``Bulk*Request``) travel as plain mappings; each
answer lists per-entity results.
"""

from __future__ import annotations

from typing import Any, Mapping

from clients.genesys_client.base import Area, implements


class ExternalBulkMixin(Area):
    """Mixed into ``client.external_contacts``: bulk routes."""

    @implements("postExternalcontactsBulkContacts")
    def bulk_get_contacts(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkContacts", body=dict(body))

    @implements("postExternalcontactsBulkContactsAdd")
    def bulk_add_contacts(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkContactsAdd", body=dict(body))

    @implements("postExternalcontactsBulkContactsUpdate")
    def bulk_update_contacts(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkContactsUpdate", body=dict(body))

    @implements("postExternalcontactsBulkContactsRemove")
    def bulk_remove_contacts(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkContactsRemove", body=dict(body))

    @implements("postExternalcontactsBulkOrganizations")
    def bulk_get_organizations(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkOrganizations", body=dict(body))

    @implements("postExternalcontactsBulkOrganizationsAdd")
    def bulk_add_organizations(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkOrganizationsAdd", body=dict(body))

    @implements("postExternalcontactsBulkOrganizationsUpdate")
    def bulk_update_organizations(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkOrganizationsUpdate", body=dict(body))

    @implements("postExternalcontactsBulkOrganizationsRemove")
    def bulk_remove_organizations(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkOrganizationsRemove", body=dict(body))

    @implements("postExternalcontactsBulkNotes")
    def bulk_get_notes(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkNotes", body=dict(body))

    @implements("postExternalcontactsBulkNotesAdd")
    def bulk_add_notes(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkNotesAdd", body=dict(body))

    @implements("postExternalcontactsBulkNotesUpdate")
    def bulk_update_notes(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkNotesUpdate", body=dict(body))

    @implements("postExternalcontactsBulkNotesRemove")
    def bulk_remove_notes(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkNotesRemove", body=dict(body))

    @implements("postExternalcontactsBulkRelationships")
    def bulk_get_relationships(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkRelationships", body=dict(body))

    @implements("postExternalcontactsBulkRelationshipsAdd")
    def bulk_add_relationships(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkRelationshipsAdd", body=dict(body))

    @implements("postExternalcontactsBulkRelationshipsUpdate")
    def bulk_update_relationships(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkRelationshipsUpdate", body=dict(body))

    @implements("postExternalcontactsBulkRelationshipsRemove")
    def bulk_remove_relationships(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsBulkRelationshipsRemove", body=dict(body))
