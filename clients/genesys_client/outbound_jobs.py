"""Presigned upload URLs and asynchronous contact bulk jobs of the outbound area (issue 16)."""

from __future__ import annotations

from typing import Any, Mapping

from clients.genesys_client.base import Area, coerce, implements
from contracts.outbound import (
    ContactBulkEditRequest,
    ContactBulkSearchParameters,
    ContactListUploadUrlRequest,
    ContactsBulkOperationJob,
    ContactsBulkOperationJobListing,
    DNCListUploadUrlRequest,
    UploadUrlResponse,
)


class OutboundJobsMixin(Area):
    """Mixed into ``client.outbound``: presigned uploads and contact bulk jobs."""

    @implements("postOutboundContactlistsUploads")
    def create_contact_list_upload_url(
        self,
        body: ContactListUploadUrlRequest | Mapping[str, Any],
    ) -> UploadUrlResponse:
        """A presigned URL to PUT a contact-list CSV to."""
        return self._client.call("postOutboundContactlistsUploads", body=coerce(ContactListUploadUrlRequest, body))

    @implements("postOutboundDnclistsUploads")
    def create_dnc_list_upload_url(self, body: DNCListUploadUrlRequest | Mapping[str, Any]) -> UploadUrlResponse:
        """A presigned URL to PUT a DNC-list CSV to."""
        return self._client.call("postOutboundDnclistsUploads", body=coerce(DNCListUploadUrlRequest, body))

    @implements("postOutboundContactlistContactsBulkRemove")
    def bulk_remove_contacts(
        self,
        contact_list_id: str,
        body: ContactBulkSearchParameters | Mapping[str, Any],
    ) -> ContactsBulkOperationJob:
        """Start a job removing the contacts that match; poll :meth:`get_contact_bulk_job`."""
        path = {"contactListId": contact_list_id}
        return self._client.call(
            "postOutboundContactlistContactsBulkRemove", path=path, body=coerce(ContactBulkSearchParameters, body)
        )

    @implements("postOutboundContactlistContactsBulkUpdate")
    def bulk_update_contacts(
        self,
        contact_list_id: str,
        body: ContactBulkEditRequest | Mapping[str, Any],
    ) -> ContactsBulkOperationJob:
        """Start a job editing the contacts that match; poll :meth:`get_contact_bulk_job`."""
        path = {"contactListId": contact_list_id}
        return self._client.call(
            "postOutboundContactlistContactsBulkUpdate", path=path, body=coerce(ContactBulkEditRequest, body)
        )

    @implements("getOutboundContactlistContactsBulkJobs")
    def list_contact_bulk_jobs(self, contact_list_id: str) -> ContactsBulkOperationJobListing:
        return self._client.call("getOutboundContactlistContactsBulkJobs", path={"contactListId": contact_list_id})

    @implements("getOutboundContactlistContactsBulkJob")
    def get_contact_bulk_job(self, contact_list_id: str, job_id: str) -> ContactsBulkOperationJob:
        path = {"contactListId": contact_list_id, "jobId": job_id}
        return self._client.call("getOutboundContactlistContactsBulkJob", path=path)
