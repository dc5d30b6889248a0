"""SDK scenarios of presigned uploads and bulk contact jobs (the SDK server's clock is frozen: jobs move when a
scenario advances it; 1000 contacts per second by default)."""

from __future__ import annotations

import hashlib

import PureCloudPlatformClientV2 as sdk

from tests.sdk.helpers import Ctx, add_contacts, contact_data, model, new_list, scenario, unique, wait_for_import
from tests.server.conftest import http_client

_GOOD = "firstName,phone,email\nBea,+13175550111,bea@example.com\nCy,+13175550112,cy@example.com\n"


def _criteria(value: str) -> sdk.ContactBulkSearchCriteria:
    predicate = model(
        sdk.ContactListFilterPredicate, column="firstName", column_type="alphabetic", operator="EQUALS", value=value
    )
    clause = model(sdk.ContactListFilterClause, filter_type="AND", predicates=[predicate])
    return model(sdk.ContactBulkSearchCriteria, filter_type="AND", clauses=[clause])


@scenario("postOutboundContactlistsUploads")
def _presigned_upload(c: Ctx) -> None:
    created = new_list(c.api)
    request = model(
        sdk.ContactListUploadUrlRequest, content_type="text/csv", id=created.id, signed_url_timeout_seconds=300
    )
    answer = c.api.accept(c.api.outbound.post_outbound_contactlists_uploads(request), "UploadUrlResponse")
    assert answer.headers == {"Content-Type": "text/csv"} and created.id in answer.upload_key
    # The file goes to the URL as a user's code sends it to S3: a plain PUT with the returned headers, no token.
    with http_client(c.api.base_url) as client:
        put = client.put(answer.url, content=_GOOD.encode(), headers=answer.headers)
    assert put.status_code == 200, put.text
    assert put.headers["ETag"] == f'"{hashlib.md5(_GOOD.encode()).hexdigest()}"'
    status = wait_for_import(c.api, created.id)
    assert (status.state, status.total_records, status.completed_records) == ("IN_PROGRESS", 2, 2)


@scenario("postOutboundDnclistsUploads")
def _dnc_upload_url(c: Ctx) -> None:
    with http_client(c.api.base_url) as client:  # the list over plain HTTP: this scenario is about the URL
        token = {"Authorization": f"Bearer {c.api.api_client.access_token}"}
        dnc = client.post(
            "/api/v2/outbound/dnclists",
            json={"name": unique("dnc"), "dncSourceType": "rds", "contactMethod": "Phone"},
            headers=token,
        )
    assert dnc.status_code == 200, dnc.text
    request = model(sdk.DNCListUploadUrlRequest, content_type="text/csv", id=dnc.json()["id"], phone_columns="phone")
    answer = c.api.accept(c.api.outbound.post_outbound_dnclists_uploads(request), "UploadUrlResponse")
    assert answer.upload_key.startswith(f"dnclist/{dnc.json()['id']}/") and answer.url


@scenario("postOutboundContactlistContactsBulkRemove")
def _bulk_remove(c: Ctx) -> None:
    created = new_list(c.api)
    add_contacts(c.api, created.id, 3)
    body = model(sdk.ContactBulkSearchParameters, criteria=_criteria(contact_data(1)["firstName"]))
    job = c.api.accept(
        c.api.outbound.post_outbound_contactlist_contacts_bulk_remove(created.id, body), "ContactsBulkOperationJob"
    )
    assert (job.state, job.type, job.total_records, job.completed_records) == ("InProgress", "BulkDelete", 1, 0)
    c.api.advance_clock(1)
    done = c.api.accept(
        c.api.outbound.get_outbound_contactlist_contacts_bulk_job(created.id, job.id), "ContactsBulkOperationJob"
    )
    assert (done.state, done.completed_records, done.percent_complete) == ("Complete", 1, 100)
    assert done.download_uri  # the backup of the removed contact (generateDownloadURI defaults to true)
    found = c.api.accept(c.api.outbound.get_outbound_contactlist(created.id, include_size=True), "ContactList")
    assert found.size == 2


@scenario("postOutboundContactlistContactsBulkUpdate")
def _bulk_update(c: Ctx) -> None:
    created = new_list(c.api)
    added = add_contacts(c.api, created.id, 3)
    patch = model(sdk.DialerContact, data={"firstName": "Patched"})
    body = model(
        sdk.ContactBulkEditRequest, contact_ids=[added[0].id, added[2].id], contact=patch, generate_download_uri=False
    )
    job = c.api.accept(
        c.api.outbound.post_outbound_contactlist_contacts_bulk_update(created.id, body), "ContactsBulkOperationJob"
    )
    assert (job.type, job.total_records) == ("BulkEdit", 2)
    c.api.advance_clock(1)
    search = model(sdk.ContactListingRequest, page_number=1, page_size=10)
    page = c.api.accept(
        c.api.outbound.post_outbound_contactlist_contacts_search(created.id, search), "ContactListingResponse"
    )
    assert sorted(contact.data["firstName"] for contact in page.entities) == ["Ann1", "Patched", "Patched"]


@scenario("getOutboundContactlistContactsBulkJobs")
def _bulk_jobs(c: Ctx) -> None:
    created = new_list(c.api)
    added = add_contacts(c.api, created.id, 2)
    jobs = []
    for name in ("One", "Two"):
        body = model(
            sdk.ContactBulkEditRequest,
            contact_ids=[added[0].id],
            contact=model(sdk.DialerContact, data={"firstName": name}),
        )
        jobs.append(c.api.outbound.post_outbound_contactlist_contacts_bulk_update(created.id, body).id)
    listing = c.api.accept(
        c.api.outbound.get_outbound_contactlist_contacts_bulk_jobs(created.id), "ContactsBulkOperationJobListing"
    )
    assert listing.total == 2 and [job.id for job in listing.entities] == jobs[::-1]


@scenario("getOutboundContactlistContactsBulkJob")
def _bulk_job(c: Ctx) -> None:
    created = new_list(c.api)
    body = model(sdk.ContactBulkSearchParameters, criteria=_criteria("nobody"), generate_download_uri=False)
    job = c.api.outbound.post_outbound_contactlist_contacts_bulk_remove(created.id, body)
    found = c.api.accept(
        c.api.outbound.get_outbound_contactlist_contacts_bulk_job(created.id, job.id), "ContactsBulkOperationJob"
    )
    assert (found.id, found.state, found.total_records, found.percent_complete) == (job.id, "Complete", 0, 100)
    assert found.self_uri.endswith(f"/contacts/bulk/jobs/{job.id}")
