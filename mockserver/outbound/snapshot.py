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

The area snapshot contract: :func:`dump` reads a tenant's state (contacts batch by batch, when encoded),
:func:`parse` validates a document's part without touching any state, :func:`install` writes a parsed part in
the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterator

from pydantic import AwareDatetime, TypeAdapter, ValidationError

from contracts.base import read_only_fields
from contracts.outbound import ContactList, DialerContact, ImportStatus
from mockserver.outbound.state import (
    CONTACTS,
    EXPORTS,
    LISTS,
    NAMES,
    ExportFile,
    ListRecord,
    StoredContact,
    note_long_lived,
)
from mockserver.snapshot.document import (
    LazyArray,
    SnapshotError,
    from_validation_error,
    join_path,
    refuse_present,
    reject_unknown_keys,
    require_dict,
    require_list,
)
from mockserver.state import TenantState, Tx
from mockserver.state.memory import MemoryTx

NAME = "outbound"
INTERRUPTED = "The import was still running when the state was exported."
_CONTACT_CORE = ("id", "data", "dateCreated", "priority")
# The writable DialerContact properties a stored contact keeps besides its data (callable, phoneNumberStatus ...).
_CONTACT_EXTRA = frozenset(
    info.alias or name
    for name, info in DialerContact.model_fields.items()
    if name not in ("id", "contact_list_id", "data") and (info.alias or name) not in read_only_fields(DialerContact)
)
_DATA = TypeAdapter(dict[str, str])
_INSTANT = TypeAdapter(AwareDatetime)
_LIST = TypeAdapter(ContactList)
_STATUS = TypeAdapter(ImportStatus)


@dataclass(frozen=True)
class ParsedList:
    record: ListRecord
    contacts: dict[str, StoredContact]


@dataclass(frozen=True)
class Parsed:
    """A validated outbound part of a document: lists (with their contacts) and export files, in order."""

    lists: tuple[ParsedList, ...] = ()
    exports: tuple[ExportFile, ...] = ()


# --- dump ----------------------------------------------------------------------------------------------------------


def contact_doc(contact: StoredContact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "data": contact.data,
        "dateCreated": contact.date_created.isoformat(),
        "priority": contact.priority,
        **contact.extra,
    }


def _import_status(record: ListRecord) -> dict[str, Any] | None:
    status = record.import_status
    if status is None:
        return None
    if record.import_claim is not None or not status.is_over:
        status = status.model_copy(update={"state": "FAILED", "failure_reason": INTERRUPTED})
    return status.dump()


class _Contacts:
    """A list's contacts for a lazy array: read from the backend batch by batch each time it is iterated."""

    def __init__(self, state: TenantState, list_id: str) -> None:
        self.state, self.list_id = state, list_id

    def __iter__(self) -> Iterator[StoredContact]:
        for batch in self.state.scan(CONTACTS.of(self.list_id)):
            for _, contact in batch:
                yield contact

    def __len__(self) -> int:
        return self.state.view().count(CONTACTS.of(self.list_id))


def _list_doc(state: TenantState, record: ListRecord) -> dict[str, Any]:
    doc: dict[str, Any] = {"contactList": record.contact_list.dump()}
    status = _import_status(record)
    if status is not None:
        doc["importStatus"] = status
    if record.latest_export is not None:
        doc["latestExportId"] = record.latest_export
    doc["contacts"] = LazyArray(_Contacts(state, record.contact_list.id or ""), contact_doc)  # type: ignore[arg-type]
    return doc


def _export_doc(export: ExportFile) -> dict[str, Any]:
    return {
        "id": export.id,
        "contactListId": export.contact_list_id,
        "created": export.created.isoformat(),
        "csv": export.content.decode("utf-8"),
    }


def dump(state: TenantState) -> dict[str, Any]:
    """The tenant's outbound part: lists and exports now, each list's contacts read when encoded."""
    view = state.view()
    return {
        "contactLists": [_list_doc(state, record) for _, record in view.items(LISTS)],
        "exports": [_export_doc(export) for _, export in view.items(EXPORTS)],
    }


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
    return StoredContact(
        id=contact_id,
        data=_validated(_DATA, doc.get("data"), join_path(path, ["data"])),
        date_created=_validated(_INSTANT, doc.get("dateCreated"), join_path(path, ["dateCreated"])),
        priority=priority,
        extra=extra,
    )


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
        exports[doc["id"]] = ExportFile(
            id=doc["id"],
            contact_list_id=doc["contactListId"],
            content=doc["csv"].encode("utf-8"),
            created=_instant(doc.get("created"), join_path(where, ["created"])),
        )
    return exports


def _load_list(data: Any, path: str, exports: dict[str, ExportFile]) -> ParsedList:
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
    return ParsedList(ListRecord(contact_list, import_status, latest_export=latest), contacts)


def parse(data: Any, path: str) -> Parsed:
    """Validate the outbound part of a document (``{}``: an empty area); touches no state."""
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("contactLists", "exports"), path)
    exports = _load_exports(doc.get("exports", []), join_path(path, ["exports"]))
    lists: dict[str, ParsedList] = {}
    lists_path = join_path(path, ["contactLists"])
    for index, item in enumerate(require_list(doc.get("contactLists", []), lists_path)):
        parsed = _load_list(item, join_path(lists_path, [index]), exports)
        list_id = parsed.record.contact_list.id or ""
        if list_id in lists:
            raise SnapshotError(join_path(lists_path, [index, "contactList", "id"]), f"duplicate list id {list_id}")
        lists[list_id] = parsed
    return Parsed(tuple(lists.values()), tuple(exports.values()))


def install(tx: Tx, parsed: object, *, replace: bool) -> None:
    """Write a parsed part in the caller's transaction: ``replace`` makes the area exactly ``parsed`` (every
    table of the area dropped first), else ``parsed`` is added to what is there (seeding: fresh ids)."""
    assert isinstance(parsed, Parsed)
    if replace:
        for list_id in tx.keys(LISTS):
            tx.drop(CONTACTS.of(list_id))
        for table in (LISTS, NAMES, EXPORTS):
            tx.drop(table)
    else:
        refuse_present(
            tx,
            LISTS,
            [item.record.contact_list.id or "" for item in parsed.lists],
            f"areas.{NAME}.contactLists",
            "contact list",
        )
        refuse_present(tx, EXPORTS, [export.id for export in parsed.exports], f"areas.{NAME}.exports", "export")
    names: dict[str, tuple[str, ...]] = {}
    for item in parsed.lists:
        list_id, name = item.record.contact_list.id or "", item.record.contact_list.name or ""
        if name not in names:
            names[name] = () if replace else (tx.get(NAMES, name) or ())
        names[name] = (*names[name], list_id)
        tx.put(LISTS, list_id, item.record)
        tx.put_many(CONTACTS.of(list_id), item.contacts.items())
    tx.put_many(NAMES, names.items())
    tx.put_many(EXPORTS, [(export.id, export) for export in parsed.exports])
    if isinstance(tx, MemoryTx):  # the records stay in this process (see state.keep_long_lived)
        note_long_lived(len(parsed.lists) + sum(len(item.contacts) for item in parsed.lists))
