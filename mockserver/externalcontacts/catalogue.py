"""Every validation rule of the externalcontacts area (facts §9; seed 003).

Checks live in validation.py, phones.py, service.py, identifiers.py, patch.py, search.py and ratelimit.py; each
names its rule here. The facts sheet gives limits but no error codes for this area, so codes follow one
convention, stated in each rule's ``real_org``: a size limit is a bean-validation constraint (400
``constraint.validation`` with a Hibernate-style message, as the binding answers a missing required field), a
value of the wrong form is 400 ``invalid.value`` (as seed 003 asks for phones), a bad query parameter is 400
``invalid.query.param.value``, a clash with another contact is 409 ``general.conflict``.
"""

from __future__ import annotations

from typing import Any

from mockserver.core import hints
from mockserver.core.rules import PROFILES, Rule, register

STRICT = frozenset({"strict"})
BOTH = frozenset(PROFILES)
SEED = "seeds/003_2907997b021aba65.txt"
API_DOC = "vendor-sdk-docs/ExternalContactsApi.md"
ORG_DOC = "vendor-sdk-docs/ExternalOrganization.md"
SIZE = "{field} size must be between 0 and {max}"
SIZE_ORG = "enforced (SDK model description, conf H); the error code is not documented (conf L)"
REJECTED_ORG = "rejected (SDK model description, conf H); the error code is not documented (conf L)"


def _rule(id: str, summary: str, code: str, source: str, real_org: str = SIZE_ORG, **kw: Any) -> Rule:
    return Rule(
        id=id,
        area="externalcontacts",
        summary=summary,
        source=source,
        real_org=real_org,
        status=kw.pop("status", 400),
        code=code,
        profiles=kw.pop("profiles", BOTH),
        **kw,
    )


def _size(id: str, summary: str, source: str) -> Rule:
    """A size limit: a bean-validation constraint (see the module's convention)."""
    return _rule(id, summary, "constraint.validation", source, message=SIZE)


