"""The generic area in a state snapshot: every stored generic record, by collection table, and the singletons.

Shape: ``{"collections": [{"collection": "/api/v2/outbound/dnclists", "parents": [], "entities": [{...}]}],
"singletons": [{"path": "/api/v2/outbound/settings", "document": {...}}]}``. Entities are the stored documents
(server fields included); ``parents`` are the ids of a sub-collection's parents, outermost first. Parsing checks
the shape, that each collection is a stateful generic collection with as many parents as its template has, and
that entity ids are unique per table; parents themselves are not checked (a snapshot may hold them in any order).
"""

from __future__ import annotations

from typing import Any, Iterator

from mockserver.generic.resources import stateful_collections
from mockserver.generic.state import SINGLETONS, drop_all, install_collection, install_singletons, table, tables_in_use
from mockserver.snapshot.document import (
    SnapshotError,
    join_path,
    refuse_present,
    reject_unknown_keys,
    require_dict,
    require_list,
)
from mockserver.state import TenantState, Tx

NAME = "generic"
Parsed = tuple[list[tuple[str, tuple[str, ...], list[dict[str, Any]]]], list[tuple[str, dict[str, Any]]]]


def dump(state: TenantState) -> dict[str, Any]:
    return {
        "collections": list(_collections(state)),
        "singletons": [{"path": path, "document": doc} for path, doc in state.view().items(SINGLETONS)],
    }


def _collections(state: TenantState) -> Iterator[dict[str, Any]]:
    for name, collection, parents in tables_in_use(state):
        entities = [doc for _, doc in state.view().items(table(collection, tuple(parents)))]
        if entities:
            yield {"collection": collection, "parents": parents, "entities": entities}


def parse(data: Any, path: str) -> Parsed:
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("collections", "singletons"), path)
    collections = []
    for index, item in enumerate(require_list(doc.get("collections", []), join_path(path, ["collections"]))):
        where = join_path(path, ["collections", index])
        entry = require_dict(item, where)
        reject_unknown_keys(entry, ("collection", "parents", "entities"), where)
        collection = entry.get("collection")
        if collection not in stateful_collections():
            raise SnapshotError(join_path(where, ["collection"]), "not a stateful generic collection")
        parents = require_list(entry.get("parents", []), join_path(where, ["parents"]))
        if len(parents) != collection.count("{") or not all(isinstance(p, str) and p for p in parents):
            raise SnapshotError(join_path(where, ["parents"]), f"expected {collection.count('{')} parent id(s)")
        entities = [
            require_dict(e, join_path(where, ["entities", i]))
            for i, e in enumerate(require_list(entry.get("entities", []), join_path(where, ["entities"])))
        ]
        ids = [e.get("id") for e in entities]
        if not all(isinstance(i, str) and i for i in ids) or len(set(ids)) != len(ids):
            raise SnapshotError(join_path(where, ["entities"]), "every entity needs a unique string id")
        collections.append((collection, tuple(parents), entities))
    singletons = []
    for index, item in enumerate(require_list(doc.get("singletons", []), join_path(path, ["singletons"]))):
        where = join_path(path, ["singletons", index])
        entry = require_dict(item, where)
        reject_unknown_keys(entry, ("path", "document"), where)
        if not isinstance(entry.get("path"), str) or not entry["path"].startswith("/api/v2/"):
            raise SnapshotError(join_path(where, ["path"]), "expected an /api/v2/ path")
        singletons.append((entry["path"], require_dict(entry.get("document", {}), join_path(where, ["document"]))))
    return collections, singletons


def install(tx: Tx, parsed: Parsed, *, replace: bool) -> None:
    collections, singletons = parsed
    if replace:
        drop_all(tx)
    for collection, parents, entities in collections:
        if not replace:
            refuse_present(
                tx, table(collection, parents), [e["id"] for e in entities], f"areas.{NAME}.collections", "entity"
            )
        install_collection(tx, collection, parents, entities)
    install_singletons(tx, singletons)
