"""State of the outbound area: its tables and the named operations every route and service goes through.

Tables (in the tenant's namespace of the state backend, mockserver/state/backend.py):

- :data:`LISTS`: list id -> :class:`~mockserver.outbound.records.ListRecord` (the list, its import status and
  claim, its latest export id), in creation order;
- :data:`NAMES`: list name -> ids of the lists with that name, so a duplicate-name check is one read, exact
  under concurrency because it is made in the transaction that writes;
- :data:`CONTACTS` ``.of(list_id)``: contact id -> :class:`StoredContact` (compact: a list may hold a million);
- :data:`EXPORTS`: export id -> :class:`~mockserver.outbound.records.ExportFile`;
- :data:`BULK_JOBS` ``.of(list_id)`` and :data:`BULK_TARGETS` ``.of(list_id)``: the list's bulk contact jobs and
  the contact ids each works through (their operations are in job_state.py; dropped here with the list).

Every check-then-write (limits, duplicate names, versions, the import claim) runs inside one ``atomic()``; the
functions given to ``atomic()`` read and decide only (a Redis backend may run them again), and side effects
(``keep_long_lived``) happen after. Large reads go batch by batch (:func:`contact_batches`).
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import operator
import threading
import time
import uuid
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator

from contracts.base import format_genesys_datetime
from contracts.outbound import ContactList, ImportStatus
from mockserver.core import rules
from mockserver.core.context import clock, settings, tenant_state  # noqa: F401 (settings: the area's accessor)
from mockserver.core.errors import not_found
from mockserver.core.ids import random_uuid, uri_segment  # noqa: F401 (random_uuid: the area's id maker, re-exported)
from mockserver.outbound.job_records import JOB_CODEC, TARGETS_CODEC, BulkJob
from mockserver.outbound.records import EXPORT_CODEC, LIST_CODEC, NAME_CODEC, ExportFile, ListRecord
from mockserver.outbound.stored import CONTACT_CODEC, StoredContact
from mockserver.state import Table, TenantState, Tx

CONTACT_LISTS_PATH = "/api/v2/outbound/contactlists"
# Columns the dialer adds to exports (facts §7.3): never a list's own column, accepted in an uploaded header.
SYSTEM_COLUMNS = frozenset(
    {
        "inin-outbound-id",
        "ContactCallable",
        "ContactableByVoice",
        "ContactableBySms",
        "ContactableByEmail",
        "ZipCodeAutomaticTimeZone",
    }
)
SYSTEM_PREFIXES = ("CallRecordLastAttempt-", "CallRecordLastResult-", "CallRecordLastAgentWrapup-",
                   "SmsLastAttempt-", "SmsLastResult-", "Callable-", "ContactableByVoice-", "ContactableBySms-",
                   "AutomaticTimeZone-")  # fmt: skip

LISTS: Table[ListRecord] = Table("outbound.lists", LIST_CODEC)
NAMES: Table[tuple[str, ...]] = Table("outbound.names", NAME_CODEC)
CONTACTS: Table[StoredContact] = Table("outbound.contacts", CONTACT_CODEC)
EXPORTS: Table[ExportFile] = Table("outbound.exports", EXPORT_CODEC)
BULK_JOBS: Table[BulkJob] = Table("outbound.bulk-jobs", JOB_CODEC)
BULK_TARGETS: Table[tuple[str, ...]] = Table("outbound.bulk-targets", TARGETS_CODEC)

SCAN_BATCH = 2000
"""Contacts read per batch by searches and exports."""
LEASE_SECONDS = 30.0
"""How long an import's claim holds without news from the worker running it (real seconds)."""
LEASE_LOST = "The import stopped: the server process running it ended before it finished."

NameTaken = Callable[[str], bool]
"""Whether a list other than the one being written has this name (read in the writing transaction)."""


def is_system_column(name: str) -> bool:
    return name in SYSTEM_COLUMNS or name.startswith(SYSTEM_PREFIXES)


def _state(state: TenantState | None) -> TenantState:
    return state if state is not None else tenant_state()


