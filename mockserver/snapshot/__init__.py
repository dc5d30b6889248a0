"""State snapshots: the whole state of one store as a JSON document, and back.

``{"format": "genesys-mock-state", "version": 1, "areas": {"outbound": ..., "conversations": ...,
"externalcontacts": ...}}``: one tenant's state (``GET``/``PUT /__mock/state``). The state file of ``serve
--state-file`` holds every tenant: version 2 adds ``"tenants": {"<name>": {<areas>}}`` for the tenants other than
the default one, whose areas stay under ``areas``, so a version 1 file still loads (as the default tenant). Each
area owns the shape of its part in ``mockserver/<area>/snapshot.py`` (a module
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

from mockserver.core.errors import ApiError
from mockserver.core.store import Store
from mockserver.core.tenants import DEFAULT_TENANT, Tenants, valid_name
from mockserver.state import TenantState
from mockserver.snapshot.document import (
    FILE_VERSION,
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

__all__ = ["FORMAT", "VERSION", "FILE_VERSION", "SnapshotError", "export_state", "import_state", "parse_state",
           "state_chunks", "merge_documents", "is_state_document", "export_tenants", "parse_tenants",
           "import_tenants", "write_state_file", "load_state_file"]

AREA_MODULES = ("mockserver.outbound.snapshot", "mockserver.conversations.snapshot",
                "mockserver.externalcontacts.snapshot")


def _areas() -> list[ModuleType]:
    return [importlib.import_module(name) for name in AREA_MODULES]


def export_state(store: Store) -> dict[str, Any]:
    """The store's state as a document whose large arrays are lazy (see :func:`state_chunks`).

    The areas take shallow copies under the lock, so the document is consistent as of that instant while the
    encoding (the slow part) runs without blocking requests.
    """
    return {"format": FORMAT, "version": VERSION, "areas": _export_areas(store)}


def _state_of(store: Store) -> TenantState:
    """The backend namespace of the tenant owning ``store`` (bridge until the core rewrite passes tenants)."""
    from mockserver.core.context import tenants

    return next(tenant.state for tenant in tenants().all() if tenant.store is store)


def _on_backend(area: ModuleType) -> bool:
    """Whether the area follows the backend snapshot contract (dump(state), parse, install)."""
    return hasattr(area, "install")


def _export_areas(store: Store, state: TenantState | None = None) -> dict[str, Any]:
    state = state or _state_of(store)
    with store.lock:
        return {area.NAME: area.dump(state) if _on_backend(area) else
                area.dump(store.area(area.NAME, area.empty)) for area in _areas()}


def export_tenants(tenants: Tenants) -> dict[str, Any]:
    """Every tenant's state as a version 2 document (lazy arrays, like :func:`export_state`): the state file."""
    others = {tenant.name: _export_areas(tenant.store, tenant.state) for tenant in tenants.all()
              if tenant is not tenants.default}
    default = tenants.default
    return {"format": FORMAT, "version": FILE_VERSION, "areas": _export_areas(default.store, default.state),
            "tenants": others}


def state_chunks(store: Store) -> Iterator[str]:
    """The exported state as compact JSON text, chunk by chunk."""
    return iter_json(export_state(store))


def is_state_document(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def _envelope(data: Any, versions: tuple[int, ...]) -> dict[str, Any]:
    """The document as a dict after checking ``format`` and that its ``version`` is one of ``versions``."""
    document = require_dict(data, "(root)")
    if document.get("format") != FORMAT:
        raise SnapshotError("format", f"must be {FORMAT!r}")
    version = document.get("version")
    if version not in versions or isinstance(version, bool):
        readable = " or ".join(str(v) for v in versions)
        raise SnapshotError("version", f"unsupported version {version!r}: this reads {readable}")
    return document


def _parse_areas(data: Any, path: str) -> dict[str, object]:
    areas_data = require_dict(data, path)
    modules = {area.NAME: area for area in _areas()}
    reject_unknown_keys(areas_data, modules, path)
    parsed: dict[str, object] = {}
    for name, area in modules.items():
        if _on_backend(area):
            parsed[name] = area.parse(areas_data.get(name, {}), join_path(path, [name]))
        else:
            parsed[name] = area.load(areas_data[name], join_path(path, [name])) if name in areas_data else area.empty()
    return parsed


def parse_state(data: Any) -> dict[str, object]:
    """Fresh area state objects built from one tenant's (version 1) document; raises :class:`SnapshotError`
    naming the bad path."""
    document = _envelope(data, (VERSION,))
    reject_unknown_keys(document, ("format", "version", "areas"), "")
    return _parse_areas(document.get("areas", {}), "areas")


def parse_tenants(data: Any) -> dict[str, dict[str, object]]:
    """Tenant name -> fresh area state objects, from a state file: version 2 (every tenant) or 1 (the default)."""
    document = _envelope(data, (VERSION, FILE_VERSION))
    reject_unknown_keys(document, ("format", "version", "areas", "tenants") if document["version"] == FILE_VERSION
                        else ("format", "version", "areas"), "")
    parsed = {DEFAULT_TENANT: _parse_areas(document.get("areas", {}), "areas")}
    for name, areas in require_dict(document.get("tenants", {}), "tenants").items():
        path = join_path("tenants", [name])
        try:
            valid_name(name)
        except ApiError:
            raise SnapshotError(path, "not a tenant name (1 to 64 characters of A-Z a-z 0-9 _ . -)") from None
        if name == DEFAULT_TENANT:
            raise SnapshotError(path, "the default tenant's state belongs under areas")
        parsed[name] = _parse_areas(areas, path)
    return parsed


def _install(current: object, replacement: object) -> None:
    """Swap every field of an area object in place: code holding the area object sees the new state."""
    for field in dataclasses.fields(replacement):  # type: ignore[arg-type]
        setattr(current, field.name, getattr(replacement, field.name))


def _install_areas(store: Store, parsed: dict[str, object], state: TenantState | None = None) -> None:
    modules = {area.NAME: area for area in _areas()}
    on_backend = [name for name in parsed if _on_backend(modules[name])]
    with store.lock:
        (state or _state_of(store)).atomic(lambda tx: [modules[name].install(tx, parsed[name], replace=True)
                                            for name in on_backend])
        for name, replacement in parsed.items():
            if name not in on_backend:
                _install(store.area(name, modules[name].empty), replacement)


def import_state(store: Store, data: Any) -> None:
    """Replace the store's area state with the document's; nothing changes when it is invalid."""
    _install_areas(store, parse_state(data))


def import_tenants(tenants: Tenants, data: Any) -> None:
    """Replace the state of every tenant a state file names (creating them); nothing changes when it is invalid."""
    for name, parsed in parse_tenants(data).items():
        tenant = tenants.get(name)
        _install_areas(tenant.store, parsed, tenant.state)


def merge_documents(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` (lazy) with every array of ``extra``'s areas (plain JSON) appended to the array of the same name (seeding adds)."""
    merged = to_plain(base)
    for name, area in extra["areas"].items():
        target = merged["areas"].setdefault(name, {})
        for key, value in area.items():
            target[key] = (target.get(key) or []) + value if isinstance(value, list) else value
    return merged


def write_state_file(tenants: Tenants, path: Path) -> None:
    """Every tenant's state, written atomically (temporary file + rename)."""
    write_atomically(path, iter_json(export_tenants(tenants)))


def load_state_file(tenants: Tenants, path: Path) -> bool:
    """Import a state file when it exists; False when there is none yet (the first start)."""
    if not path.exists():
        return False
    import_tenants(tenants, read_document(path))
    return True
