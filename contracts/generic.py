"""Generic rows of the operations table: every vendor operation (contracts/vendor/operations.json) that has no
hand-written ("deep") row in :mod:`contracts.operations`.

They are :class:`~contracts.operations.Operation` rows like the deep ones, so routing, 405 ``Allow``, the vendor's
permissions (ANY/ALL; none known: authenticated only), query checks, rate windows, faults, the journal and the body
limit treat them alike. Their body and answer are vendor schemas (``vendor_request``/``vendor_response``), not
pydantic models: validators are built on an operation's first use (mockserver/generic/validation.py), so importing
this module only reads the JSON. A deep row wins over the vendor operation with the same operationId.

Public names: :func:`generic_operations` (the generic rows), :func:`all_operations` (deep then generic),
:func:`operation_by_id` (any row).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from contracts.operations import BY_ID, OPERATIONS, STANDARD_ERRORS, Operation, QueryParam
from contracts.vendor import vendor_operations

_TAGS = {"OutboundApi": "Outbound", "ConversationsApi": "Conversations", "ExternalContactsApi": "External Contacts"}
_PAGING_NAMES = ("pageSize", "pageNumber")
_NO_TOKEN_ERRORS = tuple(status for status in STANDARD_ERRORS if status not in (401, 403))


def _query_param(entry: Mapping[str, Any]) -> QueryParam:
    """The vendor's query parameter as the binding checks it (``invalid.query.param.value``)."""
    schema = entry.get("schema", {})
    kind = schema.get("type", "string")
    default = entry.get("default")
    enum: tuple[str, ...] | None = None
    if kind == "array":
        items = schema.get("items", {})
        enum = tuple(items["enum"]) if "enum" in items else None
    elif kind == "string" and "enum" in schema:
        values = [str(value) for value in schema["enum"]]
        if default is not None and str(default) not in values:
            values.append(str(default))  # the vendor's default "a" of sortOrder, as the deep rows hold it
        enum = tuple(values)
    if kind not in ("string", "integer", "boolean", "array"):
        kind = "string"  # number: no vendor query parameter is one today; checked as text
    minimum = 1 if entry["name"] in _PAGING_NAMES and kind == "integer" else None
    return QueryParam(
        entry["name"],
        kind,
        default=default,
        minimum=minimum,
        enum=enum,
        required=bool(entry.get("required")),
        description=entry.get("description", ""),
    )


def _success_status(entry: Mapping[str, Any]) -> int:
    """200 with a body; 204 when the vendor declares no answer model (the SDK reads nothing then)."""
    return 200 if entry.get("response") is not None else 204


def generic_row(operation_id: str, entry: Mapping[str, Any]) -> Operation:
    """One vendor operation as a generic row."""
    permissions = entry.get("permissions") or {}
    mode = permissions.get("type")
    body = entry.get("body")
    body_schema = body["schema"] if body else None
    return Operation(
        operation_id,
        entry["method"],
        entry["path"],
        f"{entry['sdkMethod']} (generic emulation)",
        _TAGS.get(entry["api"], entry["api"]),
        f"vendor SDK {entry['api']}.{entry['sdkMethod']}",
        success_status=_success_status(entry),
        request_is_array=bool(body_schema and body_schema.get("type") == "array" and "ref" in body_schema["items"]),
        request_optional=not body.get("required") if body else False,
        permissions=tuple(permissions.get("permissions", ())) if mode in ("ANY", "ALL") else (),
        permission_mode="ALL" if mode == "ALL" else "ANY",
        query=tuple(_query_param(param) for param in entry.get("queryParams", ())),
        error_statuses=_NO_TOKEN_ERRORS if entry.get("noToken") else STANDARD_ERRORS,
        anonymous=bool(entry.get("noToken")),
        deprecated=bool(entry.get("deprecated")),
        vendor_request=body_schema,
        vendor_response=entry.get("response"),
        generic=True,
    )


@lru_cache(maxsize=1)
def generic_operations() -> tuple[Operation, ...]:
    """Every vendor operation without a deep row, in the vendor file's (sorted) order."""
    deep_routes = {(op.method, op.path) for op in OPERATIONS}
    return tuple(
        generic_row(operation_id, entry)
        for operation_id, entry in vendor_operations().items()
        if operation_id not in BY_ID and (entry["method"], entry["path"]) not in deep_routes
    )


@lru_cache(maxsize=1)
def all_operations() -> tuple[Operation, ...]:
    """The deep rows, then the generic ones: what the server routes and the document lists."""
    return OPERATIONS + generic_operations()


@lru_cache(maxsize=1)
def _all_by_id() -> dict[str, Operation]:
    return {op.operation_id: op for op in all_operations()}


def operation_by_id(operation_id: str) -> Operation | None:
    """Any row, deep or generic, by operationId."""
    return _all_by_id().get(operation_id)
