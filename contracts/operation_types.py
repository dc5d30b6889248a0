"""The row type of the operations table (:class:`Operation`, its :class:`QueryParam` and :class:`Link`), apart from
the table itself: contracts/conversation_rows.py and contracts/dialer.py build rows the table then includes, so
they need the type before the table exists (an import circle when both lived in contracts/operations.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from pydantic import BaseModel

PermissionMode = Literal["ANY", "ALL"]
QueryType = Literal["string", "integer", "boolean", "array"]

# Every operation in the current swagger declares these error statuses with an ErrorBody (facts §2.2).
STANDARD_ERRORS: tuple[int, ...] = (400, 401, 403, 404, 408, 409, 413, 415, 429, 500, 503, 504)


@dataclass(frozen=True)
class QueryParam:
    """A query parameter. ``clamp`` means values above ``maximum`` are honoured as ``maximum``, not rejected.

    The binding enforces ``required``, ``enum`` (each item of an array), ``minimum`` and ``maximum`` with the generic
    ``invalid.query.param.value``. When ``rule`` names a catalogue rule, that rule enforces the declared
    ``required``, ``enum``, ``pattern`` and ``min_items`` instead, so the answer keeps the rule's own code and
    switch; the document declares them either way. For arrays, ``enum`` and ``pattern`` apply to each item.
    """

    name: str
    type: QueryType = "string"
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    clamp: bool = False
    enum: tuple[str, ...] | None = None
    required: bool = False
    description: str = ""
    pattern: str | None = None
    min_items: int | None = None
    rule: str | None = None


@dataclass(frozen=True)
class Link:
    """An OpenAPI link from an operation's success response to ``operation_id`` (stateful contract tests).

    ``parameters`` maps the target's parameter names to runtime expressions (``$response.body#/id``,
    ``$request.path.contactListId``); ``request_body`` holds body properties filled the same way (merged into a
    generated body). The link's name in the document is the target's operationId.
    """

    operation_id: str
    parameters: Mapping[str, str] = field(default_factory=dict)
    request_body: Mapping[str, Any] | None = None
    description: str = ""


@dataclass(frozen=True)
class Operation:
    """One API operation. ``path`` uses OpenAPI ``{param}`` syntax and is relative to the host."""

    operation_id: str
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str
    summary: str
    tag: str
    source: str
    success_status: int = 200
    request_model: type[BaseModel] | None = None
    request_is_array: bool = False
    request_max_items: int | None = None
    request_optional: bool = False
    multipart: dict[str, Any] | None = None  # JSON schema of a multipart/form-data body (uploads)
    response_model: type[BaseModel] | None = None
    response_is_array: bool = False
    permissions: tuple[str, ...] = ()
    permission_mode: PermissionMode = "ANY"
    query: tuple[QueryParam, ...] = ()
    user_context: bool = False
    error_statuses: tuple[int, ...] = STANDARD_ERRORS
    extra: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    deprecated: bool = False  # the vendor marks the operation deprecated (OpenAPI ``deprecated: true``)
    # Other 2xx statuses the vendor declares and the mock answers in documented cases (e.g. 202 for a secure pause).
    other_success: tuple[int, ...] = ()
    links: tuple[Link, ...] = ()  # from the success response, for stateful testing
    # Generic rows (contracts/generic.py) carry the vendor's schemas instead of pydantic models: the derived
    # schema of the body and of the success answer, e.g. {"ref": "Note"} or {"type": "array", "items": {...}}.
    # Validators are built from them on an operation's first use (mockserver/generic/validation.py).
    vendor_request: Mapping[str, Any] | None = None
    vendor_response: Mapping[str, Any] | None = None
    generic: bool = False  # served by mockserver/generic (state from the path's shape), not by a hand-written area
    # The vendor's SDK sends no token (an OAuth redirect target, e.g. Apple's callback): answered without one,
    # still journaled and subject to faults (mockserver/app.py).
    anonymous: bool = False

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    @property
    def flask_rule(self) -> str:
        return re.sub(r"{(\w+)}", r"<\1>", self.path)
