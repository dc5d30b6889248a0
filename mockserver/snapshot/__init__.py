"""State snapshots: the whole state of one store as a JSON document, and back.

``{"format": "genesys-mock-state", "version": 1, "areas": {"outbound": ..., "conversations": ...,
"externalcontacts": ...}}``. Each area owns the shape of its part in ``mockserver/<area>/snapshot.py`` (a module
with ``NAME``, ``empty()``, ``dump(state)`` and ``load(data, path)``), so this package never touches an area's
records. An import validates the whole document into fresh area objects first and only then swaps them in under
the store's lock: a bad document changes nothing. Tokens, rate windows and the clock are not part of the state.
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

from mockserver.core.store import Store
from mockserver.snapshot.document import (
    FORMAT,
    VERSION,
    SnapshotError,
    iter_json,
    join_path,
    read_document,
    reject_unknown_keys,
    require_dict,
    to_plain,
    write_atomically,
)

__all__ = ["FORMAT", "VERSION", "SnapshotError", "export_state", "import_state", "parse_state", "state_chunks",
           "merge_documents", "is_state_document", "write_state_file", "load_state_file"]

AREA_MODULES = ("mockserver.outbound.snapshot", "mockserver.conversations.snapshot",
                "mockserver.externalcontacts.snapshot")


def _areas() -> list[ModuleType]:
    return [importlib.import_module(name) for name in AREA_MODULES]


def export_state(store: Store) -> dict[str, Any]:
    """The store's state as a document whose large arrays are lazy (see :func:`state_chunks`).

    The areas take shallow copies under the lock, so the document is consistent as of that instant while the
    encoding (the slow part) runs without blocking requests.
    """
    with store.lock:
        areas = {area.NAME: area.dump(store.area(area.NAME, area.empty)) for area in _areas()}
    return {"format": FORMAT, "version": VERSION, "areas": areas}


def state_chunks(store: Store) -> Iterator[str]:
    """The exported state as compact JSON text, chunk by chunk."""
    return iter_json(export_state(store))


def is_state_document(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def parse_state(data: Any) -> dict[str, object]:
    """Fresh area state objects built from a document; raises :class:`SnapshotError` naming the bad path."""
    document = require_dict(data, "(root)")
    reject_unknown_keys(document, ("format", "version", "areas"), "")
    if document.get("format") != FORMAT:
        raise SnapshotError("format", f"must be {FORMAT!r}")
    if document.get("version") != VERSION or isinstance(document.get("version"), bool):
        raise SnapshotError("version", f"unsupported version {document.get('version')!r}: this mock reads {VERSION}")
    areas_data = require_dict(document.get("areas", {}), "areas")
    modules = {area.NAME: area for area in _areas()}
    reject_unknown_keys(areas_data, modules, "areas")
    return {name: (area.load(areas_data[name], join_path("areas", [name])) if name in areas_data else area.empty())
            for name, area in modules.items()}


def _install(current: object, replacement: object) -> None:
    """Swap every field of an area object in place: code holding the area object sees the new state."""
    for field in dataclasses.fields(replacement):  # type: ignore[arg-type]
        setattr(current, field.name, getattr(replacement, field.name))


def import_state(store: Store, data: Any) -> None:
    """Replace the store's area state with the document's; nothing changes when it is invalid."""
    parsed = parse_state(data)
    modules = {area.NAME: area for area in _areas()}
    with store.lock:
        for name, replacement in parsed.items():
            _install(store.area(name, modules[name].empty), replacement)


def merge_documents(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` (lazy) with every array of ``extra``'s areas (plain JSON) appended to the array of the same name (seeding adds)."""
    merged = to_plain(base)
    for name, area in extra["areas"].items():
        target = merged["areas"].setdefault(name, {})
        for key, value in area.items():
            target[key] = (target.get(key) or []) + value if isinstance(value, list) else value
    return merged


def write_state_file(store: Store, path: Path) -> None:
    """The state, written atomically (temporary file + rename)."""
    write_atomically(path, state_chunks(store))


def load_state_file(store: Store, path: Path) -> bool:
    """Import a state file when it exists; False when there is none yet (the first start)."""
    if not path.exists():
        return False
    import_state(store, read_document(path))
    return True
