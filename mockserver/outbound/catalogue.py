"""Every validation rule of the outbound area (facts §5.5, §6.2, §7; seeds 000, 001, 004).

Checks live in lists.py, contacts.py and csv_import.py; each names its rule here. Codes are the real API's where
the facts sheet gives one; where it gives none the rule says so in ``real_org`` and uses a generic code.
"""

from __future__ import annotations

from mockserver.core.rules import Rule, register

STRICT = frozenset({"strict"})
OPT_IN: frozenset[str] = frozenset()
S18 = "facts §5.5 (SW18 error code)"


def _list(id: str, summary: str, code: str, real_org: str = "same (conf M)", source: str = S18, **kw) -> Rule:
    return Rule(
        id=id,
        area="outbound",
        summary=summary,
        source=source,
        real_org=real_org,
        status=kw.pop("status", 400),
        code=code,
        **kw,
    )


RULES = (
    # --- contact lists (facts §5.5) -------------------------------------------------------------------------------
    _list(
        "OUT-LIST-NAME-BLANK",
        "contact-list name missing or blank",
        "name.cannot.be.blank",
        message="The contact list name cannot be blank.",
    ),
    _list(
        "OUT-LIST-NAME-LENGTH",
        "contact-list name longer than 64 characters",
        "name.length.exceeded",
        message="The name [{name}] is longer than the maximum of 64 characters.",
    ),
    _list(
        "OUT-LIST-NAME-DUPLICATE",
        "another contact list already has this name",
        "duplicate.name",
        message="A contact list named [{name}] already exists.",
        real_org="400 (not 409) duplicate.name (conf M)",
    ),
    _list(
        "OUT-LIST-NO-COLUMNS",
        "columnNames is empty",
        "no.contact.columns.defined",
        message="The contact list has no columns defined.",
    ),
    _list(
        "OUT-LIST-DUPLICATE-COLUMNS",
        "columnNames repeats a name",
        "not.unique.contact.columns",
        message="Contact column names must be unique: [{column}] appears more than once.",
    ),
    _list(
        "OUT-LIST-COLUMN-LIMIT",
        "more than 50 columns",
        "contact.columns.limit.exceeded",
        message="A contact list can have at most 50 columns; [{count}] were given.",
        source="facts §5.5 (HC limit 50, SW18 code)",
    ),
    _list(
        "OUT-LIST-COLUMN-NAME-LENGTH",
        "a column name longer than 128 characters",
        "invalid.value",
        message="Column name [{column}] is longer than 128 characters.",
        source="facts §5.5, §7.1 (HC)",
        real_org="rejected (HC); the exact code is not documented",
    ),
    _list(
        "OUT-LIST-PHONE-COLUMN-UNKNOWN",
        "a phone column that is not among columnNames",
        "invalid.contact.phone.column",
        message="Phone column [{column}] is not one of the contact columns.",
    ),
    _list(
        "OUT-LIST-EMAIL-COLUMN-UNKNOWN",
        "an email column that is not among columnNames",
        "invalid.value",
        message="Email column [{column}] is not one of the contact columns.",
        source="facts §5.3, §5.4",
        real_org="rejected; the code is not documented (the phone twin is invalid.contact.phone.column)",
    ),
    _list(
        "OUT-LIST-DUPLICATE-PHONE-COLUMNS",
        "the same phone column listed twice",
        "not.unique.phone.columns",
        message="Phone column [{column}] is listed more than once.",
    ),
    _list(
        "OUT-LIST-SYSTEM-COLUMN",
        "a phone column named like a system column (facts §7.3)",
        "system.column.phone.column",
        message="[{column}] is a reserved system column name.",
        source="facts §5.5, §7.3",
    ),
    _list(
        "OUT-LIST-ZIP-WITHOUT-ATZM",
        "zipCodeColumnName without automaticTimeZoneMapping",
        "cannot.have.zip.code.column.without.automatic.time.zone.mapping",
        message="A zip code column requires automatic time zone mapping.",
    ),
    _list(
        "OUT-LIST-ZIP-COLUMN-UNKNOWN",
        "zipCodeColumnName not among columnNames",
        "invalid.zip.code.column",
        message="Zip code column [{column}] is not one of the contact columns.",
    ),
    _list(
        "OUT-LIST-CALLABLE-TIME-WITH-ATZM",
        "a callable-time column together with automaticTimeZoneMapping",
        "cannot.have.callable.time.column.with.automatic.time.zone.mapping",
        message="Callable time columns cannot be used with automatic time zone mapping.",
    ),
    _list(
        "OUT-LIST-EDIT-ATZM",
        "PUT changing automaticTimeZoneMapping or zipCodeColumnName",
        "cannot.edit.automatic.time.zone.mapping.settings",
        message="Automatic time zone mapping settings cannot be changed after creation.",
    ),
    _list(
        "OUT-LIST-MAX-LISTS",
        "the org already has the maximum number of contact lists (1000)",
        "max.entity.count.reached",
        message="The maximum number of contact lists [{max}] has been reached.",
        source="facts §5.5 (HC limit, SW18 code)",
    ),
    _list(
        "OUT-LIST-VERSION",
        "PUT with a version other than the stored one (missing counts as wrong)",
        "invalid.update.wrong.version",
        status=409,
        source="facts §5.6",
        message="The version supplied [{supplied}] does not match the current version [{current}].",
        real_org="409 for a stale version (conf M); a missing version is undocumented (conf L)",
    ),
    _list(
        "OUT-LIST-DELETE-IMPORTING",
        "DELETE of a list while a CSV import runs",
        "contact.list.import.in.progress",
        message="The contact list cannot be deleted while an import is in progress.",
    ),
    _list(
        "OUT-LIST-BULK-GET-LIMIT",
        "more than 100 ids in GET ?id=",
        "too.many.bulk.retrieves",
        message="At most 100 ids may be requested at once; [{count}] were given.",
        source="facts §5.2",
    ),
    _list(
        "OUT-LIST-SORT-BY",
        "GET contact lists with a sortBy that names no ContactList field",
        "invalid.query.param.value",
        profiles=STRICT,
        message="Value [{value}] is not valid for parameter [sortBy]. Allowable values are: {allowed}",
        source="vendor-sdk-docs/OutboundApi.md (get_outbound_contactlists: sortBy is a free string); facts §5.2",
        real_org="not documented (conf L); faithful leaves the order unchanged",
    ),
    _list(
        "OUT-LIST-BULK-DELETE-LIMIT",
        "more than 100 ids in bulk DELETE ?id=",
        "too.many.deletes",
        message="At most 100 contact lists may be deleted at once; [{count}] were given.",
        real_org="too.many.deletes exists (SW18); the number 100 is the mock's choice (conf L)",
    ),
    _list(
        "OUT-LIST-READ-ONLY-FIELD",
        "a client-supplied read-only field (id, contactListId, selfUri, dateCreated, "
        "dateModified, size, importStatus) on create or update",
        "invalid.value",
        profiles=STRICT,
        message="Value [{value}] is not valid for field type [{field}]. It is read-only and set by the server.",
        source="seeds/001_52fd1bb39aa163c3.txt; facts §5.3",
        real_org="read-only fields are ignored; contactListId is not a ContactList property (invalid.property)",
    ),
    # --- contacts (facts §6.2, §6.3) ------------------------------------------------------------------------------
    _list(
        "OUT-CONTACTS-BATCH-LIMIT",
        "more than 1000 contacts in one POST …/contacts",
        "too.many.contacts.added",
        message="At most 1000 contacts may be added per request; [{count}] were given.",
        source="facts §6.2",
    ),
    _list(
        "OUT-CONTACTS-BULK-GET-LIMIT",
        "more than 50 ids in POST …/contacts/bulk",
        "too.many.contacts.requested",
        message="At most 50 contacts may be requested at once; [{count}] were given.",
        source="facts §6.2",
    ),
    _list(
        "OUT-CONTACTS-DELETE-EMPTY",
        "DELETE …/contacts without contactIds",
        "no.contacts.specified",
        message="No contacts were specified.",
        source="facts §6.2",
    ),
    _list(
        "OUT-CONTACTS-DELETE-LIMIT",
        "more than 250 ids in DELETE …/contacts?contactIds=",
        "too.many.contacts.added",
        message="At most 250 contacts may be deleted at once; [{count}] were given.",
        source="facts §6.2",
        real_org="the 250 limit and the reused code are from 2018 (conf L)",
    ),
    _list(
        "OUT-LIST-CONTACT-LIMIT",
        "a list would hold more than 1,000,000 contacts",
        "max.entity.count.reached",
        message="A contact list can hold at most [{max}] contacts.",
        source="facts §5.5 (HC limit)",
        real_org="limit documented (HC); the code is not (conf L)",
    ),
    _list(
        "OUT-CONTACT-UNKNOWN-COLUMNS",
        "contact data with a key that is not one of the list's columns",
        "invalid.contact.columns",
        message="[{column}] is not a column of this contact list.",
        source="facts §6.2 (SW18)",
    ),
    _list(
        "OUT-CONTACT-VALUE-LENGTH",
        "a contact value longer than 512 characters",
        "invalid.value",
        message="The value of column [{column}] is longer than 512 characters.",
        source="facts §5.5, §6.2 (HC)",
        real_org="limit documented (HC); the code is not (conf L)",
    ),
    _list(
        "OUT-CONTACT-ID-CHARS",
        "a client-chosen contact id with characters other than letters, digits, - and _",
        "invalid.contact.id",
        message="The contact id [{id}] contains invalid characters.",
        source="facts §6.2 (SW18)",
    ),
    _list(
        "OUT-CONTACT-ZIP-VALUE",
        "a zip value that is not 5 or 9 digits on a list with zip mapping",
        "invalid.zip.code.contact.value",
        message="The zip code [{value}] must have 5 or 9 digits.",
        source="facts §6.2 (SW18)",
    ),
    _list(
        "OUT-CONTACT-PUT-UNKNOWN",
        "PUT of a contact that does not exist",
        "contact.does.not.exist",
        message="The contact [{id}] does not exist.",
        source="facts §6.2 (SW18)",
    ),
    _list(
        "OUT-CONTACT-LIST-ID-MISMATCH",
        "a contact whose contactListId is not the list in the path",
        "invalid.value",
        profiles=STRICT,
        source="facts §6.3, §12",
        message="Value [{value}] is not valid for field type [contactListId]. It must be the list in the path.",
        real_org="contactListId is effectively taken from the path (conf M)",
    ),
    _list(
        "OUT-CONTACT-TYPE-MATCH",
        "a value that does not match its columnDataTypeSpecifications entry "
        "(NUMERIC within min/max, TEXT within maxLength, TIMESTAMP/DATETIME parseable)",
        "invalid.value",
        profiles=STRICT,
        source="seeds/000_7555a34e87c845e1.txt; facts §5.4",
        message="Value [{value}] of column [{column}] is not a valid {type}{constraint}.",
        real_org="types drive dynamic queueing; enforcement on contact writes is not documented",
    ),
    _list(
        "OUT-CONTACT-E164",
        "a phone-column value that is not a well-formed E.164 number (leading +, known country code, possible length)",
        "invalid.value",
        profiles=STRICT,
        source="seeds/000_7555a34e87c845e1.txt, seeds/004_9582c3f7ebf3864f.txt",
        message="Value [{value}] of phone column [{column}] is not an E.164 number (e.g. +15550109988).",
        real_org="numbers are normalised and stored as given; an unparseable one is just not callable",
    ),
    _list(
        "OUT-CONTACT-PHONE-VALID",
        "a phone-column value that is not a valid, assigned number "
        "(phonenumbers.is_valid_number: numbers outside assigned ranges fail, e.g. +1 123 456 7890 or area "
        "code 555; the fictional NPA-555-01XX numbers are valid to phonenumbers and pass)",
        "invalid.value",
        profiles=OPT_IN,
        source="seeds/000_7555a34e87c845e1.txt",
        real_org="not checked",
        message="Value [{value}] of phone column [{column}] is not a valid phone number.",
    ),
    _list(
        "OUT-CONTACT-EMAIL",
        "an email-column value that is not a valid address",
        "invalid.value",
        profiles=STRICT,
        source="seeds/000_7555a34e87c845e1.txt",
        message="Value [{value}] of email column [{column}] is not a valid email address.",
        real_org="not documented; an invalid address is just not contactable",
    ),
    _list(
        "OUT-FILTER-UNKNOWN",
        "a contactListFilterId (contact search, export) that names no contact list filter",
        "invalid.value",
        source="vendor-sdk-docs/ContactsExportRequest.md, ContactListingRequest.md (contactListFilterId); facts §6.3",
        message="Value [{value}] is not valid for field type [contactListFilterId]. Allowable values are: the id "
        "of an existing contact list filter",
        real_org="an unknown filter is rejected; status and code are not documented (conf L). A filter of "
        "another contact list counts as unknown here",
    ),
    # --- CSV upload and import (facts §7, seed 004) ---------------------------------------------------------------
    _list(
        "OUT-UPLOAD-SIZE",
        "a CSV upload larger than outbound.upload_max_bytes (default 10 MiB)",
        "request.entity.too.large",
        status=413,
        profiles=STRICT,
        source="seeds/004_9582c3f7ebf3864f.txt; facts §7.1",
        message="The request is over the size limit. Maximum bytes: {maxBytes}",
        real_org="no documented byte limit for contact-list CSVs (only record limits); generic bodies get 413",
    ),
    _list(
        "OUT-UPLOAD-IMPORTING",
        "an upload to a list whose previous import is still running",
        "contact.list.import.in.progress",
        message="The contact list already has an import in progress.",
        source="facts §5.5 (SW18 code of the DELETE twin)",
        real_org="not documented for uploads (conf L)",
    ),
    _list(
        "OUT-UPLOAD-FORM",
        "an upload without file, id or fileType=contactlist",
        "bad.request",
        source="facts §7.1",
        message="The upload needs the form fields file, id and fileType=contactlist.",
        real_org="rejected; the exact code is not documented",
    ),
    _list(
        "OUT-IMPORT-HEADER",
        "a CSV header that does not match the list's columnNames",
        "import.header.mismatch",
        status=200,
        effect="import-failure",
        source="facts §7.1 (HC)",
        message="The CSV header does not match the contact list columns: {problem}.",
    ),
    _list(
        "OUT-IMPORT-ROW",
        "a CSV row that breaks a contact rule (field count, value length, E.164, types)",
        "import.invalid.row",
        status=200,
        effect="import-failure",
        source="facts §7.1 (HC); seeds/004_9582c3f7ebf3864f.txt",
        message="Row {row}: {problem}. No contact of this file was imported.",
        real_org="bad rows fail the import (HC); whether the rest is kept is not documented",
    ),
    _list(
        "OUT-IMPORT-LIMIT",
        "a CSV that would take the list past its contact limit",
        "import.contact.limit",
        status=200,
        effect="import-failure",
        source="facts §5.5, §7.1 (HC)",
        message="The import would exceed the maximum of {max} contacts per list.",
    ),
)

register(*RULES)
