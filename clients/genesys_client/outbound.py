"""Outbound contact lists and their contacts (facts §5, §6), typed, one method per row of the table.

What the seeds got wrong and this module gets right (facts §11): a list is created with ``columnNames`` plus
``phoneColumns``/``emailColumns`` and no inline contacts; contacts are added afterwards in requests of at most
1000 (split here, so callers can pass any number); listing contacts is a search (``POST …/contacts/search``);
creates answer 200. The CSV upload and the import wait live in :mod:`clients.genesys_client.uploads`.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from clients.genesys_client.base import Area, coerce, implements
from clients.genesys_client.errors import GenesysApiError
from clients.genesys_client.outbound_campaigns import OutboundCampaignsMixin
from clients.genesys_client.outbound_dnc import OutboundDncMixin
from clients.genesys_client.outbound_jobs import OutboundJobsMixin
from clients.genesys_client.paging import Pages
from contracts.common import DomainEntityRef
from contracts.outbound import (
    ContactBulkSearchCriteria,
    ContactList,
    ContactListEntityListing,
    ContactListingRequest,
    ContactListingResponse,
    ContactsExportRequest,
    ContactSort,
    DialerContact,
    ExportUri,
    ImportStatus,
    WritableDialerContact,
)

MAX_CONTACTS_PER_ADD = 1000
"""``POST …/contacts`` takes at most 1000 contacts (facts §6.2: ``too.many.contacts.added``)."""
MAX_IDS_PER_BULK_GET = 50
"""``POST …/contacts/bulk`` takes at most 50 ids (facts §6.2)."""
MAX_IDS_PER_DELETE = 100
"""``DELETE …/contacts?contactIds=``: 250 in 2018 (facts §6.2, conf L); 100 keeps URLs short and under any limit."""
NO_EXPORT = "no.available.list.export.uri"
"""404 code of ``GET …/export`` for a list that has no export yet (facts §5.4)."""
MAX_PAGE_SIZE = 100
"""Largest page the listing and contact search honour (facts §5.2, §6.3)."""


def chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    """Consecutive slices of at most ``size`` items."""
    if size < 1:
        raise ValueError("size must be at least 1")
    for start in range(0, len(items), size):
        yield items[start : start + size]


class OutboundApi(OutboundDncMixin, OutboundCampaignsMixin, OutboundJobsMixin, Area):
    """``client.outbound``: contact lists, contacts, import status and exports."""

    # --- contact lists ----------------------------------------------------------------------------------------

    @implements("postOutboundContactlists")
    def create_contact_list(self, contact_list: ContactList | Mapping[str, Any]) -> ContactList:
        return self._client.call("postOutboundContactlists", body=coerce(ContactList, contact_list))

    @implements("getOutboundContactlists")
    def list_contact_lists(
        self,
        *,
        page_number: int = 1,
        page_size: int = 25,
        name: str | None = None,
        filter_type: str | None = None,
        ids: Sequence[str] | None = None,
        division_ids: Sequence[str] | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        include_size: bool | None = None,
        include_import_status: bool | None = None,
        allow_empty_result: bool | None = None,
    ) -> ContactListEntityListing:
        """One page; ``name`` is matched with ``filter_type`` (server default ``Prefix``)."""
        return self._client.call(
            "getOutboundContactlists",
            params={
                "pageNumber": page_number,
                "pageSize": page_size,
                "name": name,
                "filterType": filter_type,
                "id": list(ids) if ids else None,
                "divisionId": list(division_ids) if division_ids else None,
                "sortBy": sort_by,
                "sortOrder": sort_order,
                "includeSize": include_size,
                "includeImportStatus": include_import_status,
                "allowEmptyResult": allow_empty_result,
            },
        )

    def iter_contact_lists(self, *, page_size: int = MAX_PAGE_SIZE, **filters: Any) -> Pages[ContactList]:
        """Every contact list matching ``filters`` (the keyword arguments of :meth:`list_contact_lists`)."""
        return Pages(
            lambda number, size: self.list_contact_lists(page_number=number, page_size=size, **filters), page_size
        )

    @implements("getOutboundContactlist")
    def get_contact_list(
        self, contact_list_id: str, *, include_size: bool | None = None, include_import_status: bool | None = None
    ) -> ContactList:
        return self._client.call(
            "getOutboundContactlist",
            path={"contactListId": contact_list_id},
            params={"includeSize": include_size, "includeImportStatus": include_import_status},
        )

    @implements("putOutboundContactlist")
    def update_contact_list(self, contact_list_id: str, contact_list: ContactList | Mapping[str, Any]) -> ContactList:
        """Full replace; ``version`` must be the stored one (409 ``invalid.update.wrong.version`` otherwise)."""
        return self._client.call(
            "putOutboundContactlist", path={"contactListId": contact_list_id}, body=coerce(ContactList, contact_list)
        )

    @implements("deleteOutboundContactlist")
    def delete_contact_list(self, contact_list_id: str) -> None:
        self._client.call("deleteOutboundContactlist", path={"contactListId": contact_list_id})

    @implements("deleteOutboundContactlists")
    def delete_contact_lists(self, contact_list_ids: Sequence[str]) -> None:
        """Bulk delete (204: accepted for asynchronous deletion on a real org)."""
        for ids in chunks(list(contact_list_ids), MAX_PAGE_SIZE):
            self._client.call("deleteOutboundContactlists", params={"id": list(ids)})

    @implements("postOutboundContactlistClear")
    def clear_contact_list(self, contact_list_id: str) -> None:
        """Delete every contact of the list (asynchronous on a real org)."""
        self._client.call("postOutboundContactlistClear", path={"contactListId": contact_list_id})

    @implements("getOutboundContactlistImportstatus")
    def get_import_status(self, contact_list_id: str) -> ImportStatus:
        return self._client.call("getOutboundContactlistImportstatus", path={"contactListId": contact_list_id})

    @implements("postOutboundContactlistExport")
    def start_export(self, contact_list_id: str, request: ContactsExportRequest | None = None) -> DomainEntityRef:
        """Export the whole list, or only the ``contactIds``/``criteria`` of ``request`` (ContactsExportRequest)."""
        return self._client.call("postOutboundContactlistExport", path={"contactListId": contact_list_id}, body=request)

    @implements("getOutboundContactlistExport")
    def get_export(self, contact_list_id: str) -> ExportUri | None:
        """The latest export's URI, or None when the list has none yet (404 ``no.available.list.export.uri``)."""
        try:
            return self._client.call(
                "getOutboundContactlistExport", path={"contactListId": contact_list_id}, params={"download": "false"}
            )
        except GenesysApiError as err:
            if err.status == 404 and err.code == NO_EXPORT:
                return None
            raise

    # --- contacts ---------------------------------------------------------------------------------------------

    @implements("postOutboundContactlistContacts")
    def add_contacts(
        self,
        contact_list_id: str,
        contacts: Iterable[WritableDialerContact | Mapping[str, Any]],
        *,
        priority: bool | None = None,
        clear_system_data: bool | None = None,
        do_not_queue: bool | None = None,
        batch_size: int = MAX_CONTACTS_PER_ADD,
    ) -> list[DialerContact]:
        """Upsert any number of contacts, in requests of at most 1000; the stored contacts in order.

        Batches are sent one after the other; if one fails, the earlier ones stay stored (the error says which).
        """
        if not 1 <= batch_size <= MAX_CONTACTS_PER_ADD:
            raise ValueError(f"batch_size must be between 1 and {MAX_CONTACTS_PER_ADD}")
        items = [coerce(WritableDialerContact, c) for c in contacts]
        params = {"priority": priority, "clearSystemData": clear_system_data, "doNotQueue": do_not_queue}
        stored: list[DialerContact] = []
        for batch in chunks(items, batch_size):
            stored += self._client.call(
                "postOutboundContactlistContacts",
                path={"contactListId": contact_list_id},
                params=params,
                body=list(batch),
            )
        return stored

    @implements("getOutboundContactlistContact")
    def get_contact(self, contact_list_id: str, contact_id: str) -> DialerContact:
        return self._client.call(
            "getOutboundContactlistContact", path={"contactListId": contact_list_id, "contactId": contact_id}
        )

    @implements("putOutboundContactlistContact")
    def update_contact(
        self, contact_list_id: str, contact_id: str, contact: DialerContact | Mapping[str, Any]
    ) -> DialerContact:
        return self._client.call(
            "putOutboundContactlistContact",
            path={"contactListId": contact_list_id, "contactId": contact_id},
            body=coerce(DialerContact, contact),
        )

    @implements("deleteOutboundContactlistContact")
    def delete_contact(self, contact_list_id: str, contact_id: str) -> None:
        self._client.call(
            "deleteOutboundContactlistContact", path={"contactListId": contact_list_id, "contactId": contact_id}
        )

    @implements("deleteOutboundContactlistContacts")
    def delete_contacts(self, contact_list_id: str, contact_ids: Sequence[str]) -> None:
        for ids in chunks(list(contact_ids), MAX_IDS_PER_DELETE):
            self._client.call(
                "deleteOutboundContactlistContacts",
                path={"contactListId": contact_list_id},
                params={"contactIds": list(ids)},
            )

    @implements("postOutboundContactlistContactsBulk")
    def get_contacts(self, contact_list_id: str, contact_ids: Sequence[str]) -> list[DialerContact]:
        """Contacts by id, 50 per request; unknown ids are simply absent from the answer."""
        found: list[DialerContact] = []
        for ids in chunks(list(contact_ids), MAX_IDS_PER_BULK_GET):
            found += self._client.call(
                "postOutboundContactlistContactsBulk", path={"contactListId": contact_list_id}, body=list(ids)
            )
        return found

    @implements("postOutboundContactlistContactsSearch")
    def search_contacts(
        self, contact_list_id: str, request: ContactListingRequest | Mapping[str, Any]
    ) -> ContactListingResponse:
        return self._client.call(
            "postOutboundContactlistContactsSearch",
            path={"contactListId": contact_list_id},
            body=coerce(ContactListingRequest, request),
        )

    def iter_contacts(
        self,
        contact_list_id: str,
        *,
        criteria: ContactBulkSearchCriteria | Mapping[str, Any] | None = None,
        sorts: Sequence[ContactSort | Mapping[str, Any]] | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> Pages[DialerContact]:
        """Every contact of the list (matching ``criteria``): there is no GET listing, search is the way."""
        crit = coerce(ContactBulkSearchCriteria, criteria) if criteria is not None else None
        sort = [coerce(ContactSort, s) for s in sorts] if sorts else None

        def fetch(number: int, size: int) -> ContactListingResponse:
            return self.search_contacts(
                contact_list_id,
                ContactListingRequest(page_number=number, page_size=size, criteria=crit, contact_sorts=sort),
            )

        return Pages(fetch, page_size)

    # --- CSV upload (apps host) -------------------------------------------------------------------------------

    @implements("postUploadsV2Contactlist")
    def upload_csv(self, contact_list_id: str, file: Any, **options: Any) -> Any:
        """See :func:`clients.genesys_client.uploads.upload_csv` (progress callback, contact-id column)."""
        from clients.genesys_client.uploads import upload_csv

        return upload_csv(self._client, contact_list_id, file, **options)

    def wait_for_import(self, contact_list_id: str, **options: Any) -> ImportStatus:
        """See :func:`clients.genesys_client.uploads.wait_for_import`."""
        from clients.genesys_client.uploads import wait_for_import

        return wait_for_import(self._client, contact_list_id, **options)

    def download_export(self, contact_list_id: str, **options: Any) -> bytes:
        """See :func:`clients.genesys_client.uploads.download_export`."""
        from clients.genesys_client.uploads import download_export

        return download_export(self._client, contact_list_id, **options)
