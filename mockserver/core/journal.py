"""The request journal: the last N exchanges of each tenant, with secrets redacted (core/redact.py), for tests and
bug reports.

Recording sits on every request's path (issue 8 measures that overhead), so it is O(1) and never parses a body:
entries go into the tenant's capped log in the state backend (``push``: the oldest entry gives way past
``journal.max_entries``); bodies, the query string and the request headers are cut to ``journal.max_body_bytes``
*before* anything looks at them, and one :class:`JournalBudget` per process keeps all tenants' journals within
``journal.max_total_bytes`` (a flood of requests with huge headers, even unauthenticated ones, cannot grow memory).

The budget is exact with the memory backend: the entries are the Python objects the budget counts, and one evicted
for the budget is emptied in place and skipped by readers. With Redis each entry is stored rendered (redacted, as
``/__mock/requests`` shows it) and the budget can only count what this process recorded and cannot evict entries
from Redis: there the journal is bounded by ``journal.max_entries`` per tenant (each entry already cut to
``journal.max_body_bytes``), and ``max_total_bytes`` bounds only what each process holds.

The request body is captured by :class:`BodyTap` while the view reads it (the binding layer reads with
``cache=False``, so it is gone afterwards); a body nobody read (a request refused before its view) is read here, up
to the limit. Rendering and redaction happen once, when an entry is first read (:class:`Exchange`), so no secret
ever leaves through the journal while the request path only copies a few references.
"""

from __future__ import annotations

import copy
import fnmatch
import threading
from collections import deque
from datetime import datetime, timezone
from typing import IO, Any, Mapping, Union

from flask import Flask, Request, Response

from mockserver.core.redact import redact_headers, redact_query, redact_text
from mockserver.state import Codec, TenantState

TAP_ENVIRON_KEY = "genesys_mock.body_tap"


class BodyTap:
    """Wraps ``wsgi.input`` and keeps the first ``limit`` bytes that the app reads, without changing the reads.

    Only ``read``/``readline``/iteration, which WSGI requires; Werkzeug uses ``read`` when ``readinto`` is absent.
    """

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self.head = bytearray()
        self.seen = 0

    def _keep(self, data: bytes) -> bytes:
        self.seen += len(data)
        room = self._limit - len(self.head)
        if room > 0 and data:
            self.head += data[:room]
        return data

    def read(self, *args: Any) -> bytes:
        return self._keep(self._stream.read(*args))

    def readline(self, *args: Any) -> bytes:
        return self._keep(self._stream.readline(*args))

    def readlines(self, *args: Any) -> list[bytes]:
        return [self._keep(line) for line in self._stream.readlines(*args)]

    def __iter__(self) -> Any:
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


def _text(data: bytes | bytearray) -> str | None:
    return redact_text(bytes(data).decode("utf-8", errors="replace")) if data else None