RULES = (
    # --- field limits of ExternalContact and its parts (facts §9.3-§9.6) ------------------------------------------
    _size(
        "EXT-NAME-LENGTH",
        "firstName, middleName, lastName, salutation or title longer than 1000 characters (after trimming)",
        "facts §9.3",
    ),
    _size(
        "EXT-EMAIL-LENGTH",
        "workEmail, personalEmail or otherEmail longer than 256 characters (after trimming)",
        "facts §9.3",
    ),
    _rule(
        "EXT-EMAIL-VALID",
        "workEmail, personalEmail or otherEmail that is not a valid e-mail address",
        "invalid.value",
        "facts §9.3",
        message="Value [{value}] is not valid for field type [{field}]. It must be a valid e-mail address.",
        real_org=REJECTED_ORG,
    ),
    _size("EXT-PHONE-DISPLAY-LENGTH", "a PhoneNumber display longer than 512 characters", "facts §9.4"),
    _size(
        "EXT-ADDRESS-LENGTH",
        "an address field over its limit (address1/address2 200, city 100, state 50, "
        "postalCode 25, countryCode 25; after trimming)",
        "facts §9.5",
    ),
    _size("EXT-URL-LENGTH", "externalSystemUrl longer than 1000 characters (after trimming)", "facts §9.3"),
    _rule(
        "EXT-URL-VALID",
        "externalSystemUrl that is not an absolute URL (scheme and host, no blanks)",
        "invalid.value",
        "facts §9.3",
        message="Value [{value}] is not valid for field type [{field}]. It must be a valid URL.",
        real_org=REJECTED_ORG,
    ),
    _size("EXT-EXTERNAL-IDS-COUNT", "more than 10 externalIds", "facts §9.3"),
    _size("EXT-EXTERNAL-ID-VALUE-LENGTH", "an externalIds value longer than 255 characters", "facts §9.3"),
    _size("EXT-APPLE-IDS-COUNT", "more than 10 appleOpaqueIds", "facts §9.3"),
    _size(
        "EXT-IDENTIFIER-VALUE-LENGTH",
        "an identifier value longer than 255 characters (after trimming), in a contact, a claim or a lookup",
        "facts §9.6",
    ),
    # --- seed 003 (strict) and phone normalisation (facts §9.4) --------------------------------------------------
    _rule(
        "EXT-PHONE-POSSIBLE",
        "a PhoneNumber display that does not parse as a possible full number (with "
        "normalizationCountryCode, default US)",
        "invalid.value",
        f"{SEED}; facts §9.4",
        profiles=STRICT,
        message="Value [{value}] is not valid for field type [{field}]. It is not a possible phone number "
        "for country {country}.",
        real_org="stored as typed, without e164 and countryCode (facts §9.4: 'otherwise keeps it')",
    ),
    _rule(
        "EXT-PHONE-COUNTRY",
        "a normalizationCountryCode that is not an ISO 3166 country (GB) or calling code (44, +44)",
        "invalid.value",
        "facts §9.4",
        profiles=STRICT,
        message="Value [{value}] is not valid for field type [{field}]. Allowable values are: ISO 3166 country "
        "codes such as US, GB, AU.",
        real_org="not documented; the mock's faithful profile then normalises only numbers that start with +",
    ),
    _rule(
        "EXT-EXTERNAL-ID-CONFLICT",
        "an externalIds entry (externalSource id + value) already held by another contact",
        "general.conflict",
        f"{SEED}; facts §9.3",
        status=409,
        profiles=STRICT,
        message="The external id [{value}] of source [{source}] already belongs to contact [{contact}].",
        real_org="not documented (conf L); faithful stores the duplicate",
    ),
    _rule(
        "EXT-CREATE-RATE",
        "more than 100 contact creations per 60 s per token",
        "too.many.requests.retry.after",
        SEED,
        status=429,
        profiles=STRICT,
        real_org="only the token's general window (facts §3: 300 per 60 s); the tutorial's 100/min is not documented",
    ),
    _rule(
        "EXT-IDENTIFIER-CONFLICT",
        "claiming an identifier (type + value; phones by E.164, e-mails ignoring "
        "case) that another contact already holds",
        "general.conflict",
        "facts §9.1, §9.6",
        status=409,
        message="The identifier [{type}:{value}] is already claimed by contact [{contact}].",
        real_org="identifiers resolve to one contact (lookup answers one); the code is not documented (conf L)",
    ),
    # --- search and expand (facts §9.2) ----------------------------------------------------------------------------
    _rule(
        "EXT-SEARCH-WINDOW",
        "pageNumber x pageSize over 1000 (only the first 1000 records are reachable)",
        "invalid.query.param.value",
        "facts §9.2",
        message="Value [{value}] is not valid for parameter [{parameter}]. Allowable values are: pageNumber * "
        "pageSize <= 1000",
        real_org="rejected (SDK description, conf H); the error code is not documented (conf L)",
    ),
    _rule(
        "EXT-SEARCH-SORT",
        "a sortOrder other than <field>:asc|desc with field firstName, lastName, middleName or title",
        "invalid.query.param.value",
        "facts §9.2",
        real_org="only these fields are documented (conf H); the error code is not (conf L)",
    ),
    _rule(
        "EXT-SEARCH-DIVISIONS",
        "more than 50 divisionIds",
        "invalid.query.param.value",
        "facts §9.2",
        real_org="limit documented (conf H); the error code is not (conf L)",
    ),
    _rule(
        "EXT-EXPAND-VALUE",
        "an expand value other than externalOrganization, externalDataSources, identifiers, "
        "externalSources, division (the identifier lookups: without externalDataSources)",
        "invalid.query.param.value",
        "facts §9.2; vendor-sdk-docs/ExternalContactsApi.md (lookup expand values)",
        profiles=STRICT,
        real_org="not documented; faithful ignores unknown values",
    ),
    # --- PATCH (facts §9.1, SDK ContactsPatchChange) ----------------------------------------------------------------
    _rule(
        "EXT-PATCH-FIELD",
        "a PATCH change whose field is not a $.-rooted path to a writable ExternalContact "
        "property (a note's or relationship's PATCH: one of its own top-level fields)",
        "invalid.value",
        "facts §9.1, §9.3",
        message="Value [{value}] is not valid for field type [{field}]. Allowable values are: $.-rooted paths "
        "of writable ExternalContact properties, e.g. $.firstName, $.workPhone.display",
        real_org="rejected (a change cannot apply); the error code is not documented (conf L)",
    ),
    # --- organizations, POST search, bulk (issue 16 items 9 and 11) ------------------------------------------------
    _rule(
        "EXT-ORG-NAME",
        "an organization without a name, or with one longer than 1000 characters (after trimming)",
        "constraint.validation",
        f"{ORG_DOC}",
        message=SIZE,
    ),
    _rule(
        "EXT-ORG-UNKNOWN",
        "a contact or relationship whose externalOrganization.id names no organization",
        "invalid.value",
        f"facts §9.3; {ORG_DOC}",
        profiles=STRICT,
        message="Value [{value}] is not valid for field type [externalOrganization.id]. It names no external "
        "organization.",
        real_org="the reference is to an existing organization (facts §9.3, conf H/M); the answer to an unknown "
        "one is not documented (conf L); faithful stores the reference as sent",
    ),
    _rule(
        "EXT-ORG-IDENTIFIER-CONFLICT",
        "an organization claiming an identifier (type + value) that another organization already holds",
        "general.conflict",
        f"{ORG_DOC}; {API_DOC} (identifierlookup/organizations)",
        status=409,
        message="The identifier [{type}:{value}] is already claimed by organization [{organization}].",
        real_org="an identifier resolves to one organization (the lookup answers one); the code is not documented "
        "(conf L)",
    ),
    _rule(
        "EXT-ORG-SEARCH-SORT",
        "an organization search sortOrder other than <field>:asc|desc with field companyType, industry or name",
        "invalid.query.param.value",
        f"{API_DOC} (get_externalcontacts_organizations sortOrder)",
        real_org="only these fields are documented (conf H); the error code is not (conf L)",
    ),
    _rule(
        "EXT-SEARCH-IDS",
        "POST contacts/search with more than 100 operation.simpleSearch.ids",
        "constraint.validation",
        "vendor SDK 269 ContactSimpleSearch.ids ('up to 100')",
        message=SIZE,
    ),
    _rule(
        "EXT-BULK-SIZE",
        "a bulk request (contacts, organizations: fetch, add, update, remove) with more than 100 entities",
        "constraint.validation",
        f"{API_DOC} (bulk routes); facts §5 (outbound bulk limits)",
        message=SIZE,
        real_org="the bulk routes take a bounded batch; the number is not in the vendor SDK material (conf L): 100 "
        "as the SDK's other id lists (simpleSearch ids, outbound contacts/bulk of 50-100)",
    ),
    # --- notes and relationships (issue 16 item 10) ------------------------------------------------------------------
    _rule(
        "EXT-NOTE-TEXT",
        "a note whose noteText is missing, empty or longer than 32,000 characters",
        "constraint.validation",
        "vendor SDK 269 Note.noteText ('Between 1 and 32,000 characters')",
        message=SIZE,
    ),
    _rule(
        "EXT-LIST-SORT",
        "a notes or relationships listing sortOrder other than <field>:asc|desc with field "
        "createDate (relationships: createDate or relationship)",
        "invalid.query.param.value",
        f"{API_DOC} (get_externalcontacts_contact_notes, get_externalcontacts_organization_relationships)",
        real_org="only these fields are documented (conf H); the error code is not (conf L)",
    ),
    _rule(
        "EXT-PATCH-ACTION",
        "a PATCH change whose action does not fit its field or value (collection actions "
        "on a non-collection, no value for an update)",
        "invalid.value",
        "facts §9.1",
        message="Action [{action}] cannot be applied to field [{path}]: {problem}.",
        real_org="rejected (a change cannot apply); the error code is not documented (conf L)",
    ),
)