def _require(tx: Tx, list_id: str) -> ListRecord:
    """The list, or the real 404 (facts §5.5: ``not.found``)."""
    record = tx.get(LISTS, list_id)
    if record is None:
        raise not_found(list_id)
    return record


def _name_taken(tx: Tx, own_id: str | None) -> NameTaken:
    return lambda name: any(list_id != own_id for list_id in tx.get(NAMES, name) or ())


def _index_name(tx: Tx, name: str | None, list_id: str, *, add: bool) -> None:
    key = name or ""
    ids = tuple(i for i in tx.get(NAMES, key) or () if i != list_id)
    if add:
        ids = (*ids, list_id)
    if ids:
        tx.put(NAMES, key, ids)
    else:
        tx.delete(NAMES, key)


# --- lists ---------------------------------------------------------------------------------------------------------


def get_list(list_id: str) -> ListRecord | None:
    return tenant_state().view().get(LISTS, list_id)


def require_list(list_id: str) -> ListRecord:
    """The list, or the real 404 (facts §5.5: ``not.found``)."""
    return _require(tenant_state().view(), list_id)


def all_lists() -> list[ListRecord]:
    """Every list in creation order (at most ``max_contact_lists`` of them)."""
    return [record for _, record in tenant_state().view().items(LISTS)]


def list_names() -> list[tuple[str, str]]:
    """``(id, name)`` of every list in creation order, read from the name index rather than the lists (over Redis
    a listing that filters and sorts by name only decodes the lists of its page: :func:`lists_by_id`). The two
    reads are not one snapshot: a list created meanwhile may show the name ``""``, one deleted may be missing
    from :func:`lists_by_id`."""
    view = tenant_state().view()
    order = view.keys(LISTS)
    names = {list_id: name for name, ids in view.items(NAMES) for list_id in ids}
    return [(list_id, names.get(list_id, "")) for list_id in order]


def list_page(offset: int, limit: int) -> tuple[list[ListRecord], int]:
    """Lists ``offset`` to ``offset + limit`` in creation order, and how many lists there are (two reads)."""
    view = tenant_state().view()
    total = view.count(LISTS)
    return ([record for _, record in view.items(LISTS, offset, limit)] if limit > 0 else []), total


def lists_by_id(list_ids: list[str]) -> list[ListRecord]:
    """The lists of these ids that exist, in that order (one read)."""
    return [record for record in tenant_state().view().get_many(LISTS, list_ids) if record is not None]


def list_size(list_id: str) -> int:
    """The number of contacts in the list."""
    return tenant_state().view().count(CONTACTS.of(list_id))


def create_list(build: Callable[[NameTaken], ContactList]) -> ContactList:
    """Store the list ``build`` makes (it runs the list's rules, given the name check) unless the org holds
    ``max_contact_lists`` already (OUT-LIST-MAX-LISTS); the name check and the count are exact under concurrency."""
    limit = settings().outbound.max_contact_lists

    def create(tx: Tx) -> ContactList:
        def name_taken(name: str) -> bool:
            tx.read_ahead(gets=[(NAMES, name)], counts=[LISTS])  # the name and the count: one round trip
            return _name_taken(tx, None)(name)

        contact_list = build(name_taken)
        rules.check(tx.count(LISTS) >= limit, "OUT-LIST-MAX-LISTS", {"max": limit})
        list_id = contact_list.id or ""
        tx.put(LISTS, list_id, ListRecord(contact_list))
        _index_name(tx, contact_list.name, list_id, add=True)
        return contact_list

    created = tenant_state().atomic(create)
    keep_long_lived(1)
    return created


def replace_list(list_id: str, build: Callable[[ContactList, NameTaken], ContactList]) -> ContactList:
    """Replace the list with what ``build`` makes of the stored one (it checks ``version`` and the rules); the
    name index follows a rename in the same transaction."""

    def replace(tx: Tx) -> ContactList:
        record = _require(tx, list_id)
        contact_list = build(record.contact_list, _name_taken(tx, list_id))
        tx.put(LISTS, list_id, dataclasses.replace(record, contact_list=contact_list))
        if contact_list.name != record.contact_list.name:
            _index_name(tx, record.contact_list.name, list_id, add=False)
            _index_name(tx, contact_list.name, list_id, add=True)
        return contact_list

    return tenant_state().atomic(replace)


