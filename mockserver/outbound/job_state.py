"""State of presigned uploads and bulk contact jobs: the named operations on their tables (docs/state.md).

Tables (tenant namespace):

- :data:`UPLOADS`: URL key -> :class:`PresignedUpload`, at most :data:`MAX_UPLOADS` per tenant (expired ones go
  first, then the oldest), so handing out URLs never grows state without bound;
- ``state.BULK_JOBS.of(list_id)``: job id -> :class:`BulkJob`, at most :data:`MAX_JOBS` per list (the listing
  shows the 10 most recent, facts §6.1); ``state.BULK_TARGETS.of(list_id)``: ``<jobId>:<n>`` -> the n-th chunk of
  the job's contact ids. Both are dropped with the list (state.delete_lists).

A job does its work lazily, on the mock's clock (no background thread, like the call lifecycle):
:func:`settle_jobs` applies to the contacts whatever the list's running jobs have reached by now, in one
transaction, and is called before every request on the list and before a job is shown. Every function given to
``atomic()`` only reads and decides (a Redis backend may run it again).
"""

from __future__ import annotations

import dataclasses

from mockserver.core import rules
from mockserver.core.context import clock, tenant, tenant_state, tenants
from mockserver.core.errors import not_found
from mockserver.core.shared_cache import bump_generation
from mockserver.outbound.job_records import UPLOAD_CODEC, BulkJob, JobState, PresignedUpload
from mockserver.outbound.records import ExportFile
from mockserver.outbound.state import BULK_JOBS, BULK_TARGETS, CONTACTS, EXPORTS, LISTS, _require
from mockserver.outbound.stored import StoredContact
from mockserver.state import Table, TenantState, Tx

UPLOADS: Table[PresignedUpload] = Table("outbound.presigned-uploads", UPLOAD_CODEC)
JOBS_STARTED = "outbound.bulk-jobs.started"
"""Tenant value, True once a list of the tenant started a bulk job (set in that job's transaction)."""
MAX_UPLOADS = 1000
"""Upload URLs kept per tenant; a URL pushed out answers 404 like an expired one."""
MAX_JOBS = 10
"""Jobs kept per list: a new job pushes out the oldest finished one (with its backup file)."""
CHUNK = 1000
"""Contact ids per targets record: settling reads only the chunks it works through."""


# --- presigned uploads -----------------------------------------------------------------------------------------------


def save_upload(upload: PresignedUpload) -> None:
    """Store an upload URL, dropping expired ones and then the oldest beyond :data:`MAX_UPLOADS`."""
    now = clock().time()

    def save(tx: Tx) -> None:
        stored = tx.items(UPLOADS)
        gone = [key for key, record in stored if record.expires_at <= now]
        alive = [key for key, record in stored if record.expires_at > now]
        gone += alive[: max(0, len(alive) - MAX_UPLOADS + 1)]
        tx.delete_many(UPLOADS, gone)
        tx.put(UPLOADS, upload.key, upload)

    tenant_state().atomic(save)


def find_upload(key: str, state: TenantState) -> PresignedUpload | None:
    """An upload URL's record in ``state``'s tenant (the URL names its tenant: it carries no token)."""
    return state.view().get(UPLOADS, key)


# --- bulk jobs -------------------------------------------------------------------------------------------------------


def start_job(list_id: str, job: BulkJob, targets: list[str], backup: ExportFile | None) -> BulkJob:
    """Store a new job with its contact ids (and its backup file), 404 when the list is gone.

    A list keeps :data:`MAX_JOBS` jobs: the oldest finished one is dropped to make room; when all of them still run,
    OUT-BULK-JOB-LIMIT.
    """
    jobs, chunks = BULK_JOBS.of(list_id), BULK_TARGETS.of(list_id)

    def start(tx: Tx) -> tuple[BulkJob, bool]:
        _require(tx, list_id)
        first = tx.value(JOBS_STARTED) is None
        if first:
            tx.set_value(JOBS_STARTED, True)
        kept = tx.items(jobs)
        if len(kept) >= MAX_JOBS:
            finished = [old for _, old in kept if old.state != "InProgress"]
            rules.check(not finished, "OUT-BULK-JOB-LIMIT", {"max": MAX_JOBS})
            for old in finished[: len(kept) - MAX_JOBS + 1]:
                _drop_job(tx, list_id, old)
        tx.put(jobs, job.id, job)
        tx.put_many(
            chunks,
            (
                (f"{job.id}:{n}", tuple(targets[start : start + CHUNK]))
                for n, start in enumerate(range(0, len(targets), CHUNK))
            ),
        )
        if backup is not None:
            tx.put(EXPORTS, backup.id, backup)
        return job, first

    started, first = tenant_state().atomic(start)
    if first:
        bump_generation(tenant_state().backend)  # every process's cached "no jobs here" goes (core/shared_cache.py)
    return started


