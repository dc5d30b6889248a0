"""Request limits: the body-size guard (413) and per-token rate windows (429) with the Genesys headers (facts §3).

Rate windows use the ``limits`` library (fixed windows in memory), so a shared backend such as Redis can replace
``MemoryStorage`` later without touching the callers.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from dataclasses import dataclass

from flask import Request, request
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import RequestEntityTooLarge

from contracts.operations import Operation
from mockserver.core.errors import ApiError
from mockserver.settings import RateLimit, Settings

UPLOAD_CEILING = 4 * 1024**3
"""Upload bodies are never larger than this, whatever the rules say (waitress's own ceiling, see mockserver/serving/waitress_server.py)."""


def body_limit(operation: Operation | None, settings: Settings) -> tuple[int, str | None]:
    """The body limit of a request and the rule that sets it (None for the generic ``max_body_bytes``).

    CSV uploads are not bound by the generic limit: the real org documents no byte limit for them (facts §7.1),
    and the seed users' 10 MB limit is rule OUT-UPLOAD-SIZE (strict).
    """
    from mockserver.core import rules

    if operation is not None and operation.multipart is not None:
        if rules.active("OUT-UPLOAD-SIZE"):
            return settings.outbound.upload_max_bytes, "OUT-UPLOAD-SIZE"
        return UPLOAD_CEILING, None
    return settings.max_body_bytes, None


def reject_oversized_body(limit: int, rule_id: str | None) -> None:
    """413 as soon as a declared Content-Length exceeds the limit, before the app reads any byte of the body.

    Under waitress a chunked body is first spooled to a temporary file (memory stays flat) and then handed over
    with its length as Content-Length, so this check answers it too. Under a server that streams chunked bodies
    (granian, ``wsgi.input_terminated``), Werkzeug enforces ``max_content_length`` while the body is read: the
    form parser raises 413 past the limit, and :class:`LimitedRequest` makes ``get_data`` do the same.
    """
    request.max_content_length = limit  # what Werkzeug enforces while a streamed body is read
    length = request.content_length
    if length is not None and length > limit:
        raise ApiError(413, "request.entity.too.large", params={"maxBytes": limit}, rule=rule_id)


class LimitedRequest(Request):
    """Flask's request, whose ``get_data`` answers 413 for a streamed body over ``max_content_length``.

    Werkzeug's ``LimitedStream.readall`` stops quietly at the limit, so a chunked body over it would be cut to
    exactly the limit and parsed (a 400 for truncated JSON, or worse, a valid prefix). One more byte read from the
    server's stream tells a body of exactly the limit from a longer one. Bodies with a Content-Length (all of them
    under waitress) were checked before the view ran.
    """

    def get_data(self, cache: bool = True, as_text: bool = False,  # type: ignore[override]
                 parse_form_data: bool = False) -> bytes | str:
        data = super().get_data(cache=cache, as_text=False, parse_form_data=parse_form_data)
        limit = self.max_content_length
        if (limit is not None and self.content_length is None and len(data) >= limit
                and self.environ["wsgi.input"].read(1)):
            raise RequestEntityTooLarge()
        return data.decode(errors="replace") if as_text else data


@dataclass(frozen=True)
class WindowState:
    """What the ``inin-ratelimit-*`` headers report for one request."""

    count: int
    allowed: int
    reset_seconds: int
    exceeded: bool

    def headers(self) -> dict[str, str]:
        return {
            "inin-ratelimit-count": str(self.count),
            "inin-ratelimit-allowed": str(self.allowed),
            "inin-ratelimit-reset": str(self.reset_seconds),
        }


class RateWindows:
    """Fixed windows per token, plus per-operation windows where the config sets an override.

    Each tenant has its own instance (core/tenants.py), so windows are keyed by (tenant, token): parallel test runs
    sharing a server and a token do not spend each other's budget, and resetting one tenant leaves the others'.
    """

    def __init__(self, settings: Settings) -> None:
        self._storage = MemoryStorage()
        self._limiter = FixedWindowRateLimiter(self._storage)
        # limits' MemoryStorage can start its expiry timer twice under concurrent hits (a 500 here; fixed
        # upstream in alisaifee/limits#352), and hit + stats must be read together anyway.
        self._lock = threading.Lock()
        self._default = self._item(settings.rate_limit)
        self._overrides = {op: self._item(limit) for op, limit in settings.rate_limit_overrides.items()}

    @staticmethod
    def _item(limit: RateLimit) -> RateLimitItem:
        return RateLimitItemPerSecond(limit.requests, limit.window_seconds)

    def _hit(self, item: RateLimitItem, *keys: str) -> WindowState:
        with self._lock:
            allowed = self._limiter.hit(item, *keys)
            stats = self._limiter.get_window_stats(item, *keys)
        reset = max(1, math.ceil(stats.reset_time - time.time()))
        limit = item.amount
        return WindowState(limit - stats.remaining, limit, reset, not allowed)

    def hit(self, token_value: str, operation_id: str | None) -> WindowState:
        """Count one request; the state to report is the exceeded window if any, else the token's window."""
        # Tokens are secrets: key the windows by a digest so they never sit in another structure in clear.
        key = hashlib.sha256(token_value.encode()).hexdigest()[:32]
        state = self._hit(self._default, "token", key)
        override = self._overrides.get(operation_id or "")
        if override is not None:
            op_state = self._hit(override, "operation", operation_id or "", key)
            if op_state.exceeded and not state.exceeded:
                return op_state
        return state

    def reset(self) -> None:
        with self._lock:
            self._storage.reset()


def too_many_requests(state: WindowState) -> ApiError:
    """The 429 the real API gives, with an integer ``Retry-After``."""
    return ApiError(
        429,
        "too.many.requests.retry.after",
        params={"retryAfter": state.reset_seconds},
        headers={"Retry-After": str(state.reset_seconds), **state.headers()},
    )
