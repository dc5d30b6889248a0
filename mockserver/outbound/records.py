"""The records the outbound area stores, and their codecs (JSON-able forms for a backend outside the process).

Records are values (mockserver/state/backend.py): frozen, never changed once stored; an operation builds the next
version with ``dataclasses.replace`` and puts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.outbound import ContactList, ImportStatus
from mockserver.state import Codec


@dataclass(frozen=True)
class ListRecord:
    """One contact list: the list as the API shows it, its latest import, the running import's claim and the id
    of its latest export (the file is in the exports table).

    ``import_claim`` names the running import (None when none runs) and ``import_lease`` is the real time
    (``time.time()``) until which the worker running it is known to be alive: the worker pushes it forward at
    every batch. A lease in the past means that worker died (state.current_status then marks the import FAILED).
    """

    contact_list: ContactList
    import_status: ImportStatus | None = None
    import_claim: str | None = None
    import_lease: float | None = None
    latest_export: str | None = None

    def importing(self, now: float) -> bool:
        """Whether an import runs on the list: claimed and its lease not yet expired."""
        return self.import_claim is not None and self.import_lease is not None and self.import_lease > now

    def lease_expired(self, now: float) -> bool:
        """Claimed, but the worker stopped refreshing the lease: it died and nothing will finish the import."""
        return self.import_claim is not None and not self.importing(now)


def _dump_list(record: ListRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"contactList": record.contact_list.dump()}
    if record.import_status is not None:
        data["importStatus"] = record.import_status.dump()
    if record.import_claim is not None:
        data["claim"], data["lease"] = record.import_claim, record.import_lease
    if record.latest_export is not None:
        data["latestExport"] = record.latest_export
    return data


def _load_list(data: dict[str, Any]) -> ListRecord:
    status = data.get("importStatus")
    return ListRecord(
        ContactList.model_validate(data["contactList"]),
        None if status is None else ImportStatus.model_validate(status),
        data.get("claim"),
        data.get("lease"),
        data.get("latestExport"),
    )


LIST_CODEC: Codec[ListRecord] = Codec(_dump_list, _load_list)

NAME_CODEC: Codec[tuple[str, ...]] = Codec(list, tuple)
"""The name index's record: the ids of the lists with that name (a tuple in memory, a JSON array outside)."""


@dataclass(frozen=True)
class ExportFile:
    """A finished export: the CSV the mock really produced, served at ``/downloads/{id}``.

    One record per export holding the whole file, not a table of chunks: the file is written in one go and served
    in one response, only the latest export of a list is kept, and a chunk table would only pay off past what one
    value of the backend holds (Redis: 512 MB, i.e. several million contacts of CSV).
    """

    id: str
    contact_list_id: str
    content: bytes
    created: datetime


def _dump_export(export: ExportFile) -> dict[str, Any]:
    return {
        "id": export.id,
        "contactListId": export.contact_list_id,
        "created": export.created.isoformat(),
        "csv": export.content.decode("utf-8"),
    }


def _load_export(data: dict[str, Any]) -> ExportFile:
    return ExportFile(
        data["id"], data["contactListId"], data["csv"].encode("utf-8"), datetime.fromisoformat(data["created"])
    )


EXPORT_CODEC: Codec[ExportFile] = Codec(_dump_export, _load_export)
