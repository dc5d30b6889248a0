"""Injected faults: make chosen requests fail the way a real org sometimes does, to test a client's resilience.

A fault matches a method and a path glob (and optionally one access token) and applies to the next ``times``
matching requests, or until cleared, each with ``probability``. Its effects: a forced status answered with a
Genesys ``ErrorBody`` (e.g. 429 with ``Retry-After``, 503, 504), a fixed or random latency, or a dropped connection.
A success status (``SUCCESS_STATUSES``) instead keeps the normal answer and only changes its status when it
succeeds: the vendor declares 202 beside 200 on ``POST /api/v2/conversations/calls`` without saying when it is
sent (facts §8.1), so a client must accept both, and only a fault can show it the other one.

Matching runs before authentication, as a gateway's failures do, and costs next to nothing while no fault exists:
the app asks :func:`has_faults` (a count of the tenant's fault table) first.

The faults are a table of the tenant's namespace in the state backend, so every worker sees them; :func:`take_fault`
matches and counts a use in one transaction, so a fault with ``times: 2`` fires exactly twice across processes.
The ``probability`` draw uses a random generator of the process (the caller's). A dropped connection cannot be expressed inside Flask (every exception becomes a
500 there); the view marks the request and :class:`mockserver.core.wsgi.MockMiddleware` aborts it below Flask.
"""

from __future__ import annotations

import fnmatch
import hashlib
import random
import uuid
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from mockserver.core.errors import MESSAGES, ApiError
from mockserver.core.shared_cache import bump_generation
from mockserver.state import Codec, Table, TenantState, Tx

MAX_LATENCY_MS = 120_000  # longer than any client timeout worth testing, short enough not to wedge a worker forever
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# Success statuses a fault may put on a normal answer: those that carry its body (204 would drop it).
SUCCESS_STATUSES = frozenset({200, 201, 202})

# Codes the real API answers with for these statuses (facts §2); a fault may name another one.
DEFAULT_CODES = {
    400: "bad.request",
    401: "bad.credentials",
    403: "not.authorized",
    404: "not.found",
    408: "client.timeout",
    409: "conflict",
    413: "request.entity.too.large",
    415: "unsupported.media.type",
    422: "unprocessable.entity",
    429: "too.many.requests.retry.after",
    500: "internal.server.error",
    502: "bad.gateway",
    503: "service.unavailable",
    504: "gateway.timeout",
}
EXTRA_MESSAGES = {
    "client.timeout": "The client did not produce a request within the time that the server was prepared to wait.",
    "conflict": "The request could not be completed due to a conflict with the current state of the resource.",
    "bad.gateway": "The server received an invalid response from an upstream server.",
    # 422 is declared on the external-contact writes and lookups (facts §9.1, SW25: "unprocessable entity") with no
    # documented code; the code follows the API's generic ones, the reason phrase in dotted lower case (conf L).
    "unprocessable.entity": "The request was well-formed but could not be processed.",
    "gateway.timeout": "The server did not receive a timely response from an upstream server.",
}


def _digest(token: str) -> str:
    # Tokens are secrets: a fault keeps only a digest, like the rate windows (core/limits.py).
    return hashlib.sha256(token.encode()).hexdigest()


class _Spec(BaseModel):
    # defer_build: validators built by the first fault added, not at import (start-up CPU: docs/performance.md).
    model_config = ConfigDict(
        extra="forbid", alias_generator=to_camel, populate_by_name=True, strict=True, defer_build=True
    )


class Latency(_Spec):
    """A random latency between ``min`` and ``max`` milliseconds."""

    min: int = Field(ge=0, le=MAX_LATENCY_MS)
    max: int = Field(ge=0, le=MAX_LATENCY_MS)

    @model_validator(mode="after")
    def _ordered(self) -> "Latency":
        if self.min > self.max:
            raise ValueError("latencyMs.min must not exceed latencyMs.max")
        return self


class FaultSpec(_Spec):
    """The body of ``POST /__mock/faults``."""

    method: str = "*"
    path: str = Field(min_length=1, max_length=2000)
    token: str | None = Field(None, min_length=1)
    times: int | None = Field(None, ge=1)
    probability: float = Field(1.0, ge=0, le=1)
    status: int | None = Field(None, ge=200, le=599)
    code: str | None = Field(None, min_length=1, max_length=200)
    message: str | None = Field(None, max_length=2000)
    retry_after: int | None = Field(None, ge=0, le=86400)
    latency_ms: Union[Annotated[int, Field(ge=0, le=MAX_LATENCY_MS)], Latency, None] = None
    drop: Literal[True] | None = None

    @field_validator("method")
    @classmethod
    def _method(cls, value: str) -> str:
        value = value.upper()
        if value != "*" and value not in HTTP_METHODS:
            raise ValueError(f"method must be * or one of {', '.join(HTTP_METHODS)}")
        return value

    @model_validator(mode="after")
    def _effects(self) -> "FaultSpec":
        if self.status is None and self.latency_ms is None and not self.drop:
            raise ValueError("a fault needs at least one effect: status, latencyMs or drop")
        if self.drop and self.status is not None:
            raise ValueError("drop and status exclude each other: a dropped connection has no status")
        if self.status is None and (self.code or self.message or self.retry_after is not None):
            raise ValueError("code, message and retryAfter need a status")
        if self.status is not None and self.status < 400:
            if self.status not in SUCCESS_STATUSES:
                raise ValueError("status must be 200, 201, 202 (a success answered as usual) or 400..599")
            if self.code or self.message or self.retry_after is not None:
                raise ValueError("code, message and retryAfter need an error status (400..599)")
        return self

    @property
    def success_status(self) -> int | None:
        """The status a succeeding answer gets instead of its own, for a success fault (else ``None``)."""
        return self.status if self.status in SUCCESS_STATUSES else None


