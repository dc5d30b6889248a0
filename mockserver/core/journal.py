"""The request journal: the last N exchanges of each tenant, with secrets redacted, for tests and bug reports.

Recording sits on every request's path (issue 8 measures that overhead), so it is O(1) and never parses a body:
entries go into a ``deque(maxlen)`` that drops the oldest by itself; bodies are cut to ``journal.max_body_bytes``
*before* anything looks at them, and secrets are blanked by regular expressions over that short prefix.

The request body is captured by :class:`BodyTap` while the view reads it (the binding layer reads with
``cache=False``, so it is gone afterwards); a body nobody read (a request refused before its view) is read here, up
to the limit. Redaction happens when the entry is recorded, so no secret sits in the journal even in memory.
"""

from __future__ import annotations

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


def _request_body(request: Request, limit: int) -> tuple[str | None, bool]:
    tap: BodyTap | None = request.environ.get(TAP_ENVIRON_KEY)
    if tap is None:
        return None, False
    declared = request.content_length or 0
    if tap.seen == 0 and declared > 0 and limit > 0:
        try:  # refused before its view read it (401, 413, a fault): read what the journal keeps, no more
            request.stream.read(limit + 1)
        except Exception:  # noqa: BLE001 - a body over the size limit or a broken stream: record without it
            pass
    return _text(tap.head), max(tap.seen, declared) > len(tap.head)


def _response_body(response: Response, limit: int) -> tuple[str | None, bool]:
    if response.is_streamed or response.direct_passthrough:
        return None, False  # reading it here would consume what the client is about to receive
    data = response.get_data()
    return _text(data[:limit]), len(data) > limit


def build_entry(request: Request, response: Response | None, *, correlation_id: str, tenant: str,
                started_wall: float, duration_ms: float, rule: str | None, fault: str | None, profile: str,
                max_body_bytes: int) -> dict[str, Any]:
    """One journal entry in the shape ``/__mock/requests`` answers; ``response`` None is a dropped connection."""
    body, truncated = _request_body(request, max_body_bytes)
    answer: dict[str, Any] | None = None
    if response is not None:
        response_body, response_truncated = _response_body(response, max_body_bytes)
        answer = {"status": response.status_code, "headers": redact_headers(response.headers.items()),
                  "body": response_body, "bodyTruncated": response_truncated}
    query = request.query_string.decode("latin-1")
    return {
        "id": correlation_id,
        "correlationId": correlation_id,
        "timestamp": datetime.fromtimestamp(started_wall, tz=timezone.utc).isoformat(timespec="milliseconds")
        .replace("+00:00", "Z"),
        "tenant": tenant,
        "method": request.method,
        "path": request.path,
        "query": redact_text(query) if query else "",
        "request": {"headers": redact_headers(request.headers.items()), "body": body, "bodyTruncated": truncated},
        "response": answer,
        "durationMs": round(duration_ms, 3),
        "rule": rule,
        "fault": fault,
        "profile": profile,
    }


class Journal:
    """The bounded journal of one tenant; appends are O(1) and the oldest entries fall off by themselves."""

    def __init__(self, max_entries: int) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=max_entries)
        self._lock = threading.Lock()  # a reader's snapshot must not race an append

    @property
    def enabled(self) -> bool:
        return self._entries.maxlen != 0

    def record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        """A snapshot, oldest first."""
        with self._lock:
            return list(self._entries)

    def find(self, correlation_id: str) -> dict[str, Any] | None:
        return next((e for e in reversed(self.entries()) if e["correlationId"] == correlation_id), None)

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
    """The journal of ``tenant`` in ``app``, oldest first, as ``/__mock/requests`` shows it (for bundles)."""
    return app.config["MOCK_TENANTS"].get(tenant).journal.entries()
