"""DNC lists (vendor-sdk-docs/OutboundApi.md, DncList.md): CRUD, phone-number and email entries with expiry, and
the CSV import of ``POST /uploads/v2/contactlist`` with ``fileType=dnclist``.

Entries are kept per list as ``phone:<digits>`` and ``email:<lower-case address>``: a number is matched by its
digits (``+1 (555) 010-0001`` and ``+15550100001`` are one entry), which is how a contact's E.164 value meets it
(campaigns.py). Only internal lists (``dncSourceType`` ``rds``) take entries through the API ("Only Internal DNC
lists may be appended to"); the others are checked by their provider. Expiry is on the simulated clock.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from typing import IO, Any

from contracts.dialer import DNC_LISTS as DNC_PATH
from contracts.outbound import ContactListUploadResponse
from mockserver.core import rules
from mockserver.core.binding import Query, bind
from mockserver.core.phones import digits
from mockserver.generic.validation import body_document
from mockserver.outbound import dialer_state as store
from mockserver.outbound import presigned
from mockserver.outbound.blueprint import outbound
from mockserver.outbound.dialer_common import Doc, document, listing, new_doc, updated_doc, version_of
from mockserver.outbound.dialer_state import DNC_LISTS
from mockserver.outbound.job_records import PresignedUpload
from mockserver.state import Tx

PHONE, EMAIL = "phone:", "email:"
DONE = {"state": "IN_PROGRESS", "totalRecords": 0, "completedRecords": 0, "percentComplete": 100}
"""A list that never imported: nothing to do, all of it done (as a contact list's, state.NO_IMPORT)."""
_REQUIRED_BY_SOURCE = {
    "rds": ("contactMethod",),
    "rds_custom": ("customExclusionColumn",),
    "dnc.com": ("loginId", "dncCodes"),
    "gryphon": ("licenseId",),
}


def phone_key(value: str) -> str | None:
    found = digits(value)
    return PHONE + found if found else None


def email_key(value: str) -> str | None:
    text = value.strip().lower()
    return EMAIL + text if "@" in text.strip("@") and " " not in text else None


def _check_source(data: Doc) -> None:
    """The fields DncListCreate.md says a source type requires (OUT-DNC-SOURCE-FIELDS)."""
    for field in _REQUIRED_BY_SOURCE.get(data.get("dncSourceType", ""), ()):
        rules.check(
            not data.get(field),
            "OUT-DNC-SOURCE-FIELDS",
            {"field": field, "source": data.get("dncSourceType")},
            field_name=field,
        )


def _internal(doc: Doc) -> None:
    rules.check(
        doc.get("dncSourceType") != "rds",
        "OUT-DNC-NOT-INTERNAL",
        {"source": doc.get("dncSourceType")},
        field_name="dncSourceType",
    )


def show(doc: Doc, query: Query | None = None) -> Doc:
    """The list as the API shows it: ``size`` and ``importStatus`` only when asked for."""
    shown = dict(doc)
    if query is not None and query.get("includeSize"):
        shown["size"] = store.entry_count(doc["id"])
    if query is not None and query.get("includeImportStatus"):
        shown["importStatus"] = store.import_status(doc["id"]) or DONE
    return shown


def _keys(values: list[str], kind: str) -> list[str]:
    """Entry keys of the values; one that is no number (no digit) or no address is OUT-DNC-ENTRY-INVALID."""
    make = phone_key if kind == PHONE else email_key
    keys = []
    for index, value in enumerate(values):
        key = make(value)
        rules.check(key is None, "OUT-DNC-ENTRY-INVALID", {"value": value}, field_name=f"[{index}]")
        if key is not None:
            keys.append(key)
    return keys


def _expiry(text: str | None, field: str) -> float | None:
    """``yyyy-MM-ddTHH:mmZ`` (any ISO-8601 date-time is read) as epoch seconds; else OUT-DNC-EXPIRATION."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        rules.check(True, "OUT-DNC-EXPIRATION", {"value": text}, field_name=field)
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def _in_use(tx: Tx, doc: Doc) -> None:
    users = store.campaigns_using(tx, "dncLists", doc["id"])
    rules.check(bool(users), "OUT-DNC-IN-USE", {"id": doc["id"], "campaign": users[0]["id"] if users else ""})


# --- routes ---------------------------------------------------------------------------------------------------------


@bind(outbound, "postOutboundDnclists")
def post_dnc_list(body: Any) -> Doc:
    data = document(body)
    _check_source(data)
    return show(store.create(DNC_LISTS, new_doc(data, DNC_PATH)))


@bind(outbound, "getOutboundDnclists")
def get_dnc_lists(query: Query) -> Doc:
    source, divisions = query.get("dncSourceType"), set(query.get("divisionId") or [])

    def keep(doc: Doc) -> bool:
        division = (doc.get("division") or {}).get("id")
        return (not source or doc.get("dncSourceType") == source) and (not divisions or division in divisions)

    return listing(store.all_docs(DNC_LISTS), query, DNC_PATH, keep=keep, show=lambda doc: show(doc, query))


@bind(outbound, "getOutboundDnclist")
def get_dnc_list(dncListId: str, query: Query) -> Doc:
    return show(store.get(DNC_LISTS, dncListId), query)


@bind(outbound, "putOutboundDnclist")
def put_dnc_list(dncListId: str, body: Any) -> Doc:
    data = document(body)
    _check_source(data)
    return show(
        store.replace(
            DNC_LISTS, dncListId, lambda stored, _tx: updated_doc(stored, data, version_of(body), "OUT-DNC-VERSION")
        )
    )


@bind(outbound, "deleteOutboundDnclist")
def delete_dnc_list(dncListId: str) -> None:
    store.delete(DNC_LISTS, dncListId, _in_use)


@bind(outbound, "postOutboundDnclistPhonenumbers")
def post_phone_numbers(dncListId: str, body: Any, query: Query) -> None:
    expires = _expiry(query.get("expirationDateTime"), "expirationDateTime")
    store.add_entries(dncListId, _keys(list(body.root), PHONE), expires, _internal)


@bind(outbound, "patchOutboundDnclistPhonenumbers")
def patch_phone_numbers(dncListId: str, body: Any) -> None:
    _patch(dncListId, body_document(body), "phoneNumbers", PHONE)


@bind(outbound, "deleteOutboundDnclistPhonenumbers")
def delete_phone_numbers(dncListId: str, query: Query) -> None:
    store.clear_entries(dncListId, PHONE, bool(query.get("expiredOnly")), _internal)


@bind(outbound, "postOutboundDnclistEmailaddresses")
def post_email_addresses(dncListId: str, body: Any) -> None:
    store.add_entries(dncListId, _keys(list(body.root), EMAIL), None, _internal)


@bind(outbound, "patchOutboundDnclistEmailaddresses")
def patch_email_addresses(dncListId: str, body: Any) -> None:
    _patch(dncListId, body_document(body), "emailAddresses", EMAIL)


@bind(outbound, "deleteOutboundDnclistEmailaddresses")
def delete_email_addresses(dncListId: str, query: Query) -> None:
    store.clear_entries(dncListId, EMAIL, bool(query.get("expiredOnly")), _internal)


@bind(outbound, "getOutboundDnclistImportstatus")
def get_import_status(dncListId: str) -> Doc:
    store.get(DNC_LISTS, dncListId)
    return store.import_status(dncListId) or DONE


def _patch(dnc_id: str, data: Doc, field: str, kind: str) -> None:
    """``action`` Add (with an optional expiry) or Remove; a missing action is OUT-DNC-PATCH-ACTION."""
    action = data.get("action")
    rules.check(action not in ("Add", "Remove"), "OUT-DNC-PATCH-ACTION", {"value": action}, field_name="action")
    keys = _keys(list(data.get(field) or []), kind)
    if action == "Remove":
        store.remove_entries(dnc_id, keys, _internal)
    else:
        store.add_entries(dnc_id, keys, _expiry(data.get("expirationDateTime"), "expirationDateTime"), _internal)


# --- CSV import (fileType=dnclist) --------------------------------------------------------------------------------


def import_csv(
    dnc_id: str, stream: IO[bytes], phone_columns: list[str], email_columns: list[str]
) -> ContactListUploadResponse:
    """Read the whole file now and add its numbers and addresses (the file is small next to a contact list's).

    ``phoneColumns``/``emailColumns`` (comma-joined form fields) name the header columns to read; without either,
    the first column holds phone numbers. A column that the header lacks, or a value that is no number or address,
    ends the import FAILED with nothing added (OUT-DNC-IMPORT-ROW), as a contact list's bad row does.
    """
    store.get(DNC_LISTS, dnc_id)  # 404 for an unknown list
    with stream:
        rows = list(csv.reader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")))
    header, records = (rows[0], rows[1:]) if rows else ([], [])
    wanted = [(name, PHONE) for name in phone_columns] + [(name, EMAIL) for name in email_columns]
    if not wanted and header:
        wanted = [(header[0], PHONE)]
    keys: list[str] = []
    problem = next((f"column [{name}] is not in the header" for name, _ in wanted if name not in header), None)
    for number, row in enumerate(records, start=2):
        if problem is not None:
            break
        for name, kind in wanted:
            value = row[header.index(name)].strip() if header.index(name) < len(row) else ""
            key = (phone_key if kind == PHONE else email_key)(value) if value else None
            if value and key is None:
                problem = f"row {number}: [{value}] is not a valid {'phone number' if kind == PHONE else 'email'}"
            elif key is not None:
                keys.append(key)
    reason = rules.failure_reason("OUT-DNC-IMPORT-ROW", {"problem": problem}) if problem else None
    if reason is None:
        store.add_entries(dnc_id, keys, None, lambda _doc: None)
    total = len(records)
    store.set_import_status(
        dnc_id,
        {"state": "FAILED", "totalRecords": total, "completedRecords": 0, "percentComplete": 0, "failureReason": reason}
        if reason
        else {**DONE, "totalRecords": total, "completedRecords": total},
    )
    return ContactListUploadResponse(id=dnc_id, state="FAILED" if reason else "IN_PROGRESS")


def _import_presigned(upload: PresignedUpload, stream: IO[bytes]) -> None:
    """A file PUT to a ``dnclists/uploads`` URL: the same import, with the columns named when the URL was made."""
    import_csv(upload.target_id, stream, _names(upload.option("phoneColumns")), _names(upload.option("emailColumns")))


def _names(joined: str | None) -> list[str]:
    return [name.strip() for name in (joined or "").split(",") if name.strip()]


presigned.register_importer("dnclist", _import_presigned)