def delete_lists(ids: list[str], *, must_exist: bool, in_use: Callable[[Tx, str], None] | None = None) -> None:
    """Delete lists with their contacts and export files; refused while one of them imports
    (OUT-LIST-DELETE-IMPORTING) or when ``in_use`` (read in the same transaction) refuses it (a campaign dials it).
    ``must_exist``: an unknown id is a 404, else it is skipped (bulk delete)."""
    now = time.time()

    def delete(tx: Tx) -> None:
        records = []
        for list_id in ids:
            record = _require(tx, list_id) if must_exist else tx.get(LISTS, list_id)
            if record is not None:
                rules.check(record.importing(now), "OUT-LIST-DELETE-IMPORTING")
                if in_use is not None:
                    in_use(tx, list_id)
                records.append((list_id, record))
        exports = [key for key, export in tx.items(EXPORTS) if any(export.contact_list_id == i for i, _ in records)]
        for list_id, record in records:
            tx.delete(LISTS, list_id)
            _index_name(tx, record.contact_list.name, list_id, add=False)
            tx.drop(CONTACTS.of(list_id))
            tx.drop(BULK_JOBS.of(list_id))
            tx.drop(BULK_TARGETS.of(list_id))
        tx.delete_many(EXPORTS, exports)

    tenant_state().atomic(delete)


def clear_list(list_id: str) -> None:
    """Remove every contact of the list (``POST …/clear``)."""

    def clear(tx: Tx) -> None:
        _require(tx, list_id)
        tx.drop(CONTACTS.of(list_id))

    tenant_state().atomic(clear)


# --- contacts ------------------------------------------------------------------------------------------------------


def _upsert(
    tx: Tx,
    list_id: str,
    contacts: list[StoredContact],
    limit: int,
    *,
    priority: bool,
    clear_system_data: bool,
    do_not_queue: bool,
) -> list[StoredContact]:
    table = CONTACTS.of(list_id)
    ids = [contact.id for contact in contacts]
    found = tx.get_many(table, ids)
    distinct = len(set(ids)) == len(ids)
    new = found.count(None) if distinct else len({i for i, previous in zip(ids, found) if previous is None})
    rules.check(tx.count(table) + new > limit, "OUT-LIST-CONTACT-LIMIT", {"max": limit})
    if distinct and new == len(contacts) and all(contact.priority == priority for contact in contacts):
        tx.put_many(table, zip(ids, contacts))  # the usual batch of new contacts: stored as they are
        return contacts
    existing = dict(zip(ids, found))
    stored: list[StoredContact] = []
    for contact in contacts:
        previous = existing.get(contact.id)
        if previous is not None:
            contact = contact.replaced(
                date_created=previous.date_created,
                priority=previous.priority if do_not_queue else priority,
                extra=contact.extra if clear_system_data else {**previous.extra, **contact.extra},
            )
        elif contact.priority != priority:
            contact = contact.replaced(date_created=contact.date_created, priority=priority, extra=contact.extra)
        existing[contact.id] = contact  # a later item with the same id updates this one
        stored.append(contact)
    tx.put_many(table, [(contact.id, contact) for contact in stored])
    return stored


def upsert_contacts(
    list_id: str,
    contacts: list[StoredContact],
    *,
    priority: bool = False,
    clear_system_data: bool = False,
    do_not_queue: bool = False,
) -> list[StoredContact]:
    """Upsert contacts that passed the data rules, all or none (facts §6.2), within ``max_contacts_per_list``
    exactly (OUT-LIST-CONTACT-LIMIT): 404 when the list is gone.

    An existing id is updated: its ``dateCreated`` is kept; ``clearSystemData`` drops its server-kept state;
    ``doNotQueue`` keeps its queue position (priority) instead of re-queueing it with ``priority``.
    """
    limit = settings().outbound.max_contacts_per_list

    def upsert(tx: Tx) -> list[StoredContact]:
        _require(tx, list_id)
        return _upsert(
            tx,
            list_id,
            contacts,
            limit,
            priority=priority,
            clear_system_data=clear_system_data,
            do_not_queue=do_not_queue,
        )

    stored = tenant_state().atomic(upsert)
    keep_long_lived(len(stored))
    return stored


