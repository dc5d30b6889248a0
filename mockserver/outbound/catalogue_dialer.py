"""The rules of DNC lists, contact-list filters and campaigns (dnc.py, filters.py, campaigns.py; issue 16).

Sources are the vendor's SDK docs (vendor-sdk-docs/: OutboundApi.md's operation notes and the models' field
descriptions) and the facts sheet; where neither gives an error code the rule says so in ``real_org`` and uses the
generic ``invalid.value`` (a field) or ``bad.request``.
"""

from __future__ import annotations

from mockserver.core.rules import Rule, register

STRICT = frozenset({"strict"})
_UNDOCUMENTED = "refused (vendor doc); the status and code are not documented (conf L)"


def _rule(id: str, summary: str, code: str, source: str, message: str, real_org: str = _UNDOCUMENTED, **kw) -> Rule:
    return Rule(
        id=id,
        area="outbound",
        summary=summary,
        source=source,
        real_org=real_org,
        status=kw.pop("status", 400),
        code=code,
        message=message,
        **kw,
    )


_DNC = "vendor-sdk-docs/OutboundApi.md (DNC list operations)"
_CAMPAIGN = "vendor-sdk-docs/Campaign.md"
_IN_USE = (
    "facts §5.5 (contact list DELETE while used by a campaign: contact.list.in.use or referential.integrity.error)"
)

