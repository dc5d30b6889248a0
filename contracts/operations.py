"""The operations table: one row per operation the mock serves, as the real API defines it.

Routing, permission checks, query-parameter parsing, request/response models and the OpenAPI document are all
derived from these rows, so the mock, the client and the contract tests cannot disagree. An area adds its rows
here when the mock starts serving them.
"""

from __future__ import annotations

from typing import Any, Mapping

from contracts import conversations, dialer, externalcontacts, outbound
from contracts.common import DomainEntityRef, Empty
from contracts.conversation_rows import CONVERSATION_CONTROL
from contracts.operation_types import (  # the row type, re-exported: the table's users import it from here
    STANDARD_ERRORS,
    Link,
    Operation,
    PermissionMode,
    QueryParam,
    QueryType,
)

__all__ = ["STANDARD_ERRORS", "Link", "Operation", "PermissionMode", "QueryParam", "QueryType"]


def _bool(name: str, description: str = "") -> QueryParam:
    return QueryParam(name, "boolean", default=False, description=description)


def _paging(default_size: int, max_size: int) -> tuple[QueryParam, ...]:
    return (
        QueryParam("pageSize", "integer", default=default_size, minimum=1, maximum=max_size, clamp=True),
        QueryParam("pageNumber", "integer", default=1, minimum=1),
    )


def _to(operation_id: str, body: Mapping[str, Any] | None = None, **parameters: str) -> Link:
    """A link to ``operation_id`` whose parameters (and body properties) come from the source's exchange."""
    return Link(operation_id, parameters, body)


# Runtime expressions of the links (OpenAPI 3.1 §4.8.20.4).
_BODY_ID = "$response.body#/id"
_PATH_LIST_ID = "$request.path.contactListId"
_FIRST_ITEM_ID = "$response.body#/0/id"
_FIRST_ENTITY_ID = "$response.body#/entities/0/id"
# PUT replaces the whole list: the version read is the one to send (facts §5.6), name and columns keep it valid.
_LIST_PUT_BODY = {
    "version": "$response.body#/version",
    "name": "$response.body#/name",
    "columnNames": "$response.body#/columnNames",
}
_HANG_UP = {"state": "disconnected"}

_FILTER_TYPES = (
    "Equals", "RegEx", "Contains", "Prefix", "LessThan", "LessThanEqualTo",
    "GreaterThan", "GreaterThanEqualTo", "BeginsWith", "EndsWith",
)  # fmt: skip
_LIST_EXTRAS = (_bool("includeImportStatus"), _bool("includeSize"))
_DATE_FILTER = r"^((equals|lessthan|lessthanequalto|greaterthan|greaterthanequalto):)?\d{4}-\d{2}-\d{2}"
_CONTACT_LIST = "/api/v2/outbound/contactlists"
_ONE_LIST = _CONTACT_LIST + "/{contactListId}"
_CONTACTS = _ONE_LIST + "/contacts"
_LIST_VIEW = ("outbound:contactList:view",)
_EXPORT_PERMISSIONS = ("outbound:contact:view", "outbound:contactList:view")