@dataclass(frozen=True)
class Fault:
    """One injected fault (a record: a use stores a new one). The spec never keeps the token, only its digest."""

    id: str
    spec: FaultSpec
    remaining: int | None
    token_digest: str | None
    hits: int = 0

    def matches(self, method: str, path: str, token_digest: str | None) -> bool:
        spec = self.spec
        return (
            (spec.method == "*" or spec.method == method)
            and (self.token_digest is None or self.token_digest == token_digest)
            and fnmatch.fnmatchcase(path, spec.path)
        )

    def latency_seconds(self, rng: random.Random) -> float:
        latency = self.spec.latency_ms
        if latency is None:
            return 0.0
        if isinstance(latency, Latency):
            return rng.uniform(latency.min, latency.max) / 1000
        return latency / 1000

    def error(self) -> ApiError:
        """The forced status as the real API's ``ErrorBody``."""
        spec = self.spec
        assert spec.status is not None
        code = spec.code or DEFAULT_CODES.get(
            spec.status, "internal.server.error" if spec.status >= 500 else "bad.request"
        )
        params: dict[str, Any] = {}
        headers = {}
        if spec.retry_after is not None:
            headers["Retry-After"] = str(spec.retry_after)
            params["retryAfter"] = spec.retry_after
        if spec.message is not None:
            template = spec.message.replace("{", "{{").replace("}", "}}")  # the caller's text, literally
        else:
            template = MESSAGES.get(code) or EXTRA_MESSAGES.get(code, code)
            if "{retryAfter}" in template and spec.retry_after is None:
                template = "Rate limit exceeded the maximum."
        return ApiError(spec.status, code, template, params=params, headers=headers)

    def as_dict(self) -> dict[str, Any]:
        body = self.spec.model_dump(by_alias=True, exclude_none=True)
        if self.token_digest is not None:
            body["token"] = "***"  # the listing must not hand out a bearer token
        return {"id": self.id, **body, "remaining": self.remaining, "hits": self.hits}


def _dump(fault: Fault) -> dict[str, Any]:
    return {
        "id": fault.id,
        "spec": fault.spec.model_dump(mode="json", by_alias=True, exclude_none=True),
        "remaining": fault.remaining,
        "tokenDigest": fault.token_digest,
        "hits": fault.hits,
    }


def _load(data: dict[str, Any]) -> Fault:
    return Fault(
        data["id"],
        FaultSpec.model_validate(data["spec"], strict=False),
        data["remaining"],
        data["tokenDigest"],
        data["hits"],
    )


FAULTS: Table[Fault] = Table("faults", Codec(_dump, _load))
"""The tenant's faults by id, oldest first."""


def add_fault(state: TenantState, spec: FaultSpec) -> Fault:
    """Store a new fault (the token replaced by its digest); it applies from the next request on."""
    digest = _digest(spec.token) if spec.token else None
    fault = Fault(str(uuid.uuid4()), spec.model_copy(update={"token": None}), spec.times, digest)
    state.atomic(lambda tx: tx.put(FAULTS, fault.id, fault))
    bump_generation(state.backend)  # whether a tenant has faults is cached per generation (core/shared_cache.py)
    return fault


def list_faults(state: TenantState) -> list[Fault]:
    return [fault for _, fault in state.view().items(FAULTS)]


def has_faults(state: TenantState) -> bool:
    """The hot path's question, asked by every request: one count, no decoding (docs/performance.md)."""
    return state.backend.view(state.tenant).count(FAULTS) > 0


def remove_fault(state: TenantState, fault_id: str) -> bool:
    def remove(tx: Tx) -> bool:
        if tx.get(FAULTS, fault_id) is None:
            return False
        tx.delete(FAULTS, fault_id)
        return True

    removed = state.atomic(remove)
    if removed:
        bump_generation(state.backend)
    return removed


def clear_faults(state: TenantState) -> int:
    def clear(tx: Tx) -> int:
        count = tx.count(FAULTS)
        tx.drop(FAULTS)
        return count

    cleared = state.atomic(clear)
    bump_generation(state.backend)
    return cleared


def take_fault(state: TenantState, method: str, path: str, token: str | None, rng: random.Random) -> Fault | None:
    """The fault that applies to this request, counted as used (and removed when its ``times`` are spent), in one
    transaction. The probability draws may be repeated if the backend re-runs the transaction (they are random
    anyway)."""
    faults = [fault for _, fault in state.view().items(FAULTS)]
    digest = _digest(token) if token and any(f.token_digest for f in faults) else None
    candidates = [f.id for f in faults if f.matches(method, path, digest)]
    if not candidates:
        return None

    def take(tx: Tx) -> Fault | None:
        for fault in tx.get_many(FAULTS, candidates):
            if fault is None:  # used up or removed since the read above
                continue
            if fault.spec.probability < 1 and rng.random() >= fault.spec.probability:
                continue
            remaining = None if fault.remaining is None else fault.remaining - 1
            used = replace(fault, hits=fault.hits + 1, remaining=remaining)
            if remaining == 0:
                tx.delete(FAULTS, fault.id)
            else:
                tx.put(FAULTS, fault.id, used)
            return used
        return None

    taken = state.atomic(take)
    if taken is not None and taken.remaining == 0:  # used up: the tenant may have no fault left
        bump_generation(state.backend)
    return taken
