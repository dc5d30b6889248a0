"""Deep rows of the dialer's configuration: DNC lists, contact-list filters and campaigns (issue 16, items 4-6).

Their bodies and answers are the vendor's own models (``vendor_request``/``vendor_response`` from
contracts/vendor/operations.json, as the generic rows carry them), since the contract has no hand-written models for
these resources; what makes them deep is the hand-written behaviour in mockserver/outbound (dnc.py, filters.py,
campaigns.py) and the query parameters declared here, the ones that behaviour honours.

:func:`rows` builds them with the row type of contracts/operation_types.py; contracts/operations.py includes them.
"""

from __future__ import annotations

from typing import Any

from contracts.operation_types import STANDARD_ERRORS, Operation, QueryParam, QueryType
from contracts.vendor import vendor_operations

# A query parameter as (name, type, default, enum).
_Param = tuple[str, "QueryType", Any, "tuple[str, ...] | None"]

DNC_LISTS = "/api/v2/outbound/dnclists"
FILTERS = "/api/v2/outbound/contactlistfilters"
CAMPAIGNS = "/api/v2/outbound/campaigns"
_DNC_SOURCE = "vendor-sdk-docs/OutboundApi.md, DncList.md, DncListCreate.md"
_FILTER_SOURCE = "vendor-sdk-docs/OutboundApi.md, ContactListFilter.md; facts §6.3"
_CAMPAIGN_SOURCE = "vendor-sdk-docs/OutboundApi.md, Campaign.md, CampaignProgress.md; facts §5.5"
_FILTER_TYPES = (
    "Equals",
    "RegEx",
    "Contains",
    "Prefix",
    "LessThan",
    "LessThanEqualTo",
    "GreaterThan",
    "GreaterThanEqualTo",
    "BeginsWith",
    "EndsWith",
)

# Accepted and ignored: the mock stores maxCallsPerAgentDecimal as given either way.
_DECIMAL: tuple[_Param, ...] = (("useMaxCallsPerAgentDecimal", "boolean", False, None),)

