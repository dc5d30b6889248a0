"""The whole CSV workflow: prepare the file, upload it, wait for the import, count what arrived.

``import_csv`` is what the seeds tried to do in one wrong request (facts §11 a, e): create the list from the CSV
header, normalise phones, upload on the apps host, poll ``importstatus``, then read the list's ``size`` so the
caller gets an exact count instead of trusting the upload's acknowledgement.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from clients.genesys_client.csvtools import contact_list_from_header, prepare_csv, read_header
from clients.genesys_client.phones import DEFAULT_REGION, PhoneProblem
from clients.genesys_client.uploads import ImportProgress, UploadProgress
from contracts.outbound import ContactList, ImportStatus

if TYPE_CHECKING:
    from clients.genesys_client.client import GenesysClient

log = logging.getLogger("genesys_client.csvimport")


@dataclass
class ImportReport:
    """What happened to a file: rows read, accepted (uploaded) and rejected, the final import status and the
    list's size afterwards."""

    contact_list: ContactList
    rows: int = 0
    accepted: int = 0
    rejected: list[PhoneProblem] = field(default_factory=list)
    status: ImportStatus | None = None
    size: int | None = None

    @property
    def failed(self) -> bool:
        return self.status is not None and self.status.state == "FAILED"

    def summary(self) -> dict[str, Any]:
        """Plain data for JSON/table output."""
        status = self.status
        return {
            "contactListId": self.contact_list.id,
            "name": self.contact_list.name,
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": len(self.rejected),
            "imported": status.completed_records if status and not self.failed else 0,
            "size": self.size,
            "state": "FAILED" if self.failed else ("FINISHED" if status else "UPLOADED"),
            "failureReason": status.failure_reason if status else None,
            "rejectedRows": [str(problem) for problem in self.rejected],
        }


def upload_file(
    client: GenesysClient,
    contact_list_id: str,
    path: str | Path,
    *,
    contact_list: ContactList | None = None,
    normalize: bool = True,
    default_region: str | None = DEFAULT_REGION,
    require_valid: bool = False,
    contact_id_name: str | None = None,
    wait: bool = True,
    on_upload: UploadProgress | None = None,
    on_import: ImportProgress | None = None,
    **wait_options: Any,
) -> ImportReport:
    """Upload a CSV into an existing list (its phone columns are normalised) and, by default, wait for it."""
    outbound = client.outbound
    contact_list = contact_list or outbound.get_contact_list(contact_list_id)
    phones = [column.column_name for column in contact_list.phone_columns or []]
    prepared = prepare_csv(
        path, phones, default_region=default_region, require_valid=require_valid, normalize=normalize
    )
    report = ImportReport(contact_list, rows=prepared.rows, accepted=prepared.accepted, rejected=prepared.rejected)
    with prepared.file:
        previous: ImportStatus | None = outbound.get_import_status(contact_list_id)
        answer = outbound.upload_csv(
            contact_list_id,
            prepared.file,
            filename=Path(path).name,
            contact_id_name=contact_id_name,
            on_progress=on_upload,
        )
    if answer.state == "IN_PROGRESS":
        previous = None  # the acknowledgement already shows the new import: no stale status to wait out
    if wait:
        report.status = outbound.wait_for_import(
            contact_list_id, previous=previous, on_progress=on_import, **wait_options
        )
        report.size = outbound.get_contact_list(contact_list_id, include_size=True).size
    return report


def import_csv(
    client: GenesysClient,
    path: str | Path,
    name: str,
    *,
    phone_columns: Sequence[str] | None = None,
    email_columns: Sequence[str] | None = None,
    **options: Any,
) -> ImportReport:
    """Create a list named ``name`` from the CSV's header, then :func:`upload_file` into it.

    If the upload fails the list stays (the error names it) so the failure can be looked at; delete it with
    ``client.outbound.delete_contact_list``.
    """
    definition = contact_list_from_header(
        name, read_header(path), phone_columns=phone_columns, email_columns=email_columns
    )
    created = client.outbound.create_contact_list(definition)
    assert created.id is not None
    try:
        return upload_file(client, created.id, path, contact_list=created, **options)
    except Exception as exc:
        note = f"contact list {created.id} ({name}) was created before the failure"
        if hasattr(exc, "add_note"):  # Python 3.11+; on 3.10 the log line has to do
            exc.add_note(note)
        log.info("%s", note)
        raise
