"""The in-memory backend: the default, embedded, one process. Records are kept as the Python objects given (no
encoding), so it costs what plain dicts cost; one lock makes every :meth:`MemoryBackend.atomic` a transaction."""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any, Callable, Iterable, Iterator, TypeVar

from mockserver.state.backend import IDENTITY, SHARED, Codec, Table

T = TypeVar("T")
R = TypeVar("R")

SWEEP_EVERY = 10_000
"""Counter increments between two sweeps of expired counters and values."""

_MISSING = object()


class _Namespace:
    """One tenant's state: tables (dicts keep insertion order), values with optional expiry, counters, logs."""

    __slots__ = ("tables", "values", "counters", "logs")

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, Any]] = {}
        self.values: dict[str, tuple[Any, float | None]] = {}  # name -> (record, monotonic expiry or None)
        self.counters: dict[str, tuple[int, float | None]] = {}
        self.logs: dict[str, deque[Any]] = {}


class MemoryTx:
    """A :class:`~mockserver.state.backend.Tx` straight over a namespace (the caller holds the lock for writes).

    Writes apply at once; in :meth:`MemoryBackend.atomic` each also notes how to undo it, so a function that raises
    (an ``ApiError`` after a first write) commits nothing, as under Redis where writes only go out at the end.
    """

    __slots__ = ("_ns", "_undo", "_orders")

    def __init__(self, namespace: _Namespace, undo: bool = False) -> None:
        self._ns = namespace
        self._undo: list[tuple[Any, ...]] | None = [] if undo else None
        self._orders: dict[str, list[str]] = {}  # table -> its keys before the transaction's first delete in it

    def _note_table(self, name: str, stored: dict[str, Any] | None, keys: Iterable[str]) -> None:
        """Remember the records ``keys`` had (or that they had none) before a write to table ``name``."""
        undo = self._undo
        assert undo is not None
        if not stored:  # a table that is new or empty is simply emptied again
            undo.append(("created", name))
        else:
            undo.append(("records", name, [(key, stored.get(key, _MISSING)) for key in keys]))

    def rollback(self) -> None:
        """Undo every write of the transaction, newest first; deleted records get their old place back."""
        tables, values = self._ns.tables, self._ns.values
        for entry in reversed(self._undo or ()):
            kind, name = entry[0], entry[1]
            if kind == "created":
                tables.pop(name, None)
            elif kind == "dropped":
                tables[name] = entry[2]
            elif kind == "record":
                records = tables.setdefault(name, {})
                records.pop(entry[2], None) if entry[3] is _MISSING else records.__setitem__(entry[2], entry[3])
            elif kind == "value":
                values.pop(name, None) if entry[2] is _MISSING else values.__setitem__(name, entry[2])
            else:
                records = tables.setdefault(name, {})
                for key, record in entry[2]:
                    records.pop(key, None) if record is _MISSING else records.__setitem__(key, record)
        for name, order in self._orders.items():
            kept = tables.get(name)
            if kept is not None:
                tables[name] = {key: kept[key] for key in order if key in kept}

    def _table(self, table: Table[Any]) -> dict[str, Any]:
        return self._ns.tables.get(table.name) or {}

    def get(self, table: Table[T], key: str) -> T | None:
        return self._table(table).get(key)

    def get_many(self, table: Table[T], keys: list[str]) -> list[T | None]:
        records = self._table(table)
        return [records.get(key) for key in keys]

    def count(self, table: Table[Any]) -> int:
        return len(self._table(table))

    def read_ahead(self, gets: Iterable[tuple[Table[Any], str]] = (), counts: Iterable[Table[Any]] = ()) -> None:
        """Nothing to fetch: the records are in this process."""

    def keys(self, table: Table[Any]) -> list[str]:
        return list(self._table(table))

    def items(self, table: Table[T], offset: int = 0, limit: int | None = None) -> list[tuple[str, T]]:
        records = self._table(table)
        if offset == 0 and limit is None:
            return list(records.items())
        end = None if limit is None else offset + limit
        if offset == 0 and end is not None:
            out: list[tuple[str, T]] = []
            for pair in records.items():
                if len(out) >= end:
                    break
                out.append(pair)
            return out
        return list(records.items())[offset:end]

    def put(self, table: Table[T], key: str, record: T) -> None:
        records = self._ns.tables.get(table.name)
        if self._undo is not None:
            self._undo.append(
                ("record", table.name, key, records.get(key, _MISSING)) if records else ("created", table.name)
            )
        if records is None:
            records = self._ns.tables[table.name] = {}
        records[key] = record

    def put_many(self, table: Table[T], records: Iterable[tuple[str, T]]) -> None:
        stored = self._ns.tables.get(table.name)
        if self._undo is not None:
            if stored:
                keyed = dict(records)  # read once: the keys for the undo log, then the records themselves
                records = keyed.items()
                self._note_table(table.name, stored, keyed)
            else:
                self._note_table(table.name, stored, ())
        if stored is None:
            stored = self._ns.tables[table.name] = {}
        stored.update(records)

    def delete(self, table: Table[Any], key: str) -> None:
        self.delete_many(table, (key,))

    def delete_many(self, table: Table[Any], keys: Iterable[str]) -> None:
        records = self._table(table)
        if self._undo is not None and records:
            keys = list(keys)
            if table.name not in self._orders:
                self._orders[table.name] = list(records)
            self._note_table(table.name, records, keys)
        for key in keys:
            records.pop(key, None)

    def drop(self, table: Table[Any]) -> None:
        dropped = self._ns.tables.pop(table.name, None)
        if self._undo is not None and dropped is not None:
            self._undo.append(("dropped", table.name, dropped))

    def value(self, name: str, codec: Codec[T] = IDENTITY) -> T | None:
        entry = self._ns.values.get(name)
        if entry is None:
            return None
        record, expires = entry
        if expires is not None and expires <= time.monotonic():
            self._ns.values.pop(name, None)
            return None
        return record

    def set_value(self, name: str, record: T, codec: Codec[T] = IDENTITY, ttl: float | None = None) -> None:
        if self._undo is not None:
            self._undo.append(("value", name, self._ns.values.get(name, _MISSING)))
        self._ns.values[name] = (record, None if ttl is None else time.monotonic() + ttl)

    def delete_value(self, name: str) -> None:
        if self._undo is not None:
            self._undo.append(("value", name, self._ns.values.get(name, _MISSING)))
        self._ns.values.pop(name, None)


