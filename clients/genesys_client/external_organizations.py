"""External organizations, relationships and the contact search body (issue 16)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from clients.genesys_client.base import Area, coerce, implements
from contracts.common import Empty
from contracts.externalcontacts import (
    ContactListing,
    ExternalContactsPatchRequest,
    ExternalOrganization,
    ExternalOrganizationIdentifier,
)


class ExternalOrganizationsMixin(Area):
    """Mixed into ``client.external_contacts``: organizations, relationships, contact search."""

    @implements("postExternalcontactsOrganizations")
    def create_organization(self, body: ExternalOrganization | Mapping[str, Any]) -> ExternalOrganization:
        return self._client.call("postExternalcontactsOrganizations", body=coerce(ExternalOrganization, body))

    @implements("getExternalcontactsOrganizations")
    def search_organizations(
        self,
        *,
        page_size: int | None = None,
        page_number: int | None = None,
        q: str | None = None,
        trustor_ids: Sequence[str] | None = None,
        sort_order: str | None = None,
        expand: Sequence[str] | None = None,
        include_trustors: bool | None = None,
        division_ids: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """One page of organizations matching ``q``."""
        return self._client.call(
            "getExternalcontactsOrganizations",
            params={
                "pageSize": page_size,
                "pageNumber": page_number,
                "q": q,
                "trustorId": list(trustor_ids) if trustor_ids else None,
                "sortOrder": sort_order,
                "expand": list(expand) if expand else None,
                "includeTrustors": include_trustors,
                "divisionIds": list(division_ids) if division_ids else None,
            },
        )

    @implements("getExternalcontactsOrganization")
    def get_organization(
        self,
        external_organization_id: str,
        *,
        expand: Sequence[str] | None = None,
        include_trustors: bool | None = None,
    ) -> ExternalOrganization:
        path = {"externalOrganizationId": external_organization_id}
        return self._client.call(
            "getExternalcontactsOrganization",
            path=path,
            params={
                "expand": list(expand) if expand else None,
                "includeTrustors": include_trustors,
            },
        )

    @implements("putExternalcontactsOrganization")
    def update_organization(
        self,
        external_organization_id: str,
        body: ExternalOrganization | Mapping[str, Any],
    ) -> ExternalOrganization:
        path = {"externalOrganizationId": external_organization_id}
        return self._client.call("putExternalcontactsOrganization", path=path, body=coerce(ExternalOrganization, body))

    @implements("deleteExternalcontactsOrganization")
    def delete_organization(self, external_organization_id: str) -> Empty:
        path = {"externalOrganizationId": external_organization_id}
        return self._client.call("deleteExternalcontactsOrganization", path=path)

    @implements("getExternalcontactsOrganizationContacts")
    def list_organization_contacts(
        self,
        external_organization_id: str,
        *,
        page_size: int | None = None,
        page_number: int | None = None,
        q: str | None = None,
        sort_order: str | None = None,
        expand: Sequence[str] | None = None,
    ) -> ContactListing:
        """Contacts linked to the organization (``externalOrganization``)."""
        path = {"externalOrganizationId": external_organization_id}
        return self._client.call(
            "getExternalcontactsOrganizationContacts",
            path=path,
            params={
                "pageSize": page_size,
                "pageNumber": page_number,
                "q": q,
                "sortOrder": sort_order,
                "expand": list(expand) if expand else None,
            },
        )

    @implements("postExternalcontactsIdentifierlookupOrganizations")
    def lookup_organization(
        self,
        body: ExternalOrganizationIdentifier | Mapping[str, Any],
        *,
        expand: Sequence[str] | None = None,
    ) -> ExternalOrganization:
        """The organization holding an identifier."""
        return self._client.call(
            "postExternalcontactsIdentifierlookupOrganizations",
            params={
                "expand": list(expand) if expand else None,
            },
            body=coerce(ExternalOrganizationIdentifier, body),
        )

    @implements("postExternalcontactsContactsSearch")
    def search_contacts_by_request(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Contact search with a ``ContactSearchRequest`` body."""
        return self._client.call("postExternalcontactsContactsSearch", body=dict(body))

    @implements("postExternalcontactsRelationships")
    def create_relationship(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsRelationships", body=dict(body))

    @implements("getExternalcontactsRelationship")
    def get_relationship(self, relationship_id: str, *, expand: Sequence[str] | None = None) -> dict[str, Any]:
        path = {"relationshipId": relationship_id}
        return self._client.call(
            "getExternalcontactsRelationship",
            path=path,
            params={
                "expand": list(expand) if expand else None,
            },
        )

    @implements("putExternalcontactsRelationship")
    def update_relationship(self, relationship_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        path = {"relationshipId": relationship_id}
        return self._client.call("putExternalcontactsRelationship", path=path, body=dict(body))

    @implements("patchExternalcontactsRelationship")
    def patch_relationship(
        self,
        relationship_id: str,
        body: ExternalContactsPatchRequest | Mapping[str, Any],
    ) -> dict[str, Any]:
        path = {"relationshipId": relationship_id}
        return self._client.call(
            "patchExternalcontactsRelationship", path=path, body=coerce(ExternalContactsPatchRequest, body)
        )

    @implements("deleteExternalcontactsRelationship")
    def delete_relationship(self, relationship_id: str) -> Empty:
        return self._client.call("deleteExternalcontactsRelationship", path={"relationshipId": relationship_id})

    @implements("getExternalcontactsOrganizationRelationships")
    def list_organization_relationships(
        self,
        external_organization_id: str,
        *,
        page_size: int | None = None,
        page_number: int | None = None,
        sort_order: str | None = None,
        expand: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        path = {"externalOrganizationId": external_organization_id}
        return self._client.call(
            "getExternalcontactsOrganizationRelationships",
            path=path,
            params={
                "pageSize": page_size,
                "pageNumber": page_number,
                "sortOrder": sort_order,
                "expand": list(expand) if expand else None,
            },
        )