OUTBOUND: tuple[Operation, ...] = (
    Operation(
        "postOutboundContactlists",
        "POST",
        _CONTACT_LIST,
        "Create a contact list.",
        "Outbound",
        "facts §5.1",
        request_model=outbound.ContactList,
        response_model=outbound.ContactList,
        permissions=("outbound:contactList:add",),
        links=(
            _to("postOutboundContactlistContacts", contactListId=_BODY_ID),
            _to("getOutboundContactlist", contactListId=_BODY_ID),
            _to("putOutboundContactlist", _LIST_PUT_BODY, contactListId=_BODY_ID),
            _to("deleteOutboundContactlist", contactListId=_BODY_ID),
        ),
    ),
    Operation(
        "getOutboundContactlists",
        "GET",
        _CONTACT_LIST,
        "Query a list of contact lists.",
        "Outbound",
        "facts §5.1, §5.2",
        response_model=outbound.ContactListEntityListing,
        permissions=_LIST_VIEW,
        description=(
            "Any ContactList field can be used as a query parameter to filter results, with "
            "filter type prefixes inline, e.g. dateCreated=greaterthan:2025-01-01T00:00:00.000Z (SDK v269); "
            "see mockserver/outbound/list_filters.py."
        ),
        query=(
            *_LIST_EXTRAS,
            *_paging(25, 100),
            _bool("allowEmptyResult"),
            QueryParam("filterType", default="Prefix", enum=_FILTER_TYPES),
            QueryParam("name"),
            QueryParam("id", "array", description="ids, repeated or comma-joined; at most 100"),
            QueryParam("divisionId", "array"),
            QueryParam("timeZone", description="IANA zone: only lists with exactly this timeZone (SDK v269)"),
            QueryParam(
                "dateExpiration",
                "array",
                pattern=_DATE_FILTER,
                description="[equals|lessthan|lessthanequalto|greaterthan|greaterthanequalto:]<ISO "
                "date-time>, repeated or comma-joined; every value must hold (SDK v269)",
            ),
            QueryParam(
                "sortBy",
                description="any ContactList field, e.g. name, dateCreated or size (a free string at the vendor)",
            ),
            # The vendor's declared default is "a" (sic, OutboundApi.md); the enum holds it so the default is a
            # valid value (OpenAPI), and it sorts ascending.
            QueryParam(
                "sortOrder",
                default="a",
                enum=("ascending", "descending", "a"),
                description='ascending or descending; the vendor\'s declared default "a" sorts ascending',
            ),
        ),
    ),
    Operation(
        "deleteOutboundContactlists",
        "DELETE",
        _CONTACT_LIST,
        "Delete multiple contact lists.",
        "Outbound",
        "facts §5.1, §5.5",
        success_status=204,
        permissions=("outbound:contactList:delete",),
        query=(QueryParam("id", "array", required=True, description="ids, repeated or comma-joined"),),
    ),
    Operation(
        "getOutboundContactlist",
        "GET",
        _ONE_LIST,
        "Get a contact list.",
        "Outbound",
        "facts §5.1, §5.2",
        response_model=outbound.ContactList,
        permissions=_LIST_VIEW,
        query=_LIST_EXTRAS,
        links=(
            _to("putOutboundContactlist", _LIST_PUT_BODY, contactListId=_BODY_ID),
            _to("deleteOutboundContactlist", contactListId=_BODY_ID),
        ),
    ),
    Operation(
        "putOutboundContactlist",
        "PUT",
        _ONE_LIST,
        "Update a contact list.",
        "Outbound",
        "facts §5.1, §5.6",
        request_model=outbound.ContactList,
        response_model=outbound.ContactList,
        permissions=("outbound:contactList:edit",),
        links=(
            _to("getOutboundContactlist", contactListId=_BODY_ID),
            _to("deleteOutboundContactlist", contactListId=_BODY_ID),
        ),
    ),
    Operation(
        "deleteOutboundContactlist",
        "DELETE",
        _ONE_LIST,
        "Delete a contact list.",
        "Outbound",
        "facts §5.1",
        permissions=("outbound:contactList:delete",),
    ),
    Operation(
        "postOutboundContactlistClear",
        "POST",
        _ONE_LIST + "/clear",
        "Delete all contacts of a contact list.",
        "Outbound",
        "facts §5.1",
        success_status=204,
        permissions=("outbound:contact:delete",),
    ),
    Operation(
        "getOutboundContactlistImportstatus",
        "GET",
        _ONE_LIST + "/importstatus",
        "Get the import status.",
        "Outbound",
        "facts §5.1, §5.4",
        response_model=outbound.ImportStatus,
        permissions=_LIST_VIEW,
    ),
    Operation(
        "postOutboundContactlistExport",
        "POST",
        _ONE_LIST + "/export",
        "Start an export of the contact list.",
        "Outbound",
        "facts §5.1; vendor-sdk-docs/ContactsExportRequest.md",
        response_model=DomainEntityRef,
        request_model=outbound.ContactsExportRequest,
        request_optional=True,
        permissions=_EXPORT_PERMISSIONS,
        permission_mode="ALL",
    ),
    Operation(
        "getOutboundContactlistExport",
        "GET",
        _ONE_LIST + "/export",
        "Get the URI of the latest export.",
        "Outbound",
        "facts §5.1, §5.4",
        response_model=outbound.ExportUri,
        permissions=_EXPORT_PERMISSIONS,
        permission_mode="ALL",
        query=(
            QueryParam(
                "download",
                default="false",
                description="Redirect to download uri: true redirects "
                "(303) to the file; any other value answers the URI (a free string at the vendor)",
            ),
        ),
    ),
    Operation(
        "postOutboundContactlistContacts",
        "POST",
        _CONTACTS,
        "Add (upsert) contacts to a contact list.",
        "Outbound",
        "facts §6.1, §6.2",
        request_model=outbound.WritableDialerContact,
        request_is_array=True,
        request_max_items=1000,
        response_model=outbound.DialerContact,
        response_is_array=True,
        permissions=("outbound:contact:add",),
        query=(_bool("priority"), _bool("clearSystemData"), _bool("doNotQueue")),
        links=(
            _to("getOutboundContactlistContact", contactListId=_PATH_LIST_ID, contactId=_FIRST_ITEM_ID),
            _to(
                "putOutboundContactlistContact",
                {"data": "$response.body#/0/data"},
                contactListId=_PATH_LIST_ID,
                contactId=_FIRST_ITEM_ID,
            ),
            _to("deleteOutboundContactlistContact", contactListId=_PATH_LIST_ID, contactId=_FIRST_ITEM_ID),
            _to("getOutboundContactlist", contactListId=_PATH_LIST_ID),
        ),
    ),
    Operation(
        "deleteOutboundContactlistContacts",
        "DELETE",
        _CONTACTS,
        "Delete contacts by id.",
        "Outbound",
        "facts §6.1, §6.2, §12",
        permissions=("outbound:contact:delete",),
        query=(
            QueryParam(
                "contactIds",
                "array",
                required=True,
                min_items=1,
                pattern="[^,]",
                rule="OUT-CONTACTS-DELETE-EMPTY",
                description="ids, repeated or comma-joined (missing or empty: 400 no.contacts.specified)",
            ),
        ),
    ),
    Operation(
        "getOutboundContactlistContact",
        "GET",
        _CONTACTS + "/{contactId}",
        "Get a contact.",
        "Outbound",
        "facts §6.1",
        response_model=outbound.DialerContact,
        permissions=("outbound:contact:view",),
        links=(
            _to(
                "putOutboundContactlistContact",
                {"data": "$response.body#/data"},
                contactListId=_PATH_LIST_ID,
                contactId=_BODY_ID,
            ),
            _to("deleteOutboundContactlistContact", contactListId=_PATH_LIST_ID, contactId=_BODY_ID),
        ),
    ),
    Operation(
        "putOutboundContactlistContact",
        "PUT",
        _CONTACTS + "/{contactId}",
        "Update a contact.",
        "Outbound",
        "facts §6.1, §6.2",
        request_model=outbound.DialerContact,
        response_model=outbound.DialerContact,
        permissions=("outbound:contact:edit",),
    ),
    Operation(
        "deleteOutboundContactlistContact",
        "DELETE",
        _CONTACTS + "/{contactId}",
        "Delete a contact.",
        "Outbound",
        "facts §6.1",
        permissions=("outbound:contact:delete",),
    ),
    Operation(
        "postOutboundContactlistContactsBulk",
        "POST",
        _CONTACTS + "/bulk",
        "Get contacts by id (at most 50).",
        "Outbound",
        "facts §6.1, §6.2",
        request_model=outbound.ContactIdList,
        request_max_items=50,
        response_model=outbound.DialerContact,
        response_is_array=True,
        permissions=("outbound:contact:view",),
    ),
    Operation(
        "postOutboundContactlistContactsSearch",
        "POST",
        _CONTACTS + "/search",
        "Search the contacts of a list.",
        "Outbound",
        "facts §6.1, §6.3",
        request_model=outbound.ContactListingRequest,
        response_model=outbound.ContactListingResponse,
        permissions=("outbound:contact:view",),
    ),
    Operation(
        "postUploadsV2Contactlist",
        "POST",
        "/uploads/v2/contactlist",
        "Upload a CSV of contacts (apps host).",
        "Outbound",
        "facts §7.1",
        response_model=outbound.ContactListUploadResponse,
        description="Success is exactly 200 (the vendor's Terraform provider fails on any other status and reads no "
        "body; progress is polled). fileType=dnclist imports numbers into a DNC list (id = the DNC list, "
        "phoneColumns/emailColumns name the columns; read at once, status at "
        "…/dnclists/{id}/importstatus).",
        permissions=("outbound:contact:add", "outbound:contactList:upload"),
        multipart={
            "type": "object",
            "properties": {
                "file": {
                    "type": "string",
                    "format": "binary",
                    "contentMediaType": "text/csv",
                    "description": "a file part (with a filename)",
                },
                "id": {"type": "string", "pattern": "\\S", "description": "the contact list (or DNC list) id"},
                # dnclist: the vendor's DNC upload sample posts to this route too (mockserver/outbound/dnc.py).
                "fileType": {"type": "string", "enum": ["contactlist", "dnclist"]},
                "contact-id-name": {"type": "string", "description": "CSV column holding each contact's id"},
                "phoneColumns": {"type": "string", "description": "fileType=dnclist: columns of phone numbers"},
                "emailColumns": {"type": "string", "description": "fileType=dnclist: columns of email addresses"},
            },
            "required": ["file", "id", "fileType"],
        },
    ),
)

