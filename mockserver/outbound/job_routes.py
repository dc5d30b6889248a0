"""Routes of presigned uploads and bulk contact jobs: thin views over presigned.py and bulk_jobs.py.

Also the list's settling hook: before any request on a contact list (a ``contactListId`` in the path), its bulk
jobs catch up with the mock's clock, so what the request reads or writes already shows their progress.
"""

from __future__ import annotations

from flask import Response, request

from contracts.outbound import (
    ContactBulkEditRequest,
    ContactBulkSearchParameters,
    ContactListUploadUrlRequest,
    ContactsBulkOperationJob,
    ContactsBulkOperationJobListing,
    DNCListUploadUrlRequest,
    UploadUrlResponse,
)
from mockserver.core.binding import bind
from mockserver.core.limits import body_limit_of_view, upload_limit
from mockserver.outbound import bulk_jobs, job_state, presigned
from mockserver.outbound.blueprint import outbound


@outbound.before_request
def settle_list_jobs() -> None:
    list_id = (request.view_args or {}).get("contactListId")
    if list_id:
        job_state.settle_jobs(list_id)


@bind(outbound, "postOutboundContactlistsUploads")
def post_contact_list_upload_url(body: ContactListUploadUrlRequest) -> UploadUrlResponse:
    return presigned.contact_list_upload(body, request.host_url)


@bind(outbound, "postOutboundDnclistsUploads")
def post_dnc_list_upload_url(body: DNCListUploadUrlRequest) -> UploadUrlResponse:
    return presigned.dnc_list_upload(body, request.host_url)


@outbound.put(presigned.UPLOADS_PATH + "/<key>")
@body_limit_of_view(upload_limit)
def put_presigned_upload(key: str) -> Response:
    """The upload URL itself. No bearer token: it stands for the real org's presigned storage URL."""
    return presigned.receive(key, request.args.get("tenant"))


@bind(outbound, "postOutboundContactlistContactsBulkRemove")
def post_bulk_remove(contactListId: str, body: ContactBulkSearchParameters) -> ContactsBulkOperationJob:
    return bulk_jobs.start_remove(contactListId, body)


@bind(outbound, "postOutboundContactlistContactsBulkUpdate")
def post_bulk_update(contactListId: str, body: ContactBulkEditRequest) -> ContactsBulkOperationJob:
    return bulk_jobs.start_update(contactListId, body)


@bind(outbound, "getOutboundContactlistContactsBulkJobs")
def get_bulk_jobs(contactListId: str) -> ContactsBulkOperationJobListing:
    return bulk_jobs.list_jobs(contactListId)


@bind(outbound, "getOutboundContactlistContactsBulkJob")
def get_bulk_job(contactListId: str, jobId: str) -> ContactsBulkOperationJob:
    return bulk_jobs.get_job(contactListId, jobId)