register(*RULES)

# Seed 003 (facts §11 d): the tutorial's body shape. The real answer is invalid.property; the hint names the fix.
_SEED_HINTS = {
    "externalContactId": "ExternalContact has no externalContactId: the id is `id`, generated by the server on POST; "
    "keep your own id in externalIds [{externalSource: {id}, value}]",
    "channels": "there is no channels matrix: phones are workPhone/cellPhone/homePhone/otherPhone "
    "({display, acceptsSMS, normalizationCountryCode}), e-mails are workEmail/personalEmail/otherEmail",
    "interactionDurationSeconds": "ExternalContact has no interactionDurationSeconds (nor any interaction setting): "
    "a contact is only who someone is; interactions are conversations",
    "name": "ExternalContact has no name: use firstName, middleName, lastName (and salutation, title)",
    "initialMessage": "ExternalContact has no initialMessage: messages belong to conversations",
    "metadata": "ExternalContact has no metadata: use customFields with a schema, or externalIds",
    "phoneNumbers": "there is no phoneNumbers list: use workPhone/cellPhone/homePhone/otherPhone (PhoneNumber)",
    "emails": "there is no emails list: use workEmail/personalEmail/otherEmail",
}
for _name, _hint in _SEED_HINTS.items():
    hints.property_hint("ExternalContact", _name, _hint)