_BULK_JOB_VIEW = _to("getOutboundContactlistContactsBulkJob", contactListId=_PATH_LIST_ID, jobId=_BODY_ID)
_PRESIGNED = (
    "The answer's url takes the file by PUT with the answer's headers (no bearer token; expiry on the "
    "mock's clock); the file is then imported as by POST /uploads/v2/contactlist."
)

OUTBOUND_JOBS: tuple[Operation, ...] = (
    Operation(
        "postOutboundContactlistsUploads",
        "POST",
        _CONTACT_LIST + "/uploads",
        "Get a presigned URL to upload a file of contacts to.",
        "Outbound",
        "facts §7.2; vendor-sdk-docs/ContactListUploadUrlRequest.md",
        request_model=outbound.ContactListUploadUrlRequest,
        response_model=outbound.UploadUrlResponse,
        permissions=("outbound:contactList:upload",),
        description=_PRESIGNED,
    ),
    Operation(
        "postOutboundDnclistsUploads",
        "POST",
        "/api/v2/outbound/dnclists/uploads",
        "Get a presigned URL to upload a file of DNC entries to.",
        "Outbound",
        "facts §7.2; vendor-sdk-docs/DNCListUploadUrlRequest.md",
        request_model=outbound.DNCListUploadUrlRequest,
        response_model=outbound.UploadUrlResponse,
        permissions=("outbound:dncList:upload",),
        description="The URL is handed out for an existing DNC list; what a PUT of the file does depends on the "
        "DNC import being emulated (501 not.implemented until it is).",
    ),
    Operation(
        "postOutboundContactlistContactsBulkRemove",
        "POST",
        _CONTACTS + "/bulk/remove",
        "Start a job removing the contacts a filter selects.",
        "Outbound",
        "facts §6.1, §6.3",
        request_model=outbound.ContactBulkSearchParameters,
        response_model=outbound.ContactsBulkOperationJob,
        permissions=("outbound:contact:delete",),
        links=(_BULK_JOB_VIEW,),
    ),
    Operation(
        "postOutboundContactlistContactsBulkUpdate",
        "POST",
        _CONTACTS + "/bulk/update",
        "Start a job patching the contacts ids or a filter select.",
        "Outbound",
        "facts §6.1, §6.3",
        request_model=outbound.ContactBulkEditRequest,
        response_model=outbound.ContactsBulkOperationJob,
        permissions=("outbound:contact:edit",),
        links=(_BULK_JOB_VIEW,),
    ),
    Operation(
        "getOutboundContactlistContactsBulkJobs",
        "GET",
        _CONTACTS + "/bulk/jobs",
        "The 10 most recent bulk jobs of a list.",
        "Outbound",
        "facts §6.1",
        response_model=outbound.ContactsBulkOperationJobListing,
        permissions=_LIST_VIEW,
    ),
    Operation(
        "getOutboundContactlistContactsBulkJob",
        "GET",
        _CONTACTS + "/bulk/jobs/{jobId}",
        "One bulk job of a list.",
        "Outbound",
        "facts §6.1, §6.3",
        response_model=outbound.ContactsBulkOperationJob,
        permissions=_LIST_VIEW,
    ),
)

