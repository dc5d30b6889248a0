"""Request limits: the body-size guard (413) and per-token rate windows (429) with the Genesys headers (facts §3).

Rate windows live in the state backend's SHARED namespace, so N requests are allowed exactly, and N+1 refused,
across every worker: :func:`hit_window` is one atomic counter with an expiry (``incr(name, ttl=seconds)``), the
window starting at its first request as before, plus the window's end as a value written by that first request
(for ``inin-ratelimit-reset``). Windows run on wall time, not the mock's clock: a client honouring ``Retry-After``
waits real seconds, and a frozen clock must not keep it refused forever.

Why not the ``limits`` library: its ``MemoryStorage`` was a large share of an in-process request (a hit and a
stats read, each through its storage, and a new expiry timer thread every few milliseconds), its lock was contended
under 32 connections, and its import cost start-up time; a counter in the memory backend costs a small fraction of
that (issue 8; figures: docs/performance.md). Its Redis storage would count correctly, but it is a second Redis
client with its own connection pool and key layout beside the backend's, it would not follow the backend (memory
or Redis) chosen by ``--state``, and a reset could not start every window afresh (the reset epoch in the key,
below); the backend's ``incr`` is the same INCR + EXPIRE in one round trip.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from flask import Request, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from contracts.operations import Operation
from mockserver.core.clock import Clock
from mockserver.core.errors import ApiError
from mockserver.core.shared_cache import GENERATION_COUNTER, SharedCache
from mockserver.settings import Settings
from mockserver.state import TenantState

UPLOAD_CEILING = 4 * 1024**3
"""Upload bodies are never larger than this, whatever the rules say (waitress's own ceiling, see
mockserver/serving/waitress_server.py)."""

_BODY_LIMIT_ATTRIBUTE = "mock_body_limit"

ViewT = TypeVar("ViewT", bound=Callable[..., Any])


def body_limit_of_view(limit: int | Callable[[Settings], tuple[int, str | None]]) -> Callable[[ViewT], ViewT]:
    """Declare a view's own body limit in place of ``max_body_bytes`` (e.g. ``PUT /__mock/state``, whose body is a
    whole snapshot: hundreds of megabytes of JSON for a million contacts), or how to get it and its rule from the settings (e.g.
    :func:`upload_limit`). Read by :func:`body_limit` before the view runs."""

    def mark(view: ViewT) -> ViewT:
        setattr(view, _BODY_LIMIT_ATTRIBUTE, limit)
        return view

    return mark


def body_limit(operation: Operation | None, settings: Settings) -> tuple[int, str | None]:
    """The body limit of a request and the rule that sets it (None for the generic ``max_body_bytes``).

    CSV uploads are not bound by the generic limit: the real org documents no byte limit for them (facts §7.1),
    and the seed users' 10 MB limit is rule OUT-UPLOAD-SIZE (strict). A view may declare its own limit with
    :func:`body_limit_of_view`.
    """
    if operation is None:
        view = current_app.view_functions.get(request.endpoint or "")
        limit = getattr(view, _BODY_LIMIT_ATTRIBUTE, settings.max_body_bytes)
        return limit(settings) if callable(limit) else (limit, None)
    if operation and operation.multipart is not None:
        return upload_limit(settings)
    return settings.max_body_bytes, None


def upload_limit(settings: Settings) -> tuple[int, str | None]:
    """The body limit of a file upload (the multipart route, a presigned upload URL) and its rule."""
    from mockserver.core import rules

    if rules.active("OUT-UPLOAD-SIZE"):
        return settings.outbound.upload_max_bytes, "OUT-UPLOAD-SIZE"
    return UPLOAD_CEILING, None


def reject_oversized_body(limit: int, rule_id: str | None) -> None:
    """413 as soon as a declared Content-Length exceeds the limit, before the app reads any byte of the body.

    Under both serving layers a chunked body is first spooled to a temporary file (memory stays flat) and then
    handed over with its length as Content-Length (waitress; granian through mockserver/serving/rsgi_bridge.py),
    so this check answers it too. Under a server that streams chunked bodies (``wsgi.input_terminated``),
    Werkzeug enforces ``max_content_length`` while the body is read: the form parser raises 413 past the limit,
    and :class:`LimitedRequest` makes ``get_data`` do the same.
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

    # werkzeug declares get_data as overloads on Literal[True]/Literal[False] ``as_text``; one plain signature
    # answering both is what it does at run time, but mypy cannot match it to the overloads.
    def get_data(  # type: ignore[override]
        self,
        cache: bool = True,
        as_text: bool = False,
        parse_form_data: bool = False,
    ) -> bytes | str:
        data = super().get_data(cache=cache, as_text=False, parse_form_data=parse_form_data)
        limit = self.max_content_length
        if (
            limit is not None
            and self.content_length is None
            and len(data) >= limit
            and self.environ["wsgi.input"].read(1)
        ):
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