def replace_contact(list_id: str, contact_id: str, build: Callable[[ContactList], StoredContact]) -> StoredContact:
    """``PUT …/contacts/{id}``: replace an existing contact with what ``build`` makes (it runs the data rules);
    never creates one (OUT-CONTACT-PUT-UNKNOWN, checked in the writing transaction so that a concurrent DELETE
    cannot turn the PUT into a create). Queue position and ``dateCreated`` are kept."""
    limit = settings().outbound.max_contacts_per_list

    def replace(tx: Tx) -> StoredContact:
        record = _require(tx, list_id)
        rules.check(
            tx.get(CONTACTS.of(list_id), contact_id) is None,
            "OUT-CONTACT-PUT-UNKNOWN",
            {"id": contact_id},
            field_name="contactId",
        )
        (stored,) = _upsert(
            tx, list_id, [build(record.contact_list)], limit, priority=False, clear_system_data=True, do_not_queue=True
        )
        return stored

    return tenant_state().atomic(replace)


def get_contact(list_id: str, contact_id: str) -> StoredContact:
    """One contact; an unknown list or contact is the real 404 ``not.found``."""
    view = tenant_state().view()
    _require(view, list_id)
    contact = view.get(CONTACTS.of(list_id), contact_id)
    if contact is None:
        raise not_found(contact_id)
    return contact


def get_contacts(list_id: str, contact_ids: list[str]) -> list[StoredContact]:
    """The contacts with these ids in request order; unknown ids are skipped."""
    view = tenant_state().view()
    _require(view, list_id)
    return [contact for contact in view.get_many(CONTACTS.of(list_id), contact_ids) if contact is not None]


def delete_contact(list_id: str, contact_id: str) -> None:
    """Delete one contact; 404 when the list or the contact is unknown."""

    def delete(tx: Tx) -> None:
        _require(tx, list_id)
        table = CONTACTS.of(list_id)
        if tx.get(table, contact_id) is None:
            raise not_found(contact_id)
        tx.delete(table, contact_id)

    tenant_state().atomic(delete)


def delete_contacts(list_id: str, contact_ids: Iterable[str]) -> None:
    """Delete contacts by id; ids the list does not hold are ignored (404 only for an unknown list)."""

    def delete(tx: Tx) -> None:
        _require(tx, list_id)
        tx.delete_many(CONTACTS.of(list_id), contact_ids)

    tenant_state().atomic(delete)


def size_after_upsert(list_id: str, contact_ids: list[str], batch: int = SCAN_BATCH) -> int:
    """How many contacts the list would hold with these ids upserted (as of now; the upsert checks again)."""
    view = tenant_state().view()
    table = CONTACTS.of(list_id)
    size = view.count(table)
    for start in range(0, len(contact_ids), batch):
        size += sum(1 for found in view.get_many(table, contact_ids[start : start + batch]) if found is None)
    return size


def contact_batches(list_id: str, batch: int = SCAN_BATCH) -> Iterator[list[StoredContact]]:
    """The list's contacts in insertion order, ``batch`` at a time (never the whole list in memory at once);
    contacts written meanwhile may or may not appear."""
    second = operator.itemgetter(1)
    for chunk in tenant_state().scan(CONTACTS.of(list_id), batch):
        yield list(map(second, chunk))


# --- CSV import ----------------------------------------------------------------------------------------------------

IMPORT_STARTED = ImportStatus(state="IN_PROGRESS", total_records=0, completed_records=0, percent_complete=0)
NO_IMPORT = ImportStatus(state="IN_PROGRESS", total_records=0, completed_records=0, percent_complete=100)
"""The status of a list that never imported: nothing to do, all of it done (see csv_import's docstring)."""