_CALLS = "/api/v2/conversations/calls"
_CONVERSATIONS = "/api/v2/conversations"
_DISCONNECT = ("conversation:communication:disconnect",)

CONVERSATIONS: tuple[Operation, ...] = (
    Operation(
        "postConversationsCalls",
        "POST",
        _CALLS,
        "Create a call conversation.",
        "Conversations",
        "facts §8.1, §8.2",
        request_model=conversations.CreateCallRequest,
        other_success=(202,),
        description="The vendor declares 202 (Accepted) besides 200 with the same body (facts §8.1, SW18/SW25) "
        "without saying when; the mock answers 200 and clients must accept either.",
        response_model=conversations.CreateCallResponse,
        permissions=("conversation:conference:add",),
        user_context=True,
        links=(
            _to("getConversationsCall", conversationId=_BODY_ID),
            _to("getConversation", conversationId=_BODY_ID),
            _to("patchConversationsCall", _HANG_UP, conversationId=_BODY_ID),
            _to("deleteConversation", conversationId=_BODY_ID),
        ),
    ),
    Operation(
        "getConversationsCalls",
        "GET",
        _CALLS,
        "Get the active call conversations of the logged-in user.",
        "Conversations",
        "facts §8.1",
        response_model=conversations.CallConversationEntityListing,
        user_context=True,
    ),
    Operation(
        "getConversationsCall",
        "GET",
        _CALLS + "/{conversationId}",
        "Get a call conversation.",
        "Conversations",
        "facts §8.1, §8.3",
        response_model=conversations.CallConversation,
        user_context=True,
        links=(
            _to("patchConversationsCall", _HANG_UP, conversationId=_BODY_ID),
            _to("deleteConversation", conversationId=_BODY_ID),
        ),
    ),
    Operation(
        "patchConversationsCall",
        "PATCH",
        _CALLS + "/{conversationId}",
        "Update a conversation by setting its "
        "recording state, merging in other conversations to create a conference, or disconnecting all of the "
        "participants.",
        "Conversations",
        "facts §8.1, §8.4; vendor-sdk-docs/ConversationsApi.md",
        request_model=conversations.Conversation,
        response_model=conversations.Conversation,
        permissions=_DISCONNECT,
        user_context=True,
        other_success=(202,),
        description="Request: the vendor's Conversation model; the fields an update reads are state "
        "(only disconnected), recordingState (ACTIVE resumes, PAUSED starts a secure pause: 202) and "
        "conversationIds (the user's other active calls to merge into this one, which becomes the "
        "conference).",
        links=(_to("getConversationsCall", conversationId=_BODY_ID),),
    ),
    Operation(
        "getConversations",
        "GET",
        _CONVERSATIONS,
        "Get the active conversations of the logged-in user.",
        "Conversations",
        "facts §8.1",
        response_model=conversations.ConversationEntityListing,
        user_context=True,
        query=(
            QueryParam(
                "communicationType",
                description="Call or Chat communication filtering (a free string "
                "at the vendor; the mock has calls only, so any other value lists nothing)",
            ),
        ),
    ),
    Operation(
        "getConversation",
        "GET",
        _CONVERSATIONS + "/{conversationId}",
        "Get a conversation (any media).",
        "Conversations",
        "facts §8.1, §8.4",
        response_model=conversations.Conversation,
        permissions=("conversation:communication:view",),
    ),
    Operation(
        "deleteConversation",
        "DELETE",
        _CONVERSATIONS + "/{conversationId}",
        "Disconnect every participant.",
        "Conversations",
        "facts §8.1",
        success_status=204,
        permissions=_DISCONNECT,
    ),
)

_EXTERNAL = "/api/v2/externalcontacts/contacts"
_ONE_EXTERNAL = _EXTERNAL + "/{contactId}"
_EXPAND = QueryParam(
    "expand",
    "array",
    enum=("externalOrganization", "externalDataSources", "identifiers", "externalSources", "division"),
    rule="EXT-EXPAND-VALUE",
)
# The identifier lookups list no externalDataSources (vendor-sdk-docs/ExternalContactsApi.md).
_LOOKUP_EXPAND = QueryParam(
    "expand",
    "array",
    enum=("externalOrganization", "identifiers", "externalSources", "division"),
    rule="EXT-EXPAND-VALUE",
)


# POST/PUT, the identifier claim and the lookups also declare 422 "unprocessable entity" (facts §9.1, SW25); the
# mock answers it only when a fault asks for it (POST /__mock/faults with status 422), no trigger being documented.
_WITH_422 = tuple(sorted((*STANDARD_ERRORS, 422)))


def _external(action: str) -> tuple[str, ...]:
    return (f"externalContacts:contact:{action}", f"relate:contact:{action}")


