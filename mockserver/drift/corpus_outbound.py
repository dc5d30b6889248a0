"""Corpus entries of the outbound area: one per catalogue rule (facts §5-§7; tutorials 000, 001, 004).

Each entry is the smallest request that reaches its rule, after the setup that makes it reachable (a list for a
contact rule, a running import for the in-progress rules). Limits a real org enforces only at sizes no test should
create there (1000 lists, a million contacts) are reached on the mock by lowering its settings for that entry, and
such entries never run on an HTTP target.
"""

from __future__ import annotations

from typing import Any

from mockserver.drift.model import Entry, Step

LISTS = "/api/v2/outbound/contactlists"
ONE_LIST = LISTS + "/{{list}}"
CONTACTS = ONE_LIST + "/contacts"
UPLOAD = "/uploads/v2/contactlist"
GOOD_CSV = "firstName,phone,email\nAnn,+12025550101,ann@example.com\nBob,+12025550102,bob@example.com\n"
LIST: dict[str, Any] = {
    "name": "{{prefix}}list",
    "columnNames": ["firstName", "phone", "email"],
    "phoneColumns": [{"columnName": "phone", "type": "cell"}],
    "emailColumns": [{"columnName": "email", "type": "work"}],
}
ATZM_LIST = {
    **LIST,
    "columnNames": ["firstName", "phone", "email", "zip"],
    "automaticTimeZoneMapping": True,
    "zipCodeColumnName": "zip",
}
TYPED_LIST = {
    **LIST,
    "columnNames": ["firstName", "phone", "email", "age"],
    "columnDataTypeSpecifications": [{"columnName": "age", "columnDataType": "NUMERIC", "min": 0, "max": 130}],
}
# A slowed import keeps IN_PROGRESS visible on the mock for a second, ages for the in-process request that follows
# it even on a loaded machine; a real org imports at its own pace.
SLOW_IMPORT = {"outbound": {"import_rows_per_second": 20}}
SLOW_CSV = "firstName,phone,email\n" + "".join(f"N{i},+1202555{i:04d},p{i}@example.com\n" for i in range(20))
MOCK_ONLY_SIZE = "the mock reaches this limit through a lowered setting; a real org needs {what} to reach it"


def new_list(body: dict[str, Any] | None = None, **changes: Any) -> Step:
    """Setup: a contact list of this entry, known as ``{{list}}`` (and its ``{{version}}``)."""
    return Step(
        "POST",
        LISTS,
        json={**(body or LIST), **changes},
        save={"list": "id", "version": "version"},
        creates="contact-list",
    )


def create(**changes: Any) -> Step:
    return Step("POST", LISTS, json={**LIST, **changes}, creates="contact-list")


def add_contacts(*items: dict[str, Any]) -> Step:
    return Step("POST", CONTACTS, json=list(items))


def upload(csv: str = GOOD_CSV, **form: str) -> Step:
    return Step("POST", UPLOAD, form={"id": "{{list}}", "fileType": "contactlist", **form}, file=csv)


def _missing_ids(count: int) -> str:
    # Ids no org can hold (real ids are UUIDs): a laxer org that honoured the request still touches nothing.
    return ",".join(f"{{{{prefix}}}}missing{i}" for i in range(count))


def _rule(rule: str, request: Step, *setup: Step, **kw: Any) -> Entry:
    return Entry(id=rule.lower(), rule=rule, request=request, setup=tuple(setup), **kw)


TUTORIAL_000, TUTORIAL_001, TUTORIAL_004 = (
    "seeds/000_7555a34e87c845e1.txt",
    "seeds/001_52fd1bb39aa163c3.txt",
    "seeds/004_9582c3f7ebf3864f.txt",
)

