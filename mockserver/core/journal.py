"""The request journal: the last N exchanges of each tenant, with secrets redacted, for tests and bug reports.

Recording sits on every request's path (issue 8 measures that overhead), so it is O(1) and never parses a body:
entries go into a ``deque(maxlen)`` that drops the oldest by itself; bodies are cut to ``journal.max_body_bytes``
*before* anything looks at them, and secrets are blanked by regular expressions over that short prefix.

The request body is captured by :class:`BodyTap` while the view reads it (the binding layer reads with
``cache=False``, so it is gone afterwards); a body nobody read (a request refused before its view) is read here, up
to the limit. Rendering and redaction happen once, when an entry is first read (:class:`Exchange`), so no secret
ever leaves through the journal while the request path only copies a few references.
"""

from __future__ import annotations

import copy
import fnmatch
import re
import threading
from collections import deque
from datetime import datetime, timezone
from typing import IO, Any, Iterable, Mapping

from flask import Flask, Request, Response

REDACTED = "***"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_KEYS = r"client_secret|password|access_token|refresh_token|clientSecret|accessToken|refreshToken"
# A JSON string value of a secret key; the value may have been cut by truncation (then it runs to the end).
_JSON_SECRET = re.compile(r'("(?:' + _SECRET_KEYS + r')"\s*:\s*)"(?:[^"\\]|\\.)*\\?(?:"|$)')
# A form or query field, e.g. ``client_secret=...&`` in the body of ``POST /oauth/token``.
_FORM_SECRET = re.compile(r"(^|[&;?])(" + _SECRET_KEYS + r")=[^&;]*")
TAP_ENVIRON_KEY = "genesys_mock.body_tap"


def redact_text(text: str) -> str:
    """``text`` with the values of secret JSON properties and form fields replaced by ``***``."""
    text = _JSON_SECRET.sub(r'\1"' + REDACTED + '"', text)
    return _FORM_SECRET.sub(r"\1\2=" + REDACTED, text)


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers with credentials blanked; the scheme stays, because "Basic" vs "Bearer" is often the bug."""
    result: dict[str, str] = {}
    for name, value in headers:
        if name.lower() in SECRET_HEADERS:
            scheme, space, _ = value.strip().partition(" ")
            value = f"{scheme} {REDACTED}" if space and scheme.lower() in ("bearer", "basic") else REDACTED
        result[name] = value
    return result


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

    __slots__ = ("correlation_id", "started_wall", "tenant", "method", "path", "query", "request_environ",
                 "request_body", "request_truncated", "status", "response_headers", "response_body",
                 "response_truncated", "duration_ms", "rule", "fault", "profile", "_rendered")

    def __init__(self, request: Request, response: Response | None, *, correlation_id: str, tenant: str,
                 started_wall: float, duration_ms: float, rule: str | None, fault: str | None, profile: str,
                 max_body_bytes: int) -> None:
        environ = request.environ
        self.correlation_id, self.tenant, self.profile = correlation_id, tenant, profile
        self.started_wall, self.duration_ms, self.rule, self.fault = started_wall, duration_ms, rule, fault
        self.method, self.path, self.query = request.method, request.path, environ.get("QUERY_STRING", "")
        # Only the header keys: the environ itself holds the body stream and must not outlive the request.
        self.request_environ = {k: v for k, v in environ.items() if k.startswith("HTTP_") or k.startswith("CONTENT_")}
        self.request_body, self.request_truncated = _request_body(request, max_body_bytes)
        self.status: int | None = None
        self.response_headers: list[tuple[str, str]] = []
        self.response_body, self.response_truncated = b"", False
        if response is not None:
            self.status = response.status_code
            self.response_headers = list(response.headers)
            self.response_body, self.response_truncated = _response_body(response, max_body_bytes)
        self._rendered: dict[str, Any] | None = None

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
                "query": redact_text(self.query) if self.query else "",
                "request": {"headers": redact_headers(_environ_headers(self.request_environ)),
                            "body": _text(self.request_body), "bodyTruncated": self.request_truncated},
                "response": answer,
                "durationMs": round(self.duration_ms, 3),
                "rule": self.rule,
                "fault": self.fault,
                "profile": self.profile,
            }
        return self._rendered


class Journal:
    """The bounded journal of one tenant; appends are O(1) and the oldest entries fall off by themselves."""

    def __init__(self, max_entries: int) -> None:
        self._entries: deque[Exchange] = deque(maxlen=max_entries)
        self._lock = threading.Lock()  # a reader's snapshot must not race an append

    def record(self, exchange: Exchange) -> None:
        with self._lock:
            self._entries.append(exchange)

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