EXTERNAL_CONTACTS: tuple[Operation, ...] = (
    Operation(
        "postExternalcontactsContacts",
        "POST",
        _EXTERNAL,
        "Create an external contact.",
        "External Contacts",
        "facts §9.1, §9.3",
        request_model=externalcontacts.ExternalContact,
        response_model=externalcontacts.ExternalContact,
        permissions=_external("add"),
        links=(
            _to("getExternalcontactsContact", contactId=_BODY_ID),
            _to("putExternalcontactsContact", contactId=_BODY_ID),
            _to("patchExternalcontactsContact", contactId=_BODY_ID),
            _to("getExternalcontactsContactIdentifiers", contactId=_BODY_ID),
            _to("deleteExternalcontactsContact", contactId=_BODY_ID),
        ),
        error_statuses=_WITH_422,
    ),
    Operation(
        "getExternalcontactsContacts",
        "GET",
        _EXTERNAL,
        "Search for external contacts.",
        "External Contacts",
        "facts §9.1, §9.2",
        response_model=externalcontacts.ContactListing,
        permissions=_external("view"),
        query=(
            QueryParam(
                "pageSize", "integer", default=20, minimum=1, description="pageNumber * pageSize must be <= 1000"
            ),
            QueryParam("pageNumber", "integer", default=1, minimum=1),
            QueryParam("q", description="keywords over names, emails and phone numbers"),
            QueryParam(
                "sortOrder",
                pattern="^(firstName|lastName|middleName|title):(asc|desc)$",
                rule="EXT-SEARCH-SORT",
                description="<field>:asc|desc",
            ),
            _EXPAND,
            QueryParam("divisionIds", "array", description="up to 50"),
        ),
        links=(
            _to("getExternalcontactsContact", contactId=_FIRST_ENTITY_ID),
            _to("deleteExternalcontactsContact", contactId=_FIRST_ENTITY_ID),
        ),
    ),
    Operation(
        "getExternalcontactsContact",
        "GET",
        _ONE_EXTERNAL,
        "Get an external contact.",
        "External Contacts",
        "facts §9.1",
        response_model=externalcontacts.ExternalContact,
        permissions=_external("view"),
        query=(_EXPAND,),
        links=(
            _to("getExternalcontactsContacts", q="$response.body#/lastName"),
            _to("deleteExternalcontactsContact", contactId=_BODY_ID),
        ),
    ),
    Operation(
        "putExternalcontactsContact",
        "PUT",
        _ONE_EXTERNAL,
        "Replace an external contact.",
        "External Contacts",
        "facts §9.1",
        request_model=externalcontacts.ExternalContact,
        response_model=externalcontacts.ExternalContact,
        permissions=_external("edit"),
        error_statuses=_WITH_422,
    ),
    Operation(
        "patchExternalcontactsContact",
        "PATCH",
        _ONE_EXTERNAL,
        "Patch an external contact.",
        "External Contacts",
        "facts §9.1",
        request_model=externalcontacts.ExternalContactsPatchRequest,
        response_model=externalcontacts.ExternalContact,
        permissions=("externalContacts:contact:edit",),
    ),
    Operation(
        "deleteExternalcontactsContact",
        "DELETE",
        _ONE_EXTERNAL,
        "Delete an external contact.",
        "External Contacts",
        "facts §9.1",
        response_model=Empty,
        permissions=_external("delete"),
    ),
    Operation(
        "getExternalcontactsContactIdentifiers",
        "GET",
        _ONE_EXTERNAL + "/identifiers",
        "List the identifiers of an external contact.",
        "External Contacts",
        "facts §9.1, §9.6",
        response_model=externalcontacts.ContactIdentifierListing,
        permissions=("externalContacts:contact:view",),
    ),
    Operation(
        "patchExternalcontactsContactIdentifiers",
        "PATCH",
        _ONE_EXTERNAL + "/identifiers",
        "Claim or release an identifier.",
        "External Contacts",
        "facts §9.1, §9.6",
        request_model=externalcontacts.IdentifierClaimRequest,
        response_model=externalcontacts.ContactIdentifier,
        permissions=("externalContacts:contact:edit",),
        error_statuses=_WITH_422,
    ),
    Operation(
        "postExternalcontactsIdentifierlookupContacts",
        "POST",
        "/api/v2/externalcontacts/identifierlookup/contacts",
        "Find the contact that holds an identifier.",
        "External Contacts",
        "facts §9.1, §9.6",
        request_model=externalcontacts.ContactIdentifier,
        response_model=externalcontacts.ExternalContact,
        permissions=("externalContacts:contact:view",),
        query=(_LOOKUP_EXPAND,),
        error_statuses=_WITH_422,
    ),
    Operation(
        "postExternalcontactsIdentifierlookup",
        "POST",
        "/api/v2/externalcontacts/identifierlookup",
        "Find the contact that holds an identifier (older route).",
        "External Contacts",
        "facts §9.1; vendor-sdk-docs/ExternalContactsApi.md (deprecated)",
        request_model=externalcontacts.ContactIdentifier,
        response_model=externalcontacts.ExternalContact,
        permissions=_external("view"),
        query=(_LOOKUP_EXPAND,),
        deprecated=True,
        description="Deprecated (vendor): use POST /api/v2/externalcontacts/identifierlookup/contacts instead.",
        error_statuses=_WITH_422,
    ),
)

_ORGS = "/api/v2/externalcontacts/organizations"
_ONE_ORG = _ORGS + "/{externalOrganizationId}"
_BULK = "/api/v2/externalcontacts/bulk"
_ORG_EXPAND = QueryParam(
    "expand",
    "array",
    enum=("externalDataSources", "division", "identifiers", "externalSources"),
    rule="EXT-EXPAND-VALUE",
)
_ORG_DOC = "vendor-sdk-docs/ExternalContactsApi.md, ExternalOrganization.md"
_BULK_DOC = "vendor-sdk-docs/ExternalContactsApi.md (bulk routes), Bulk*Request/Response.md"
_CONTACT_SEARCH_QUERY = (
    QueryParam("pageSize", "integer", default=20, minimum=1, description="pageNumber * pageSize must be <= 1000"),
    QueryParam("pageNumber", "integer", default=1, minimum=1),
    QueryParam("q", description="keywords over names, emails and phone numbers"),
    QueryParam(
        "sortOrder",
        pattern="^(firstName|lastName|middleName|title):(asc|desc)$",
        rule="EXT-SEARCH-SORT",
        description="<field>:asc|desc",
    ),
    _EXPAND,
)


