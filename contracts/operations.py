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
from contracts.common import DomainEntityRef

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
    required: bool = False
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
_ONE_LIST = _CONTACT_LIST + "/{contactListId}"
_CONTACTS = _ONE_LIST + "/contacts"
_LIST_VIEW = ("outbound:contactList:view",)
_EXPORT_PERMISSIONS = ("outbound:contact:view", "outbound:contactList:view")

OUTBOUND: tuple[Operation, ...] = (
    Operation(
        "postOutboundContactlists", "POST", _CONTACT_LIST, "Create a contact list.", "Outbound", "facts §5.1",
        request_model=outbound.ContactList, response_model=outbound.ContactList,
        permissions=("outbound:contactList:add",),
    ),
    Operation(
        "getOutboundContactlists", "GET", _CONTACT_LIST, "Query a list of contact lists.", "Outbound",
        "facts §5.1, §5.2", response_model=outbound.ContactListEntityListing, permissions=_LIST_VIEW,
        query=(
            *_LIST_EXTRAS, *_paging(25, 100), _bool("allowEmptyResult"),
            QueryParam("filterType", default="Prefix", enum=_FILTER_TYPES),
            QueryParam("name"),
            QueryParam("id", "array", description="ids, repeated or comma-joined; at most 100"),
            QueryParam("divisionId", "array"),
            QueryParam("sortBy", enum=("name", "dateCreated", "dateModified", "id")),
            QueryParam("sortOrder", default="ascending", enum=("ascending", "descending")),
        ),
    ),
    Operation(
        "deleteOutboundContactlists", "DELETE", _CONTACT_LIST, "Delete multiple contact lists.", "Outbound",
        "facts §5.1, §5.5", success_status=204, permissions=("outbound:contactList:delete",),
        query=(QueryParam("id", "array", required=True, description="ids, repeated or comma-joined"),),
    ),
    Operation(
        "getOutboundContactlist", "GET", _ONE_LIST, "Get a contact list.", "Outbound",
        "facts §5.1, §5.2", response_model=outbound.ContactList, permissions=_LIST_VIEW, query=_LIST_EXTRAS,
    ),
    Operation(
        "putOutboundContactlist", "PUT", _ONE_LIST, "Update a contact list.", "Outbound",
        "facts §5.1, §5.6", request_model=outbound.ContactList, response_model=outbound.ContactList,
        permissions=("outbound:contactList:edit",),
    ),
    Operation(
        "deleteOutboundContactlist", "DELETE", _ONE_LIST, "Delete a contact list.",
        "Outbound", "facts §5.1", permissions=("outbound:contactList:delete",),
    ),
    Operation(
        "postOutboundContactlistClear", "POST", _ONE_LIST + "/clear", "Delete all contacts of a contact list.",
        "Outbound", "facts §5.1", success_status=204, permissions=("outbound:contact:delete",),
    ),
    Operation(
        "getOutboundContactlistImportstatus", "GET", _ONE_LIST + "/importstatus", "Get the import status.",
        "Outbound", "facts §5.1, §5.4", response_model=outbound.ImportStatus, permissions=_LIST_VIEW,
    ),
    Operation(
        "postOutboundContactlistExport", "POST", _ONE_LIST + "/export", "Start an export of the contact list.",
        "Outbound", "facts §5.1", response_model=DomainEntityRef,
        permissions=_EXPORT_PERMISSIONS, permission_mode="ALL",
    ),
    Operation(
        "getOutboundContactlistExport", "GET", _ONE_LIST + "/export", "Get the URI of the latest export.",
        "Outbound", "facts §5.1, §5.4", response_model=outbound.ExportUri,
        permissions=_EXPORT_PERMISSIONS, permission_mode="ALL",
        query=(QueryParam("download", default="false", enum=("true", "false"),
                          description="true redirects (303) to the file"),),
    ),
    Operation(
        "postOutboundContactlistContacts", "POST", _CONTACTS, "Add (upsert) contacts to a contact list.",
        "Outbound", "facts §6.1, §6.2", request_model=outbound.WritableDialerContact, request_is_array=True,
        request_max_items=1000, response_model=outbound.DialerContact, response_is_array=True,
        permissions=("outbound:contact:add",),
        query=(_bool("priority"), _bool("clearSystemData"), _bool("doNotQueue")),
    ),
    Operation(
        "deleteOutboundContactlistContacts", "DELETE", _CONTACTS, "Delete contacts by id.", "Outbound",
        "facts §6.1, §6.2, §12", permissions=("outbound:contact:delete",),
        query=(QueryParam("contactIds", "array", description="ids, repeated or comma-joined; required "
                          "(missing or empty: 400 no.contacts.specified)"),),
    ),
    Operation(
        "getOutboundContactlistContact", "GET", _CONTACTS + "/{contactId}", "Get a contact.", "Outbound",
        "facts §6.1", response_model=outbound.DialerContact, permissions=("outbound:contact:view",),
    ),
    Operation(
        "putOutboundContactlistContact", "PUT", _CONTACTS + "/{contactId}", "Update a contact.", "Outbound",
        "facts §6.1, §6.2", request_model=outbound.DialerContact, response_model=outbound.DialerContact,
        permissions=("outbound:contact:edit",),
    ),
    Operation(
        "deleteOutboundContactlistContact", "DELETE", _CONTACTS + "/{contactId}", "Delete a contact.",
        "Outbound", "facts §6.1", permissions=("outbound:contact:delete",),
    ),
    Operation(
        "postOutboundContactlistContactsBulk", "POST", _CONTACTS + "/bulk", "Get contacts by id (at most 50).",
        "Outbound", "facts §6.1, §6.2", request_model=outbound.ContactIdList, request_max_items=50,
        response_model=outbound.DialerContact, response_is_array=True, permissions=("outbound:contact:view",),
    ),
    Operation(
        "postOutboundContactlistContactsSearch", "POST", _CONTACTS + "/search", "Search the contacts of a list.",
        "Outbound", "facts §6.1, §6.3", request_model=outbound.ContactListingRequest,
        response_model=outbound.ContactListingResponse, permissions=("outbound:contact:view",),
    ),
    Operation(
        "postUploadsV2Contactlist", "POST", "/uploads/v2/contactlist", "Upload a CSV of contacts (apps host).",
        "Outbound", "facts §7.1", response_model=outbound.ContactListUploadResponse,
        permissions=("outbound:contact:add", "outbound:contactList:upload"),
        multipart={
            "type": "object",
            "properties": {
                "file": {"type": "string", "contentMediaType": "text/csv"},
                "id": {"type": "string", "description": "the contact list id"},
                "fileType": {"type": "string", "enum": ["contactlist"]},
                "contact-id-name": {"type": "string", "description": "CSV column holding each contact's id"},
            },
            "required": ["file", "id", "fileType"],
        },
    ),
)

OPERATIONS: tuple[Operation, ...] = OUTBOUND

BY_ID: dict[str, Operation] = {op.operation_id: op for op in OPERATIONS}
if len(BY_ID) != len(OPERATIONS):
    raise RuntimeError("duplicate operationId in the operations table")
