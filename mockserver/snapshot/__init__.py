"""State snapshots: the whole state of one tenant as a JSON document, and back.

``{"format": "genesys-mock-state", "version": 1, "areas": {"outbound": ..., "conversations": ...,
"externalcontacts": ...}}``: one tenant's state (``GET``/``PUT /__mock/state``). The state file of ``serve
--state-file`` holds every tenant: version 2 adds ``"tenants": {"<name>": {<areas>}}`` for the tenants other than
the default one, whose areas stay under ``areas``, so a version 1 file still loads (as the default tenant).

Each area owns the shape of its part in ``mockserver/<area>/snapshot.py``, a module with ``NAME``,
``dump(state: TenantState)`` (big arrays lazy, read batch by batch), ``parse(data, path)`` (validates into an
opaque parsed object, touching no state) and ``install(tx, parsed, *, replace)`` (inside the caller's transaction;
``replace`` makes the area exactly ``parsed``, otherwise ``parsed`` is added, as seeding does). This package never
touches an area's records: an import parses the whole document first and then installs every area of a tenant in
ONE ``atomic``, so a bad document changes nothing and nobody sees half of one. Tokens, rate windows and the clock
are not part of the state.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Iterator, Protocol

from mockserver.core.errors import ApiError
from mockserver.core.tenants import DEFAULT_TENANT, Tenants, valid_name
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
    write_atomically,
)
from mockserver.state import TenantState, Tx

__all__ = [
    "FORMAT",
    "VERSION",
    "FILE_VERSION",
    "SnapshotError",
    "export_state",
    "import_state",
    "parse_state",
    "state_chunks",
    "install_state",
    "is_state_document",
    "export_tenants",
    "parse_tenants",
    "import_tenants",
    "write_state_file",
    "load_state_file",
]

AREA_MODULES = (
    "mockserver.outbound.snapshot",
    "mockserver.outbound.dialer_snapshot",
    "mockserver.conversations.snapshot",
    "mockserver.externalcontacts.snapshot",
    "mockserver.generic.snapshot",
)


class Area(Protocol):
    """What an area's snapshot module offers (see the module docstring)."""

    NAME: str

    def dump(self, state: TenantState) -> dict[str, Any]: ...

    def parse(self, data: Any, path: str) -> object: ...

    def install(self, tx: Tx, parsed: object, *, replace: bool) -> None: ...


def _areas() -> list[Area]:
    return [importlib.import_module(name) for name in AREA_MODULES]


def export_state(state: TenantState) -> dict[str, Any]:
    """The tenant's state as a document whose large arrays are lazy (see :func:`state_chunks`)."""
    return {"format": FORMAT, "version": VERSION, "areas": _export_areas(state)}


def _export_areas(state: TenantState) -> dict[str, Any]:
    return {area.NAME: area.dump(state) for area in _areas()}


def export_tenants(tenants: Tenants) -> dict[str, Any]:
    """Every tenant's state as a version 2 document (lazy arrays, like :func:`export_state`): the state file."""
    others = {tenant.name: _export_areas(tenant.state) for tenant in tenants.all() if tenant.name != DEFAULT_TENANT}
    return {"format": FORMAT, "version": FILE_VERSION, "areas": _export_areas(tenants.default.state), "tenants": others}


def state_chunks(state: TenantState) -> Iterator[str]:
    """The exported state as compact JSON text, chunk by chunk."""
    return iter_json(export_state(state))


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
    areas = {area.NAME: area for area in _areas()}
    reject_unknown_keys(areas_data, areas, path)
    return {name: area.parse(areas_data.get(name, {}), join_path(path, [name])) for name, area in areas.items()}


def parse_state(data: Any) -> dict[str, object]:
    """Area name -> parsed area, from one tenant's (version 1) document; raises :class:`SnapshotError` naming the
    bad path. Touches no state."""
    document = _envelope(data, (VERSION,))
    reject_unknown_keys(document, ("format", "version", "areas"), "")
    return _parse_areas(document.get("areas", {}), "areas")


def parse_tenants(data: Any) -> dict[str, dict[str, object]]:
    """Tenant name -> parsed areas, from a state file: version 2 (every tenant) or 1 (the default)."""
    document = _envelope(data, (VERSION, FILE_VERSION))
    reject_unknown_keys(
        document,
        ("format", "version", "areas", "tenants")
        if document["version"] == FILE_VERSION
        else ("format", "version", "areas"),
        "",
    )
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


def install_state(state: TenantState, parsed: dict[str, object], *, replace: bool = True) -> None:
    """Install parsed areas (:func:`parse_state`) into the tenant in one transaction: every area replaced
    (``replace``), or the parsed data added to what is there (seeding)."""
    areas = _areas()

    def install(tx: Tx) -> None:
        for area in areas:
            area.install(tx, parsed[area.NAME], replace=replace)

    state.atomic(install)


def import_state(state: TenantState, data: Any) -> None:
    """Replace the tenant's state with the document's; nothing changes when it is invalid."""
    install_state(state, parse_state(data))


def import_tenants(tenants: Tenants, data: Any) -> None:
    """Replace the state of every tenant a state file names (creating them); nothing changes when it is invalid
    (the whole file is parsed first; then each tenant's areas land in one transaction)."""
    for name, parsed in parse_tenants(data).items():
        install_state(tenants.get(name).state, parsed)


def write_state_file(tenants: Tenants, path: Path) -> None:
    """Every tenant's state, written atomically (temporary file + rename)."""
    write_atomically(path, iter_json(export_tenants(tenants)))


def load_state_file(tenants: Tenants, path: Path) -> bool:
    """Import a state file when it exists; False when there is none yet (the first start)."""
    if not path.exists():
        return False
    import_tenants(tenants, read_document(path))
    return True
