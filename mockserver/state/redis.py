"""The Redis backend: state shared by every worker process (and host) that names the same Redis, kept across
restarts of the mock when Redis persists it.

Key layout (``P`` = ``{prefix}:{tenant}:``; ``prefix`` is ``gm`` or the URL's ``?prefix=NAME``; the shared namespace
has the empty tenant name, so its keys start ``gm::``). Tenant names use ``A-Za-z0-9_.-`` only, so ``:`` separates
safely; table names may contain ``/`` (``Table.of``):

=============================  ===========  ==========================================================
``P t:{table}``                hash         key -> JSON of ``codec.dump(record)``
``P o:{table}``                sorted set   key scored by insertion order (ZADD NX: a replace keeps its place)
``P seq``                      string       the counter the order scores are reserved from (in MULTI)
``P v:{name}``                 string       a value: JSON, optionally with an expiry (PX)
``P c:{name}``                 string       a counter (INCRBY; the expiry set when it is created)
``P l:{name}``                 list         a capped log (RPUSH + LTRIM)
``P keys``                     sorted set   every key above that the namespace wrote, scored by when it
                                            expires at the latest (ms since the epoch; ``inf``: never)
=============================  ===========  ==========================================================

:meth:`RedisBackend.atomic` is optimistic: reads WATCH the keys they read (a table's hash and sorted set, a value's
key), writes are kept in the transaction (an overlay, so ``get`` sees them) and sent in one MULTI/EXEC at the end;
when another client changed a watched key, EXEC fails and the function runs again (a bounded number of times with
jittered backoff, then :class:`StateConflict`). A function that raises commits nothing. Writes only ever reach
Redis inside EXEC, so a lost connection never leaves half a transaction behind: it raises
:class:`StateUnavailable` (503) and the next call connects again.

``clear(tenant)`` UNLINKs the keys listed in the namespace's ``keys`` registry, in batches: its cost follows the
tenant's own keys, not the database's. SCAN MATCH on the prefix needed no registry but reads every key of the
database, so its cost grew with every other tenant's keys (tokens and rate windows make many), on every tenant
reset (figures: docs/performance.md). The registry costs one ZADD inside the same MULTI/EXEC per write; members of expiring keys
(counters of rate windows, values with a ttl) are scored by their expiry and pruned once it has passed, so the
registry does not grow with time.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import threading
import time
from typing import Any, Callable, Iterable, Iterator, TypeVar, cast, overload
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from mockserver.state.backend import IDENTITY, SHARED, Codec, StateConflict, StateUnavailable, Table
from mockserver.state.redis_wire import UNAVAILABLE as _UNAVAILABLE
from mockserver.state.redis_wire import Command, LostInTransaction, Pinned, ThreadConnections, use_kernel_timeouts

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_PREFIX = "gm"
PREFIX_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")

CONNECT_TIMEOUT = 2.0
"""Seconds to connect: a Redis that is gone answers 503 quickly instead of holding the request."""
SOCKET_TIMEOUT = 5.0
"""Seconds for one command's answer."""

MAX_ATTEMPTS = 64
"""Runs of a transaction's function before :class:`StateConflict` (each conflict means another writer won)."""
BACKOFF_BASE, BACKOFF_CAP = 0.001, 0.05
"""Seconds: the wait before attempt ``n`` is uniform in ``[0, min(CAP, BASE * 2**n))`` (full jitter)."""

UNLINK_BATCH = 500
PUT_CHUNK = 10_000
"""Fields per HSET/ZADD inside one EXEC (a CSV import puts many thousands of contacts at once)."""

FOREVER = float("inf")
"""The registry score of a key that does not expire."""
PRUNE_MARGIN_MS = 60_000
"""Registry members are pruned a minute after their expiry: clocks of several hosts may differ a little."""

