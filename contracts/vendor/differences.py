"""Where the served document deliberately departs from the vendor's models, and why: the one list of them.

:mod:`contracts.vendor.schemas` applies these when it builds the vendor view of each model, and
``tests/unit/test_vendor_contract.py`` checks that the document differs from the vendor's models (as derived in
``models.json``) exactly here: a new difference fails it, and so does an entry that no longer differs.
"""

from __future__ import annotations

# Read-only marks the vendor's CLI models carry (their "writable" struct lacks the field) and the Python SDK
# cannot: it has no readOnly at all. Recorded by the facts sheet (sources CLI, SW18) field by field.
READ_ONLY_FROM_CLI: dict[str, frozenset[str]] = {
    "CallConversation": frozenset({"id"}),
    "ContactList": frozenset({"id", "dateCreated", "dateModified", "importStatus", "size"}),  # facts §5.3
    "Conversation": frozenset({"id"}),
    "CreateCallResponse": frozenset({"id"}),  # facts §8.2
    "DataSchema": frozenset({"appliesTo", "createdBy", "dateCreated"}),  # CLI Dataschema (issue 12, item 8)
    "DialerContact": frozenset(
        {
            "id",
            "callRecords",
            "latestSmsEvaluations",
            "latestEmailEvaluations",
            "contactColumnTimeZones",
            "configurationOverrides",
            "dateCreated",
        }
    ),  # facts §6.3
    "ExternalContact": frozenset(
        {"type", "canonicalContact", "mergeSet", "mergedFrom", "mergedTo", "mergeOperation"}
    ),  # facts §9.3
    "ImportStatus": frozenset(
        {
            "state",
            "totalRecords",
            "completedRecords",
            "percentComplete",
            "failureReason",
            "targetContactListIds",
            "listNamePrefix",
        }
    ),  # facts §5.4 "all RO"
    "TwitterId": frozenset({"verified", "profileUrl"}),  # CLI Twitterid (issue 12, item 8)
    "WritableDialerContact": frozenset({"latestSmsEvaluations", "latestEmailEvaluations", "dateCreated"}),
}

_ECHOED = (
    "the mock accepts a contact's {what} without it and answers it as given; whether the real API refuses "
    "such an input is not in the facts (input strictness is left to the request rules)"
)

# Vendor ``required`` entries the document does not keep, with the reason.
REQUIRED_NOT_KEPT: dict[str, tuple[frozenset[str], str]] = {
    "DataSchema": (
        frozenset({"jsonSchema", "version"}),
        "required when a schema is created; a contact's or organisation's `schema` is a reference "
        "{id, version} and is answered as given (facts §9.3), which a client may send without either",
    ),
    "ExternalOrganization": (
        frozenset({"name"}),
        "required when an organisation is created; a contact references "
        "one by {id} (facts §9.6) and without expand the answer is that reference",
    ),
    "ExternalSource": (
        frozenset({"name"}),
        "required when a source is created; an external id references one by {id} (facts §9.3)",
    ),
    "FacebookId": (frozenset({"ids"}), _ECHOED.format(what="facebookId")),
    "InstagramId": (frozenset({"ids"}), _ECHOED.format(what="instagramId")),
    "LineId": (frozenset({"ids"}), _ECHOED.format(what="lineId")),
    "LineUserId": (frozenset({"userId"}), _ECHOED.format(what="lineId.ids[]")),
    "WhatsAppId": (frozenset({"phoneNumber"}), _ECHOED.format(what="whatsAppId")),
    "LinkConfiguration": (frozenset({"uriTemplate"}), _ECHOED.format(what="externalSource.linkConfiguration")),
}

# Properties the contract keeps as loose objects in the vendor view too, instead of the vendor's model.
LOOSE_KEPT: dict[str, str] = {
    "ExternalOrganization.trustor": "the mock answers a client's trustor as given; the vendor's Trustor is a graph "
    "of 42 org/user/group models with required fields the mock never fills",
}

# Integer widths the Python SDK cannot give (it has one ``int``); the contract's Int64 (facts §9.4, §9.6).
INT64_FROM_CONTRACT: frozenset[str] = frozenset(
    {
        "PhoneNumber.extension",
        "ExternalOrganization.employeeCount",
        "ExternalOrganization.revenue",
    }
)

# The vendor declares ``selfUri`` ``format: uri`` but sends relative references (facts §0.2): the document
# says ``uri-reference`` everywhere.
URI_REFERENCE_FOR_URI = "uri-reference"

# Bounds the contract declares on request-only models beyond the vendor's (the search answers 0 with its own
# ``invalid.value``, facts §6.3).
CONTRACT_BOUNDS: frozenset[str] = frozenset({"ContactListingRequest.pageNumber", "ContactListingRequest.pageSize"})

# Schemas of the document that have no vendor model, and why.
NOT_VENDOR_MODELS: dict[str, str] = {
    "LoginError": "the login host's error shape (facts §1.3) is not in the Platform API swagger",
    "TokenResponse": "the SDK reads the /oauth/token answer without a model (facts §1.2)",
    "Empty": "the vendor's DELETE answers `{}` without a model the SDK generates",
    "ContactIdList": "the vendor's body of contacts/bulk is a plain list[str]; the contract names it",
    "ContactListUploadResponse": "the upload host's answer is undocumented (facts §7.1)",
}