def _lost(status: ImportStatus | None) -> ImportStatus:
    total = status.total_records if status is not None else None
    return ImportStatus(
        state="FAILED", total_records=total or 0, completed_records=0, percent_complete=0, failure_reason=LEASE_LOST
    )


def claim_import(list_id: str, lease_seconds: float = LEASE_SECONDS) -> tuple[str, ContactList]:
    """Mark the list importing, in the transaction that checks no other import runs on it (two imports at once
    would race on one ``importStatus``: rule OUT-UPLOAD-IMPORTING). Returns the claim (which the worker passes
    to every later call) and the list as it is now (a PUT during the import does not change the columns the file
    is checked against). A claim whose lease has expired no longer counts: the new import replaces it.
    ``lease_seconds``: how long the claim holds before the worker's first news (tests give a lease in the past)."""
    claim, now = uuid.uuid4().hex, time.time()

    def take(tx: Tx) -> ContactList:
        record = _require(tx, list_id)
        rules.check(record.importing(now), "OUT-UPLOAD-IMPORTING")
        tx.put(
            LISTS,
            list_id,
            dataclasses.replace(
                record, import_status=IMPORT_STARTED, import_claim=claim, import_lease=now + lease_seconds
            ),
        )
        return record.contact_list

    return claim, tenant_state().atomic(take)


def _holds(tx: Tx, list_id: str, claim: str) -> ListRecord | None:
    record = tx.get(LISTS, list_id)
    return record if record is not None and record.import_claim == claim else None


def publish_import_status(list_id: str, claim: str, status: ImportStatus) -> bool:
    """Show ``status`` as the import's progress and push its lease forward; False when the claim is lost (the
    list was deleted, or the lease expired and another import took over): the worker must stop."""
    lease = time.time() + LEASE_SECONDS

    def publish(tx: Tx) -> bool:
        record = _holds(tx, list_id, claim)
        if record is None:
            return False
        tx.put(LISTS, list_id, dataclasses.replace(record, import_status=status, import_lease=lease))
        return True

    return tenant_state().atomic(publish)


def finish_import(list_id: str, claim: str, status: ImportStatus) -> None:
    """End the import with its final status and release the claim (nothing happens when it was lost)."""

    def finish(tx: Tx) -> None:
        record = _holds(tx, list_id, claim)
        if record is not None:
            tx.put(
                LISTS, list_id, dataclasses.replace(record, import_status=status, import_claim=None, import_lease=None)
            )

    tenant_state().atomic(finish)


def fail_import(list_id: str, claim: str, reason: str) -> None:
    """End the import ``FAILED`` with ``reason`` (``completedRecords`` 0: none of the file was kept)."""
    record = get_list(list_id)
    total = record.import_status.total_records if record is not None and record.import_status else None
    finish_import(
        list_id,
        claim,
        ImportStatus(
            state="FAILED", total_records=total or 0, completed_records=0, percent_complete=0, failure_reason=reason
        ),
    )


def _expire(list_id: str, now: float) -> ListRecord | None:
    """Mark an import whose lease expired FAILED (:data:`LEASE_LOST`) and release its claim."""

    def expire(tx: Tx) -> ListRecord | None:
        record = tx.get(LISTS, list_id)
        if record is None or not record.lease_expired(now):
            return record
        record = dataclasses.replace(
            record, import_status=_lost(record.import_status), import_claim=None, import_lease=None
        )
        tx.put(LISTS, list_id, record)
        return record

    return tenant_state().atomic(expire)


def current_status(record: ListRecord) -> ImportStatus:
    """The list's latest import status, or :data:`NO_IMPORT`.

    An import still claimed after its lease expired is over: the worker running it died (a server process that
    ended, or a thread that crashed) and nothing will finish it, so the reader marks it FAILED with
    :data:`LEASE_LOST` rather than showing ``IN_PROGRESS`` forever.
    """
    now = time.time()
    if record.lease_expired(now):
        record = _expire(record.contact_list.id or "", now) or record
    return record.import_status or NO_IMPORT