# operationId -> (summary, source, query parameters as (name, type, default, enum))
_SPECS: dict[str, tuple[str, str, tuple[_Param, ...]]] = {
    "postOutboundDnclists": ("Create a DNC list.", _DNC_SOURCE, ()),
    "getOutboundDnclists": (
        "Query DNC lists.",
        _DNC_SOURCE,
        (
            ("includeImportStatus", "boolean", False, None),
            ("includeSize", "boolean", False, None),
            ("pageSize", "integer", 25, None),
            ("pageNumber", "integer", 1, None),
            ("filterType", "string", "Prefix", _FILTER_TYPES),
            ("name", "string", None, None),
            ("allowEmptyResult", "boolean", False, None),
            ("dncSourceType", "string", None, ("rds", "rds_custom", "dnc.com", "gryphon")),
            ("divisionId", "array", None, None),
            ("sortBy", "string", None, None),
            ("sortOrder", "string", None, ("ascending", "descending")),
        ),
    ),
    "getOutboundDnclist": (
        "Get a DNC list.",
        _DNC_SOURCE,
        (("includeImportStatus", "boolean", False, None), ("includeSize", "boolean", False, None)),
    ),
    "putOutboundDnclist": ("Update a DNC list (version must match).", _DNC_SOURCE, ()),
    "deleteOutboundDnclist": ("Delete a DNC list (refused while a campaign uses it).", _DNC_SOURCE, ()),
    "postOutboundDnclistPhonenumbers": (
        "Add phone numbers to an internal (rds) DNC list.",
        _DNC_SOURCE,
        (("expirationDateTime", "string", None, None),),
    ),
    "patchOutboundDnclistPhonenumbers": ("Add or remove phone numbers of an internal DNC list.", _DNC_SOURCE, ()),
    "deleteOutboundDnclistPhonenumbers": (
        "Delete all or the expired phone numbers of a DNC list.",
        _DNC_SOURCE,
        (("expiredOnly", "boolean", False, None),),
    ),
    "postOutboundDnclistEmailaddresses": ("Add email addresses to an internal DNC list.", _DNC_SOURCE, ()),
    "patchOutboundDnclistEmailaddresses": ("Add or remove email addresses of an internal DNC list.", _DNC_SOURCE, ()),
    "deleteOutboundDnclistEmailaddresses": (
        "Delete all or the expired email addresses of a DNC list.",
        _DNC_SOURCE,
        (("expiredOnly", "boolean", False, None),),
    ),
    "getOutboundDnclistImportstatus": ("Get the import status of a DNC list.", _DNC_SOURCE, ()),
    "postOutboundContactlistfilters": ("Create a contact-list filter.", _FILTER_SOURCE, ()),
    "getOutboundContactlistfilters": (
        "Query contact-list filters.",
        _FILTER_SOURCE,
        (
            ("pageSize", "integer", 25, None),
            ("pageNumber", "integer", 1, None),
            ("allowEmptyResult", "boolean", False, None),
            ("filterType", "string", "Prefix", _FILTER_TYPES),
            ("name", "string", None, None),
            ("contactListId", "string", None, None),
            ("sortBy", "string", None, None),
            ("sortOrder", "string", None, ("ascending", "descending")),
        ),
    ),
    "getOutboundContactlistfilter": ("Get a contact-list filter.", _FILTER_SOURCE, ()),
    "putOutboundContactlistfilter": ("Update a contact-list filter (version must match).", _FILTER_SOURCE, ()),
    "deleteOutboundContactlistfilter": (
        "Delete a contact-list filter (refused while a campaign uses it).",
        _FILTER_SOURCE,
        (),
    ),
    "postOutboundContactlistfiltersPreview": ("Preview what a filter matches in its contact list.", _FILTER_SOURCE, ()),
    "postOutboundCampaigns": ("Create a campaign.", _CAMPAIGN_SOURCE, _DECIMAL),
    "getOutboundCampaigns": (
        "Query campaigns.",
        _CAMPAIGN_SOURCE,
        (
            ("pageSize", "integer", 25, None),
            ("pageNumber", "integer", 1, None),
            ("filterType", "string", "Prefix", _FILTER_TYPES),
            ("name", "string", None, None),
            ("id", "array", None, None),
            ("contactListId", "string", None, None),
            ("dncListIds", "string", None, None),
            ("distributionQueueId", "string", None, None),
            ("edgeGroupId", "string", None, None),
            ("callAnalysisResponseSetId", "string", None, None),
            ("divisionId", "array", None, None),
            ("sortBy", "string", None, None),
            ("sortOrder", "string", None, ("ascending", "descending")),
        ),
    ),
    "getOutboundCampaign": ("Get a campaign.", _CAMPAIGN_SOURCE, ()),
    "putOutboundCampaign": (
        "Update a campaign (version must match; campaignStatus moves it).",
        _CAMPAIGN_SOURCE,
        _DECIMAL,
    ),
    "deleteOutboundCampaign": ("Delete a campaign (refused while it is on).", _CAMPAIGN_SOURCE, ()),
    "postOutboundCampaignStart": ("Start a campaign (campaignStatus on).", _CAMPAIGN_SOURCE, ()),
    "postOutboundCampaignStop": ("Stop a campaign (campaignStatus stopping, then off).", _CAMPAIGN_SOURCE, ()),
    "getOutboundCampaignProgress": ("A campaign's progress through its contact list.", _CAMPAIGN_SOURCE, ()),
    "postOutboundCampaignsProgress": ("The progress of several campaigns.", _CAMPAIGN_SOURCE, ()),
    "getOutboundCampaignStats": ("A campaign's statistics.", _CAMPAIGN_SOURCE, ()),
}
DEEP_IDS = frozenset(_SPECS)


def rows() -> tuple[Operation, ...]:
    """The deep rows, built from the vendor's entries (method, path, permissions, body and answer schemas); a void
    answer is an empty 200, as the contact list's DELETE."""
    vendor = vendor_operations()
    built = []
    for operation_id, (summary, source, query) in _SPECS.items():
        entry = vendor[operation_id]
        permissions = entry.get("permissions") or {}
        body = entry.get("body")
        params = tuple(
            QueryParam(
                name,
                kind,
                default=default,
                enum=enum,
                minimum=1 if name in ("pageSize", "pageNumber") else None,
                maximum=100 if name == "pageSize" else None,
                clamp=name == "pageSize",
            )
            for name, kind, default, enum in query
        )
        built.append(
            Operation(
                operation_id,
                entry["method"],
                entry["path"],
                summary,
                "Outbound",
                source,
                request_optional=bool(body) and not body.get("required"),
                permissions=tuple(permissions.get("permissions", ())),
                permission_mode="ALL" if permissions.get("type") == "ALL" else "ANY",
                query=params,
                error_statuses=STANDARD_ERRORS,
                vendor_request=body["schema"] if body else None,
                vendor_response=entry.get("response"),
            )
        )
    return tuple(built)