def _drop_job(tx: Tx, list_id: str, job: BulkJob) -> None:
    tx.delete(BULK_JOBS.of(list_id), job.id)
    tx.delete_many(BULK_TARGETS.of(list_id), (f"{job.id}:{n}" for n in range(_chunks(job.total))))
    if job.backup is not None:
        tx.delete(EXPORTS, job.backup)


def _chunks(count: int) -> int:
    return (count + CHUNK - 1) // CHUNK


def settle_jobs(list_id: str) -> None:
    """Apply what the list's running jobs have reached on the mock's clock (a no-op without one: a single read)."""
    if not _jobs_started():
        return
    now = clock().time()
    jobs = BULK_JOBS.of(list_id)
    if not any(_has_work(job, now) for _, job in tenant_state().view().items(jobs)):
        return

    def settle(tx: Tx) -> None:
        if tx.get(LISTS, list_id) is None:
            return  # deleted meanwhile: its jobs went with it
        for _, job in tx.items(jobs):
            if not _has_work(job, now):
                continue
            due = job.due(now)
            _apply(tx, list_id, job, _targets(tx, list_id, job, job.applied, due))
            state: JobState = "Complete" if due >= job.total else "InProgress"
            tx.put(jobs, job.id, dataclasses.replace(job, applied=due, state=state))

    tenant_state().atomic(settle)


def _jobs_started() -> bool:
    """Whether any list of the tenant ever started a bulk job (since its last reset), cached per configuration
    generation: a tenant without jobs pays no read of the list's jobs before each request on a list (one round trip
    over Redis, a third of a GET by id)."""
    name, state = tenant().name, tenant_state()
    return tenants().cache.get((JOBS_STARTED, name), lambda: state.view().value(JOBS_STARTED) is not None)


def _has_work(job: BulkJob, now: float) -> bool:
    """A running job that has reached more contacts than it applied, or has reached its end."""
    return job.state == "InProgress" and (job.due(now) > job.applied or job.due(now) >= job.total)


def _targets(tx: Tx, list_id: str, job: BulkJob, start: int, end: int) -> list[str]:
    """The job's contact ids ``start`` to ``end`` (reading only the chunks that hold them)."""
    if end <= start:
        return []
    first, last = start // CHUNK, (end - 1) // CHUNK
    keys = [f"{job.id}:{n}" for n in range(first, last + 1)]
    ids = [contact_id for chunk in tx.get_many(BULK_TARGETS.of(list_id), keys) for contact_id in chunk or ()]
    offset = first * CHUNK
    return ids[start - offset : end - offset]


def _apply(tx: Tx, list_id: str, job: BulkJob, contact_ids: list[str]) -> None:
    """Remove or patch these contacts; one removed or changed meanwhile is simply skipped or patched as it is."""
    if not contact_ids:
        return
    table = CONTACTS.of(list_id)
    if job.type == "BulkDelete":
        tx.delete_many(table, contact_ids)
        return
    patched = [(found.id, _patched(found, job)) for found in tx.get_many(table, contact_ids) if found is not None]
    tx.put_many(table, patched)


def _patched(contact: StoredContact, job: BulkJob) -> StoredContact:
    """The contact with the job's data values and writable fields laid over its own (queue place and
    ``dateCreated`` kept)."""
    return StoredContact(
        contact.id,
        {**contact.data, **dict(job.patch_data)},
        contact.date_created,
        contact.priority,
        {**contact.extra, **dict(job.patch_extra)},
    )


def list_jobs(list_id: str) -> list[BulkJob]:
    """The list's kept jobs, newest first (after settling them); 404 for an unknown list."""
    settle_jobs(list_id)
    view = tenant_state().view()
    _require(view, list_id)
    return [job for _, job in reversed(view.items(BULK_JOBS.of(list_id)))]


def get_job(list_id: str, job_id: str) -> BulkJob:
    """One job (after settling); 404 ``not.found`` for an unknown list or job."""
    settle_jobs(list_id)
    view = tenant_state().view()
    _require(view, list_id)
    job = view.get(BULK_JOBS.of(list_id), job_id)
    if job is None:
        raise not_found(job_id)
    return job
