"""Why a schema-valid request may still be refused with 400, operation by operation, and a check that holds the
mock to exactly that.

``positive_data_acceptance`` expects a 2xx for every request that satisfies the document. The real API has rules
no JSON Schema can state (a phone column must be one of the list's columns, exactly one call destination, a name
unique in the org, lengths counted after trimming …); the mock enforces them as catalogue rules
(docs/rules.md). For the operations below, 400 is therefore an expected answer to schema-valid data — on every
target, including a real org. Against the mock the suite is stricter: :func:`semantic_rejections_are_named`
fails a positive-data 400 unless the mock names one of the listed rules in ``X-Mock-Rule`` (or, for the few
checks that are not catalogue rules, the error names one of the listed fields), so a schema-valid request refused
by the binding or by the wrong rule is still a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemathesis import Case, CheckContext, Response


@dataclass(frozen=True)
class SemanticRules:
    """``rules``: prefixes of the catalogue rules that may refuse schema-valid data; ``fields``: prefixes of the
    ``details[].fieldName`` of the operation's checks that are not catalogue rules."""

    why: str
    rules: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


_LIST_RULES = SemanticRules(
    "a non-blank name (≤ 64) unique in the org; columns ≤ 50, unique, ≤ 128 characters; phone, e-mail and zip "
    "columns among columnNames; time-zone mapping settings; the org's list limit (facts §5.5)",
    ("OUT-LIST-",),
)
_CONTACT_RULES = SemanticRules(
    "data keys are columns of the list, values ≤ 512 characters, phone values E.164 in strict, client ids of "
    "letters, digits, - and _ (facts §6.2)",
    ("OUT-CONTACT",),
)
_EXTERNAL_CONTACT_RULES = SemanticRules(
    "lengths counted after trimming, valid e-mail addresses and URL, possible phone numbers (strict), at most 10 "
    "external ids and Apple ids, external ids unique (facts §9.3–§9.6)",
    ("EXT-",),
)
_ORGANIZATION_RULES = SemanticRules(
    "a non-blank name and the contact field limits (ExternalOrganization.md, facts §9.3)", ("EXT-ORG-", "EXT-")
)
_NOTE_RULES = SemanticRules("a note has its text, ≤ 32000 characters (Note.md)", ("EXT-NOTE-TEXT",))
_IDENTIFIER_VALUE = SemanticRules(
    "an identifier value ≤ 255 characters after trimming (facts §9.6)", ("EXT-IDENTIFIER-VALUE-LENGTH",)
)

_DNC_RULES = SemanticRules(
    "the fields a source type requires, entries only on internal (rds) lists, numbers with a digit and addresses "
    "with @, an ISO expiry, an Add/Remove action, the version read last, not while a campaign uses the list "
    "(DncListCreate.md, OutboundApi.md)",
    ("OUT-DNC-", "OUT-DIALER-MAX-ENTITIES"),
)
_FILTER_RULES = SemanticRules(
    "an existing contact list whose columns the clauses name, operands readable as their column type, the version "
    "read last, not while a campaign uses the filter (ContactListFilter.md)",
    ("OUT-FILTER-", "OUT-DIALER-"),
    ("clauses",),
)
_CAMPAIGN_RULES = SemanticRules(
    "references that exist, a queue and a call analysis response set by dialing mode, status on/off, one filter "
    "of the campaign's list, phone columns of the list, the version read last; an on campaign is not deleted "
    "(Campaign.md)",
    ("OUT-CAMPAIGN-", "OUT-DIALER-"),
)
_PRESIGN_RULES = SemanticRules(
    "contentType one of text/csv, application/vnd.ms-excel and the xlsx type; signedUrlTimeoutSeconds 1-604800; "
    "the list to import into (facts §7.2)",
    ("OUT-PRESIGN-",),
)

_PARTICIPANT_RULES = SemanticRules(
    "state connected or disconnected only; hold, mute and connect need a participant still in the call; a final "
    "wrap-up names its code; dates ISO-8601 (MediaParticipantRequest.md, WrapupInput.md)",
    ("CONV-PARTICIPANT-", "CONV-WRAPUP-CODE", "CORE-INVALID-DATE"),
)

_WRAPUP_RULES = SemanticRules(
    "a final wrap-up names its code; endTime ISO-8601 (WrapupInput.md)", ("CONV-WRAPUP-CODE", "CORE-INVALID-DATE")
)