# Lua scripts, sent with EVAL (Redis caches them by digest; EVAL needs no NOSCRIPT recovery after a Redis restart,
# and inside MULTI it costs no extra round trip, which redis-py's Script objects do: SCRIPT EXISTS per execute).
# Each does a check-and-write in one atomic step that would otherwise take a WATCH round trip or a MULTI.
_INCR_STEP = """
local created = redis.call('EXISTS', KEYS[1]) == 0
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if created then
  if ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  redis.call('ZADD', KEYS[2], 'GT', ARGV[3], KEYS[1])
  if ARGV[4] ~= '' then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4]) end
end
"""
_INCR_SCRIPT = _INCR_STEP + "return value\n"
"""``incr``: KEYS counter, registry; ARGV by, expiry ms or '', registry score, prune-below score or ''. The expiry
and the registry entry are written only when the counter is created: a rate window's hit is one INCRBY."""

_GUARDED_INCR_SCRIPT = (
    """
local seen = tonumber(redis.call('GET', KEYS[3]) or '0')
if seen ~= tonumber(ARGV[5]) then return {seen} end
"""
    + _INCR_STEP
    + "return {seen, value}\n"
)
"""``incr_unless_moved``: ``_INCR_SCRIPT`` behind a check of the guard counter (KEYS[3], ARGV[5] expected value);
returns {guard value} or {guard value, new count}."""

_PLACE_SCRIPT = """
local tables = #KEYS - 1
local score = redis.call('INCRBY', KEYS[1], #ARGV - tables) - (#ARGV - tables)
local at = tables
for t = 1, tables do
  for _ = 1, tonumber(ARGV[t]) do
    at = at + 1
    score = score + 1
    redis.call('ZADD', KEYS[t + 1], 'NX', score, ARGV[at])
  end
end
"""
"""Order scores of new records, reserved and used inside the transaction's MULTI: no round trip before it, and a
transaction that loses its race reserves nothing. KEYS seq, then the order sets; ARGV how many keys each order set
gets, then the keys. One script for every table of a transaction: a script run costs redis-server about as much
as a round trip (docs/performance.md), so a create that adds a record and its name index places both in one run."""

_DELETED = object()
_DELETED = object()


def _encode(codec: Codec[Any], record: Any) -> str:
    return json.dumps(codec.dump(record), separators=(",", ":"), ensure_ascii=False)


def _expires_ms(ttl: float) -> float:
    return time.time() * 1000 + ttl * 1000


def _register(keys: _Keys, members: dict[str, float], *, prune: bool = False) -> list[Command]:
    """The commands that note keys in the namespace's registry (inside the caller's MULTI): GT keeps the latest
    expiry of a key."""
    pairs = [part for member, score in members.items() for part in (repr(score), member)]
    commands: list[Command] = [("ZADD", keys.registry, "GT", *pairs)]
    if prune:
        commands.append(("ZREMRANGEBYSCORE", keys.registry, "-inf", repr(time.time() * 1000 - PRUNE_MARGIN_MS)))
    return commands


def _place(seq: str, placing: list[tuple[str, list[str]]]) -> list[Command]:
    """The ``_PLACE_SCRIPT`` runs that give these keys their places, at most ``PUT_CHUNK`` keys per run."""
    commands: list[Command] = []
    order_sets: list[str] = []
    counts: list[int] = []
    chunk: list[str] = []
    for order_set, keys in placing:
        for start in range(0, len(keys), PUT_CHUNK):
            part = keys[start : start + PUT_CHUNK]
            if len(chunk) + len(part) > PUT_CHUNK:
                commands.append(("EVAL", _PLACE_SCRIPT, 1 + len(order_sets), seq, *order_sets, *counts, *chunk))
                order_sets, counts, chunk = [], [], []
            order_sets.append(order_set)
            counts.append(len(part))
            chunk += part
    if chunk:
        commands.append(("EVAL", _PLACE_SCRIPT, 1 + len(order_sets), seq, *order_sets, *counts, *chunk))
    return commands


@overload
def _decode(codec: Codec[T], raw: str | bytes) -> T: ...
@overload
def _decode(codec: Codec[T], raw: str | bytes | None) -> T | None: ...
def _decode(codec: Codec[T], raw: str | bytes | None) -> T | None:
    return None if raw is None else codec.load(json.loads(raw))