def import_status(list_id: str) -> ImportStatus:
    """``GET …/importstatus``: the list's latest import status (404 only for an unknown list)."""
    return current_status(require_list(list_id))


# --- exports -------------------------------------------------------------------------------------------------------


def save_export(export: ExportFile) -> None:
    """Make ``export`` its list's latest export; the previous file is dropped (its URI then answers 404, as an
    expired presigned URL would), so repeated exports of a large list do not pile up. 404 when the list is gone."""

    def save(tx: Tx) -> None:
        record = _require(tx, export.contact_list_id)
        if record.latest_export is not None:
            tx.delete(EXPORTS, record.latest_export)
        tx.put(EXPORTS, export.id, export)
        tx.put(LISTS, export.contact_list_id, dataclasses.replace(record, latest_export=export.id))

    tenant_state().atomic(save)


def latest_export(list_id: str) -> ExportFile | None:
    """The list's latest export file (404 for an unknown list)."""
    view = tenant_state().view()
    record = _require(view, list_id)
    return None if record.latest_export is None else view.get(EXPORTS, record.latest_export)


def find_export(export_id: str, state: TenantState | None = None) -> ExportFile | None:
    """An export file by id, in ``state``'s tenant (default: the request's)."""
    return _state(state).view().get(EXPORTS, export_id)


# --- memory ---------------------------------------------------------------------------------------------------------

FREEZE_AT = 1000
"""Long-lived objects stored (contacts, lists) after which the heap is moved out of the collector's reach."""


def keep_long_lived(count: int, state: TenantState | None = None) -> None:
    """Note that ``count`` long-lived objects were stored; every ``FREEZE_AT`` of them, ``gc.freeze()`` the heap.

    Only for the in-memory backend (the records live in this process). Stored contacts and lists live until
    deleted, hold no reference cycles (refcounting frees them) and are many: a full collection walked all of them,
    so with a million contacts each full collection froze the server, and a load test creating lists saw its p99
    latency follow (figures: docs/performance.md). Frozen objects are never walked again. A young
    collection first, so that fresh request garbage is not frozen; a tenant reset unfreezes (core), so the next
    full collection finds any cycle that was frozen anyway.
    """
    if not _state(state).backend.shared_across_processes:
        note_long_lived(count)


def note_long_lived(count: int) -> None:
    """:func:`keep_long_lived` for a caller that knows the records stay in this process."""
    global _unfrozen
    with _freeze_lock:
        _unfrozen += count
        if _unfrozen < FREEZE_AT:
            return
        _unfrozen = 0
    gc.collect(1)
    gc.freeze()


_unfrozen = 0
_freeze_lock = threading.Lock()


# --- views ---------------------------------------------------------------------------------------------------------


def contact_self_uri(list_id: str, contact_id: str) -> str:
    return f"{CONTACT_LISTS_PATH}/{uri_segment(list_id)}/contacts/{uri_segment(contact_id)}"


@functools.lru_cache(maxsize=256)
def _instant_text(value: datetime) -> str:
    """Contacts of one batch share their ``dateCreated``: format it once."""
    return format_genesys_datetime(value)


def contact_json(list_id: str, contact: StoredContact) -> dict[str, Any]:
    """A stored contact as the JSON of its ``DialerContact``: the one renderer of a stored contact, for every route
    that answers with contacts (contacts.py's ``shown`` adds a dialing campaign's verdicts to it), the inspector too.

    Building and dumping a pydantic model per contact was a third of the cost of adding 1000 contacts; this is
    the same JSON from plain data (the response-validating test app checks it against ``DialerContact``).
    """
    return {
        "id": contact.id,
        "contactListId": list_id,
        "data": contact.data,
        **contact.extra,
        "callable": contact.extra.get("callable", True),
        "configurationOverrides": {"priority": contact.priority},
        "dateCreated": _instant_text(contact.date_created),
        "selfUri": contact_self_uri(list_id, contact.id),
    }
