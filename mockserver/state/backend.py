"""The state backend protocol: every piece of the mock's mutable state lives behind it.

State is organised as **tables** (ordered maps ``key -> record`` of one tenant, e.g. outbound's lists, or one
list's contacts with ``CONTACTS.of(list_id)``) and **values** (single records by name, optionally expiring, e.g. a
token or the clock offset). Records are *values*: code never mutates a record it read, it puts a new one. A
:class:`Codec` per table turns records into JSON-able data for backends that store outside the process (Redis);
the in-memory backend keeps the Python objects as they are, so reads cost nothing to decode.

Every check-then-write goes through :meth:`Backend.atomic`: the function receives a :class:`Tx`, reads what it
needs, decides, and writes; the backend makes the whole function one transaction. The in-memory backend runs it
under one lock; the Redis backend runs it optimistically (WATCH the keys read, MULTI/EXEC the writes) and
**re-runs the function** when another process changed what it read, so the function must have no effect outside
its ``Tx`` and must compute everything from what it read.

What a transaction sees: ``get``/``get_many``/``value`` see the state at the start plus the transaction's own
writes; ``count``/``items``/``keys`` see the state at the start only (so count before writing). Tables keep
insertion order; replacing a record keeps its place (like a dict).

Namespaces: ``tenant`` is a tenant name, or :data:`SHARED` for what all tenants share (tokens, rate windows, the
clock, the tenant registry).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterable, Iterator, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

SHARED = ""
"""The namespace of state every tenant shares (no tenant name is empty: core/tenants.py)."""


class StateUnavailable(Exception):
    """The backend cannot be reached (Redis down): the request gets 503 ``service.unavailable``, nothing is
    half-applied, and the next request tries again."""


class StateConflict(Exception):
    """A transaction kept conflicting with other processes' writes past the retry budget (answered 503 too)."""


@dataclass(frozen=True)
class Codec(Generic[T]):
    """How a record becomes JSON-able data and back (``dump(load(x)) == x`` for every stored record)."""

    dump: Callable[[T], Any]
    load: Callable[[Any], T]


IDENTITY: Codec[Any] = Codec(lambda value: value, lambda data: data)
"""For records that are already JSON-able (dicts of str/int/float/bool/None, lists)."""


@dataclass(frozen=True)
class Table(Generic[T]):
    """A named ordered map of records within a tenant. ``name`` uses letters, digits, ``._-`` and, for a table
    that belongs to one entity, ``/`` and its key (``Table.of``)."""

    name: str
    codec: Codec[T] = IDENTITY

    def of(self, key: str) -> "Table[T]":
        """The table of one entity, e.g. ``CONTACTS.of(list_id)``: dropped as a whole with :meth:`Tx.drop`."""
        return Table(f"{self.name}/{key}", self.codec)


class Tx(Protocol):
    """What a transaction (or a read-only view) can do. See the module docstring for what reads see."""

    def get(self, table: Table[T], key: str) -> T | None: ...

    def get_many(self, table: Table[T], keys: list[str]) -> list[T | None]: ...

    def count(self, table: Table[Any]) -> int: ...

    def keys(self, table: Table[Any]) -> list[str]: ...

    def items(self, table: Table[T], offset: int = 0, limit: int | None = None) -> list[tuple[str, T]]:
        """Records in insertion order from ``offset``; ``limit`` None: to the end (small tables only)."""
        ...

    def read_ahead(self, gets: Iterable[tuple[Table[Any], str]] = (), counts: Iterable[Table[Any]] = ()) -> None:
        """A hint, no effect on what reads return: the records ``gets`` and the counts of ``counts`` are about to be
        read. In a transaction over Redis they are fetched (and WATCHed) together, one round trip, and the reads
        that follow cost none; a check that reads a name and then counts calls this first."""
        ...

    def put(self, table: Table[T], key: str, record: T) -> None: ...

    def put_many(self, table: Table[T], records: Iterable[tuple[str, T]]) -> None: ...

    def delete(self, table: Table[Any], key: str) -> None: ...

    def delete_many(self, table: Table[Any], keys: Iterable[str]) -> None: ...

    def drop(self, table: Table[Any]) -> None:
        """Remove the whole table."""
        ...

    def value(self, name: str, codec: Codec[T] = IDENTITY) -> T | None: ...

    def set_value(self, name: str, record: T, codec: Codec[T] = IDENTITY, ttl: float | None = None) -> None:
        """Store a single record; ``ttl`` (real seconds) lets the backend forget it (garbage collection only:
        expiry that users see is decided on the mock's clock by the caller)."""
        ...

    def delete_value(self, name: str) -> None: ...


class Backend(Protocol):
    """Where the state lives. One instance per server process; safe to use from many threads."""

    url: str
    """``memory`` or the Redis URL (what ``--state`` said), for messages and ``/__mock/health``."""

    shared_across_processes: bool
    """Whether several processes can serve one state (``--workers N`` needs it)."""

    def atomic(self, tenant: str, fn: Callable[[Tx], R]) -> R:
        """Run ``fn`` as one transaction in ``tenant``'s namespace and return its result (may run it again on a
        conflict: see the module docstring). Raises :class:`StateUnavailable` / :class:`StateConflict`."""
        ...

    def view(self, tenant: str) -> Tx:
        """A read-only :class:`Tx` outside any transaction: each read is atomic on its own (for GETs)."""
        ...

    def scan(self, tenant: str, table: Table[T], batch: int = 1000) -> Iterator[list[tuple[str, T]]]:
        """The table's records in insertion order, ``batch`` at a time, never the whole table in memory at once
        (exports and searches of a million-contact list). Records added or deleted meanwhile may or may not appear;
        every other record appears exactly once."""
        ...

    def incr(self, tenant: str, name: str, by: int = 1, ttl: float | None = None) -> int:
        """Add ``by`` to a counter (created at 0) and return the new value, atomically across processes; ``ttl``
        (real seconds) is set when the counter is created."""
        ...

    def incr_unless_moved(
        self, tenant: str, name: str, by: int, ttl: float | None, guard: str, expected: int
    ) -> tuple[int, int | None]:
        """:meth:`incr`, but only while the :data:`SHARED` counter ``guard`` holds ``expected``, in one atomic step:
        ``(the guard's value, the new count or None when nothing was added)``. The rate window's hit confirms the
        configuration generation this way (core/shared_cache.py), without a round trip of its own."""
        ...

    def push(self, tenant: str, log: str, record: T, cap: int, codec: Codec[T] = IDENTITY) -> None:
        """Append a record to a capped log (oldest dropped past ``cap``)."""
        ...

    def log(self, tenant: str, log: str, codec: Codec[T] = IDENTITY, last: int | None = None) -> list[T]:
        """The log's records, oldest first; ``last``: only the newest ``last`` of them (a page of the journal
        without reading all of it)."""
        ...

    def log_length(self, tenant: str, log: str) -> int:
        """How many records the log holds (without reading them)."""
        ...

    def drop_log(self, tenant: str, log: str) -> None: ...

    def clear(self, tenant: str) -> None:
        """Forget everything in ``tenant``'s namespace (tables, values, counters, logs)."""
        ...

    def ping(self) -> None:
        """Raise :class:`StateUnavailable` when the backend cannot be reached."""
        ...

    def close(self) -> None: ...
