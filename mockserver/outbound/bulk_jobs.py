"""Bulk contact jobs (facts §6.1, §6.3): ``POST …/contacts/bulk/remove``, ``…/bulk/update`` and the job routes.

What the vendor documents: both routes answer at once with a ``ContactsBulkOperationJob`` (``InProgress``) and do
the work asynchronously; remove selects contacts by a filter (``contactListFilterId`` or ``criteria``, not ids),
update by ``contactIds`` and/or a filter and patches them with ``contact``; ``generateDownloadURI`` (default true)
keeps a backup of the contacts as they were, downloadable at ``downloadURI``; ``GET …/bulk/jobs`` lists the 10 most
recent jobs. The job's type is ``BulkDelete`` or ``BulkEdit``, its state ``InProgress``, ``Complete`` or ``Failed``.

How the mock does it: the request is checked completely first (selection, criteria, the patch against the list's
data rules), so a bad request starts nothing. The contacts it acts on are those selected when it starts; it then
works through them per contact at ``outbound.bulk_records_per_second`` of the mock's clock (job_state.settle_jobs,
run before every request on the list), so a client sees ``completedRecords`` grow and the contacts go (or change)
as it does, and a frozen clock holds the job until advanced. A contact deleted meanwhile is skipped and still
counts as done. The mock never fails a job (nothing in it can fail once checked); ``Failed`` is not produced.
"""

from __future__ import annotations

import uuid
from typing import Callable, Iterator

from flask import request

from contracts.outbound import (
    ContactBulkEditRequest,
    ContactBulkSearchCriteria,
    ContactBulkSearchParameters,
    ContactList,
    ContactsBulkOperationJob,
    ContactsBulkOperationJobListing,
)
from mockserver.core import rules
from mockserver.core.context import clock, settings
from mockserver.outbound import job_state, state
from mockserver.outbound.contact_data import ContactDataCheck
from mockserver.outbound.contacts import contact_test, filter_criteria, writable_extra
from mockserver.outbound.export import download_uri, render_csv
from mockserver.outbound.job_records import BulkJob, JobType
from mockserver.outbound.records import ExportFile
from mockserver.outbound.state import CONTACT_LISTS_PATH, StoredContact


def start_remove(list_id: str, body: ContactBulkSearchParameters) -> ContactsBulkOperationJob:
    """Start removing the contacts ``criteria`` (or a saved filter) selects."""
    saved = filter_criteria(list_id, body.contact_list_filter_id)
    selected = body.contact_list_filter_id is not None or _has_clauses(body.criteria)
    rules.check(
        not selected,
        "OUT-BULK-NO-SELECTION",
        {"needs": "contactListFilterId or criteria with clauses"},
        field_name="criteria",
    )
    contact_list = state.require_list(list_id).contact_list
    return _start(
        list_id,
        contact_list,
        "BulkDelete",
        _selector(contact_list, body.criteria, None, saved),
        body.generate_download_uri is not False,
    )


def start_update(list_id: str, body: ContactBulkEditRequest) -> ContactsBulkOperationJob:
    """Start patching the contacts ``contactIds`` and/or ``criteria`` select with ``contact``'s data and fields."""
    saved = filter_criteria(list_id, body.contact_list_filter_id)
    rules.check(body.contact is None, "OUT-BULK-EDIT-NO-CONTACT", field_name="contact")
    ids = body.contact_ids or None
    selected = ids is not None or body.contact_list_filter_id is not None or _has_clauses(body.criteria)
    rules.check(
        not selected,
        "OUT-BULK-NO-SELECTION",
        {"needs": "contactIds, contactListFilterId or criteria with clauses"},
        field_name="contactIds",
    )
    contact_list = state.require_list(list_id).contact_list
    data = dict(body.contact.data) if body.contact is not None else {}
    ContactDataCheck(contact_list)(data, field="contact.data")
    extra = writable_extra(body.contact) if body.contact is not None else {}
    return _start(
        list_id,
        contact_list,
        "BulkEdit",
        _selector(contact_list, body.criteria, ids, saved),
        body.generate_download_uri is not False,
        tuple(data.items()),
        tuple(extra.items()),
    )