def _org(action: str) -> tuple[str, ...]:
    return (f"externalContacts:externalOrganization:{action}", f"relate:externalOrganization:{action}")


def _bulk(
    operation_id: str,
    suffix: str,
    summary: str,
    request: str,
    response: str,
    permissions: tuple[str, ...],
    mode: PermissionMode = "ANY",
) -> Operation:
    """A bulk row: the vendor's request and answer schemas (per-item results), served by externalcontacts/bulk.py."""
    return Operation(
        operation_id,
        "POST",
        _BULK + suffix,
        summary,
        "External Contacts",
        _BULK_DOC,
        permissions=permissions,
        permission_mode=mode,
        vendor_request={"ref": request},
        vendor_response={"ref": response},
    )


EXTERNAL_ORGANIZATIONS: tuple[Operation, ...] = (
    Operation(
        "postExternalcontactsOrganizations",
        "POST",
        _ORGS,
        "Create an external organization.",
        "External Contacts",
        _ORG_DOC,
        request_model=externalcontacts.ExternalOrganization,
        response_model=externalcontacts.ExternalOrganization,
        permissions=_org("add"),
        links=(
            _to("getExternalcontactsOrganization", externalOrganizationId=_BODY_ID),
            _to("getExternalcontactsOrganizationContacts", externalOrganizationId=_BODY_ID),
            _to("deleteExternalcontactsOrganization", externalOrganizationId=_BODY_ID),
        ),
    ),
    Operation(
        "getExternalcontactsOrganizations",
        "GET",
        _ORGS,
        "Search for external organizations.",
        "External Contacts",
        _ORG_DOC,
        vendor_response={"ref": "ExternalOrganizationListing"},
        permissions=_org("view"),
        query=(
            QueryParam(
                "pageSize", "integer", default=20, minimum=1, description="pageNumber * pageSize must be <= 1000"
            ),
            QueryParam("pageNumber", "integer", default=1, minimum=1),
            QueryParam("q", description="keywords over name, companyType, industry, tags and websites"),
            QueryParam("trustorId", "array", description="accepted and ignored: the mock has no trustors"),
            QueryParam(
                "sortOrder",
                pattern="^(companyType|industry|name):(asc|desc)$",
                rule="EXT-ORG-SEARCH-SORT",
                description="<field>:asc|desc",
            ),
            _ORG_EXPAND,
            _bool("includeTrustors", "accepted and ignored: the mock has no trustors"),
            QueryParam("divisionIds", "array", description="up to 50"),
        ),
    ),
    Operation(
        "getExternalcontactsOrganization",
        "GET",
        _ONE_ORG,
        "Get an external organization.",
        "External Contacts",
        _ORG_DOC,
        response_model=externalcontacts.ExternalOrganization,
        permissions=_org("view"),
        query=(_ORG_EXPAND, _bool("includeTrustors", "accepted and ignored: the mock has no trustors")),
    ),
    Operation(
        "putExternalcontactsOrganization",
        "PUT",
        _ONE_ORG,
        "Replace an external organization.",
        "External Contacts",
        _ORG_DOC,
        request_model=externalcontacts.ExternalOrganization,
        response_model=externalcontacts.ExternalOrganization,
        permissions=_org("edit"),
    ),
    Operation(
        "deleteExternalcontactsOrganization",
        "DELETE",
        _ONE_ORG,
        "Delete an external organization (its contacts stay, unlinked).",
        "External Contacts",
        _ORG_DOC,
        response_model=Empty,
        permissions=_org("delete"),
    ),
    Operation(
        "getExternalcontactsOrganizationContacts",
        "GET",
        _ONE_ORG + "/contacts",
        "Search the contacts linked to an external organization.",
        "External Contacts",
        _ORG_DOC,
        response_model=externalcontacts.ContactListing,
        permissions=_external("view"),
        query=_CONTACT_SEARCH_QUERY,
    ),
    Operation(
        "postExternalcontactsIdentifierlookupOrganizations",
        "POST",
        "/api/v2/externalcontacts/identifierlookup/organizations",
        "Find the organization that holds an identifier.",
        "External Contacts",
        _ORG_DOC,
        request_model=externalcontacts.ExternalOrganizationIdentifier,
        response_model=externalcontacts.ExternalOrganization,
        permissions=("externalContacts:externalOrganization:view",),
        query=(
            QueryParam("expand", "array", enum=("identifiers", "externalSources", "division"), rule="EXT-EXPAND-VALUE"),
        ),
    ),
    Operation(
        "postExternalcontactsContactsSearch",
        "POST",
        _EXTERNAL + "/search",
        "Search for external contacts (body).",
        "External Contacts",
        "vendor SDK 269 ContactSearchRequest, ContactSimpleSearch; facts §9.2",
        vendor_request={"ref": "ContactSearchRequest"},
        vendor_response={"ref": "ContactListing"},
        description="The vendor lists no permission for this route (SDK 269); the mock asks none beyond a token.",
    ),
    _bulk(
        "postExternalcontactsBulkContacts",
        "/contacts",
        "Bulk fetch contacts.",
        "BulkIdsRequest",
        "BulkFetchContactsResponse",
        ("externalContacts:contact:view",),
    ),
    _bulk(
        "postExternalcontactsBulkContactsAdd",
        "/contacts/add",
        "Bulk add contacts.",
        "BulkContactsRequest",
        "BulkContactsResponse",
        ("externalContacts:contact:add",),
    ),
    _bulk(
        "postExternalcontactsBulkContactsUpdate",
        "/contacts/update",
        "Bulk update contacts.",
        "BulkContactsRequest",
        "BulkContactsResponse",
        ("externalContacts:contact:edit",),
    ),
    _bulk(
        "postExternalcontactsBulkContactsRemove",
        "/contacts/remove",
        "Bulk remove contacts.",
        "BulkIdsRequest",
        "BulkDeleteResponse",
        ("externalContacts:contact:delete",),
    ),
    _bulk(
        "postExternalcontactsBulkOrganizations",
        "/organizations",
        "Bulk fetch organizations.",
        "BulkIdsRequest",
        "BulkFetchOrganizationsResponse",
        ("externalContacts:externalOrganization:view",),
    ),
    _bulk(
        "postExternalcontactsBulkOrganizationsAdd",
        "/organizations/add",
        "Bulk add organizations.",
        "BulkOrganizationsRequest",
        "BulkOrganizationsResponse",
        ("externalContacts:externalOrganization:add",),
    ),
    _bulk(
        "postExternalcontactsBulkOrganizationsUpdate",
        "/organizations/update",
        "Bulk update organizations.",
        "BulkOrganizationsRequest",
        "BulkOrganizationsResponse",
        ("externalContacts:externalOrganization:edit",),
    ),
    _bulk(
        "postExternalcontactsBulkOrganizationsRemove",
        "/organizations/remove",
        "Bulk remove organizations.",
        "BulkIdsRequest",
        "BulkDeleteResponse",
        ("externalContacts:externalOrganization:delete",),
    ),
)

