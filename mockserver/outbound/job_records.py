"""Records of the outbound area's asynchronous work besides CSV imports: presigned uploads and bulk contact jobs.

Records are values (mockserver/state/backend.py): frozen, never changed once stored; the state module
(job_state.py) builds the next version with ``dataclasses.replace`` and puts it. Each has a codec for a backend
outside the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from mockserver.state import Codec

UploadKind = Literal["contactlist", "dnclist"]
JobType = Literal["BulkDelete", "BulkEdit"]
JobState = Literal["InProgress", "Complete", "Failed"]


@dataclass(frozen=True)
class PresignedUpload:
    """An upload URL handed out by ``POST …/contactlists/uploads`` or ``…/dnclists/uploads`` (facts §7.2).

    ``key`` is the URL's secret part (a random UUID, as a presigned URL's signature is); ``expires_at`` is on the
    mock's clock (``signedUrlTimeoutSeconds`` after creation), so advancing the clock expires it. ``options`` holds
    the request's import options (e.g. ``contactIdName``, ``phoneColumns``) by their JSON names.
    """

    key: str
    kind: UploadKind
    target_id: str
    content_type: str
    upload_key: str
    expires_at: float
    options: tuple[tuple[str, str], ...] = ()

    def option(self, name: str) -> str | None:
        return dict(self.options).get(name)


def _dump_upload(upload: PresignedUpload) -> dict[str, Any]:
    return {
        "key": upload.key,
        "kind": upload.kind,
        "targetId": upload.target_id,
        "contentType": upload.content_type,
        "uploadKey": upload.upload_key,
        "expiresAt": upload.expires_at,
        "options": dict(upload.options),
    }


def _load_upload(data: dict[str, Any]) -> PresignedUpload:
    return PresignedUpload(
        data["key"],
        data["kind"],
        data["targetId"],
        data["contentType"],
        data["uploadKey"],
        data["expiresAt"],
        tuple(data.get("options", {}).items()),
    )


UPLOAD_CODEC: Codec[PresignedUpload] = Codec(_dump_upload, _load_upload)


@dataclass(frozen=True)
class BulkJob:
    """One bulk remove or update over a list's contacts (facts §6.1, §6.3).

    The contacts it acts on are fixed when it starts (``total`` of them, their ids in the targets table, chunk by
    chunk) and it works through them at ``rate`` contacts per second of the mock's clock from ``started``:
    ``applied`` is how many have been removed or patched so far (state.settle_jobs moves it forward). ``patch`` is
    the update's ``data`` and writable fields (JSON names); ``backup`` the id of the export holding the contacts as
    they were (``generateDownloadURI``), None without one.
    """

    id: str
    type: JobType
    started: float
    rate: float
    total: int
    applied: int = 0
    state: JobState = "InProgress"
    patch_data: tuple[tuple[str, str], ...] = ()
    patch_extra: tuple[tuple[str, Any], ...] = ()
    backup: str | None = None

    def due(self, now: float) -> int:
        """How many contacts the job has worked through at ``now`` on the mock's clock."""
        if self.state != "InProgress":
            return self.applied
        elapsed = max(0.0, now - self.started)
        return min(self.total, max(self.applied, int(elapsed * self.rate)))


def _dump_job(job: BulkJob) -> dict[str, Any]:
    return {
        "id": job.id,
        "type": job.type,
        "started": job.started,
        "rate": job.rate,
        "total": job.total,
        "applied": job.applied,
        "state": job.state,
        "patchData": dict(job.patch_data),
        "patchExtra": dict(job.patch_extra),
        "backup": job.backup,
    }


def _load_job(data: dict[str, Any]) -> BulkJob:
    return BulkJob(
        data["id"],
        data["type"],
        data["started"],
        data["rate"],
        data["total"],
        data["applied"],
        data["state"],
        tuple(data["patchData"].items()),
        tuple(data["patchExtra"].items()),
        data.get("backup"),
    )


JOB_CODEC: Codec[BulkJob] = Codec(_dump_job, _load_job)

TARGETS_CODEC: Codec[tuple[str, ...]] = Codec(list, tuple)
"""A chunk of a job's contact ids (a tuple in memory, a JSON array outside)."""