RULE_ENTRIES: tuple[Entry, ...] = (
    # --- contact lists (facts §5.5) ---------------------------------------------------------------------------
    _rule("OUT-LIST-NAME-BLANK", create(name="   ")),
    _rule("OUT-LIST-NAME-LENGTH", create(name="{{prefix}}" + "x" * 64)),
    _rule("OUT-LIST-NAME-DUPLICATE", create(name="{{prefix}}dup"), new_list(name="{{prefix}}dup")),
    _rule("OUT-LIST-NO-COLUMNS", create(columnNames=[], phoneColumns=[], emailColumns=[])),
    _rule("OUT-LIST-DUPLICATE-COLUMNS", create(columnNames=["phone", "phone", "email"])),
    _rule("OUT-LIST-COLUMN-LIMIT", create(columnNames=[f"c{i}" for i in range(49)] + ["phone", "email"])),
    _rule("OUT-LIST-COLUMN-NAME-LENGTH", create(columnNames=["phone", "email", "y" * 129])),
    _rule("OUT-LIST-PHONE-COLUMN-UNKNOWN", create(phoneColumns=[{"columnName": "mobile", "type": "cell"}])),
    _rule("OUT-LIST-EMAIL-COLUMN-UNKNOWN", create(emailColumns=[{"columnName": "mail", "type": "work"}])),
    _rule(
        "OUT-LIST-DUPLICATE-PHONE-COLUMNS",
        create(phoneColumns=[{"columnName": "phone", "type": "cell"}, {"columnName": "phone", "type": "home"}]),
    ),
    _rule(
        "OUT-LIST-SYSTEM-COLUMN",
        create(
            columnNames=["Callable-phone", "email"], phoneColumns=[{"columnName": "Callable-phone", "type": "cell"}]
        ),
    ),
    _rule("OUT-LIST-ZIP-WITHOUT-ATZM", create(columnNames=["phone", "email", "zip"], zipCodeColumnName="zip")),
    _rule("OUT-LIST-ZIP-COLUMN-UNKNOWN", create(automaticTimeZoneMapping=True, zipCodeColumnName="zip")),
    _rule(
        "OUT-LIST-CALLABLE-TIME-WITH-ATZM",
        create(
            automaticTimeZoneMapping=True,
            phoneColumns=[{"columnName": "phone", "type": "cell", "callableTimeColumn": "email"}],
        ),
    ),
    _rule(
        "OUT-LIST-EDIT-ATZM",
        Step("PUT", ONE_LIST, json={**LIST, "version": "{{version}}", "automaticTimeZoneMapping": True}),
        new_list(),
    ),
    _rule(
        "OUT-LIST-MAX-LISTS",
        create(name="{{prefix}}second"),
        new_list(),
        mock_settings={"outbound": {"max_contact_lists": 1}},
        remote=MOCK_ONLY_SIZE.format(what="1000 contact lists"),
    ),
    _rule("OUT-LIST-VERSION", Step("PUT", ONE_LIST, json=LIST), new_list()),
    _rule(
        "OUT-LIST-DELETE-IMPORTING",
        Step("DELETE", ONE_LIST),
        new_list(),
        upload(SLOW_CSV),
        mock_settings=SLOW_IMPORT,
        note="on a real org the import may finish before the DELETE arrives",
    ),
    _rule("OUT-LIST-BULK-GET-LIMIT", Step("GET", LISTS, params={"id": _missing_ids(101)})),
    _rule("OUT-LIST-SORT-BY", Step("GET", LISTS, params={"sortBy": "colour"})),
    _rule("OUT-LIST-BULK-DELETE-LIMIT", Step("DELETE", LISTS, params={"id": _missing_ids(101)})),
    _rule("OUT-LIST-READ-ONLY-FIELD", create(id="{{prefix}}own-id"), tutorial=TUTORIAL_001),
    # --- contacts (facts §6.2, §6.3) ----------------------------------------------------------------------------
    _rule(
        "OUT-CONTACTS-BATCH-LIMIT", add_contacts(*[{"data": {"firstName": f"n{i}"}} for i in range(1001)]), new_list()
    ),
    _rule(
        "OUT-CONTACTS-BULK-GET-LIMIT", Step("POST", CONTACTS + "/bulk", json=[f"c{i}" for i in range(51)]), new_list()
    ),
    _rule("OUT-CONTACTS-DELETE-EMPTY", Step("DELETE", CONTACTS), new_list()),
    _rule("OUT-CONTACTS-DELETE-LIMIT", Step("DELETE", CONTACTS, params={"contactIds": _missing_ids(251)}), new_list()),
    _rule(
        "OUT-LIST-CONTACT-LIMIT",
        add_contacts({"data": {"firstName": "a"}}, {"data": {"firstName": "b"}}, {"data": {"firstName": "c"}}),
        new_list(),
        mock_settings={"outbound": {"max_contacts_per_list": 2}},
        remote=MOCK_ONLY_SIZE.format(what="a million contacts in one list"),
    ),
    _rule("OUT-CONTACT-UNKNOWN-COLUMNS", add_contacts({"data": {"lastName": "Doe"}}), new_list()),
    _rule("OUT-CONTACT-VALUE-LENGTH", add_contacts({"data": {"firstName": "x" * 513}}), new_list()),
    _rule("OUT-CONTACT-ID-CHARS", add_contacts({"id": "bad id!", "data": {"firstName": "a"}}), new_list()),
    _rule("OUT-CONTACT-ZIP-VALUE", add_contacts({"data": {"zip": "123"}}), new_list(ATZM_LIST)),
    _rule("OUT-CONTACT-PUT-UNKNOWN", Step("PUT", CONTACTS + "/ghost", json={"data": {}}), new_list()),
    _rule(
        "OUT-CONTACT-LIST-ID-MISMATCH",
        add_contacts({"contactListId": "another", "data": {"firstName": "a"}}),
        new_list(),
    ),
    _rule(
        "OUT-CONTACT-TYPE-MATCH", add_contacts({"data": {"age": "thirty"}}), new_list(TYPED_LIST), tutorial=TUTORIAL_000
    ),
    _rule("OUT-CONTACT-E164", add_contacts({"data": {"phone": "555-010-9988"}}), new_list(), tutorial=TUTORIAL_000),
    _rule(
        "OUT-CONTACT-PHONE-VALID", add_contacts({"data": {"phone": "+11234567890"}}), new_list(), tutorial=TUTORIAL_000
    ),
    _rule("OUT-CONTACT-EMAIL", add_contacts({"data": {"email": "john.doe@"}}), new_list(), tutorial=TUTORIAL_000),
    _rule(
        "OUT-FILTER-UNKNOWN",
        Step("POST", ONE_LIST + "/export", json={"contactListFilterId": "{{prefix}}none"}),
        new_list(),
    ),
    # --- CSV upload and import (facts §7) -----------------------------------------------------------------------
    _rule(
        "OUT-UPLOAD-SIZE",
        upload("firstName,phone,email\n" + "".join(f"N{i},+1202555{i:04d},p{i}@example.com\n" for i in range(60))),
        new_list(),
        mock_settings={"outbound": {"upload_max_bytes": 1000}},
        tutorial=TUTORIAL_004,
        remote="the mock's 1000-byte limit is a lowered setting; a real org has no documented limit and would "
        "import the file",
    ),
    _rule(
        "OUT-UPLOAD-IMPORTING",
        upload(),
        new_list(),
        upload(SLOW_CSV),
        mock_settings=SLOW_IMPORT,
        note="on a real org the first import may finish before the second upload arrives",
    ),
    _rule("OUT-UPLOAD-FORM", Step("POST", UPLOAD, form={"id": "{{list}}"}, file=GOOD_CSV), new_list()),
    _rule("OUT-IMPORT-HEADER", upload("lastName,phone\nDoe,+12025550101\n"), new_list(), follow_import=True),
    _rule(
        "OUT-IMPORT-ROW",
        upload("firstName,phone,email\nAnn,+12025550101\n"),
        new_list(),
        follow_import=True,
        tutorial=TUTORIAL_004,
    ),
    _rule(
        "OUT-IMPORT-LIMIT",
        upload(),
        new_list(),
        follow_import=True,
        mock_settings={"outbound": {"max_contacts_per_list": 1}},
        remote=MOCK_ONLY_SIZE.format(what="a million contacts in one list"),
    ),
    # --- core binding rules, shown on a contact list ------------------------------------------------------------
    _rule("CORE-STRICT-TYPES", create(automaticTimeZoneMapping="false")),
)