_NOTE_DOC = "vendor-sdk-docs/ExternalContactsApi.md, Note.md, Relationship.md; SDK 269 Note.noteText"
_PATCH_NOTE = "The vendor lists no permission for this PATCH (SDK 269); the mock asks none beyond a token."


def _listing(sorts: str, expand: tuple[str, ...]) -> tuple[QueryParam, ...]:
    return (
        QueryParam(
            "pageSize",
            "integer",
            default=20,
            minimum=1,
            maximum=100,
            description="at most 100; pageNumber * pageSize must be <= 1000",
        ),
        QueryParam("pageNumber", "integer", default=1, minimum=1),
        QueryParam(
            "sortOrder", pattern=f"^({sorts}):(asc|desc)$", rule="EXT-LIST-SORT", description="<field>:asc|desc"
        ),
        QueryParam("expand", "array", enum=expand, description="accepted; the mock's records are complete"),
    )


def _notes(owner: str, base: str, param: str, view: tuple[str, ...], edit: tuple[str, ...]) -> tuple[Operation, ...]:
    """The six note routes of contacts (``owner`` Contact) or organizations (Organization)."""
    one = f"{base}/{{{param}}}/notes/{{noteId}}"
    note = {"ref": "Note"}
    return (
        Operation(
            f"getExternalcontacts{owner}Notes",
            "GET",
            f"{base}/{{{param}}}/notes",
            "List the notes.",
            "External Contacts",
            _NOTE_DOC,
            vendor_response={"ref": "NoteListing"},
            permissions=view,
            query=_listing("createDate", ("author", "externalDataSources", "division", "mergeset")),
        ),
        Operation(
            f"postExternalcontacts{owner}Notes",
            "POST",
            f"{base}/{{{param}}}/notes",
            "Add a note.",
            "External Contacts",
            _NOTE_DOC,
            vendor_request=note,
            vendor_response=note,
            permissions=edit,
        ),
        Operation(
            f"getExternalcontacts{owner}Note",
            "GET",
            one,
            "Get a note.",
            "External Contacts",
            _NOTE_DOC,
            vendor_response=note,
            permissions=view,
            query=(QueryParam("expand", "array", enum=("author", "externalDataSources", "division")),),
        ),
        Operation(
            f"putExternalcontacts{owner}Note",
            "PUT",
            one,
            "Replace a note.",
            "External Contacts",
            _NOTE_DOC,
            vendor_request=note,
            vendor_response=note,
            permissions=edit,
        ),
        Operation(
            f"patchExternalcontacts{owner}Note",
            "PATCH",
            one,
            "Patch a note.",
            "External Contacts",
            _NOTE_DOC,
            request_model=externalcontacts.ExternalContactsPatchRequest,
            vendor_response=note,
            description=_PATCH_NOTE,
        ),
        Operation(
            f"deleteExternalcontacts{owner}Note",
            "DELETE",
            one,
            "Delete a note.",
            "External Contacts",
            _NOTE_DOC,
            response_model=Empty,
            permissions=edit,
        ),
    )


_RELATIONSHIPS = "/api/v2/externalcontacts/relationships"
_ONE_RELATIONSHIP = _RELATIONSHIPS + "/{relationshipId}"
_RELATIONSHIP = {"ref": "Relationship"}
_RELATIONSHIP_EXPAND = QueryParam("expand", "array", enum=("externalDataSources", "division"))
_BOTH = ("externalContacts:contact:{0}", "externalContacts:externalOrganization:{0}")


def _both(action: str) -> tuple[str, ...]:
    return tuple(p.format(action) for p in _BOTH)


