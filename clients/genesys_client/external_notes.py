"""Notes on external contacts and organizations (issue 16). ``Note`` bodies travel as plain mappings."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from clients.genesys_client.base import Area, coerce, implements
from contracts.common import Empty
from contracts.externalcontacts import ExternalContactsPatchRequest


class ExternalNotesMixin(Area):
    """Mixed into ``client.external_contacts``: notes of contacts and organizations."""

    @implements("getExternalcontactsContactNotes")
    def list_contact_notes(
        self,
        contact_id: str,
        *,
        page_size: int | None = None,
        page_number: int | None = None,
        sort_order: str | None = None,
        expand: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        path = {"contactId": contact_id}
        return self._client.call(
            "getExternalcontactsContactNotes",
            path=path,
            params={
                "pageSize": page_size,
                "pageNumber": page_number,
                "sortOrder": sort_order,
                "expand": list(expand) if expand else None,
            },
        )

    @implements("postExternalcontactsContactNotes")
    def create_contact_note(self, contact_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postExternalcontactsContactNotes", path={"contactId": contact_id}, body=dict(body))

    @implements("getExternalcontactsContactNote")
    def get_contact_note(self, contact_id: str, note_id: str, *, expand: Sequence[str] | None = None) -> dict[str, Any]:
        path = {"contactId": contact_id, "noteId": note_id}
        return self._client.call(
            "getExternalcontactsContactNote",
            path=path,
            params={
                "expand": list(expand) if expand else None,
            },
        )

    @implements("putExternalcontactsContactNote")
    def update_contact_note(self, contact_id: str, note_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        path = {"contactId": contact_id, "noteId": note_id}
        return self._client.call("putExternalcontactsContactNote", path=path, body=dict(body))

    @implements("patchExternalcontactsContactNote")
    def patch_contact_note(
        self,
        contact_id: str,
        note_id: str,
        body: ExternalContactsPatchRequest | Mapping[str, Any],
    ) -> dict[str, Any]:
        path = {"contactId": contact_id, "noteId": note_id}
        return self._client.call(
            "patchExternalcontactsContactNote", path=path, body=coerce(ExternalContactsPatchRequest, body)
        )

    @implements("deleteExternalcontactsContactNote")
    def delete_contact_note(self, contact_id: str, note_id: str) -> Empty:
        return self._client.call("deleteExternalcontactsContactNote", path={"contactId": contact_id, "noteId": note_id})

    @implements("getExternalcontactsOrganizationNotes")
    def list_organization_notes(
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
            "getExternalcontactsOrganizationNotes",
            path=path,
            params={
                "pageSize": page_size,
                "pageNumber": page_number,
                "sortOrder": sort_order,
                "expand": list(expand) if expand else None,
            },
        )

    @implements("postExternalcontactsOrganizationNotes")
    def create_organization_note(self, external_organization_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        path = {"externalOrganizationId": external_organization_id}
        return self._client.call("postExternalcontactsOrganizationNotes", path=path, body=dict(body))

    @implements("getExternalcontactsOrganizationNote")
    def get_organization_note(
        self,
        external_organization_id: str,
        note_id: str,
        *,
        expand: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        path = {"externalOrganizationId": external_organization_id, "noteId": note_id}
        return self._client.call(
            "getExternalcontactsOrganizationNote",
            path=path,
            params={
                "expand": list(expand) if expand else None,
            },
        )

    @implements("putExternalcontactsOrganizationNote")
    def update_organization_note(
        self,
        external_organization_id: str,
        note_id: str,
        body: Mapping[str, Any],
    ) -> dict[str, Any]:
        path = {"externalOrganizationId": external_organization_id, "noteId": note_id}
        return self._client.call("putExternalcontactsOrganizationNote", path=path, body=dict(body))

    @implements("patchExternalcontactsOrganizationNote")
    def patch_organization_note(
        self,
        external_organization_id: str,
        note_id: str,
        body: ExternalContactsPatchRequest | Mapping[str, Any],
    ) -> dict[str, Any]:
        path = {"externalOrganizationId": external_organization_id, "noteId": note_id}
        return self._client.call(
            "patchExternalcontactsOrganizationNote", path=path, body=coerce(ExternalContactsPatchRequest, body)
        )

    @implements("deleteExternalcontactsOrganizationNote")
    def delete_organization_note(self, external_organization_id: str, note_id: str) -> Empty:
        path = {"externalOrganizationId": external_organization_id, "noteId": note_id}
        return self._client.call("deleteExternalcontactsOrganizationNote", path=path)
