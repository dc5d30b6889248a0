"""CSV import of contacts into a contact list: the work behind ``POST /uploads/v2/contactlist`` (facts §7.1, seed 004).

The upload is accepted at once and imported in a background thread, so a client must poll ``…/importstatus`` as
it must against the real org. The file is streamed: Werkzeug has spooled it to a temporary file, it is read twice
with ``csv.reader`` (a cheap first pass counts the records for ``totalRecords``), and only the parsed contacts are
kept: every row is checked before any is stored, so a bad row fails the whole file and stores nothing. The checked
contacts are then stored batch by batch (:data:`WRITE_BATCH` per transaction), the import's lease refreshed
between batches. The job refers to its list by id only and re-reads it through the state module.

The import's lease (state.claim_import): the worker refreshes it at every published batch; a reader that finds
the import still claimed after the lease expired marks it FAILED, since the worker that ran it died.

What an import status shows: the vendor's ``ImportStatus`` requires ``state``, ``totalRecords``,
``completedRecords`` and ``percentComplete`` (vendor-sdk-docs/ImportStatus.md: none is ``[optional]``), and its
``state`` enum has only ``IN_PROGRESS`` and ``FAILED`` (facts §5.4; SDK 269 maps any other value to
``outdated_sdk_version``). With no terminal success value, a status that has not failed is ``IN_PROGRESS`` and says
how far it got through the counters: a successful import ends ``IN_PROGRESS`` with ``completedRecords ==
totalRecords`` and ``percentComplete`` 100, and a list that never imported shows the same "nothing left to do"
status with 0 records (:data:`NO_IMPORT`) — not ``{}`` (the required fields would be missing) and not 404 (that
would say the list is unknown). A client knows an import is over when it is ``FAILED`` or at 100 percent with every
record completed; a running import stays below 100 (its start shows 0 of 0 at 0 percent). A failed import reports
``completedRecords`` 0 (the SDK text says "number of records finished importing", and none were).
"""

from __future__ import annotations

import csv
import io
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Iterator

from flask import Flask, current_app

from contracts.outbound import ContactList, ContactListUploadResponse, ImportStatus
from mockserver.core import context, rules
from mockserver.core.errors import ApiError
from mockserver.core.tenants import Tenant
from mockserver.outbound import state
from mockserver.outbound.contact_data import ContactDataCheck, check_contact_id, new_contact_id
from mockserver.outbound.state import NO_IMPORT, StoredContact, clock, is_system_column, settings  # noqa: F401

log = logging.getLogger("mockserver.outbound.import")

PUBLISH_EVERY = 1000
"""At full speed the status is refreshed every this many rows; a transaction per row would cost more than the
import itself. A throttled import publishes every row so progress is visible row by row."""
WRITE_BATCH = 5000
"""Contacts stored per transaction: other requests get the backend between two batches."""


class ImportFailed(Exception):
    """Ends the import ``FAILED`` with this ``failureReason``; nothing of the file is stored."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Layout:
    """Which header positions feed which list column, and where the contact id comes from."""

    width: int
    columns: tuple[tuple[int, str], ...]
    id_index: int | None


class ClaimLost(Exception):
    """The import's claim is gone (its list was deleted, or its lease expired and another import took over):
    the worker stops without writing anything more."""


@dataclass
class ImportJob:
    """Everything the background thread needs: it has no request, so it carries the app and the spooled file.

    ``contact_list`` is the list as it was claimed: a PUT during the import does not change the columns the file
    is checked against."""

    app: Flask
    list_id: str
    claim: str
    contact_list: ContactList
    stream: IO[bytes]
    contact_id_name: str | None
    tenant: Tenant = field(init=False)

    def __post_init__(self) -> None:
        self.tenant = context.tenant()  # the thread has no request: it must write into the uploader's tenant

    def publish(self, status: ImportStatus) -> None:
        """Show progress and refresh the lease; :class:`ClaimLost` when the import is no longer this job's."""
        if not state.publish_import_status(self.list_id, self.claim, status):
            raise ClaimLost()


# --- starting an import (request thread) --------------------------------------------------------------------------


def start_import(list_id: str, stream: IO[bytes], contact_id_name: str | None) -> ContactListUploadResponse:
    """Mark the list importing and run the import in a daemon thread; the thread owns (and closes) ``stream``."""
    try:
        claim, contact_list = state.claim_import(list_id)  # OUT-UPLOAD-IMPORTING while another import runs
    except ApiError:
        stream.close()
        raise
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    job = ImportJob(app, list_id, claim, contact_list, stream, contact_id_name)
    threading.Thread(target=run_import, args=(job,), name=f"csv-import-{list_id}", daemon=True).start()
    return ContactListUploadResponse(id=list_id, state="IN_PROGRESS")


def import_status(list_id: str) -> ImportStatus:
    """``GET …/importstatus``: the list's latest import status (404 only for an unknown list)."""
    return state.import_status(list_id)


# --- the import (background thread) -------------------------------------------------------------------------------


