"""Presigned uploads (facts §7.2): ``POST …/contactlists/uploads`` and ``…/dnclists/uploads`` hand out a URL, the
client PUTs the file there, and the file goes to the same import as ``POST /uploads/v2/contactlist``.

The real org answers with an S3 URL on another host, valid for ``signedUrlTimeoutSeconds`` and bound to the
``headers`` it returns. The mock serves the URL itself at ``/presigned-uploads/{key}``: no bearer token (the URL is
the credential, as a presigned URL is), the tenant named in the URL (``?tenant=NAME``, as the export downloads do),
expiry on the mock's clock (OUT-PRESIGN-EXPIRED) and the signed ``Content-Type`` enforced (OUT-PRESIGN-HEADERS).
A PUT starts the import at once and answers 200 with the file's ``ETag`` as S3 does; progress, rules and failures
are then exactly those of the classic upload (csv_import.py): ``GET …/{id}/importstatus``.

Which import a file goes to depends on the URL's kind: :func:`register_importer` (contact lists here; DNC lists
in dnc.py).
"""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from datetime import datetime, timezone
from typing import IO, Callable

from flask import Response, request

from contracts.base import format_genesys_datetime
from contracts.outbound import ContactListUploadUrlRequest, DNCListUploadUrlRequest, UploadUrlResponse
from mockserver.core import context, rules
from mockserver.core.context import clock, tenant, tenants
from mockserver.core.errors import ApiError, not_found
from mockserver.core.tenants import DEFAULT_TENANT
from mockserver.outbound import csv_import, dialer_state, job_state, state
from mockserver.outbound.dialer_state import DNC_LISTS
from mockserver.outbound.job_records import PresignedUpload, UploadKind