class MemoryBackend:
    """State in this process's memory; gone when it exits (``--state-file`` writes it out at shutdown)."""

    url = "memory"
    shared_across_processes = False

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._namespaces: dict[str, _Namespace] = {}
        self._since_sweep = 0

    def _namespace(self, tenant: str) -> _Namespace:
        namespace = self._namespaces.get(tenant)
        if namespace is None:
            with self._lock:
                namespace = self._namespaces.setdefault(tenant, _Namespace())
        return namespace

    def atomic(self, tenant: str, fn: Callable[[MemoryTx], R]) -> R:
        namespace = self._namespace(tenant)
        with self._lock:
            tx = MemoryTx(namespace, undo=True)
            try:
                return fn(tx)
            except BaseException:
                tx.rollback()
                raise

    def view(self, tenant: str) -> MemoryTx:
        return MemoryTx(self._namespace(tenant))

    def scan(self, tenant: str, table: Table[T], batch: int = 1000) -> Iterator[list[tuple[str, T]]]:
        # Keys and records are copied under the lock (a dict must not change size while iterated): two arrays of
        # references, not the records, so the scan shows the table as it was when it started. Pairing them batch
        # by batch in C (zip) costs a quarter of looking each key up again (searches of a large list).
        with self._lock:
            records = self._namespace(tenant).tables.get(table.name) or {}
            keys, values = list(records), list(records.values())
        for start in range(0, len(keys), batch):
            yield list(zip(keys[start : start + batch], values[start : start + batch]))

    def incr(self, tenant: str, name: str, by: int = 1, ttl: float | None = None) -> int:
        namespace = self._namespace(tenant)
        with self._lock:
            now = time.monotonic()
            entry = namespace.counters.get(name)
            if entry is None or (entry[1] is not None and entry[1] <= now):
                entry = (0, None if ttl is None else now + ttl)
            value = entry[0] + by
            namespace.counters[name] = (value, entry[1])
            self._since_sweep += 1
            if self._since_sweep >= SWEEP_EVERY:
                self._sweep(now)
            return value

    def incr_unless_moved(
        self, tenant: str, name: str, by: int, ttl: float | None, guard: str, expected: int
    ) -> tuple[int, int | None]:
        with self._lock:  # re-entrant: both reads and the add are one step
            seen = self.incr(SHARED, guard, 0)
            return seen, (self.incr(tenant, name, by, ttl) if seen == expected else None)

    def _sweep(self, now: float) -> None:
        """Forget expired counters and values (windows keyed by time would otherwise pile up forever)."""
        self._since_sweep = 0
        for namespace in self._namespaces.values():
            for store in (namespace.counters, namespace.values):
                expired = [name for name, (_, expires) in store.items() if expires is not None and expires <= now]
                for name in expired:
                    del store[name]

    def push(self, tenant: str, log: str, record: T, cap: int, codec: Codec[T] = IDENTITY) -> None:
        namespace = self._namespace(tenant)
        with self._lock:
            entries = namespace.logs.get(log)
            if entries is None or entries.maxlen != cap:
                entries = namespace.logs[log] = deque(entries or (), maxlen=cap)
            entries.append(record)

    def log(self, tenant: str, log: str, codec: Codec[T] = IDENTITY, last: int | None = None) -> list[T]:
        with self._lock:
            records = list(self._namespace(tenant).logs.get(log) or ())
        return records if last is None else records[-last:] if last > 0 else []

    def log_length(self, tenant: str, log: str) -> int:
        with self._lock:
            return len(self._namespace(tenant).logs.get(log) or ())

    def drop_log(self, tenant: str, log: str) -> None:
        with self._lock:
            self._namespace(tenant).logs.pop(log, None)

    def clear(self, tenant: str) -> None:
        with self._lock:
            self._namespaces.pop(tenant, None)

    def ping(self) -> None:
        return None

    def close(self) -> None:
        return None