def split_url(url: str) -> tuple[str, str]:
    """``(url for redis-py, key prefix)``: the ``prefix`` query parameter is the mock's, not redis-py's."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    prefixes = [value for name, value in query if name == "prefix"]
    prefix = prefixes[-1] if prefixes else DEFAULT_PREFIX
    if not PREFIX_PATTERN.match(prefix):
        raise ValueError(f"prefix {prefix!r} in {url!r}: use 1 to 64 characters of A-Z a-z 0-9 _ . -")
    rest = urlencode([(name, value) for name, value in query if name != "prefix"])
    return urlunsplit(parts._replace(query=rest)), prefix


def redacted(url: str) -> str:
    """The URL with its password hidden, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@contextlib.contextmanager
def _mapped_errors(url: str) -> Iterator[None]:
    try:
        yield
    except _UNAVAILABLE as exc:
        raise StateUnavailable(f"Redis at {url} is unavailable: {exc}") from exc


class _Keys:
    """The key names of one namespace (see the module docstring)."""

    __slots__ = ("base",)

    def __init__(self, prefix: str, tenant: str) -> None:
        self.base = f"{prefix}:{tenant}:"

    def table(self, table: Table[Any]) -> str:
        return f"{self.base}t:{table.name}"

    def order(self, table: Table[Any]) -> str:
        return f"{self.base}o:{table.name}"

    @property
    def seq(self) -> str:
        return f"{self.base}seq"

    @property
    def registry(self) -> str:
        return f"{self.base}keys"

    def value(self, name: str) -> str:
        return f"{self.base}v:{name}"

    def counter(self, name: str) -> str:
        return f"{self.base}c:{name}"

    def log(self, name: str) -> str:
        return f"{self.base}l:{name}"


class _Direct:
    """The reader of a read-only view: each batch on the thread's connection, nothing watched."""

    __slots__ = ("_wire",)

    def __init__(self, wire: ThreadConnections) -> None:
        self._wire = wire

    def watch(self, *keys: str) -> None:
        pass

    def call(self, commands: list[Command]) -> list[Any]:
        return self._wire.call(commands)