UPLOADS_PATH = "/presigned-uploads"
CONTENT_TYPES = {
    "text/csv": "csv",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
"""The MIME types the vendor allows (ContactListUploadUrlRequest.md), with the file extension of ``uploadKey``.
The mock imports the file as CSV whatever the type: an Excel workbook ends the import FAILED (not UTF-8 text)."""
DEFAULT_TIMEOUT, MAX_TIMEOUT = 600, 604800
SPOOL_IN_MEMORY = 1024 * 1024
"""Upload bytes kept in memory before the copy spills to a temporary file."""

Importer = Callable[[PresignedUpload, IO[bytes]], None]
"""Starts the import of an uploaded file (it owns the stream and closes it)."""
_IMPORTERS: dict[str, Importer] = {}


def register_importer(kind: UploadKind, importer: Importer) -> None:
    _IMPORTERS[kind] = importer


# --- handing out URLs -----------------------------------------------------------------------------------------------


def contact_list_upload(body: ContactListUploadUrlRequest, host_url: str) -> UploadUrlResponse:
    """A URL to PUT a file of contacts for list ``id`` to (404 when the list is unknown)."""
    _check_common(body.content_type, body.signed_url_timeout_seconds)
    rules.check(
        not body.id,
        "OUT-PRESIGN-TARGET",
        field_name="id",
        hint="import templates (importTemplateId) are not emulated" if body.import_template_id else None,
    )
    if not body.id:
        raise ApiError(400, "bad.request")  # the rule is switched off, yet there is no list to import into
    state.require_list(body.id)
    options = {"contactIdName": body.contact_id_name}
    return _hand_out("contactlist", body.id, body.content_type, body.signed_url_timeout_seconds, options, host_url)


def dnc_list_upload(body: DNCListUploadUrlRequest, host_url: str) -> UploadUrlResponse:
    """A URL to PUT a file of DNC entries for DNC list ``id`` to (404 when the DNC list is unknown)."""
    _check_common(body.content_type, body.signed_url_timeout_seconds)
    dialer_state.get(DNC_LISTS, body.id)  # the real 404 for an unknown DNC list
    options = {
        "phoneColumns": body.phone_columns,
        "emailColumns": body.email_columns,
        "customExclusionColumns": body.custom_exclusion_columns,
        "expirationDateTimeColumn": body.expiration_date_time_column,
        "whatsAppColumns": body.whats_app_columns,
    }
    return _hand_out("dnclist", body.id, body.content_type, body.signed_url_timeout_seconds, options, host_url)


def _check_common(content_type: str, timeout: int | None) -> None:
    rules.check(
        content_type not in CONTENT_TYPES,
        "OUT-PRESIGN-CONTENT-TYPE",
        {"value": content_type, "allowed": ", ".join(CONTENT_TYPES)},
        field_name="contentType",
    )
    rules.check(
        timeout is not None and not 1 <= timeout <= MAX_TIMEOUT,
        "OUT-PRESIGN-TIMEOUT",
        {"value": timeout},
        field_name="signedUrlTimeoutSeconds",
    )


def _hand_out(
    kind: UploadKind,
    target_id: str,
    content_type: str,
    timeout: int | None,
    options: dict[str, str | None],
    host_url: str,
) -> UploadUrlResponse:
    seconds = timeout if timeout is not None and 1 <= timeout <= MAX_TIMEOUT else DEFAULT_TIMEOUT
    key = uuid.uuid4().hex
    extension = CONTENT_TYPES.get(content_type, "csv")
    upload = PresignedUpload(
        key,
        kind,
        target_id,
        content_type,
        f"{kind}/{target_id}/{key}.{extension}",
        clock().time() + seconds,
        tuple((name, value) for name, value in options.items() if value is not None),
    )
    job_state.save_upload(upload)
    name = tenant().name
    query = "" if name == DEFAULT_TENANT else f"?tenant={name}"
    return UploadUrlResponse(
        url=f"{host_url.rstrip('/')}{UPLOADS_PATH}/{key}{query}",
        upload_key=upload.upload_key,
        headers={"Content-Type": content_type},
    )


# --- receiving the file ---------------------------------------------------------------------------------------------


def receive(key: str, tenant_name: str | None) -> Response:
    """``PUT {url}``: check the URL (known, not expired, the signed Content-Type), copy the body and start the import.

    The body is copied to a spooled file while its MD5 is computed (S3's ``ETag``); the importer owns the copy.
    """
    owner = tenants().find(tenant_name) if tenant_name is not None else tenant()
    upload = job_state.find_upload(key, owner.state) if owner is not None else None
    if owner is None or upload is None:
        raise not_found(key)
    now = clock().time()
    rules.check(now >= upload.expires_at, "OUT-PRESIGN-EXPIRED", {"expiredAt": _instant(upload.expires_at)})
    given = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    rules.check(given != upload.content_type, "OUT-PRESIGN-HEADERS", {"expected": upload.content_type, "given": given})
    importer = _IMPORTERS.get(upload.kind)
    if importer is None:
        raise ApiError(
            501,
            "not.implemented",
            f"Imports into a {upload.kind} are not emulated yet.",
            hint="the URL was handed out, but this mock has no importer for its kind",
        )
    stream, etag = _copy_body()
    with context.use_tenant(owner):
        importer(upload, stream)
    return Response(status=200, headers={"ETag": f'"{etag}"'})


def _copy_body() -> tuple[IO[bytes], str]:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    digest = hashlib.md5(usedforsecurity=False)
    try:
        source = request.stream
        while chunk := source.read(64 * 1024):
            digest.update(chunk)
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, digest.hexdigest()


def _instant(seconds: float) -> str:
    return format_genesys_datetime(datetime.fromtimestamp(seconds, timezone.utc))


def _import_contacts(upload: PresignedUpload, stream: IO[bytes]) -> None:
    """A contact file: the classic upload's import (OUT-UPLOAD-IMPORTING, 404 for a list deleted since)."""
    csv_import.start_import(upload.target_id, stream, upload.option("contactIdName"))


register_importer("contactlist", _import_contacts)
