"""DNC lists of the outbound area (issue 16): the list, its phone numbers and e-mail addresses, import status.

Bodies and answers follow the vendor's schemas (``DncListCreate``, ``DncList``, …) and travel as plain
mappings: the mock validates them against the vendor contract.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from clients.genesys_client.base import Area, implements


class OutboundDncMixin(Area):
    """Mixed into ``client.outbound``: do-not-contact lists, their phone numbers and e-mail addresses."""

    @implements("postOutboundDnclists")
    def create_dnc_list(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postOutboundDnclists", body=dict(body))

    @implements("getOutboundDnclists")
    def list_dnc_lists(
        self,
        *,
        include_import_status: bool | None = None,
        include_size: bool | None = None,
        page_size: int | None = None,
        page_number: int | None = None,
        filter_type: str | None = None,
        name: str | None = None,
        allow_empty_result: bool | None = None,
        dnc_source_type: str | None = None,
        division_ids: Sequence[str] | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
    ) -> dict[str, Any]:
        """One page; ``name`` is matched with ``filter_type``."""
        return self._client.call(
            "getOutboundDnclists",
            params={
                "includeImportStatus": include_import_status,
                "includeSize": include_size,
                "pageSize": page_size,
                "pageNumber": page_number,
                "filterType": filter_type,
                "name": name,
                "allowEmptyResult": allow_empty_result,
                "dncSourceType": dnc_source_type,
                "divisionId": list(division_ids) if division_ids else None,
                "sortBy": sort_by,
                "sortOrder": sort_order,
            },
        )

    @implements("getOutboundDnclist")
    def get_dnc_list(
        self,
        dnc_list_id: str,
        *,
        include_import_status: bool | None = None,
        include_size: bool | None = None,
    ) -> dict[str, Any]:
        path = {"dncListId": dnc_list_id}
        return self._client.call(
            "getOutboundDnclist",
            path=path,
            params={
                "includeImportStatus": include_import_status,
                "includeSize": include_size,
            },
        )

    @implements("putOutboundDnclist")
    def update_dnc_list(self, dnc_list_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Full replace; ``version`` must be the stored one."""
        return self._client.call("putOutboundDnclist", path={"dncListId": dnc_list_id}, body=dict(body))

    @implements("deleteOutboundDnclist")
    def delete_dnc_list(self, dnc_list_id: str) -> None:
        self._client.call("deleteOutboundDnclist", path={"dncListId": dnc_list_id})

    @implements("postOutboundDnclistPhonenumbers")
    def add_dnc_phone_numbers(
        self,
        dnc_list_id: str,
        body: Sequence[str],
        *,
        expiration_date_time: str | None = None,
    ) -> None:
        """``expiration_date_time`` (ISO-8601) makes the numbers expire."""
        path = {"dncListId": dnc_list_id}
        self._client.call(
            "postOutboundDnclistPhonenumbers",
            path=path,
            params={
                "expirationDateTime": expiration_date_time,
            },
            body=list(body),
        )

    @implements("patchOutboundDnclistPhonenumbers")
    def patch_dnc_phone_numbers(self, dnc_list_id: str, body: Mapping[str, Any]) -> None:
        """Add and remove in one request (``DncPatchPhoneNumbersRequest``)."""
        self._client.call("patchOutboundDnclistPhonenumbers", path={"dncListId": dnc_list_id}, body=dict(body))

    @implements("deleteOutboundDnclistPhonenumbers")
    def delete_dnc_phone_numbers(self, dnc_list_id: str, *, expired_only: bool | None = None) -> None:
        """Every number of the list, or only the expired ones."""
        path = {"dncListId": dnc_list_id}
        self._client.call("deleteOutboundDnclistPhonenumbers", path=path, params={"expiredOnly": expired_only})

    @implements("postOutboundDnclistEmailaddresses")
    def add_dnc_email_addresses(self, dnc_list_id: str, body: Sequence[str]) -> None:
        self._client.call("postOutboundDnclistEmailaddresses", path={"dncListId": dnc_list_id}, body=list(body))

    @implements("patchOutboundDnclistEmailaddresses")
    def patch_dnc_email_addresses(self, dnc_list_id: str, body: Mapping[str, Any]) -> None:
        """Add and remove in one request (``DncPatchEmailsRequest``)."""
        self._client.call("patchOutboundDnclistEmailaddresses", path={"dncListId": dnc_list_id}, body=dict(body))

    @implements("deleteOutboundDnclistEmailaddresses")
    def delete_dnc_email_addresses(self, dnc_list_id: str, *, expired_only: bool | None = None) -> None:
        """Every address of the list, or only the expired ones."""
        path = {"dncListId": dnc_list_id}
        self._client.call("deleteOutboundDnclistEmailaddresses", path=path, params={"expiredOnly": expired_only})

    @implements("getOutboundDnclistImportstatus")
    def get_dnc_import_status(self, dnc_list_id: str) -> dict[str, Any]:
        return self._client.call("getOutboundDnclistImportstatus", path={"dncListId": dnc_list_id})
