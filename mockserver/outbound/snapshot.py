"""The outbound area in a state snapshot: contact lists with their contacts, import status and exports.

The only module of the snapshot feature that knows outbound's records: everything goes through
:func:`contact_doc` / :func:`stored_contact`, so a change of ``StoredContact``'s internals is a change here only.

Shape::

    {"contactLists": [{"contactList": ContactList (as the API shows it), "importStatus": ImportStatus | absent,
                       "latestExportId": id | absent, "contacts": [{"id", "data", "dateCreated", "priority",
                       ...the contact's other writable DialerContact properties}]}],
     "exports": [{"id", "contactListId", "created", "csv"}]}

An import still running when the state is exported is written as FAILED (nothing would ever finish it after a
restore), so a restored list is never stuck importing and the round trip stays exact.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, TypeAdapter, ValidationError

from contracts.base import read_only_fields
from contracts.outbound import ContactList, DialerContact, ImportStatus
from mockserver.outbound.state import (
    ContactListRecord,
    ContactLists,
    ExportFile,
    OutboundState,
    StoredContact,
    keep_long_lived,
)
from mockserver.snapshot.document import (
    LazyArray,
    SnapshotError,
    from_validation_error,
    join_path,
    reject_unknown_keys,
    require_dict,
    require_list,
)

NAME = "outbound"
INTERRUPTED = "The import was still running when the state was exported."
_CONTACT_CORE = ("id", "data", "dateCreated", "priority")
# The writable DialerContact properties a stored contact keeps besides its data (callable, phoneNumberStatus ...).
_CONTACT_EXTRA = frozenset(
    info.alias or name for name, info in DialerContact.model_fields.items()
    if name not in ("id", "contact_list_id", "data") and (info.alias or name) not in read_only_fields(DialerContact)
)
_DATA = TypeAdapter(dict[str, str])
_INSTANT = TypeAdapter(AwareDatetime)
_LIST = TypeAdapter(ContactList)
_STATUS = TypeAdapter(ImportStatus)


def empty() -> OutboundState:
    return OutboundState()


# --- dump ----------------------------------------------------------------------------------------------------------


def contact_doc(contact: StoredContact) -> dict[str, Any]:
    return {"id": contact.id, "data": contact.data, "dateCreated": contact.date_created.isoformat(),
            "priority": contact.priority, **contact.extra}


def _import_status(record: ContactListRecord) -> dict[str, Any] | None:
    status = record.import_status
    if status is None:
        return None
    if record.importing or not status.is_over:
        status = status.model_copy(update={"state": "FAILED", "failure_reason": INTERRUPTED})
    return status.dump()


def _list_doc(record: ContactListRecord) -> dict[str, Any]:
    doc: dict[str, Any] = {"contactList": record.contact_list.dump()}
    status = _import_status(record)
    if status is not None:
        doc["importStatus"] = status
    if record.latest_export is not None:
        doc["latestExportId"] = record.latest_export.id
    doc["contacts"] = LazyArray(list(record.contacts.values()), contact_doc)
    return doc


def _export_doc(export: ExportFile) -> dict[str, Any]:
    return {"id": export.id, "contactListId": export.contact_list_id, "created": export.created.isoformat(),
            "csv": export.content.decode("utf-8")}


def dump(state: OutboundState) -> dict[str, Any]:
    """Called under the store's lock: copies the references it needs, converts contacts lazily later."""
    return {"contactLists": [_list_doc(record) for record in state.lists.values()],
            "exports": [_export_doc(export) for export in state.exports.values()]}


# --- load ----------------------------------------------------------------------------------------------------------


def _validated(adapter: TypeAdapter[Any], value: Any, path: str) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise from_validation_error(path, exc) from None