class RedisTx:
    """A :class:`~mockserver.state.backend.Tx` over Redis: reads go to ``reader`` (in a transaction a
    :class:`~mockserver.state.redis_wire.Pinned` connection that WATCHes what is read in the same round trip, in a
    read-only view any pooled connection), writes are buffered (with an overlay for ``get``) until :meth:`commit`."""

    def __init__(self, keys: _Keys, reader: Pinned | _Direct, url: str, *, watching: bool) -> None:
        self._keys = keys
        self._reader = reader
        self._url = url
        self._watching = watching
        self._watched: set[str] = set()
        self._overlay: dict[str, dict[str, Any]] = {}  # table name -> key -> record or _DELETED
        self._dropped: set[str] = set()
        self._values: dict[str, Any] = {}  # value name -> record or _DELETED
        self._ops: list[tuple[Any, ...]] = []
        self._new_records = 0
        self._read: dict[str, dict[str, str | None]] = {}
        """Table name -> key -> raw JSON read under WATCH: it cannot change without EXEC failing, so a second
        read of the same record (a name checked twice) costs no round trip."""
        self._counts: dict[str, int] = {}
        """Table name -> its count read under WATCH (the state at the start, which cannot change without EXEC
        failing): counted again, or fetched by :meth:`read_ahead`, it costs no round trip."""
        self._placed: dict[str, set[str]] = {}
        """Table name -> keys that have their place in the order already (read under WATCH, or put earlier in this
        transaction): putting them again needs no score, so an update costs no INCRBY round trip."""

    # -- reads --------------------------------------------------------------------------------------------------

    def _watch(self, *keys: str) -> None:
        if not self._watching:
            return
        fresh = [key for key in keys if key not in self._watched]
        if fresh:
            self._reader.watch(*fresh)
            self._watched.update(fresh)

    def _watch_table(self, table: Table[Any], *, order: bool = True) -> str:
        """Watch the table's hash (every write changes it) and, for reads of the order, its sorted set."""
        name = self._keys.table(table)
        if order:
            self._watch(name, self._keys.order(table))
        else:
            self._watch(name)
        return name

    def get(self, table: Table[T], key: str) -> T | None:
        return self.get_many(table, [key])[0]

    def get_many(self, table: Table[T], keys: list[str]) -> list[T | None]:
        with _mapped_errors(self._url):
            return self._get_many(table, keys)

    def _get_many(self, table: Table[T], keys: list[str]) -> list[T | None]:
        overlay = self._overlay.get(table.name, {})
        dropped = table.name in self._dropped
        read = self._read.setdefault(table.name, {}) if self._watching else {}
        missing = [key for key in keys if key not in overlay and key not in read and not dropped]
        stored: dict[str, Any] = {key: read[key] for key in keys if key in read}
        if missing:
            [raw] = self._reader.call([("HMGET", self._watch_table(table, order=False), *missing)])
            fetched = dict(zip(missing, raw))
            stored.update(fetched)
            if self._watching:
                read.update(fetched)
                self._placed.setdefault(table.name, set()).update(key for key, data in fetched.items() if data)
        out: list[T | None] = []
        for key in keys:
            if key in overlay:
                record = overlay[key]
                out.append(None if record is _DELETED else record)
            else:
                out.append(_decode(table.codec, stored.get(key)))
        return out

    def count(self, table: Table[Any]) -> int:
        known = self._counts.get(table.name)
        if known is not None:
            return known
        with _mapped_errors(self._url):
            [length] = self._reader.call([("HLEN", self._watch_table(table, order=False))])
        if self._watching:
            self._counts[table.name] = int(length)
        return int(length)

    def read_ahead(self, gets: Iterable[tuple[Table[Any], str]] = (), counts: Iterable[Table[Any]] = ()) -> None:
        if not self._watching:  # a view's reads are each atomic on their own: nothing is kept between them
            return
        wanted: dict[str, tuple[Table[Any], list[str]]] = {}
        for table, key in gets:
            if (
                table.name in self._dropped
                or key in self._overlay.get(table.name, {})
                or key in self._read.get(table.name, {})
            ):
                continue
            keys = wanted.setdefault(table.name, (table, []))[1]
            if key not in keys:
                keys.append(key)
        counted = list({table.name: table for table in counts if table.name not in self._counts}.values())
        commands: list[Command] = [
            ("HMGET", self._watch_table(table, order=False), *keys) for table, keys in wanted.values()
        ]
        commands += [("HLEN", self._watch_table(table, order=False)) for table in counted]
        if not commands:
            return
        with _mapped_errors(self._url):
            replies = self._reader.call(commands)
        for (table, keys), raw in zip(wanted.values(), replies):
            fetched = dict(zip(keys, raw))
            self._read.setdefault(table.name, {}).update(fetched)
            self._placed.setdefault(table.name, set()).update(key for key, data in fetched.items() if data)
        for table, length in zip(counted, replies[len(wanted) :]):
            self._counts[table.name] = int(length)

    def keys(self, table: Table[Any]) -> list[str]:
        with _mapped_errors(self._url):
            self._watch_table(table)
            [keys] = self._reader.call([("ZRANGE", self._keys.order(table), 0, -1)])
            return list(keys)

    def items(self, table: Table[T], offset: int = 0, limit: int | None = None) -> list[tuple[str, T]]:
        if limit is not None and limit <= 0:
            return []
        end = -1 if limit is None else offset + limit - 1
        with _mapped_errors(self._url):
            name = self._watch_table(table)
            [keys] = self._reader.call([("ZRANGE", self._keys.order(table), offset, end)])
            raw = self._reader.call([("HMGET", name, *keys)])[0] if keys else []
        # A key whose record is gone was deleted between the two reads (a view; in a transaction EXEC then fails).
        return [(key, _decode(table.codec, data)) for key, data in zip(keys, raw) if data is not None]

    def value(self, name: str, codec: Codec[T] = IDENTITY) -> T | None:
        if name in self._values:
            record = self._values[name]
            return None if record is _DELETED else record
        key = self._keys.value(name)
        with _mapped_errors(self._url):
            self._watch(key)
            [raw] = self._reader.call([("GET", key)])
        return _decode(codec, raw)

    # -- writes (buffered) --------------------------------------------------------------------------------------

    def _writable(self) -> None:
        if not self._watching:
            raise TypeError("a view is read-only: write inside atomic()")

    def put(self, table: Table[T], key: str, record: T) -> None:
        self.put_many(table, [(key, record)])

    def put_many(self, table: Table[T], records: Iterable[tuple[str, T]]) -> None:
        self._writable()
        overlay = self._overlay.setdefault(table.name, {})
        encoded: dict[str, str] = {}
        for key, record in records:
            encoded[key] = _encode(table.codec, record)  # encoded now: a codec error fails the function, not EXEC
            overlay[key] = record
        if encoded:
            placed = self._placed.setdefault(table.name, set())
            fresh = [key for key in encoded if key not in placed]
            placed.update(fresh)
            self._ops.append(("put", table, encoded, fresh))
            self._new_records += len(fresh)

    def delete(self, table: Table[Any], key: str) -> None:
        self.delete_many(table, [key])

    def delete_many(self, table: Table[Any], keys: Iterable[str]) -> None:
        self._writable()
        keys = list(keys)
        if not keys:
            return
        overlay = self._overlay.setdefault(table.name, {})
        placed = self._placed.get(table.name, set())
        for key in keys:
            overlay[key] = _DELETED
            placed.discard(key)
        self._ops.append(("delete", table, keys))

    def drop(self, table: Table[Any]) -> None:
        self._writable()
        self._overlay.pop(table.name, None)
        self._placed.pop(table.name, None)
        self._read.pop(table.name, None)
        self._dropped.add(table.name)
        self._ops.append(("drop", table))

    def set_value(self, name: str, record: T, codec: Codec[T] = IDENTITY, ttl: float | None = None) -> None:
        self._writable()
        self._values[name] = record
        self._ops.append(("set", name, _encode(codec, record), ttl))

    def delete_value(self, name: str) -> None:
        self._writable()
        self._values[name] = _DELETED
        self._ops.append(("unset", name))

    # -- commit -------------------------------------------------------------------------------------------------

    def commit(self) -> None:
        """Send the buffered writes in one MULTI/EXEC, one round trip (raises ``WatchError`` when a watched key
        changed). A transaction that only read still runs an empty MULTI/EXEC: its reads then were one consistent
        state."""
        if not self._ops and not self._watched:
            return
        keys = self._keys
        commands: list[Command] = [("MULTI",)]
        registered: dict[str, float] = {}
        placing: list[tuple[str, list[str]]] = []  # order set -> keys that get a place
        for op in self._ops:
            kind = op[0]
            if kind == "put":
                table, encoded, fresh = op[1], op[2], op[3]
                items = list(encoded.items())
                for start in range(0, len(items), PUT_CHUNK):
                    fields = [part for item in items[start : start + PUT_CHUNK] for part in item]
                    commands.append(("HSET", keys.table(table), *fields))
                if fresh:
                    placing.append((keys.order(table), fresh))
                    registered[keys.table(table)] = registered[keys.order(table)] = registered[keys.seq] = FOREVER
            elif kind == "delete":
                table, removed = op[1], op[2]
                commands += _place(keys.seq, placing)  # first: a key put, then deleted, must leave no member
                placing = []
                commands.append(("HDEL", keys.table(table), *removed))
                commands.append(("ZREM", keys.order(table), *removed))
            elif kind == "drop":
                commands += _place(keys.seq, placing)
                placing = []
                commands.append(("UNLINK", keys.table(op[1]), keys.order(op[1])))
            elif kind == "set":
                _, name, data, ttl = op
                expiry = () if ttl is None else ("PX", max(1, int(ttl * 1000)))
                commands.append(("SET", keys.value(name), data, *expiry))
                registered[keys.value(name)] = FOREVER if ttl is None else _expires_ms(ttl)
            else:
                commands.append(("UNLINK", keys.value(op[1])))
        commands += _place(keys.seq, placing)
        if registered:
            commands += _register(keys, registered, prune=any(score != FOREVER for score in registered.values()))
        commands.append(("EXEC",))
        replies = self._reader.call(commands)
        if replies[-1] is None:
            raise redis.exceptions.WatchError("a watched key changed")
        failed = [reply for reply in replies[-1] if isinstance(reply, redis.exceptions.ResponseError)]
        if failed:
            raise failed[0]