class WindowEnds:
    """This process's memory of when windows end, so a hit reads the end from the backend only for a window it
    has not seen begin (one another worker started); with the memory backend it never reads it. Expired entries
    are pruned as the table grows."""

    PRUNE_EVERY = 4096

    def __init__(self) -> None:
        self._ends: dict[str, float] = {}
        self._hits = 0

    def get(self, key: str, now: float) -> float | None:
        end = self._ends.get(key)
        return end if end is not None and end > now else None

    def remember(self, key: str, end: float, now: float) -> None:
        self._ends[key] = end
        self._hits += 1
        if self._hits % self.PRUNE_EVERY == 0:  # a copy, so a concurrent reader never sees the dict change size
            self._ends = {k: e for k, e in self._ends.items() if e > now}


def hit_window(
    state: TenantState,
    key: str,
    limit: int,
    seconds: int,
    ends: WindowEnds | None = None,
    cache: SharedCache | None = None,
) -> WindowState:
    """Count one request in window ``key`` of ``state``'s namespace and report it; past ``limit`` it is refused.

    One atomic counter per window, created with a TTL of ``seconds`` by the window's first request, which also
    records the window's end (wall time); later requests read that end (from ``ends`` when this process saw the
    window begin). Requests over the limit still count (the counter only grows), so the reported count is capped
    at ``limit`` as a real org reports it.

    While the request's cached configuration is unconfirmed (``cache``, core/shared_cache.py), the hit confirms it
    in the same round trip: it counts only if the configuration generation has not moved, else nothing is counted
    and :class:`~mockserver.core.shared_cache.GenerationMoved` makes the request chain run again.
    """
    guard = cache.unconfirmed() if cache is not None else None
    if guard is None:
        count = state.incr("window/" + key, 1, seconds)
    else:
        assert cache is not None
        seen, added = state.incr_unless_moved("window/" + key, 1, seconds, GENERATION_COUNTER, guard)
        cache.confirmed(seen)  # raises GenerationMoved when it moved (then nothing was added)
        assert added is not None
        count = added
    now = time.time()
    if count == 1:
        end = now + seconds
        state.atomic(lambda tx: tx.set_value("window-end/" + key, end, ttl=seconds))
        if ends is not None:
            ends.remember(key, end, now)
    else:
        known = ends.get(key, now) if ends is not None else None
        if known is None:
            end = state.view().value("window-end/" + key) or now + seconds
            if ends is not None:
                ends.remember(key, end, now)
        else:
            end = known
    return WindowState(min(count, limit), limit, max(1, math.ceil(end - now)), count > limit)


class RateWindows:
    """Fixed windows per token, plus per-operation windows where the config sets an override.

    One instance per process serves every tenant (core/tenants.py); the counters are SHARED: windows are keyed by
    token alone, as on a real org, so sending another ``X-Mock-Tenant`` never buys a fresh window; parallel test
    runs that must not spend each other's budget use tokens of their own (the pytest plugin gives each test its own
    client). Keys carry the clock's reset epoch (core/clock.py), so a reset of every tenant starts every window
    afresh in every worker; the old counters expire on their own.
    """

    def __init__(self, settings: Settings, shared: TenantState, clock: Clock, cache: SharedCache | None = None) -> None:
        self._shared = shared
        self._clock = clock
        self._cache = cache
        self._default = settings.rate_limit
        self._overrides = dict(settings.rate_limit_overrides)
        self._ends = WindowEnds()

    def hit(self, window_key: str, operation_id: str | None) -> WindowState:
        """Count one request of the token (``Token.window_key``); report the exceeded window if any, else the
        token's window."""
        epoch = self._clock.epoch
        default = self._default
        state = hit_window(
            self._shared, f"{epoch}/{window_key}", default.requests, default.window_seconds, self._ends, self._cache
        )
        override = self._overrides.get(operation_id or "")
        if override is not None:
            op_state = hit_window(
                self._shared,
                f"{epoch}/{operation_id}/{window_key}",
                override.requests,
                override.window_seconds,
                self._ends,
            )
            if op_state.exceeded and not state.exceeded:
                return op_state
        return state

    def reset(self) -> None:
        """Start every window afresh (all tenants' reset does this through the clock's epoch)."""
        self._clock.next_epoch()


def too_many_requests(state: WindowState) -> ApiError:
    """The 429 the real API gives, with an integer ``Retry-After``."""
    return ApiError(
        429,
        "too.many.requests.retry.after",
        params={"retryAfter": state.reset_seconds},
        headers={"Retry-After": str(state.reset_seconds), **state.headers()},
    )