BY_OPERATION: dict[str, SemanticRules] = {
    "getOutboundContactlists": SemanticRules(
        "at most 100 ids, counted after splitting comma-joined values; a RegEx name filter must compile; a "
        "dateExpiration filter must hold a real date-time; sortBy names a ContactList field (facts §5.1, §5.2)",
        ("OUT-LIST-BULK-GET-LIMIT", "OUT-LIST-SORT-BY"),
        ("name", "dateExpiration"),
    ),
    "deleteOutboundContactlists": SemanticRules(
        "at most 100 ids, counted after splitting comma-joined values (facts §5.5)", ("OUT-LIST-BULK-DELETE-LIMIT",)
    ),
    "deleteOutboundContactlistContacts": SemanticRules(
        "1-250 ids, counted after splitting comma-joined values (facts §6.2)", ("OUT-CONTACTS-DELETE-",)
    ),
    "postOutboundContactlists": _LIST_RULES,
    "putOutboundContactlist": SemanticRules(
        _LIST_RULES.why + "; the version read last (facts §5.6)", _LIST_RULES.rules
    ),
    "postOutboundContactlistContacts": _CONTACT_RULES,
    "putOutboundContactlistContact": SemanticRules(
        _CONTACT_RULES.why + "; PUT never creates: 400 contact.does.not.exist", _CONTACT_RULES.rules
    ),
    "postOutboundContactlistContactsSearch": SemanticRules(
        "criteria and sorts name columns of the list, operands readable as their column type, an operator "
        "with the operands it needs; a contactListFilterId names a saved filter of this list (facts §6.3)",
        ("OUT-FILTER-UNKNOWN",),
        ("criteria", "contactSorts"),
    ),
    "postOutboundContactlistExport": SemanticRules(
        "criteria as in a contact search; a contactListFilterId names a saved filter of this list "
        "(ContactsExportRequest.md)",
        ("OUT-FILTER-UNKNOWN",),
        ("criteria",),
    ),
    **{
        operation_id: _DNC_RULES
        for operation_id in (
            "postOutboundDnclists",
            "putOutboundDnclist",
            "deleteOutboundDnclist",
            "postOutboundDnclistPhonenumbers",
            "patchOutboundDnclistPhonenumbers",
            "deleteOutboundDnclistPhonenumbers",
            "postOutboundDnclistEmailaddresses",
            "patchOutboundDnclistEmailaddresses",
            "deleteOutboundDnclistEmailaddresses",
        )
    },
    **{
        operation_id: _FILTER_RULES
        for operation_id in (
            "postOutboundContactlistfilters",
            "putOutboundContactlistfilter",
            "deleteOutboundContactlistfilter",
            "postOutboundContactlistfiltersPreview",
        )
    },
    **{
        operation_id: _CAMPAIGN_RULES
        for operation_id in ("postOutboundCampaigns", "putOutboundCampaign", "deleteOutboundCampaign")
    },
    "postOutboundContactlistsUploads": _PRESIGN_RULES,
    "postOutboundDnclistsUploads": _PRESIGN_RULES,
    "postOutboundContactlistContactsBulkRemove": SemanticRules(
        "contactListFilterId or criteria with clauses, criteria as in a contact search, a saved filter of "
        "the list (ContactBulkSearchParameters.md)",
        ("OUT-BULK-", "OUT-FILTER-UNKNOWN"),
        ("criteria",),
    ),
    "postOutboundContactlistContactsBulkUpdate": SemanticRules(
        "contact to patch with (its data as for a contact write), selected by contactIds or a filter; criteria as "
        "in a contact search (ContactBulkEditRequest.md)",
        ("OUT-BULK-", "OUT-FILTER-UNKNOWN", "OUT-CONTACT"),
        ("criteria",),
    ),
    "postConversationsCalls": SemanticRules(
        "exactly one destination style, E.164 numbers (strict), merged conversations must be active calls of "
        "the user (facts §8.2)",
        ("CONV-CREATE-", "CONV-DESTINATION-"),
    ),
    "patchConversationsCall": SemanticRules(
        "an update may only set state disconnected; merged conversations must be other active calls of the user "
        "(facts §8.4, Conversation.md)",
        ("CONV-PATCH-", "CONV-CREATE-MERGE-UNKNOWN"),
    ),
    "postConversationsCallsUserUserId": SemanticRules(
        "as POST calls: exactly one destination style, E.164 numbers (strict), merged conversations active calls "
        "of the user (facts §8.2)",
        ("CONV-CREATE-", "CONV-DESTINATION-"),
    ),
    "patchConversationsCallParticipant": _PARTICIPANT_RULES,
    "patchConversationParticipant": _PARTICIPANT_RULES,
    "patchConversationsCallbackParticipant": _PARTICIPANT_RULES,
    "postConversationsCallParticipantCommunicationWrapup": _WRAPUP_RULES,
    "postConversationsCallbackParticipantCommunicationWrapup": _WRAPUP_RULES,
    "postConversationsCallbacks": SemanticRules(
        "a queue (queueId or routingData.queueId), at least one callback number, E.164 numbers (strict) or "
        "possible ones with validateCallbackNumbers, an ISO-8601 scheduled time (CreateCallbackCommand.md)",
        ("CONV-CALLBACK-", "CORE-INVALID-DATE"),
    ),
    "patchConversationsCallbacks": SemanticRules(
        "numbers and time as on create; agentId a known user (PatchCallbackRequest.md)",
        ("CONV-CALLBACK-", "CORE-INVALID-DATE"),
    ),
    "patchConversationsCallback": SemanticRules(
        "an update may only set state disconnected (facts §8.4)", ("CONV-PATCH-STATE",)
    ),
    "getExternalcontactsContacts": SemanticRules(
        "pageNumber x pageSize <= 1000 (only the first 1000 records are reachable), at most 50 divisionIds "
        "(facts §9.2)",
        ("EXT-SEARCH-WINDOW", "EXT-SEARCH-DIVISIONS"),
    ),
    "postExternalcontactsContacts": _EXTERNAL_CONTACT_RULES,
    "putExternalcontactsContact": _EXTERNAL_CONTACT_RULES,
    "patchExternalcontactsContact": SemanticRules(
        _EXTERNAL_CONTACT_RULES.why + "; each change names a writable $.-path with a fitting action",
        _EXTERNAL_CONTACT_RULES.rules,
    ),
    "patchExternalcontactsContactIdentifiers": _IDENTIFIER_VALUE,
    "postExternalcontactsIdentifierlookupContacts": _IDENTIFIER_VALUE,
    "postExternalcontactsIdentifierlookup": _IDENTIFIER_VALUE,
    # Issue 16's external organizations, notes, relationships and search (their bodies are vendor schemas, where
    # the vendor marks few fields required: the rules are what the real org checks beyond them).
    "postExternalcontactsOrganizations": _ORGANIZATION_RULES,
    "putExternalcontactsOrganization": _ORGANIZATION_RULES,
    "getExternalcontactsOrganizations": SemanticRules(
        "pageNumber x pageSize <= 1000, at most 50 divisionIds, a known sort field (facts §9.2)",
        ("EXT-SEARCH-", "EXT-ORG-SEARCH-SORT", "EXT-LIST-SORT", "EXT-EXPAND-VALUE"),
    ),
    "postExternalcontactsContactsSearch": SemanticRules(
        "the search window and paging of GET contacts; expand values as GET's enum (the body's expand is a free "
        "string array in the vendor schema) (facts §9.2)",
        ("EXT-SEARCH-", "EXT-EXPAND-VALUE"),
        ("pageNumber", "pageSize"),
    ),
    "postExternalcontactsContactNotes": _NOTE_RULES,
    "postExternalcontactsOrganizationNotes": _NOTE_RULES,
    "postExternalcontactsRelationships": SemanticRules(
        "the relationship's organization must exist; its relationship text is not blank (Relationship.md)",
        ("EXT-ORG-UNKNOWN",),
        ("relationship",),
    ),
}