def _environ_headers(environ: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Request headers the way Werkzeug names them, from the copied ``HTTP_*`` keys (see :class:`Exchange`)."""
    headers = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers.append((key[5:].replace("_", "-").title(), value))
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            headers.append((key.replace("_", "-").title(), value))
    return headers


def _cut(text: str, limit: int) -> tuple[str, bool]:
    return (text, False) if len(text) <= limit else (text[:limit], True)


def _request_headers(environ: Mapping[str, Any], limit: int) -> tuple[dict[str, str], bool]:
    """The header keys of the environ, their values cut so that together they keep at most ``limit`` characters."""
    kept: dict[str, str] = {}
    room, cut = limit, False
    for key, value in environ.items():
        if key.startswith("HTTP_") or key.startswith("CONTENT_"):
            if len(value) > room:
                value, cut = value[:room], True
            kept[key] = value
            room -= len(value)
    return kept, cut


def _request_body(request: Request, limit: int) -> tuple[bytes, bool]:
    tap: BodyTap | None = request.environ.get(TAP_ENVIRON_KEY)
    if tap is None:
        return b"", False
    declared = request.content_length or 0
    if tap.seen == 0 and declared > 0 and limit > 0:
        try:  # refused before its view read it (401, 413, a fault): read what the journal keeps, no more
            request.stream.read(limit + 1)
        except Exception:  # noqa: BLE001 - a body over the size limit or a broken stream: record without it
            pass
    return bytes(tap.head), max(tap.seen, declared) > len(tap.head)


def _response_body(response: Response, limit: int) -> tuple[bytes, bool]:
    if response.is_streamed or response.direct_passthrough:
        return b"", False  # reading it here would consume what the client is about to receive
    data = response.get_data()
    return data[:limit], len(data) > limit


class Exchange:
    """One recorded request and its response, kept raw; :meth:`as_dict` renders (and redacts) it once, on read.

    Recording only copies references and short byte slices: header names, ISO timestamps and redaction are
    paid for by whoever reads the journal, not by every request (issue 8 measures the per-request overhead).
    """

    __slots__ = (
        "correlation_id",
        "started_wall",
        "tenant",
        "method",
        "path",
        "query",
        "query_truncated",
        "request_environ",
        "headers_truncated",
        "request_body",
        "request_truncated",
        "status",
        "response_headers",
        "response_body",
        "response_truncated",
        "duration_ms",
        "rule",
        "fault",
        "profile",
        "held",
        "evicted",
        "_rendered",
    )

    OVERHEAD = 1024
    """Bytes counted per entry beyond its strings: the objects holding them (measured: docs/performance.md)."""

    def __init__(
        self,
        request: Request,
        response: Response | None,
        *,
        correlation_id: str,
        tenant: str,
        started_wall: float,
        duration_ms: float,
        rule: str | None,
        fault: str | None,
        profile: str,
        max_body_bytes: int,
    ) -> None:
        environ = request.environ
        self.correlation_id, self.tenant, self.profile = correlation_id, tenant, profile
        self.started_wall, self.duration_ms, self.rule, self.fault = started_wall, duration_ms, rule, fault
        self.method, self.path = request.method, request.path
        self.query, self.query_truncated = _cut(environ.get("QUERY_STRING", ""), max_body_bytes)
        # Only the header keys: the environ itself holds the body stream and must not outlive the request.
        self.request_environ, self.headers_truncated = _request_headers(environ, max_body_bytes)
        self.request_body, self.request_truncated = _request_body(request, max_body_bytes)
        self.status: int | None = None
        self.response_headers: list[tuple[str, str]] = []
        self.response_body, self.response_truncated = b"", False
        if response is not None:
            self.status = response.status_code
            self.response_headers = list(response.headers)
            self.response_body, self.response_truncated = _response_body(response, max_body_bytes)
        self.held = self.size()
        self.evicted = False
        self._rendered: dict[str, Any] | None = None

    def evict(self) -> None:
        """Give the entry's bytes back (the journal budget): the log keeps an empty shell that readers skip."""
        self.evicted = True
        self.request_environ, self.response_headers = {}, []
        self.request_body = self.response_body = b""
        self.query = ""
        self._rendered = None

    def size(self) -> int:
        """The bytes this entry keeps, as the journal budget counts them (path and response headers are the
        mock's own or bounded by the server's URL limit, but count too)."""
        held = self.OVERHEAD + len(self.path) + len(self.query) + len(self.request_body) + len(self.response_body)
        held += sum(len(k) + len(v) for k, v in self.request_environ.items())
        return held + sum(len(k) + len(v) for k, v in self.response_headers)

    def as_dict(self) -> dict[str, Any]:
        """The entry in the shape ``/__mock/requests`` answers; ``response`` None is a dropped connection."""
        if self._rendered is None:
            answer = None
            if self.status is not None:
                answer = {
                    "status": self.status,
                    "headers": redact_headers(self.response_headers),
                    "body": _text(self.response_body),
                    "bodyTruncated": self.response_truncated,
                }
            timestamp = datetime.fromtimestamp(self.started_wall, tz=timezone.utc)
            self._rendered = {
                "id": self.correlation_id,
                "correlationId": self.correlation_id,
                "timestamp": timestamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "tenant": self.tenant,
                "method": self.method,
                "path": self.path,
                "query": redact_query(self.query) if self.query else "",
                "queryTruncated": self.query_truncated,
                "request": {
                    "headers": redact_headers(_environ_headers(self.request_environ)),
                    "headersTruncated": self.headers_truncated,
                    "body": _text(self.request_body),
                    "bodyTruncated": self.request_truncated,
                },
                "response": answer,
                "durationMs": round(self.duration_ms, 3),
                "rule": self.rule,
                "fault": self.fault,
                "profile": self.profile,
            }
        return self._rendered


class Rendered:
    """An entry read back from a backend that stores entries rendered (Redis): what :meth:`Exchange.as_dict` gave."""

    __slots__ = ("data",)
    evicted = False

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @property
    def correlation_id(self) -> str:
        return self.data["correlationId"]

    def as_dict(self) -> dict[str, Any]:
        return self.data


JournalRecord = Union[Exchange, Rendered]
JOURNAL_CODEC: Codec[JournalRecord] = Codec(lambda entry: entry.as_dict(), Rendered)
JOURNAL_LOG = "journal"
"""The tenant's capped log of exchanges."""


class JournalBudget:
    """One byte budget over every tenant's journal in this process: past ``max_bytes`` the oldest entries of any
    tenant give way (emptied in place, see the module docstring).

    It mirrors the order in which entries were pushed, overall and per tenant, so it knows which entry the log
    dropped past ``max_entries`` (the tenant's oldest) and which one is the oldest overall; push and mirror happen
    under one lock so the orders agree.
    """

    def __init__(self, max_bytes: int, max_entries: int) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self.used = 0
        self.lock = threading.Lock()
        self._order: deque[Exchange] = deque()  # every recorded entry, live or already gone
        self._tenants: dict[str, deque[Exchange]] = {}
        self._live = 0  # entries still counted

    def record(self, state: TenantState, exchange: Exchange) -> None:
        """Push an entry to the tenant's log and count it, evicting the oldest entries until the budget holds."""
        if self.max_entries == 0:
            return
        with self.lock:
            state.push(JOURNAL_LOG, exchange, self.max_entries, JOURNAL_CODEC)
            mine = self._tenants.get(state.tenant)
            if mine is None:
                mine = self._tenants[state.tenant] = deque()
            mine.append(exchange)
            self._order.append(exchange)
            self.used += exchange.held
            self._live += 1
            if len(mine) > self.max_entries:  # the log dropped its oldest entry
                self._release(mine.popleft())
            while self.used > self.max_bytes and self._order:
                oldest = self._order.popleft()
                if oldest.held:
                    self._release(oldest)
                    oldest.evict()
            if len(self._order) > 2 * self._live + 64:  # amortised: forget gone ones
                self._order = deque(entry for entry in self._order if entry.held)

    def _release(self, exchange: Exchange) -> None:
        if exchange.held:
            self.used -= exchange.held
            exchange.held = 0
            self._live -= 1

    def forget(self, tenant: str) -> None:
        """Stop counting a tenant's entries (its journal was cleared, reset or removed)."""
        with self.lock:
            for exchange in self._tenants.pop(tenant, ()):
                self._release(exchange)


def journal_records(state: TenantState) -> list[JournalRecord]:
    """The tenant's entries as stored, oldest first (evicted shells skipped)."""
    return [entry for entry in state.log(JOURNAL_LOG, JOURNAL_CODEC) if not entry.evicted]


def read_journal(state: TenantState) -> list[dict[str, Any]]:
    """The tenant's journal as entry dicts, oldest first."""
    return [entry.as_dict() for entry in journal_records(state)]


def find_entry(state: TenantState, correlation_id: str) -> dict[str, Any] | None:
    found = next((e for e in reversed(journal_records(state)) if e.correlation_id == correlation_id), None)
    return found.as_dict() if found is not None else None


def journal_tail(state: TenantState, count: int) -> list[dict[str, Any]]:
    """The tenant's newest ``count`` entries, oldest first, reading only those (a page of ``/__mock/requests``
    polled over Redis does not read the whole log). Entries emptied for the byte budget are always a tenant's
    oldest, so skipping them here misses no newer one."""
    return [entry.as_dict() for entry in state.log(JOURNAL_LOG, JOURNAL_CODEC, last=count) if not entry.evicted]


def journal_length(state: TenantState) -> int:
    """How many entries the tenant's journal holds. Over a shared backend (Redis) nothing is ever emptied in place:
    the log's length, read without the entries; in memory the log is in this process, where counting is cheap."""
    if state.backend.shared_across_processes:
        return state.log_length(JOURNAL_LOG)
    return len(journal_records(state))


def clear_journal(state: TenantState, budget: JournalBudget) -> int:
    """Empty the tenant's journal; returns how many entries it held."""
    with budget.lock:
        count = journal_length(state)
        state.backend.drop_log(state.tenant, JOURNAL_LOG)
    budget.forget(state.tenant)
    return count


def matches(
    entry: Mapping[str, Any],
    *,
    method: str | None = None,
    path: str | None = None,
    status: int | None = None,
    correlation_id: str | None = None,
    rule: str | None = None,
) -> bool:
    """Whether an entry fits a query; ``path`` is a glob (``fnmatch``), ``method`` is case-insensitive, ``rule`` the
    catalogue rule that refused the request (``X-Mock-Rule``)."""
    if method is not None and entry["method"] != method.upper():
        return False
    if path is not None and not fnmatch.fnmatchcase(entry["path"], path):
        return False
    if status is not None and (entry["response"] is None or entry["response"]["status"] != status):
        return False
    if rule is not None and entry.get("rule") != rule:
        return False
    return correlation_id is None or entry["correlationId"] == correlation_id


def journal_entries(app: Flask, tenant: str = "default") -> list[dict[str, Any]]:
    """The journal of ``tenant`` in ``app``, oldest first, as ``/__mock/requests`` shows it (for bundles).

    Copies: entries are rendered once and cached, so a caller that edits one must not change the journal.
    """
    return copy.deepcopy(read_journal(app.config["MOCK_TENANTS"].get(tenant).state))