def run_import(job: ImportJob) -> None:
    """Thread target: import, then publish the final status and release the claim whatever happened."""
    with job.app.app_context(), context.use_tenant(job.tenant):
        text = io.TextIOWrapper(job.stream, encoding="utf-8-sig", newline="")
        try:
            state.finish_import(job.list_id, job.claim, _import(job, text))
        except ImportFailed as failed:
            state.fail_import(job.list_id, job.claim, failed.reason)
        except ClaimLost:
            log.warning("CSV import into contact list %s lost its claim and stopped", job.list_id)
        except Exception:  # a bug must not leave the list importing until its lease expires
            log.exception("CSV import into contact list %s failed", job.list_id)
            state.fail_import(job.list_id, job.claim, "The import stopped unexpectedly.")
        finally:
            text.close()  # also closes the spooled file


def _import(job: ImportJob, text: io.TextIOWrapper) -> ImportStatus:
    trim = job.contact_list.trim_whitespace is not False  # server default true (facts §5.3)
    header = _read_header(csv.reader(text))
    layout = header_layout(header, job.contact_list, job.contact_id_name, trim=trim)
    total = _count(job, text)
    progress = _Progress(job, total, settings().outbound.import_rows_per_second)
    progress.publish()
    text.seek(0)
    reader = csv.reader(text)
    next(reader)  # the header, already checked
    contacts = _parse(job, reader, layout, progress, trim=trim)
    _store(job, contacts, progress)
    return ImportStatus(state="IN_PROGRESS", total_records=total, completed_records=total, percent_complete=100)


def _count(job: ImportJob, text: io.TextIOWrapper) -> int:
    """The file's data records (the first pass), keeping the lease alive on a file too large to count in a few
    seconds (the status still shows the start: 0 of 0)."""
    total = 0
    for total, _ in enumerate(_records(csv.reader(text)), start=1):
        if total % (PUBLISH_EVERY * 100) == 0:
            job.publish(state.IMPORT_STARTED)
    return total


def _read_header(reader: Iterator[list[str]]) -> list[str]:
    try:
        return next(reader)
    except StopIteration:
        return []
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ImportFailed(_unreadable(exc)) from None


def _unreadable(exc: Exception) -> str:
    """Why the file cannot be read as CSV: not a rule that can be switched off, since nothing can be imported."""
    if isinstance(exc, UnicodeDecodeError):
        return "The file is not UTF-8 encoded text."
    return f"The file is not valid CSV: {exc}."


def header_layout(
    header: list[str], contact_list: ContactList, contact_id_name: str | None, *, trim: bool = True
) -> Layout:
    """Check the header against ``columnNames`` (HC rules of facts §7.1) and map its positions.

    Every header column must be a list column, or a system column of an export (facts §7.3): a file exported by
    the mock or the real org (``inin-outbound-id`` first) can be uploaded back, as the official Terraform provider
    does with ``contact-id-name=inin-outbound-id``; system columns are not stored as data. A header may omit list
    columns (those contacts simply have no value there). With OUT-IMPORT-HEADER switched off the import goes on
    with what it can use: unknown and repeated columns are ignored, and a missing id column means generated ids.
    """
    names = [name.strip() for name in header] if trim else list(header)
    if not any(names):
        _header_problem("the file is empty or its first line is blank")
        return Layout(len(names), (), None)
    allowed = set(contact_list.column_names)
    seen: set[str] = set()
    columns: list[tuple[int, str]] = []
    for index, name in enumerate(names):
        if not name:
            _header_problem(f"column {index + 1} of the header has no name")
            continue
        if name in seen:
            _header_problem(f"column [{name}] appears more than once")
            continue
        seen.add(name)
        if name in allowed:
            columns.append((index, name))
        elif not is_system_column(name):
            _header_problem(
                f"[{name}] is not a column of the contact list (its columns are: "
                f"{', '.join(contact_list.column_names)})"
            )
    if not columns:
        _header_problem(f"it has none of the contact list's columns ({', '.join(contact_list.column_names)})")
    id_index = None
    if contact_id_name:
        if contact_id_name in seen:
            id_index = names.index(contact_id_name)
        else:
            _header_problem(f"the contact-id-name column [{contact_id_name}] is not in the header")
    return Layout(len(names), tuple(columns), id_index)


