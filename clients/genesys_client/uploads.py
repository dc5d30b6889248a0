"""CSV upload to the apps host, waiting for the import, and downloading an export (facts §5.4, §7.1).

The real upload route is ``POST https://apps.<env>/uploads/v2/contactlist`` with the multipart fields ``file``,
``id``, ``fileType=contactlist`` and optionally ``contact-id-name`` — not the seeds' ``/api/v2/.../upload`` with
``uploadOptions`` (facts §11 e). It only accepts the file: the import runs afterwards and is followed through
``…/importstatus``, whose ``state`` enum has only ``IN_PROGRESS`` and ``FAILED`` (facts §5.4). So an import is
finished when it has ``FAILED``, or when ``percentComplete`` is 100 with ``completedRecords == totalRecords``
whatever the state says (see ``mockserver/outbound/csv_import.py``: no success value exists, so a finished import
still reads ``IN_PROGRESS``).
"""

from __future__ import annotations

import io
import logging
import os
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable

from clients.genesys_client.errors import GenesysApiError
from contracts.outbound import ContactListUploadResponse, ExportUri, ImportStatus

if TYPE_CHECKING:
    from clients.genesys_client.client import GenesysClient

log = logging.getLogger("genesys_client.uploads")

UploadProgress = Callable[[int, int], None]
"""``(bytes_sent, total_bytes)``; called as the file is read, starting again at 0 if an attempt is retried."""
ImportProgress = Callable[[ImportStatus], None]


class ImportTimeout(TimeoutError):
    """The import did not finish within the deadline; ``last`` is the last status seen."""

    def __init__(self, contact_list_id: str, seconds: float, last: ImportStatus | None) -> None:
        super().__init__(
            f"import into contact list {contact_list_id} not finished after {seconds:.0f} s "
            f"(last status: {last.dump() if last else 'none'})"
        )
        self.last = last


class ProgressReader(io.RawIOBase):
    """A binary file wrapper reporting bytes read; httpx re-reads it from 0 for every attempt."""

    def __init__(self, file: IO[bytes], on_progress: UploadProgress | None) -> None:
        super().__init__()
        self._file = file
        self._callback = on_progress
        start = file.tell()
        self.total = file.seek(0, os.SEEK_END)
        file.seek(start)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._file.read(size)
        if self._callback is not None:
            self._callback(self._file.tell(), self.total)
        return chunk

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()


def is_finished(status: ImportStatus) -> bool:
    """Whether an import status is final: FAILED, or at 100 percent with every record completed."""
    return status.is_over


def upload_csv(
    client: GenesysClient,
    contact_list_id: str,
    file: str | os.PathLike[str] | IO[bytes],
    *,
    contact_id_name: str | None = None,
    filename: str | None = None,
    on_progress: UploadProgress | None = None,
) -> ContactListUploadResponse:
    """Upload a CSV (path or binary file) to the list; answers as soon as the file is accepted."""
    owned = not hasattr(file, "read")
    handle: IO[bytes] = open(file, "rb") if owned else file  # type: ignore[arg-type,assignment]
    name = filename or Path(str(getattr(handle, "name", "contacts.csv"))).name
    try:
        reader = ProgressReader(handle, on_progress)
        form = {"id": contact_list_id, "fileType": "contactlist"}
        if contact_id_name:
            form["contact-id-name"] = contact_id_name
        answer = client.call("postUploadsV2Contactlist", data=form, files=lambda: {"file": (name, reader, "text/csv")})
    finally:
        if owned:
            handle.close()
    return answer or ContactListUploadResponse(id=contact_list_id)


def wait_for_import(
    client: GenesysClient,
    contact_list_id: str,
    *,
    previous: ImportStatus | None = None,
    timeout: float = 900.0,
    poll_interval: float = 1.0,
    max_poll_interval: float = 10.0,
    start_grace: float = 30.0,
    on_progress: ImportProgress | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> ImportStatus:
    """Poll ``…/importstatus`` until the import is finished; the final status (check ``state == "FAILED"``).

    ``previous`` is the status read before uploading: a real org may still show it for a moment after the upload
    was accepted, so it does not count as the new import's result until it has been seen for ``start_grace``
    seconds (a re-import of a file with the same size ends with the very same counts). Polling slows down
    gradually from ``poll_interval`` to ``max_poll_interval`` to stay far below the rate limit.
    """
    start = clock()
    interval = poll_interval
    started = previous is None
    last: ImportStatus | None = None
    while True:
        status = client.outbound.get_import_status(contact_list_id)
        last = status
        if on_progress is not None:
            on_progress(status)
        if not is_finished(status) or (previous is not None and status != previous):
            started = True
        if is_finished(status) and (started or clock() - start >= start_grace):
            return status
        if clock() - start >= timeout:
            raise ImportTimeout(contact_list_id, timeout, last)
        sleep(interval)
        interval = min(max_poll_interval, interval * 1.5)


def download_export(
    client: GenesysClient,
    contact_list_id: str,
    *,
    timeout: float = 300.0,
    poll_interval: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> bytes:
    """Start an export, wait until its URI is there (a real org builds it asynchronously) and download it.

    The URI of an earlier export may still be served while the new one is built, so the wait is for a URI that
    differs from the one seen before starting.
    """
    outbound = client.outbound
    before = outbound.get_export(contact_list_id)
    outbound.start_export(contact_list_id)
    start = clock()
    while True:
        current: ExportUri | None = outbound.get_export(contact_list_id)
        if current is not None and current.uri and (before is None or _newer(current, before)):
            break
        if clock() - start >= timeout:
            raise TimeoutError(f"export of contact list {contact_list_id} not ready after {timeout:.0f} s")
        sleep(poll_interval)
    response = client.download(current.uri)
    if response.status_code != 200:
        raise GenesysApiError.from_response(response)
    return response.content


def _newer(current: ExportUri, before: ExportUri) -> bool:
    if current.uri != before.uri:
        return True
    return bool(
        current.export_timestamp and before.export_timestamp and current.export_timestamp > before.export_timestamp
    )
