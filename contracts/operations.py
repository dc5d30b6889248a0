"""The operations table: one row per operation the mock serves, as the real API defines it.

Routing, permission checks, query-parameter parsing, request/response models and the OpenAPI document are all
derived from these rows, so the mock, the client and the contract tests cannot disagree. An area adds its rows
here when the mock starts serving them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from contracts import outbound

PermissionMode = Literal["ANY", "ALL"]
QueryType = Literal["string", "integer", "boolean", "array"]

# Every operation in the current swagger declares these error statuses with an ErrorBody (facts §2.2).
STANDARD_ERRORS: tuple[int, ...] = (400, 401, 403, 404, 408, 409, 413, 415, 429, 500, 503, 504)


@dataclass(frozen=True)
class QueryParam:
    """A query parameter. ``clamp`` means values above ``maximum`` are honoured as ``maximum``, not rejected."""

    name: str
    type: QueryType = "string"
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    clamp: bool = False
    enum: tuple[str, ...] | None = None
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
    response_model: type[BaseModel] | None = None
    permissions: tuple[str, ...] = ()
    permission_mode: PermissionMode = "ANY"
    query: tuple[QueryParam, ...] = ()
    user_context: bool = False
    error_statuses: tuple[int, ...] = STANDARD_ERRORS
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    @property
    def flask_rule(self) -> str:
        return re.sub(r"{(\w+)}", r"<\1>", self.path)


def _bool(name: str, description: str = "") -> QueryParam:
    return QueryParam(name, "boolean", default=False, description=description)


def _paging(default_size: int, max_size: int) -> tuple[QueryParam, ...]:
    return (
        QueryParam("pageSize", "integer", default=default_size, minimum=1, maximum=max_size, clamp=True),
        QueryParam("pageNumber", "integer", default=1, minimum=1),
    )


_FILTER_TYPES = (
    "Equals", "RegEx", "Contains", "Prefix", "LessThan", "LessThanEqualTo",
    "GreaterThan", "GreaterThanEqualTo", "BeginsWith", "EndsWith",
)  # fmt: skip
_LIST_EXTRAS = (_bool("includeImportStatus"), _bool("includeSize"))
_CONTACT_LIST = "/api/v2/outbound/contactlists"

OUTBOUND: tuple[Operation, ...] = (
    Operation(
        "postOutboundContactlists", "POST", _CONTACT_LIST, "Create a contact list.", "Outbound", "facts §5.1",
        request_model=outbound.ContactList, response_model=outbound.ContactList,
        permissions=("outbound:contactList:add",),
    ),
    Operation(
        "getOutboundContactlists", "GET", _CONTACT_LIST, "Query a list of contact lists.", "Outbound",
        "facts §5.1, §5.2", response_model=outbound.ContactListEntityListing,
        permissions=("outbound:contactList:view",),
        query=(
            *_LIST_EXTRAS, *_paging(25, 100), _bool("allowEmptyResult"),
            QueryParam("filterType", default="Prefix", enum=_FILTER_TYPES),
            QueryParam("name"),
            QueryParam("id", "array", description="ids, repeated or comma-joined; at most 100"),
            QueryParam("divisionId", "array"),
            QueryParam("sortBy"),
            QueryParam("sortOrder", default="ascending", enum=("ascending", "descending")),
        ),
    ),
    Operation(
        "getOutboundContactlist", "GET", _CONTACT_LIST + "/{contactListId}", "Get a contact list.", "Outbound",
        "facts §5.1, §5.2", response_model=outbound.ContactList,
        permissions=("outbound:contactList:view",), query=_LIST_EXTRAS,
    ),
    Operation(
        "putOutboundContactlist", "PUT", _CONTACT_LIST + "/{contactListId}", "Update a contact list.", "Outbound",
        "facts §5.1, §5.6", request_model=outbound.ContactList, response_model=outbound.ContactList,
        permissions=("outbound:contactList:edit",),
    ),
    Operation(
        "deleteOutboundContactlist", "DELETE", _CONTACT_LIST + "/{contactListId}", "Delete a contact list.",
        "Outbound", "facts §5.1", permissions=("outbound:contactList:delete",),
    ),
)

OPERATIONS: tuple[Operation, ...] = OUTBOUND

BY_ID: dict[str, Operation] = {op.operation_id: op for op in OPERATIONS}
if len(BY_ID) != len(OPERATIONS):
    raise RuntimeError("duplicate operationId in the operations table")