RULES = (
    # --- DNC lists ---------------------------------------------------------------------------------------------------
    _rule(
        "OUT-DNC-SOURCE-FIELDS",
        "a DNC list without the field its dncSourceType requires (rds: contactMethod, "
        "rds_custom: customExclusionColumn, dnc.com: loginId and dncCodes, gryphon: licenseId)",
        "invalid.value",
        'vendor-sdk-docs/DncListCreate.md ("Required if the dncSourceType is …")',
        "The field [{field}] is required for a DNC list of source type [{source}].",
        profiles=STRICT,
    ),
    _rule(
        "OUT-DNC-NOT-INTERNAL",
        "phone numbers or email addresses added to, removed from or cleared out of a DNC "
        "list that is not internal (dncSourceType other than rds)",
        "bad.request",
        _DNC + ': "Only Internal DNC lists may be appended to"',
        "Only internal (rds) DNC lists take entries through the API; this list's source type is [{source}].",
    ),
    _rule(
        "OUT-DNC-ENTRY-INVALID",
        "a DNC phone number without a digit, or an email address without @",
        "invalid.value",
        _DNC,
        "Value [{value}] is not a valid DNC entry.",
        profiles=STRICT,
        real_org="not documented: the real list may store any text (conf L)",
    ),
    _rule(
        "OUT-DNC-EXPIRATION",
        "an expirationDateTime that is not an ISO-8601 date-time (yyyy-MM-ddTHH:mmZ)",
        "invalid.value",
        _DNC + ", DncPatchPhoneNumbersRequest.md",
        "Value [{value}] is not a valid expirationDateTime (yyyy-MM-ddTHH:mmZ).",
    ),
    _rule(
        "OUT-DNC-PATCH-ACTION",
        "a DNC PATCH without action Add or Remove",
        "invalid.value",
        "vendor-sdk-docs/DncPatchPhoneNumbersRequest.md, DncPatchEmailsRequest.md (action: Add, Remove)",
        "Value [{value}] is not valid for field [action]. Allowable values are: Add, Remove",
    ),
    _rule(
        "OUT-DNC-IN-USE",
        "DELETE of a DNC list a campaign uses",
        "referential.integrity.error",
        _IN_USE,
        "The DNC list [{id}] is used by campaign [{campaign}].",
        real_org="refused while referenced (the contact list's twin, facts §5.5, conf M); the code is L",
    ),
    _rule(
        "OUT-DNC-VERSION",
        "PUT of a DNC list with a version other than the stored one",
        "invalid.update.wrong.version",
        "vendor-sdk-docs/DncList.md (version: must match); facts §5.6",
        status=409,
        message="The version supplied [{supplied}] does not match the current version [{current}].",
        real_org="409 for a stale version (the contact list's rule, conf M)",
    ),
    _rule(
        "OUT-DNC-IMPORT-ROW",
        "a DNC CSV whose phoneColumns/emailColumns are not in the header, or with a value that is no number or address",
        "import.invalid.row",
        "facts §7.1 (DNC variant: phoneColumns, emailColumns)",
        "The DNC file was not imported: {problem}.",
        status=200,
        effect="import-failure",
        real_org="not documented (conf L)",
    ),
    _rule(
        "OUT-DIALER-MAX-ENTITIES",
        "the org already has 1000 DNC lists, filters or campaigns (outbound."
        "max_contact_lists, the contact lists' limit, per kind)",
        "max.entity.count.reached",
        "facts §5.5 (the contact lists' limit and code)",
        "The maximum number of entities [{max}] has been reached.",
        real_org="per-resource limits are not documented; 1000 is the contact lists' (conf L)",
    ),
    # --- contact-list filters ------------------------------------------------------------------------------------
    _rule(
        "OUT-FILTER-LIST-UNKNOWN",
        "a contact-list filter (or preview) whose contactList names no contact list",
        "invalid.value",
        "vendor-sdk-docs/ContactListFilter.md (contactList)",
        "Value [{value}] is not valid for field type [contactList]. It must name an existing contact list.",
    ),
    _rule(
        "OUT-FILTER-IN-USE",
        "DELETE of a contact-list filter a campaign uses",
        "referential.integrity.error",
        _IN_USE,
        "The contact list filter [{id}] is used by campaign [{campaign}].",
        real_org="refused while referenced (conf L for the code)",
    ),
    _rule(
        "OUT-FILTER-VERSION",
        "PUT of a contact-list filter with a version other than the stored one",
        "invalid.update.wrong.version",
        "vendor-sdk-docs/ContactListFilter.md (version); facts §5.6",
        status=409,
        message="The version supplied [{supplied}] does not match the current version [{current}].",
        real_org="409 for a stale version (the contact list's rule, conf M)",
    ),
    # --- campaigns ---------------------------------------------------------------------------------------------------
    _rule(
        "OUT-CAMPAIGN-REF-UNKNOWN",
        "a campaign naming a contact list, DNC list, contact-list filter or call "
        "analysis response set that does not exist",
        "invalid.value",
        _CAMPAIGN,
        "Value [{value}] is not valid for field type [{field}]. It must name an existing entity.",
    ),
    _rule(
        "OUT-CAMPAIGN-QUEUE-REQUIRED",
        "a campaign without queue in a dialing mode other than agentless",
        "invalid.value",
        _CAMPAIGN + ' (queue: "Required for all dialing modes except agentless")',
        "A queue is required for dialing mode [{mode}].",
    ),
    _rule(
        "OUT-CAMPAIGN-CARS-REQUIRED",
        "a campaign without callAnalysisResponseSet in a dialing mode other than preview",
        "invalid.value",
        _CAMPAIGN + ' (callAnalysisResponseSet: "Required for all dialing modes except preview")',
        "A call analysis response set is required for dialing mode [{mode}].",
    ),
    _rule(
        "OUT-CAMPAIGN-STATUS",
        "a campaignStatus other than on or off in a create or update",
        "invalid.value",
        _CAMPAIGN + " (campaignStatus: \"A Campaign may be turned 'on' or 'off'\")",
        "Value [{value}] is not valid for field type [campaignStatus]. Allowable values are: on, off",
    ),
    _rule(
        "OUT-CAMPAIGN-FILTER",
        "more than one contactListFilters, or a filter of another contact list",
        "invalid.value",
        _CAMPAIGN + ' (contactListFilters: "a campaign can only have one filter applied")',
        "Value [{value}] is not valid for field type [contactListFilters]: one filter of the campaign's list.",
    ),
    _rule(
        "OUT-CAMPAIGN-PHONE-COLUMN",
        "a campaign phoneColumns entry that is not a phone column of its contact list",
        "invalid.value",
        _CAMPAIGN + " (phoneColumns); facts §5.5 (invalid.contact.phone.column)",
        "Phone column [{value}] is not a phone column of the campaign's contact list.",
    ),
    _rule(
        "OUT-CAMPAIGN-VERSION",
        "PUT of a campaign with a version other than the stored one",
        "invalid.update.wrong.version",
        _CAMPAIGN + " (version); facts §5.6",
        status=409,
        message="The version supplied [{supplied}] does not match the current version [{current}].",
        real_org="409 for a stale version (the contact list's rule, conf M)",
    ),
    _rule(
        "OUT-CAMPAIGN-DELETE-RUNNING",
        "DELETE of a campaign that is on (stopping, off and complete ones may go)",
        "invalid.value",
        _CAMPAIGN,
        "A campaign whose status is [{status}] cannot be deleted; turn it off first.",
        real_org="the real org refuses to delete a running campaign; the code is not documented (conf L)",
    ),
    _rule(
        "OUT-LIST-IN-USE",
        "DELETE of a contact list a campaign uses",
        "contact.list.in.use",
        _IN_USE,
        "The contact list [{id}] is used by campaign [{campaign}].",
        real_org="400 contact.list.in.use or referential.integrity.error (SW18, conf M)",
    ),
)

register(*RULES)