def _header_problem(problem: str) -> None:
    reason = rules.failure_reason("OUT-IMPORT-HEADER", {"problem": problem})
    if reason is not None:
        raise ImportFailed(reason)


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Data records with their row number (the header is row 1, as a spreadsheet shows the file).

    Blank lines at the end of the file are ignored; a blank line followed by more data is a row with no fields,
    which then fails the field-count check.
    """
    number, blank = 1, None
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:  # decoded a block at a time: no trustworthy row number
            raise ImportFailed(_unreadable(exc)) from None
        except csv.Error as exc:
            raise ImportFailed(_row_reason(number, _unreadable(exc)) or _unreadable(exc)) from None
        if not row:
            blank = blank or number
            continue
        if blank is not None:
            yield blank, []
            blank = None
        yield number, row


def _row_reason(number: int, problem: str) -> str | None:
    return rules.failure_reason("OUT-IMPORT-ROW", {"row": number, "problem": problem.rstrip(".")})


def _parse(
    job: ImportJob, reader: Iterator[list[str]], layout: Layout, progress: _Progress, *, trim: bool
) -> list[StoredContact]:
    """Every row as a checked contact; the first bad row ends the import (OUT-IMPORT-ROW) unless it is off.

    With an id column, a later row with the same id replaces the earlier one (the upsert of facts §6.2), so the
    contacts are collected by id; generated ids are unique, so a plain list does (and costs less memory).
    """
    now = clock().now()
    by_id: dict[str, StoredContact] = {}
    plain: list[StoredContact] = []
    check_data = ContactDataCheck(job.contact_list)
    for number, row in _records(reader):
        contact = _contact(check_data, layout, row, now, trim=trim)
        if isinstance(contact, str):
            reason = _row_reason(number, contact)
            if reason is not None:
                raise ImportFailed(reason)
        elif layout.id_index is None:
            plain.append(contact)
        else:
            by_id[contact.id] = contact
        progress.step()
    return plain if layout.id_index is None else list(by_id.values())


def _contact(
    check_data: ContactDataCheck, layout: Layout, row: list[str], now: datetime, *, trim: bool
) -> StoredContact | str:
    """The row as a contact, or the problem with it (a rule's message, as ``POST …/contacts`` would give)."""
    if len(row) != layout.width:
        return f"it has {len(row)} fields but the header has {layout.width}"
    # No trimmed copy of the row: one less list per row counts when a file has a million of them.
    data = {name: row[index].strip() if trim else row[index] for index, name in layout.columns}
    try:
        if layout.id_index is None:
            contact_id = new_contact_id()
        else:
            contact_id = row[layout.id_index].strip() if trim else row[layout.id_index]
            if not contact_id:
                return "the contact id is empty"
            check_contact_id(contact_id)
        check_data(data)
    except ApiError as err:
        return err.message
    return StoredContact(contact_id, data, now)


def _store(job: ImportJob, contacts: list[StoredContact], progress: _Progress) -> None:
    """Store the file's contacts batch by batch, or fail the import when the list would overflow (OUT-IMPORT-LIMIT).

    The limit is checked for the whole file first, so a file that does not fit stores nothing (OUT-IMPORT-LIMIT,
    or OUT-LIST-CONTACT-LIMIT's message when that rule is switched off); each batch is then checked again in its
    transaction (exact under concurrency): a list filled by other writers meanwhile ends the import with the
    batches before kept.
    """
    limit = settings().outbound.max_contacts_per_list
    if state.size_after_upsert(job.list_id, [contact.id for contact in contacts]) > limit:
        reason = rules.failure_reason("OUT-IMPORT-LIMIT", {"max": limit}) or rules.failure_reason(
            "OUT-LIST-CONTACT-LIMIT", {"max": limit}
        )
        if reason is not None:
            raise ImportFailed(reason)
    for start in range(0, len(contacts), WRITE_BATCH):
        try:
            state.upsert_contacts(job.list_id, contacts[start : start + WRITE_BATCH])
        except ApiError as err:  # OUT-LIST-CONTACT-LIMIT (OUT-IMPORT-LIMIT switched off), or the list is gone
            raise ImportFailed(err.message) from None
        progress.publish()


def pace(rate: float, started: float, done: int) -> None:
    """Wait until row ``done`` is due at ``rate`` rows per second since ``started`` (monotonic seconds).

    The import's throttle, looked up at each row so a test can replace it with a gate that lets rows through one
    by one (tests/api/test_outbound_upload.py): what ``IN_PROGRESS`` shows then follows the test, not the timing.
    """
    delay = started + done / rate - time.monotonic()
    if delay > 0:
        time.sleep(delay)


class _Progress:
    """Publishes ``IN_PROGRESS`` counts and paces the import to ``rows_per_second`` (0 means full speed).

    Pacing is against real time, not the mock clock: it exists so tests and demos can watch ``IN_PROGRESS``.
    With a rate, row ``n``'s count is published before row ``n + 1`` is paced (:func:`pace`).
    """

    def __init__(self, job: ImportJob, total: int, rows_per_second: float) -> None:
        self.job, self.total, self.rate = job, total, rows_per_second
        self.done = 0
        self.started = time.monotonic()

    def step(self) -> None:
        self.done += 1
        if self.rate:
            pace(self.rate, self.started, self.done)
            self.publish()
        elif self.done % PUBLISH_EVERY == 0:
            self.publish()

    def publish(self) -> None:
        percent = self.done * 100 // self.total if self.total else 0
        status = ImportStatus(
            state="IN_PROGRESS",
            total_records=self.total,
            completed_records=self.done,
            percent_complete=min(percent, 99),
        )
        self.job.publish(status)