class RedisBackend:
    """State in Redis (``redis://HOST:PORT/DB[?prefix=NAME]``, ``rediss://`` for TLS, ``unix://PATH``).

    The connection pool is made lazily in each process (granian's workers are forked or spawned, and a socket must
    never be shared across a fork); redis-py's pool is safe across threads. Every call that cannot reach Redis
    raises :class:`StateUnavailable`; the next call connects again by itself.
    """

    shared_across_processes = True

    def __init__(self, url: str) -> None:
        self._redis_url, self.prefix = split_url(url)
        self.url = redacted(url)
        self._lock = threading.Lock()
        self._transactions = threading.RLock()
        """Held by a process's transactions, one at a time, as the memory backend's lock is: threads of one worker
        never conflict with each other (without it, 32 connections to one worker retried most creates, each retry
        a whole transaction's CPU: docs/performance.md), only with other processes. Re-entrant: a transaction may run inside another."""
        self._pid = -1
        self._redis: redis.Redis | None = None
        self._wire: ThreadConnections | None = None

    def _client(self) -> redis.Redis:
        client = self._redis
        if client is None or self._pid != os.getpid():
            with self._lock:
                if self._redis is None or self._pid != os.getpid():
                    # One immediate retry on a new connection: after a Redis restart the pooled sockets are dead.
                    pool = redis.ConnectionPool.from_url(
                        self._redis_url,
                        decode_responses=True,
                        socket_connect_timeout=CONNECT_TIMEOUT,
                        socket_timeout=SOCKET_TIMEOUT,
                        retry=Retry(NoBackoff(), 1),
                    )
                    use_kernel_timeouts(pool)
                    self._redis = redis.Redis.from_pool(pool)
                    self._wire = ThreadConnections(self._redis.connection_pool)
                    self._pid = os.getpid()
                client = self._redis
        return client

    def _call(self, commands: list[Command]) -> list[Any]:
        """One round trip of ``commands`` on the thread's connection (see mockserver/state/redis_wire.py)."""
        self._client()
        assert self._wire is not None
        return self._wire.call(commands)

    def _keys(self, tenant: str) -> _Keys:
        return _Keys(self.prefix, tenant)

    def atomic(self, tenant: str, fn: Callable[[RedisTx], R]) -> R:
        self._client()
        wire = self._wire
        assert wire is not None
        keys = self._keys(tenant)
        with _mapped_errors(self.url), self._transactions:
            for attempt in range(MAX_ATTEMPTS):
                reader = Pinned(wire)
                clean = False
                try:
                    tx = RedisTx(keys, reader, self.url, watching=True)
                    result = fn(tx)
                    tx.commit()
                    clean = True
                except redis.exceptions.WatchError:
                    clean = True  # EXEC ran (and failed): no WATCH is left on the connection
                    time.sleep(random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt)))
                    continue
                except LostInTransaction as lost:
                    # The connection was lost while watching, maybe after EXEC was applied: running fn again could
                    # apply it twice. 503, as after any lost connection.
                    raise StateUnavailable(f"Redis at {self.url}: connection lost in a transaction: {lost}") from lost
                finally:
                    reader.release(clean=clean)
                return result
        raise StateConflict(f"a transaction in tenant {tenant!r} conflicted {MAX_ATTEMPTS} times with other writers")

    def view(self, tenant: str) -> RedisTx:
        self._client()
        assert self._wire is not None
        return RedisTx(self._keys(tenant), _Direct(self._wire), self.url, watching=False)

    def scan(self, tenant: str, table: Table[T], batch: int = 1000) -> Iterator[list[tuple[str, T]]]:
        # By score (unique per record), after the last one seen: deletions meanwhile cannot make it skip records.
        client = self._client()
        keys = self._keys(tenant)
        low = "-inf"
        while True:
            with _mapped_errors(self.url):
                # redis-py types zrange's answer as members or (member, score) pairs whatever withscores says.
                chunk = cast(
                    "list[tuple[str, float]]",
                    client.zrange(keys.order(table), low, "+inf", byscore=True, offset=0, num=batch, withscores=True),
                )
                if not chunk:
                    return
                raw = client.hmget(keys.table(table), [key for key, _ in chunk])
            found = [(key, _decode(table.codec, data)) for (key, _), data in zip(chunk, raw) if data is not None]
            if found:
                yield found
            if len(chunk) < batch:
                return
            low = f"({int(chunk[-1][1])}"

    def incr(self, tenant: str, name: str, by: int = 1, ttl: float | None = None) -> int:
        keys = self._keys(tenant)
        key = keys.counter(name)
        with _mapped_errors(self.url):
            if by == 0:  # a read (the configuration generation, once per request): creates nothing
                return int(self._call([("GET", key)])[0] or 0)
            expiry = "" if ttl is None else str(max(1, int(ttl * 1000)))
            score = FOREVER if ttl is None else _expires_ms(ttl)
            prune = "" if ttl is None else repr(time.time() * 1000 - PRUNE_MARGIN_MS)
            return int(self._call([("EVAL", _INCR_SCRIPT, 2, key, keys.registry, by, expiry, repr(score), prune)])[0])

    def incr_unless_moved(
        self, tenant: str, name: str, by: int, ttl: float | None, guard: str, expected: int
    ) -> tuple[int, int | None]:
        keys = self._keys(tenant)
        expiry = "" if ttl is None else str(max(1, int(ttl * 1000)))
        score = FOREVER if ttl is None else _expires_ms(ttl)
        prune = "" if ttl is None else repr(time.time() * 1000 - PRUNE_MARGIN_MS)
        with _mapped_errors(self.url):
            [reply] = self._call(
                [
                    (
                        "EVAL",
                        _GUARDED_INCR_SCRIPT,
                        3,
                        keys.counter(name),
                        keys.registry,
                        self._keys(SHARED).counter(guard),
                        by,
                        expiry,
                        repr(score),
                        prune,
                        expected,
                    )
                ]
            )
        seen, value = reply[0], reply[1] if len(reply) > 1 else None
        return int(seen), None if value is None else int(value)

    def push(self, tenant: str, log: str, record: T, cap: int, codec: Codec[T] = IDENTITY) -> None:
        keys = self._keys(tenant)
        log_key = keys.log(log)
        # Plain commands in a MULTI rather than a script: a script run costs redis-server about a round trip more.
        with _mapped_errors(self.url):
            self._call(
                [
                    ("MULTI",),
                    ("RPUSH", log_key, _encode(codec, record)),
                    ("LTRIM", log_key, -cap, -1),
                    ("ZADD", keys.registry, "GT", "inf", log_key),
                    ("EXEC",),
                ]
            )

    def log(self, tenant: str, log: str, codec: Codec[T] = IDENTITY, last: int | None = None) -> list[T]:
        if last is not None and last <= 0:
            return []
        with _mapped_errors(self.url):
            [raw] = self._call([("LRANGE", self._keys(tenant).log(log), 0 if last is None else -last, -1)])
        return [codec.load(json.loads(data)) for data in raw]

    def log_length(self, tenant: str, log: str) -> int:
        with _mapped_errors(self.url):
            return int(self._call([("LLEN", self._keys(tenant).log(log))])[0])

    def drop_log(self, tenant: str, log: str) -> None:
        with _mapped_errors(self.url):
            self._client().unlink(self._keys(tenant).log(log))

    def clear(self, tenant: str) -> None:
        client = self._client()
        registry = self._keys(tenant).registry
        with _mapped_errors(self.url):
            while True:
                batch = client.zrange(registry, 0, UNLINK_BATCH - 1)
                if not batch:
                    break
                with client.pipeline(transaction=True) as pipe:
                    pipe.unlink(*batch)
                    pipe.zrem(registry, *batch)
                    pipe.execute()
            client.unlink(registry)

    def ping(self) -> None:
        with _mapped_errors(self.url):
            self._client().ping()

    def used_memory(self) -> int:
        """Bytes Redis uses now (``INFO memory`` ``used_memory``): the difference before and after storing N
        contacts, divided by N, is the bytes per stored contact (see docs/state.md)."""
        with _mapped_errors(self.url):
            return int(self._client().info("memory")["used_memory"])

    def close(self) -> None:
        with self._lock:
            client, self._redis = self._redis, None
            wire, self._wire = self._wire, None
        if wire is not None:
            wire.close()
        if client is not None:
            client.close()
