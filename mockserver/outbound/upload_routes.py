"""CSV upload on the apps host, import status, export and download (facts §5.1, §7; seed 004).

Thin views: the form is read here (the upload row has no JSON request model), the work is in csv_import.py and
export.py.
"""

from __future__ import annotations

import io
from typing import IO

from flask import Response, request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from contracts.common import DomainEntityRef
from contracts.operations import BY_ID
from contracts.outbound import ContactListUploadResponse, ContactsExportRequest, ExportUri, ImportStatus
from mockserver.core import hints, rules
from mockserver.core.binding import Query, bind
from mockserver.core.context import settings
from mockserver.core.errors import ApiError
from mockserver.core.limits import body_limit
from mockserver.outbound import csv_import, dnc, export
from mockserver.outbound.blueprint import outbound

UPLOAD_OPERATION = BY_ID["postUploadsV2Contactlist"]
_TUTORIAL_FORM = (
    "uploadOptions (duplicateCheckField, columnMappings, callbackUrl) does not exist; the form fields "
    "are file, id=<contactListId>, fileType=contactlist and optionally contact-id-name"
)

# Seed 004 posts its CSV to a route that does not exist; the real 404 gets a pointer to the real one (facts §11 e).
hints.route_hint(
    "POST",
    r"/api/v2/outbound/contactlists/[^/]+/upload",
    "There is no POST /api/v2/outbound/contactlists/{id}/upload. Upload the CSV to POST "
    "https://apps.<env>/uploads/v2/contactlist (here: /uploads/v2/contactlist) as multipart/form-data with the "
    "fields file, id=<contactListId>, fileType=contactlist and optionally contact-id-name; there is no "
    "uploadOptions, columnMappings or callbackUrl. Then poll GET /api/v2/outbound/contactlists/{id}/importstatus.",
)


@bind(outbound, "postUploadsV2Contactlist")
def post_upload() -> ContactListUploadResponse:
    stream, list_id, contact_id_name = _read_upload_form()
    if request.form.get("fileType") == DNC_LIST:
        return dnc.import_csv(list_id, stream, _columns("phoneColumns"), _columns("emailColumns"))
    return csv_import.start_import(list_id, stream, contact_id_name)


def _columns(field: str) -> list[str]:
    """A comma-joined (or repeated) column-name form field of a DNC upload."""
    return [name.strip() for value in request.form.getlist(field) for name in value.split(",") if name.strip()]


@bind(outbound, "getOutboundContactlistImportstatus")
def get_import_status(contactListId: str) -> ImportStatus:
    return csv_import.import_status(contactListId)


@bind(outbound, "postOutboundContactlistExport")
def post_export(contactListId: str, body: ContactsExportRequest | None) -> DomainEntityRef:
    return export.start_export(contactListId, body)


@bind(outbound, "getOutboundContactlistExport")
def get_export(contactListId: str, query: Query) -> ExportUri | Response:
    uri = export.export_uri(contactListId, request.host_url)
    if query["download"].strip().lower() == "true":  # a free string at the vendor (OutboundApi.md)
        return _see_other(uri.uri or "")
    return uri


@outbound.get(export.DOWNLOADS_PATH + "/<export_id>")
def download_export(export_id: str) -> Response:
    """The file an export URI points to. No bearer token: it stands for the real org's presigned URL."""
    file = export.export_file(export_id, request.args.get("tenant"))
    return Response(
        file.content,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="contactlist-{file.contact_list_id}.csv"',
        },
    )


def _see_other(location: str) -> Response:
    """``?download=true``: 303 to the file (facts §5.4), without the HTML body Flask's ``redirect`` would add."""
    response = Response(status=303, headers={"Location": location})
    del response.headers["Content-Type"]
    return response


def _read_upload_form() -> tuple[IO[bytes], str, str | None]:
    """The spooled file, the list id and ``contact-id-name`` of the multipart form (facts §7.1), or OUT-UPLOAD-FORM.

    The file's stream is detached from the request: Flask closes the request's files when the response is sent,
    while the import thread still has to read it. The thread closes it when done.
    """
    form, files = _parsed_form()
    storage = files.get("file")
    list_id = (form.get("id") or "").strip()
    wrong = _wrong_field(storage, list_id, form.get("fileType"))
    if wrong is not None:
        rules.check(True, "OUT-UPLOAD-FORM", field_name=wrong, hint=_TUTORIAL_FORM if "uploadOptions" in form else None)
        raise ApiError(400, "bad.request")  # the rule is switched off, yet there is nothing to import
    assert storage is not None
    stream, storage.stream = storage.stream, io.BytesIO()
    stream.seek(0)
    return stream, list_id, form.get("contact-id-name") or None


DNC_LIST = "dnclist"
"""The route's other ``fileType`` (the vendor's DNC upload sample): numbers for a DNC list (outbound/dnc.py)."""


def _wrong_field(storage: FileStorage | None, list_id: str, file_type: str | None) -> str | None:
    """The first form field that is missing or wrong (``dnclist`` is a known type: its id is then looked up)."""
    if storage is None:
        return "file"
    if not list_id:
        return "id"
    if file_type not in ("contactlist", DNC_LIST):
        return "fileType"
    return None


def _parsed_form() -> tuple[MultiDict[str, str], MultiDict[str, FileStorage]]:
    """``request.form`` and ``request.files``; a streamed body over the limit is the 413 of its rule.

    A declared Content-Length over the limit never gets here (app.before_request answers it); a chunked body is
    cut by Werkzeug at ``max_content_length`` while the form is parsed, and this names the rule for that case too.
    """
    try:
        return request.form, request.files
    except RequestEntityTooLarge:
        limit, rule = body_limit(UPLOAD_OPERATION, settings())
        raise ApiError(413, "request.entity.too.large", params={"maxBytes": limit}, rule=rule) from None
