"""The request journal: the last N exchanges of each tenant, with secrets redacted (core/redact.py), for tests and
bug reports.

Recording sits on every request's path (issue 8 measures that overhead), so it is O(1) and never parses a body:
entries go into a deque whose oldest entry gives way to a new one; bodies, the query string and the request
headers are cut to ``journal.max_body_bytes`` *before* anything looks at them, and one :class:`JournalBudget`
keeps all tenants' journals within ``journal.max_total_bytes`` (a flood of requests with huge headers, even
unauthenticated ones, cannot grow memory).

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
from typing import IO, Any, Mapping

from flask import Flask, Request, Response

from mockserver.core.redact import redact_headers, redact_query, redact_text

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

    __slots__ = ("correlation_id", "started_wall", "tenant", "method", "path", "query", "query_truncated",
                 "request_environ", "headers_truncated", "request_body", "request_truncated", "status",
                 "response_headers", "response_body", "response_truncated", "duration_ms", "rule", "fault", "profile",
                 "held", "_rendered")

    OVERHEAD = 1024
    """Bytes counted per entry beyond its strings: the objects holding them (measured with tracemalloc, ~1 KB)."""

    def __init__(self, request: Request, response: Response | None, *, correlation_id: str, tenant: str,
                 started_wall: float, duration_ms: float, rule: str | None, fault: str | None, profile: str,
                 max_body_bytes: int) -> None:
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
        self._rendered: dict[str, Any] | None = None

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
                answer = {"status": self.status, "headers": redact_headers(self.response_headers),
                          "body": _text(self.response_body), "bodyTruncated": self.response_truncated}
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
                "request": {"headers": redact_headers(_environ_headers(self.request_environ)),
                            "headersTruncated": self.headers_truncated,
                            "body": _text(self.request_body), "bodyTruncated": self.request_truncated},
                "response": answer,
                "durationMs": round(self.duration_ms, 3),
                "rule": self.rule,
                "fault": self.fault,
                "profile": self.profile,
            }
        return self._rendered


class JournalBudget:
    """One byte budget over every tenant's journal: past ``max_bytes`` the oldest entries of any tenant give way.

    Its lock is the lock of every journal that shares it, so the global order of entries and each journal's own
    order always agree: the oldest live entry overall is the first of its journal, and eviction is O(1).
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.used = 0
        self.lock = threading.Lock()
        self._order: deque[tuple[Journal, Exchange]] = deque()  # every recorded entry, live or already dropped
        self._live = 0

    def add(self, journal: Journal, exchange: Exchange) -> None:
        """Count a newly recorded entry and evict the oldest ones until the budget holds (caller holds the lock)."""
        self._order.append((journal, exchange))
        self.used += exchange.held
        self._live += 1
        while self.used > self.max_bytes and self._order:
            owner, oldest = self._order.popleft()
            if oldest.held:
                owner.evict(oldest)
        if len(self._order) > 2 * self._live + 64:  # entries dropped by their journal: forget them, amortised O(1)
            self._order = deque(item for item in self._order if item[1].held)

    def release(self, exchange: Exchange) -> None:
        """Stop counting an entry that left its journal (caller holds the lock)."""
        self.used -= exchange.held
        exchange.held = 0
        self._live -= 1


class Journal:
    """The bounded journal of one tenant; appends are O(1) and the oldest entries fall off by themselves."""

    def __init__(self, max_entries: int, budget: JournalBudget | None = None) -> None:
        self._entries: deque[Exchange] = deque()
        self._max = max_entries
        self._budget = budget if budget is not None else JournalBudget(2**63)
        self._lock = self._budget.lock  # a reader's snapshot must not race an append or an eviction

    def record(self, exchange: Exchange) -> None:
        if self._max == 0:
            return
        with self._lock:
            if len(self._entries) >= self._max:
                self._budget.release(self._entries.popleft())
            self._entries.append(exchange)
            self._budget.add(self, exchange)

    def evict(self, exchange: Exchange) -> None:
        """Drop ``exchange``, normally this journal's oldest entry, for the budget (caller holds the lock)."""
        if self._entries and self._entries[0] is exchange:
            self._entries.popleft()
        else:
            self._entries.remove(exchange)
        self._budget.release(exchange)

    def entries(self) -> list[dict[str, Any]]:
        """A snapshot as entry dicts, oldest first."""
        with self._lock:
            snapshot = list(self._entries)
        return [exchange.as_dict() for exchange in snapshot]

    def find(self, correlation_id: str) -> dict[str, Any] | None:
        with self._lock:
            snapshot = list(self._entries)
        found = next((e for e in reversed(snapshot) if e.correlation_id == correlation_id), None)
        return found.as_dict() if found is not None else None

    def clear(self) -> int:
        with self._lock:
            count = len(self._entries)
            for exchange in self._entries:
                self._budget.release(exchange)
            self._entries.clear()
            return count

    def __len__(self) -> int:
        return len(self._entries)


def matches(entry: Mapping[str, Any], *, method: str | None = None, path: str | None = None,
            status: int | None = None, correlation_id: str | None = None) -> bool:
    """Whether an entry fits a query; ``path`` is a glob (``fnmatch``), ``method`` is case-insensitive."""
    if method is not None and entry["method"] != method.upper():
        return False
    if path is not None and not fnmatch.fnmatchcase(entry["path"], path):
        return False
    if status is not None and (entry["response"] is None or entry["response"]["status"] != status):
        return False
    return correlation_id is None or entry["correlationId"] == correlation_id


def journal_entries(app: Flask, tenant: str = "default") -> list[dict[str, Any]]:
    """The journal of ``tenant`` in ``app``, oldest first, as ``/__mock/requests`` shows it (for bundles).

    Copies: entries are rendered once and cached, so a caller that edits one must not change the journal.
    """
    return copy.deepcopy(app.config["MOCK_TENANTS"].get(tenant).journal.entries())