SEED_ENTRIES: tuple[Entry, ...] = (
    Entry(
        "seed-000-list-with-columns-and-contacts",
        tutorial=TUTORIAL_000,
        request=Step(
            "POST",
            LISTS,
            json={
                "name": "{{prefix}}seed000",
                "description": "Created via API Tutorial",
                "columns": [{"name": "phone", "type": "Phone", "label": "Phone Number"}],
                "contacts": [{"phone": "+15550109988"}],
            },
            creates="contact-list",
        ),
        note="facts §11 (a)",
    ),
    Entry(
        "seed-001-list-status-and-column-definitions",
        tutorial=TUTORIAL_001,
        request=Step(
            "POST",
            LISTS,
            json={
                "name": "{{prefix}}seed001",
                "status": "ACTIVE",
                "columnDefinitions": [{"name": "phone", "type": "phone", "required": True}],
            },
            creates="contact-list",
        ),
        note="facts §11 (b)",
    ),
    Entry(
        "seed-001-contact-list-id-on-create",
        tutorial=TUTORIAL_001,
        request=create(contactListId="7f9c5f1e-0000-4000-8000-000000000000"),
        note="tutorial 001's question: contactListId on POST",
    ),
    Entry(
        "seed-004-upload-route",
        tutorial=TUTORIAL_004,
        setup=(new_list(),),
        request=Step(
            "POST", ONE_LIST + "/upload", form={"uploadOptions": '{"duplicateCheckField": "phone"}'}, file=GOOD_CSV
        ),
        note="facts §11 (e): the route does not exist",
    ),
    Entry(
        "seed-004-upload-options-form",
        tutorial=TUTORIAL_004,
        setup=(new_list(),),
        request=Step("POST", UPLOAD, form={"uploadOptions": '{"duplicateCheckField": "phone"}'}, file=GOOD_CSV),
        note="facts §11 (e): the real route with the tutorial's form",
    ),
)