NOTES_AND_RELATIONSHIPS: tuple[Operation, ...] = (
    *_notes("Contact", _EXTERNAL, "contactId", _external("view"), _external("edit")),
    *_notes("Organization", _ORGS, "externalOrganizationId", _org("view"), _org("edit")),
    Operation(
        "postExternalcontactsRelationships",
        "POST",
        _RELATIONSHIPS,
        "Create a relationship.",
        "External Contacts",
        _NOTE_DOC,
        vendor_request=_RELATIONSHIP,
        vendor_response=_RELATIONSHIP,
        permissions=_org("edit"),
    ),
    Operation(
        "getExternalcontactsRelationship",
        "GET",
        _ONE_RELATIONSHIP,
        "Get a relationship.",
        "External Contacts",
        _NOTE_DOC,
        vendor_response=_RELATIONSHIP,
        permissions=_org("view"),
        query=(_RELATIONSHIP_EXPAND,),
    ),
    Operation(
        "putExternalcontactsRelationship",
        "PUT",
        _ONE_RELATIONSHIP,
        "Replace a relationship.",
        "External Contacts",
        _NOTE_DOC,
        vendor_request=_RELATIONSHIP,
        vendor_response=_RELATIONSHIP,
        permissions=_org("edit"),
    ),
    Operation(
        "patchExternalcontactsRelationship",
        "PATCH",
        _ONE_RELATIONSHIP,
        "Patch a relationship.",
        "External Contacts",
        _NOTE_DOC,
        request_model=externalcontacts.ExternalContactsPatchRequest,
        vendor_response=_RELATIONSHIP,
        description=_PATCH_NOTE,
    ),
    Operation(
        "deleteExternalcontactsRelationship",
        "DELETE",
        _ONE_RELATIONSHIP,
        "Delete a relationship.",
        "External Contacts",
        _NOTE_DOC,
        response_model=Empty,
        permissions=_org("edit"),
    ),
    Operation(
        "getExternalcontactsOrganizationRelationships",
        "GET",
        _ONE_ORG + "/relationships",
        "List an organization's relationships.",
        "External Contacts",
        _NOTE_DOC,
        vendor_response={"ref": "RelationshipListing"},
        permissions=_org("view"),
        query=_listing("createDate|relationship", ("externalDataSources", "division")),
    ),
    _bulk(
        "postExternalcontactsBulkNotes",
        "/notes",
        "Bulk fetch notes.",
        "BulkIdsRequest",
        "BulkFetchNotesResponse",
        _both("view"),
        "ALL",
    ),
    _bulk(
        "postExternalcontactsBulkNotesAdd",
        "/notes/add",
        "Bulk add notes.",
        "BulkNotesRequest",
        "BulkNotesResponse",
        _both("add"),
        "ALL",
    ),
    _bulk(
        "postExternalcontactsBulkNotesUpdate",
        "/notes/update",
        "Bulk update notes.",
        "BulkNotesRequest",
        "BulkNotesResponse",
        _both("edit"),
        "ALL",
    ),
    _bulk(
        "postExternalcontactsBulkNotesRemove",
        "/notes/remove",
        "Bulk remove notes.",
        "BulkIdsRequest",
        "BulkDeleteResponse",
        _both("delete"),
        "ALL",
    ),
    _bulk(
        "postExternalcontactsBulkRelationships",
        "/relationships",
        "Bulk fetch relationships.",
        "BulkIdsRequest",
        "BulkFetchRelationshipsResponse",
        _both("view"),
        "ALL",
    ),
    _bulk(
        "postExternalcontactsBulkRelationshipsAdd",
        "/relationships/add",
        "Bulk add relationships.",
        "BulkRelationshipsRequest",
        "BulkRelationshipsResponse",
        _both("add"),
        "ALL",
    ),
    _bulk(
        "postExternalcontactsBulkRelationshipsUpdate",
        "/relationships/update",
        "Bulk update relationships.",
        "BulkRelationshipsRequest",
        "BulkRelationshipsResponse",
        _both("edit"),
        "ALL",
    ),
    _bulk(
        "postExternalcontactsBulkRelationshipsRemove",
        "/relationships/remove",
        "Bulk remove relationships.",
        "BulkIdsRequest",
        "BulkDeleteResponse",
        _both("delete"),
        "ALL",
    ),
)

DIALER: tuple[Operation, ...] = dialer.rows()
"""DNC lists, contact-list filters and campaigns: vendor schemas, hand-written behaviour (contracts/dialer.py)."""

OPERATIONS: tuple[Operation, ...] = (
    OUTBOUND
    + DIALER
    + OUTBOUND_JOBS
    + CONVERSATIONS
    + CONVERSATION_CONTROL
    + EXTERNAL_CONTACTS
    + EXTERNAL_ORGANIZATIONS
    + NOTES_AND_RELATIONSHIPS
)

BY_ID: dict[str, Operation] = {op.operation_id: op for op in OPERATIONS}
if len(BY_ID) != len(OPERATIONS):
    raise RuntimeError("duplicate operationId in the operations table")


def _check_links() -> None:
    """A link must name a row of the table and only parameters that row has (a typo would silently never fire)."""
    for op in OPERATIONS:
        for link in op.links:
            target = BY_ID.get(link.operation_id)
            if target is None:
                raise RuntimeError(f"{op.operation_id} links to unknown operation {link.operation_id}")
            known = set(target.path_params) | {q.name for q in target.query}
            unknown = set(link.parameters) - known
            if unknown:
                raise RuntimeError(f"{op.operation_id} -> {link.operation_id}: unknown parameter(s) {sorted(unknown)}")


_check_links()