def _is_positive(case: Case) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def _named_rule(response: Response) -> str | None:
    values = response.headers.get("x-mock-rule")
    return values[0] if values else None


def _error_fields(response: Response) -> list[str]:
    """The fields an ErrorBody blames: ``details[].fieldName``, or the query parameter it names."""
    try:
        body: Any = response.json()
    except ValueError:
        return []
    if not isinstance(body, dict):
        return []
    fields = [str(d.get("fieldName", "")) for d in body.get("details") or [] if isinstance(d, dict)]
    parameter = (body.get("messageParams") or {}).get("parameter")
    return fields or ([str(parameter)] if parameter else [])


def semantic_rejections_are_named(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """A schema-valid request refused with 400 must have been refused by one of its operation's semantic rules."""
    if response.status_code != 400 or not _is_positive(case):
        return None
    allowed = BY_OPERATION.get(case.operation.definition.raw.get("operationId", ""))
    if allowed is None:
        return None  # positive_data_acceptance itself fails this response
    rule = _named_rule(response)
    if rule is not None and rule.startswith(allowed.rules):
        return None
    fields = _error_fields(response)
    if rule is None and allowed.fields and fields and all(f.startswith(allowed.fields) for f in fields):
        return None
    raise AssertionError(
        f"schema-valid request refused by {rule or 'no catalogue rule'} (fields {fields}); the document allows "
        f"only these semantic refusals here: {allowed.why}"
    )
