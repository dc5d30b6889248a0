"""DNC lists (with their entries and latest import status), contact-list filters and campaigns in a state snapshot.

Shape (area ``dialer``)::

    {"dncLists": [{"dncList": DncList document, "entries": {"phone:<digits>" | "email:<address>":
                   {"expires": epoch seconds | null}}, "importStatus": ImportStatus | absent}],
     "filters": [ContactListFilter document], "campaigns": [Campaign document]}

Documents are stored as the API shows them (a campaign that is stopping keeps its ``stoppingUntil``), so the part is
written and read as it is: validated for shape (objects with a string ``id``), not against the vendor models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockserver.outbound.dialer_state import CAMPAIGNS, DNC_ENTRIES, DNC_IMPORTS, DNC_LISTS, FILTERS, Doc
from mockserver.snapshot.document import (
    SnapshotError,
    join_path,
    refuse_present,
    reject_unknown_keys,
    require_dict,
    require_list,
)
from mockserver.state import TenantState, Tx

NAME = "dialer"


@dataclass(frozen=True)
class Parsed:
    dnc_lists: list[tuple[Doc, dict[str, Doc], Doc | None]] = field(default_factory=list)
    filters: list[Doc] = field(default_factory=list)
    campaigns: list[Doc] = field(default_factory=list)


def dump(state: TenantState) -> dict[str, Any]:
    view = state.view()
    dnc_lists = []
    for dnc_id, doc in view.items(DNC_LISTS):
        item: dict[str, Any] = {"dncList": doc, "entries": dict(view.items(DNC_ENTRIES.of(dnc_id)))}
        status = view.get(DNC_IMPORTS, dnc_id)
        if status is not None:
            item["importStatus"] = status
        dnc_lists.append(item)
    return {
        "dncLists": dnc_lists,
        "filters": [doc for _, doc in view.items(FILTERS)],
        "campaigns": [doc for _, doc in view.items(CAMPAIGNS)],
    }


def _entity(data: Any, path: str) -> Doc:
    doc = require_dict(data, path)
    if not isinstance(doc.get("id"), str) or not doc["id"]:
        raise SnapshotError(join_path(path, ["id"]), "a non-empty string is required")
    return doc


def _entities(data: Any, path: str) -> list[Doc]:
    docs = [_entity(item, join_path(path, [index])) for index, item in enumerate(require_list(data, path))]
    seen: set[str] = set()
    for index, doc in enumerate(docs):
        if doc["id"] in seen:
            raise SnapshotError(join_path(path, [index, "id"]), f"duplicate id {doc['id']}")
        seen.add(doc["id"])
    return docs


def parse(data: Any, path: str) -> Parsed:
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("dncLists", "filters", "campaigns"), path)
    lists_path = join_path(path, ["dncLists"])
    dnc_lists = []
    for index, item in enumerate(require_list(doc.get("dncLists", []), lists_path)):
        where = join_path(lists_path, [index])
        entry = require_dict(item, where)
        reject_unknown_keys(entry, ("dncList", "entries", "importStatus"), where)
        entries = require_dict(entry.get("entries", {}), join_path(where, ["entries"]))
        for key, value in entries.items():
            expires = require_dict(value, join_path(where, ["entries", key])).get("expires")
            if not key.startswith(("phone:", "email:")) or not (expires is None or isinstance(expires, (int, float))):
                raise SnapshotError(join_path(where, ["entries", key]), "a phone:/email: key with {expires}")
        status = entry.get("importStatus")
        dnc_lists.append(
            (
                _entity(entry.get("dncList"), join_path(where, ["dncList"])),
                entries,
                None if status is None else require_dict(status, join_path(where, ["importStatus"])),
            )
        )
    return Parsed(
        dnc_lists,
        _entities(doc.get("filters", []), join_path(path, ["filters"])),
        _entities(doc.get("campaigns", []), join_path(path, ["campaigns"])),
    )


def install(tx: Tx, parsed: object, *, replace: bool) -> None:
    assert isinstance(parsed, Parsed)
    if replace:
        for dnc_id in tx.keys(DNC_LISTS):
            tx.drop(DNC_ENTRIES.of(dnc_id))
        for table in (DNC_LISTS, DNC_IMPORTS, FILTERS, CAMPAIGNS):
            tx.drop(table)
    else:
        refuse_present(
            tx, DNC_LISTS, [doc["id"] for doc, _, _ in parsed.dnc_lists], f"areas.{NAME}.dncLists", "DNC list"
        )
        refuse_present(tx, FILTERS, [doc["id"] for doc in parsed.filters], f"areas.{NAME}.filters", "filter")
        refuse_present(tx, CAMPAIGNS, [doc["id"] for doc in parsed.campaigns], f"areas.{NAME}.campaigns", "campaign")
    for doc, entries, status in parsed.dnc_lists:
        tx.put(DNC_LISTS, doc["id"], doc)
        tx.put_many(DNC_ENTRIES.of(doc["id"]), entries.items())
        if status is not None:
            tx.put(DNC_IMPORTS, doc["id"], status)
    tx.put_many(FILTERS, [(doc["id"], doc) for doc in parsed.filters])
    tx.put_many(CAMPAIGNS, [(doc["id"], doc) for doc in parsed.campaigns])