def stored_contact(data: Any, path: str) -> StoredContact:
    """One contact document as the record outbound stores (validated; no pydantic object is kept)."""
    doc = require_dict(data, path)
    reject_unknown_keys(doc, (*_CONTACT_CORE, *_CONTACT_EXTRA), path)
    contact_id = doc.get("id")
    if not isinstance(contact_id, str) or not contact_id:
        raise SnapshotError(join_path(path, ["id"]), "a non-empty string is required")
    priority = doc.get("priority", False)
    if not isinstance(priority, bool):
        raise SnapshotError(join_path(path, ["priority"]), "must be true or false")
    extra = {key: value for key, value in doc.items() if key not in _CONTACT_CORE}
    if extra:  # rare: checked against the contract, but stored as the JSON it is
        try:
            DialerContact.model_validate({"data": {}, **extra})
        except ValidationError as exc:
            raise from_validation_error(path, exc) from None
    return StoredContact(id=contact_id, data=_validated(_DATA, doc.get("data"), join_path(path, ["data"])),
                         date_created=_validated(_INSTANT, doc.get("dateCreated"), join_path(path, ["dateCreated"])),
                         priority=priority, extra=extra)


def _instant(value: Any, path: str) -> datetime:
    return _validated(_INSTANT, value, path)


def _load_exports(data: Any, path: str) -> dict[str, ExportFile]:
    exports: dict[str, ExportFile] = {}
    for index, item in enumerate(require_list(data, path)):
        where = join_path(path, [index])
        doc = require_dict(item, where)
        reject_unknown_keys(doc, ("id", "contactListId", "created", "csv"), where)
        for key in ("id", "contactListId", "csv"):
            if not isinstance(doc.get(key), str):
                raise SnapshotError(join_path(where, [key]), "a string is required")
        if doc["id"] in exports:
            raise SnapshotError(join_path(where, ["id"]), f"duplicate export id {doc['id']}")
        exports[doc["id"]] = ExportFile(id=doc["id"], contact_list_id=doc["contactListId"],
                                        content=doc["csv"].encode("utf-8"),
                                        created=_instant(doc.get("created"), join_path(where, ["created"])))
    return exports


def _load_list(data: Any, path: str, exports: dict[str, ExportFile]) -> ContactListRecord:
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("contactList", "importStatus", "latestExportId", "contacts"), path)
    contact_list = _validated(_LIST, doc.get("contactList"), join_path(path, ["contactList"]))
    if not contact_list.id:
        raise SnapshotError(join_path(path, ["contactList", "id"]), "a contact list needs its id")
    status = doc.get("importStatus")
    import_status = None if status is None else _validated(_STATUS, status, join_path(path, ["importStatus"]))
    if import_status is not None and not import_status.is_over:
        raise SnapshotError(join_path(path, ["importStatus", "state"]), "an import cannot be restored in progress")
    latest = doc.get("latestExportId")
    if latest is not None and latest not in exports:
        raise SnapshotError(join_path(path, ["latestExportId"]), f"no export with id {latest!r}")
    contacts: dict[str, StoredContact] = {}
    contacts_path = join_path(path, ["contacts"])
    for index, item in enumerate(require_list(doc.get("contacts", []), contacts_path)):
        contact = stored_contact(item, join_path(contacts_path, [index]))
        if contact.id in contacts:
            raise SnapshotError(join_path(contacts_path, [index, "id"]), f"duplicate contact id {contact.id}")
        contacts[contact.id] = contact
    return ContactListRecord(contact_list, contacts, import_status, latest_export=exports.get(latest or ""))


def load(data: Any, path: str) -> OutboundState:
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("contactLists", "exports"), path)
    exports = _load_exports(doc.get("exports", []), join_path(path, ["exports"]))
    lists = ContactLists()  # keeps the name index that OUT-LIST-NAME-DUPLICATE reads
    lists_path = join_path(path, ["contactLists"])
    for index, item in enumerate(require_list(doc.get("contactLists", []), lists_path)):
        record = _load_list(item, join_path(lists_path, [index]), exports)
        list_id = record.contact_list.id or ""
        if list_id in lists:
            raise SnapshotError(join_path(lists_path, [index, "contactList", "id"]), f"duplicate list id {list_id}")
        lists[list_id] = record
    keep_long_lived(len(lists) + sum(len(record.contacts) for record in lists.values()))
    return OutboundState(lists=lists, exports=exports)
