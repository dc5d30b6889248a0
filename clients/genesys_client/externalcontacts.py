"""External contacts (facts §9): typed methods for every row of the external-contacts area.

The real shape, not the seeds' (facts §11 d): the id is the server's ``id``; phones are ``workPhone``/
``cellPhone``/``homePhone``/``otherPhone`` ``PhoneNumber`` objects; e-mails ``workEmail``/``personalEmail``/
``otherEmail``; create answers 200 and delete answers 200 with ``{}``. Search only reaches the first 1000 records
(``pageNumber * pageSize <= 1000``), which :meth:`ExternalContactsApi.iter_search` respects.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from clients.genesys_client.base import Area, coerce, implements
from clients.genesys_client.external_bulk import ExternalBulkMixin
from clients.genesys_client.external_notes import ExternalNotesMixin
from clients.genesys_client.external_organizations import ExternalOrganizationsMixin
from clients.genesys_client.paging import Pages
from contracts.externalcontacts import (
    ContactIdentifier,
    ContactIdentifierListing,
    ContactListing,
    ExternalContact,
    ExternalContactsPatchRequest,
    IdentifierClaimRequest,
)

SEARCH_WINDOW = 1000
"""Only ``pageNumber * pageSize <= 1000`` can be fetched (facts §9.2)."""


def _expand(expand: Sequence[str] | None) -> dict[str, Any]:
    return {"expand": list(expand) if expand else None}


class ExternalContactsApi(ExternalOrganizationsMixin, ExternalNotesMixin, ExternalBulkMixin, Area):
    """``client.external_contacts``."""

    @implements("postExternalcontactsContacts")
    def create_contact(self, contact: ExternalContact | Mapping[str, Any]) -> ExternalContact:
        return self._client.call("postExternalcontactsContacts", body=coerce(ExternalContact, contact))

    @implements("getExternalcontactsContacts")
    def search_contacts(
        self,
        *,
        q: str | None = None,
        page_number: int = 1,
        page_size: int = 20,
        sort_order: str | None = None,
        expand: Sequence[str] | None = None,
        division_ids: Sequence[str] | None = None,
    ) -> ContactListing:
        """One page of a search; ``sort_order`` is ``<field>:asc|desc`` over firstName, lastName, middleName,
        title. Asking past the 1000-record window is refused by the API."""
        return self._client.call(
            "getExternalcontactsContacts",
            params={
                "q": q,
                "pageNumber": page_number,
                "pageSize": page_size,
                "sortOrder": sort_order,
                **_expand(expand),
                "divisionIds": list(division_ids) if division_ids else None,
            },
        )

    def iter_search(self, *, page_size: int = 100, **filters: Any) -> Pages[ExternalContact]:
        """Every reachable contact of a search; ``truncated`` is set when the window hid some (narrow ``q``)."""
        return Pages(
            lambda number, size: self.search_contacts(page_number=number, page_size=size, **filters),
            page_size,
            window=SEARCH_WINDOW,
        )

    @implements("getExternalcontactsContact")
    def get_contact(self, contact_id: str, *, expand: Sequence[str] | None = None) -> ExternalContact:
        return self._client.call("getExternalcontactsContact", path={"contactId": contact_id}, params=_expand(expand))

    @implements("putExternalcontactsContact")
    def update_contact(self, contact_id: str, contact: ExternalContact | Mapping[str, Any]) -> ExternalContact:
        """Full replace (no version field): fields left out are cleared."""
        return self._client.call(
            "putExternalcontactsContact", path={"contactId": contact_id}, body=coerce(ExternalContact, contact)
        )

    @implements("patchExternalcontactsContact")
    def patch_contact(
        self, contact_id: str, changes: ExternalContactsPatchRequest | Mapping[str, Any]
    ) -> ExternalContact:
        return self._client.call(
            "patchExternalcontactsContact",
            path={"contactId": contact_id},
            body=coerce(ExternalContactsPatchRequest, changes),
        )

    @implements("deleteExternalcontactsContact")
    def delete_contact(self, contact_id: str) -> None:
        self._client.call("deleteExternalcontactsContact", path={"contactId": contact_id})

    @implements("getExternalcontactsContactIdentifiers")
    def list_identifiers(self, contact_id: str) -> ContactIdentifierListing:
        return self._client.call("getExternalcontactsContactIdentifiers", path={"contactId": contact_id})

    @implements("patchExternalcontactsContactIdentifiers")
    def claim_identifier(
        self, contact_id: str, identifier: ContactIdentifier | Mapping[str, Any], *, release: bool = False
    ) -> ContactIdentifier:
        """Claim (or with ``release=True`` release) an identifier such as ``{type: Phone, value: +1…}``."""
        request = IdentifierClaimRequest(
            operation="Release" if release else "Claim", identifier=coerce(ContactIdentifier, identifier)
        )
        return self._client.call(
            "patchExternalcontactsContactIdentifiers", path={"contactId": contact_id}, body=request
        )

    @implements("postExternalcontactsIdentifierlookupContacts")
    def lookup(
        self, identifier: ContactIdentifier | Mapping[str, Any], *, expand: Sequence[str] | None = None
    ) -> ExternalContact:
        """The contact holding an identifier (404 when none does)."""
        return self._client.call(
            "postExternalcontactsIdentifierlookupContacts",
            body=coerce(ContactIdentifier, identifier),
            params=_expand(expand),
        )

    @implements("postExternalcontactsIdentifierlookup")
    def lookup_legacy(
        self, identifier: ContactIdentifier | Mapping[str, Any], *, expand: Sequence[str] | None = None
    ) -> ExternalContact:
        """The older twin of :meth:`lookup` (``/identifierlookup``), kept for orgs whose role lacks the newer
        route's permission."""
        return self._client.call(
            "postExternalcontactsIdentifierlookup", body=coerce(ContactIdentifier, identifier), params=_expand(expand)
        )
