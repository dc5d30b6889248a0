"""The state document's envelope, its errors, lazy arrays that stream, and reading/writing state files.

A snapshot of a million contacts must not become a million dicts at once: areas put large arrays in a
:class:`LazyArray`, whose items are converted and encoded one at a time by :func:`iter_json`, so a GET streams and
a state file is written chunk by chunk.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterable, Iterator, Sequence, TypeVar

from pydantic import TypeAdapter, ValidationError

from mockserver.core.jsontext import MAX_DEPTH, load_json_text, load_yaml_text

if TYPE_CHECKING:
    from mockserver.state import Table, Tx

FORMAT = "genesys-mock-state"
VERSION = 1  # one tenant's document (GET/PUT /__mock/state)
FILE_VERSION = 2  # a state file: version 1 plus "tenants" (see mockserver/snapshot/__init__.py)
PUT_MAX_DEPTH = MAX_DEPTH - 1
"""How deep a ``PUT /__mock/state`` document may nest: a state file keeps a tenant's areas one level deeper
(``tenants.<name>``) than its own document does, and must still be readable (:data:`MAX_DEPTH`) at the next start."""
_BATCH = 500  # items of a lazy array encoded per chunk: few, large writes instead of one per contact

T = TypeVar("T")


class SnapshotError(ValueError):
    """A state document that cannot be imported; ``path`` names the offending place (``areas.outbound...``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class LazyArray(Generic[T]):
    """A JSON array whose items are converted only when encoded (the source is a snapshot copy of references)."""

    def __init__(self, items: Sequence[T], convert: Callable[[T], Any]) -> None:
        self.items = items
        self.convert = convert

    def __iter__(self) -> Iterator[Any]:
        return (self.convert(item) for item in self.items)

    def __len__(self) -> int:
        return len(self.items)


def iter_json(value: Any) -> Iterator[str]:
    """Compact JSON text of ``value`` in chunks; a lazy array's items are plain JSON and encoded whole."""
    if isinstance(value, dict):
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            yield ("," if index else "") + json.dumps(key, ensure_ascii=False) + ":"
            yield from iter_json(item)
        yield "}"
    elif isinstance(value, (LazyArray, Iterator)):
        yield "["
        batch: list[str] = []
        written = 0
        for item in value:
            batch.append(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
            if len(batch) == _BATCH:
                yield ("," if written else "") + ",".join(batch)
                written += len(batch)
                batch = []
        if batch:
            yield ("," if written else "") + ",".join(batch)
        yield "]"
    elif isinstance(value, (list, tuple)):
        yield "["
        for index, item in enumerate(value):
            if index:
                yield ","
            yield from iter_json(item)
        yield "]"
    else:
        yield json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def to_plain(value: Any) -> Any:
    """The document with every lazy array materialised (for merging and for tests)."""
    return json.loads("".join(iter_json(value)))


def join_path(prefix: str, loc: Iterable[Any]) -> str:
    """``areas.outbound`` + (``contactLists``, 3, ``name``) -> ``areas.outbound.contactLists[3].name``."""
    path = prefix
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def from_validation_error(prefix: str, exc: ValidationError) -> SnapshotError:
    """The first problem pydantic found, at its place in the document."""
    error = exc.errors(include_url=False)[0]
    return SnapshotError(join_path(prefix, error["loc"]), error["msg"])


def refuse_present(tx: "Tx", table: "Table[Any]", ids: Iterable[str], path: str, what: str) -> None:
    """An added part (seeding, ``install(..., replace=False)``) must not reuse a stored id: the same seed twice
    would otherwise overwrite what the first run made. Raised inside the transaction, so nothing is written."""
    keys = list(ids)
    for found, record in zip(keys, tx.get_many(table, keys)):
        if record is not None:
            raise SnapshotError(path, f"duplicate {what} id {found}: it is already stored")


def require_dict(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SnapshotError(path, f"expected an object, got {type(value).__name__}")
    return value


def require_list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise SnapshotError(path, f"expected an array, got {type(value).__name__}")
    return value


def reject_unknown_keys(data: dict[str, Any], allowed: Iterable[str], path: str) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise SnapshotError(join_path(path, [unknown[0]]), "unknown property")


def validated_items(
    adapter: TypeAdapter[list[T]], doc: dict[str, Any], key: str, path: str, id_of: Callable[[T], str | None], kind: str
) -> list[T]:
    """``doc[key]`` validated as a list of records that each have a unique id; a 400-worthy error names the place."""
    items_path = join_path(path, [key])
    try:
        items = adapter.validate_python(doc.get(key, []))
    except ValidationError as exc:
        raise from_validation_error(items_path, exc) from None
    seen: set[str] = set()
    for index, item in enumerate(items):
        item_id = id_of(item)
        if not item_id:
            raise SnapshotError(join_path(items_path, [index, "id"]), f"a {kind} needs its id")
        if item_id in seen:
            raise SnapshotError(join_path(items_path, [index, "id"]), f"duplicate {kind} id {item_id}")
        seen.add(item_id)
    return items


def read_document(path: Path) -> Any:
    """A JSON or YAML (``.yaml``/``.yml``) file's content; unreadable files raise :class:`SnapshotError`."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() in (".yaml", ".yml"):
            return load_yaml_text(text)
        return load_json_text(text)
    except (OSError, ValueError) as exc:
        raise SnapshotError(str(path), f"cannot read: {exc}") from None


def write_atomically(path: Path, chunks: Iterable[str]) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it: a crash leaves the old file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