def _has_clauses(criteria: ContactBulkSearchCriteria | None) -> bool:
    return criteria is not None and bool(criteria.clauses)


Selector = Callable[[list[StoredContact]], list[StoredContact]]
"""Which contacts of a batch a job acts on."""


def _selector(
    contact_list: ContactList,
    criteria: ContactBulkSearchCriteria | None,
    ids: list[str] | None,
    saved: ContactBulkSearchCriteria | None,
) -> Selector:
    """Which contacts of a batch the job acts on: by id, inline criteria and the saved filter's clauses, all of
    them that are given (the criteria are checked now: a bad predicate is a 400)."""
    tests = [contact_test(contact_list, criteria)] if _has_clauses(criteria) else []
    if saved is not None:
        tests.append(contact_test(contact_list, saved, "contactListFilterId"))
    wanted = set(ids) if ids is not None else None

    def select(batch: list[StoredContact]) -> list[StoredContact]:
        if wanted is not None:
            batch = [contact for contact in batch if contact.id in wanted]
        for test in tests:
            batch = [contact for contact in batch if test(contact.data)]
        return batch

    return select


def _start(
    list_id: str,
    contact_list: ContactList,
    kind: JobType,
    select: Selector,
    backup: bool,
    patch_data: tuple[tuple[str, str], ...] = (),
    patch_extra: tuple[tuple[str, object], ...] = (),
) -> ContactsBulkOperationJob:
    """Select the contacts (batch by batch), write the backup file while doing so, and store the job."""
    targets: list[str] = []

    def selected() -> Iterator[list[StoredContact]]:
        for batch in state.contact_batches(list_id):
            chosen = select(batch)
            targets.extend(contact.id for contact in chosen)
            yield chosen

    now = clock()
    backup_file = None
    if backup:
        backup_file = ExportFile(str(uuid.uuid4()), list_id, render_csv(contact_list, selected()), now.now())
    else:
        for _ in selected():
            pass
    job = BulkJob(
        str(uuid.uuid4()),
        kind,
        now.time(),
        settings().outbound.bulk_records_per_second,
        len(targets),
        patch_data=patch_data,
        patch_extra=patch_extra,
        backup=backup_file.id if backup_file is not None else None,
    )
    return job_view(list_id, job_state.start_job(list_id, job, targets, backup_file))


def list_jobs(list_id: str) -> ContactsBulkOperationJobListing:
    """``GET …/bulk/jobs``: the list's kept jobs (at most 10), newest first."""
    jobs = [job_view(list_id, job) for job in job_state.list_jobs(list_id)]
    return ContactsBulkOperationJobListing(total=len(jobs), entities=jobs, self_uri=_jobs_path(list_id))


def get_job(list_id: str, job_id: str) -> ContactsBulkOperationJob:
    return job_view(list_id, job_state.get_job(list_id, job_id))


def job_view(list_id: str, job: BulkJob) -> ContactsBulkOperationJob:
    """The job as the API shows it; ``completedRecords`` is what has been applied to the contacts."""
    done = job.applied
    percent = 100 if job.state == "Complete" else (done * 100 // job.total if job.total else 0)
    return ContactsBulkOperationJob(
        id=job.id,
        state=job.state,
        type=job.type,
        total_records=job.total,
        completed_records=done,
        percent_complete=percent,
        download_uri=download_uri(job.backup, request.host_url) if job.backup else None,
        self_uri=f"{_jobs_path(list_id)}/{job.id}",
    )


def _jobs_path(list_id: str) -> str:
    return f"{CONTACT_LISTS_PATH}/{list_id}/contacts/bulk/jobs"
