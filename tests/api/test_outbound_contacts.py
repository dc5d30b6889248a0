"""Contacts inside a contact list (facts §6): upsert, rules per profile, read/replace/delete, bulk get, search."""

from __future__ import annotations

import threading
import uuid
from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import assert_error, assert_rejected, get_token

LISTS = "/api/v2/outbound/contactlists"
SEED_PHONE = "+15550109988"  # seed 000's number: well-formed E.164, but fictional (not "valid")
REAL_PHONE = "+14155552671"  # phonenumbers' canonical valid US number


def _client(app: Flask) -> tuple[FlaskClient, dict[str, str]]:
    client = app.test_client()
    return client, {"Authorization": f"Bearer {get_token(client)}"}


def _new_list(client: FlaskClient, auth: dict, **changes: Any) -> str:
    body = {
        "name": f"list {uuid.uuid4()}",
        "columnNames": ["firstName", "phone", "email", "age", "since", "note"],
        "phoneColumns": [{"columnName": "phone", "type": "cell"}],
        "emailColumns": [{"columnName": "email", "type": "work"}],
        "columnDataTypeSpecifications": [
            {"columnName": "age", "columnDataType": "NUMERIC", "min": 0, "max": 130},
            {"columnName": "since", "columnDataType": "DATETIME"},
            {"columnName": "note", "columnDataType": "TEXT", "maxLength": 10},
        ],
        **changes,
    }
    response = client.post(LISTS, json=body, headers=auth)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["id"]


def _contacts(list_id: str) -> str:
    return f"{LISTS}/{list_id}/contacts"


def _post(client: FlaskClient, auth: dict, list_id: str, contacts: list[dict], query: str = "") -> Any:
    return client.post(_contacts(list_id) + query, json=contacts, headers=auth)


def _search(client: FlaskClient, auth: dict, list_id: str, **body: Any) -> Any:
    return client.post(_contacts(list_id) + "/search", json={"pageNumber": 1, "pageSize": 100, **body}, headers=auth)


def _total(client: FlaskClient, auth: dict, list_id: str) -> int:
    return _search(client, auth, list_id).get_json()["total"]


@pytest.fixture
def strict(make_app: Callable[..., Flask]) -> tuple[FlaskClient, dict[str, str]]:
    return _client(make_app())


@pytest.fixture
def faithful(make_app: Callable[..., Flask]) -> tuple[FlaskClient, dict[str, str]]:
    return _client(make_app(profile="faithful"))


# --- POST …/contacts ------------------------------------------------------------------------------------------------


def test_post_returns_the_stored_contacts(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    response = _post(
        client,
        auth,
        list_id,
        [
            {"data": {"firstName": "Ann", "phone": SEED_PHONE}},
            {"id": "crm-42", "contactListId": list_id, "data": {"firstName": "Bo"}},
        ],
    )
    assert response.status_code == 200  # not 201 (facts §11 g)
    first, second = response.get_json()
    assert uuid.UUID(first["id"]) and second["id"] == "crm-42"
    assert first["contactListId"] == list_id and first["data"] == {"firstName": "Ann", "phone": SEED_PHONE}
    assert first["selfUri"] == f"{_contacts(list_id)}/{first['id']}"
    assert first["callable"] is True and first["configurationOverrides"] == {"priority": False}
    assert first["dateCreated"].endswith("Z")
    assert client.get(first["selfUri"], headers=auth).get_json() == first


def test_upsert_keeps_date_created_and_replaces_data(client: FlaskClient, auth: dict, app: Flask) -> None:
    list_id = _new_list(client, auth)
    (created,) = _post(client, auth, list_id, [{"id": "c1", "data": {"firstName": "Ann", "age": "30"}}]).get_json()
    _advance_clock(client, 3600)
    (updated,) = _post(client, auth, list_id, [{"id": "c1", "data": {"firstName": "Anne"}}]).get_json()
    assert updated["dateCreated"] == created["dateCreated"]
    assert updated["data"] == {"firstName": "Anne"}  # the data map is replaced, not merged
    assert _total(client, auth, list_id) == 1


def test_priority_shows_in_configuration_overrides(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    (contact,) = _post(client, auth, list_id, [{"id": "c1", "data": {}}], "?priority=true").get_json()
    assert contact["configurationOverrides"] == {"priority": True}
    # doNotQueue keeps an updated contact's queue position; without it the update re-queues with `priority`.
    (kept,) = _post(client, auth, list_id, [{"id": "c1", "data": {}}], "?doNotQueue=true").get_json()
    assert kept["configurationOverrides"] == {"priority": True}
    (requeued,) = _post(client, auth, list_id, [{"id": "c1", "data": {}}]).get_json()
    assert requeued["configurationOverrides"] == {"priority": False}


def test_clear_system_data_drops_kept_state(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, [{"id": "c1", "data": {}, "callable": False}])
    (kept,) = _post(client, auth, list_id, [{"id": "c1", "data": {"firstName": "A"}}]).get_json()
    assert kept["callable"] is False
    (cleared,) = _post(client, auth, list_id, [{"id": "c1", "data": {}}], "?clearSystemData=true").get_json()
    assert cleared["callable"] is True


def test_bad_query_flag_isassert_rejected(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    assert_error(_post(client, auth, list_id, [{"data": {}}], "?priority=maybe"), 400, "invalid.query.param.value")


def test_unknown_list_is_404(client: FlaskClient, auth: dict) -> None:
    assert_error(_post(client, auth, str(uuid.uuid4()), [{"data": {}}]), 404, "not.found")


def test_a_bad_contact_stores_nothing(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, [{"id": "old", "data": {"firstName": "Old"}}])
    batch = [
        {"id": "old", "data": {"firstName": "New"}},
        {"data": {"firstName": "B"}},
        {"data": {"phone": "5550109988"}},
    ]
    assert_rejected(_post(client, auth, list_id, batch), 400, "invalid.value", "OUT-CONTACT-E164", "[2].data.phone")
    assert _total(client, auth, list_id) == 1
    assert client.get(_contacts(list_id) + "/old", headers=auth).get_json()["data"] == {"firstName": "Old"}


# --- contact rules, per profile -------------------------------------------------------------------------------------

# (rule, data or contact, code, field name of the first item's problem, enforced in faithful)
RULE_CASES = [
    ("OUT-CONTACT-E164", {"phone": "5550109988"}, "invalid.value", "[0].data.phone", False),
    ("OUT-CONTACT-E164", {"phone": "+1 555 010 9988"}, "invalid.value", "[0].data.phone", False),
    ("OUT-CONTACT-E164", {"phone": "+1555010998"}, "invalid.value", "[0].data.phone", False),
    ("OUT-CONTACT-TYPE-MATCH", {"age": "thirty"}, "invalid.value", "[0].data.age", False),
    ("OUT-CONTACT-TYPE-MATCH", {"age": "nan"}, "invalid.value", "[0].data.age", False),
    ("OUT-CONTACT-TYPE-MATCH", {"age": "131"}, "invalid.value", "[0].data.age", False),
    ("OUT-CONTACT-TYPE-MATCH", {"age": "-1"}, "invalid.value", "[0].data.age", False),
    ("OUT-CONTACT-TYPE-MATCH", {"since": "next tuesday"}, "invalid.value", "[0].data.since", False),
    ("OUT-CONTACT-TYPE-MATCH", {"note": "x" * 11}, "invalid.value", "[0].data.note", False),
    ("OUT-CONTACT-EMAIL", {"email": "john.doe@"}, "invalid.value", "[0].data.email", False),
    ("OUT-CONTACT-UNKNOWN-COLUMNS", {"lastName": "Doe"}, "invalid.contact.columns", "[0].data.lastName", True),
    ("OUT-CONTACT-VALUE-LENGTH", {"firstName": "x" * 513}, "invalid.value", "[0].data.firstName", True),
]


@pytest.mark.parametrize(
    ("rule", "data", "code", "field", "in_faithful"), RULE_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(RULE_CASES)]
)
def test_contact_data_rules(
    strict: tuple, faithful: tuple, rule: str, data: dict, code: str, field: str, in_faithful: bool
) -> None:
    client, auth = strict
    list_id = _new_list(client, auth)
    assert_rejected(_post(client, auth, list_id, [{"data": data}]), 400, code, rule, field)
    client, auth = faithful
    list_id = _new_list(client, auth)
    response = _post(client, auth, list_id, [{"data": data}])
    if in_faithful:
        assert_rejected(response, 400, code, rule, field)
    else:
        assert response.status_code == 200, response.get_json()


@pytest.mark.parametrize(
    "data",
    [
        {"phone": SEED_PHONE, "email": "john.doe@example.com", "firstName": "x" * 512},
        {"age": "42", "since": "2026-11-22T09:30:00Z", "note": "0123456789"},
        {"age": "1e2", "since": "2026-11-22", "phone": "", "email": ""},  # empty values have no type to break
    ],
)
def test_valid_data_is_accepted_in_strict(client: FlaskClient, auth: dict, data: dict) -> None:
    list_id = _new_list(client, auth)
    assert _post(client, auth, list_id, [{"data": data}]).status_code == 200


def test_the_error_names_the_offending_item(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    batch = [{"data": {"age": "1"}}] * 3 + [{"data": {"age": "1"}}, {"data": {"email": "nope"}}]
    assert_rejected(_post(client, auth, list_id, batch), 400, "invalid.value", "OUT-CONTACT-EMAIL", "[4].data.email")


def test_phone_validity_is_opt_in(make_app: Callable[..., Flask]) -> None:
    client, auth = _client(make_app())
    assert _post(client, auth, _new_list(client, auth), [{"data": {"phone": SEED_PHONE}}]).status_code == 200
    client, auth = _client(make_app(rules={"OUT-CONTACT-PHONE-VALID": True}))
    list_id = _new_list(client, auth)
    assert_rejected(
        _post(client, auth, list_id, [{"data": {"phone": SEED_PHONE}}]),
        400,
        "invalid.value",
        "OUT-CONTACT-PHONE-VALID",
        "[0].data.phone",
    )
    assert _post(client, auth, list_id, [{"data": {"phone": REAL_PHONE}}]).status_code == 200


@pytest.mark.parametrize("profile", ["strict", "faithful"])
@pytest.mark.parametrize(
    ("zip_code", "ok"),
    [("94105", True), ("941051234", True), ("9410", False), ("94105-1234", False), ("abcde", False), ("٩٤١٠٥", False)],
)
def test_zip_values(make_app: Callable[..., Flask], profile: str, zip_code: str, ok: bool) -> None:
    client, auth = _client(make_app(profile=profile))
    list_id = _new_list(
        client,
        auth,
        columnNames=["phone", "zip"],
        emailColumns=[],
        columnDataTypeSpecifications=[],
        automaticTimeZoneMapping=True,
        zipCodeColumnName="zip",
    )
    response = _post(client, auth, list_id, [{"data": {"phone": "+14155552671", "zip": zip_code}}])
    if ok:
        assert response.status_code == 200, response.get_json()
    else:
        assert_rejected(response, 400, "invalid.zip.code.contact.value", "OUT-CONTACT-ZIP-VALUE", "[0].data.zip")


@pytest.mark.parametrize("profile", ["strict", "faithful"])
@pytest.mark.parametrize(
    ("contact_id", "ok"),
    [("crm-42_A", True), ("has space", False), ("a/b", False), ("ünï", False), ("", False), ("abc\n", False)],
)
def test_contact_id_characters(make_app: Callable[..., Flask], profile: str, contact_id: str, ok: bool) -> None:
    client, auth = _client(make_app(profile=profile))
    list_id = _new_list(client, auth)
    response = _post(client, auth, list_id, [{"data": {}}, {"id": contact_id, "data": {}}])
    if ok:
        assert response.get_json()[1]["id"] == contact_id
    else:
        assert_rejected(response, 400, "invalid.contact.id", "OUT-CONTACT-ID-CHARS", "[1].id")


def test_contact_list_id_mismatch(strict: tuple, faithful: tuple) -> None:
    client, auth = strict
    list_id = _new_list(client, auth)
    assert_rejected(
        _post(client, auth, list_id, [{"contactListId": "another", "data": {}}]),
        400,
        "invalid.value",
        "OUT-CONTACT-LIST-ID-MISMATCH",
        "[0].contactListId",
    )
    client, auth = faithful
    list_id = _new_list(client, auth)
    (contact,) = _post(client, auth, list_id, [{"contactListId": "another", "data": {}}]).get_json()
    assert contact["contactListId"] == list_id  # taken from the path (facts §12)


@pytest.mark.parametrize("profile", ["strict", "faithful"])
def test_batch_limit(make_app: Callable[..., Flask], profile: str) -> None:
    client, auth = _client(make_app(profile=profile))
    list_id = _new_list(client, auth)
    # The limit wins over the items' own problems: it is checked before any item is parsed.
    batch = [{"data": {"nope": "x"}}] * 1001
    assert_rejected(
        _post(client, auth, list_id, batch), 400, "too.many.contacts.added", "OUT-CONTACTS-BATCH-LIMIT", "body"
    )
    assert _post(client, auth, list_id, [{"data": {}}] * 1000).status_code == 200


def test_contacts_per_list_limit(make_app: Callable[..., Flask]) -> None:
    client, auth = _client(make_app(outbound={"max_contacts_per_list": 5}))
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, [{"id": f"c{i}", "data": {}} for i in range(4)])
    assert_rejected(
        _post(client, auth, list_id, [{"id": "c0", "data": {}}, {"data": {}}, {"data": {}}]),
        400,
        "max.entity.count.reached",
        "OUT-LIST-CONTACT-LIMIT",
        None,
    )
    assert _total(client, auth, list_id) == 4  # nothing of the rejected batch, not even the upsert of c0
    # Upserts of existing ids do not count towards the limit.
    assert (
        _post(client, auth, list_id, [{"id": f"c{i}", "data": {}} for i in range(4)] + [{"data": {}}]).status_code
        == 200
    )
    assert _total(client, auth, list_id) == 5


# --- GET / PUT / DELETE one contact ---------------------------------------------------------------------------------


def test_get_unknown_contact_or_list_is_404(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    assert_error(client.get(_contacts(list_id) + "/nope", headers=auth), 404, "not.found")
    assert_error(client.get(_contacts(str(uuid.uuid4())) + "/nope", headers=auth), 404, "not.found")


def test_put_replaces_and_ignores_read_only_fields(client: FlaskClient, auth: dict, app: Flask) -> None:
    list_id = _new_list(client, auth)
    (created,) = _post(
        client, auth, list_id, [{"id": "c1", "data": {"firstName": "A"}, "callable": False}], "?priority=true"
    ).get_json()
    _advance_clock(client, 60)
    body = {
        "id": "other",
        "name": "Ann",
        "data": {"firstName": "Ann", "phone": SEED_PHONE},
        "dateCreated": "2020-01-01T00:00:00.000Z",
        "selfUri": "/elsewhere",
        "configurationOverrides": {"priority": False},
        "callRecords": {"phone": {"lastResult": "x"}},
    }
    response = client.put(created["selfUri"], json=body, headers=auth)
    assert response.status_code == 200
    updated = response.get_json()
    assert updated["id"] == "c1" and updated["selfUri"] == created["selfUri"] and "callRecords" not in updated
    assert updated["dateCreated"] == created["dateCreated"]
    assert updated["configurationOverrides"] == {"priority": True}  # the queue position is kept
    assert updated["data"] == body["data"] and updated["name"] == "Ann"
    assert updated["callable"] is True  # a PUT replaces every writable field
    assert client.get(created["selfUri"], headers=auth).get_json() == updated


def test_put_of_unknown_contact(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    assert_rejected(
        client.put(_contacts(list_id) + "/ghost", json={"data": {}}, headers=auth),
        400,
        "contact.does.not.exist",
        "OUT-CONTACT-PUT-UNKNOWN",
        "contactId",
    )
    assert _total(client, auth, list_id) == 0  # PUT never creates
    assert_error(client.put(_contacts(str(uuid.uuid4())) + "/ghost", json={"data": {}}, headers=auth), 404, "not.found")


def test_put_applies_the_data_rules(strict: tuple, faithful: tuple) -> None:
    for (client, auth), enforced in ((strict, True), (faithful, False)):
        list_id = _new_list(client, auth)
        url = _post(client, auth, list_id, [{"data": {}}]).get_json()[0]["selfUri"]
        response = client.put(url, json={"data": {"phone": "5550109988"}}, headers=auth)
        if enforced:
            assert_rejected(response, 400, "invalid.value", "OUT-CONTACT-E164", "data.phone")
            assert_rejected(
                client.put(url, json={"contactListId": "x", "data": {}}, headers=auth),
                400,
                "invalid.value",
                "OUT-CONTACT-LIST-ID-MISMATCH",
                "contactListId",
            )
        else:
            assert response.status_code == 200
        assert_rejected(
            client.put(url, json={"data": {"zz": "1"}}, headers=auth),
            400,
            "invalid.contact.columns",
            "OUT-CONTACT-UNKNOWN-COLUMNS",
            "data.zz",
        )


def test_delete_one(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    url = _post(client, auth, list_id, [{"data": {}}]).get_json()[0]["selfUri"]
    response = client.delete(url, headers=auth)
    assert response.status_code == 200 and response.get_data() == b""
    assert_error(client.get(url, headers=auth), 404, "not.found")
    assert_error(client.delete(url, headers=auth), 404, "not.found")


# --- DELETE …/contacts?contactIds= and POST …/contacts/bulk -----------------------------------------------------------


def test_delete_by_ids(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, [{"id": f"c{i}", "data": {}} for i in range(6)])
    response = client.delete(_contacts(list_id) + "?contactIds=c0,c1&contactIds=c2&contactIds=unknown", headers=auth)
    assert response.status_code == 200 and response.get_data() == b""  # 200, not 204 (facts §12)
    remaining = [c["id"] for c in _search(client, auth, list_id).get_json()["entities"]]
    assert remaining == ["c3", "c4", "c5"]


@pytest.mark.parametrize("query", ["?contactIds=", "?contactIds=,", "?contactIds=&contactIds="])
def test_delete_without_ids(client: FlaskClient, auth: dict, query: str) -> None:
    list_id = _new_list(client, auth)
    assert_rejected(
        client.delete(_contacts(list_id) + query, headers=auth),
        400,
        "no.contacts.specified",
        "OUT-CONTACTS-DELETE-EMPTY",
        "contactIds",
    )


def test_delete_without_the_parameter(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    assert_rejected(
        client.delete(_contacts(list_id), headers=auth),
        400,
        "no.contacts.specified",
        "OUT-CONTACTS-DELETE-EMPTY",
        "contactIds",
    )


def test_delete_limit(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, [{"id": "keep", "data": {}}])
    ids = ",".join(["keep"] + [f"x{i}" for i in range(250)])
    assert_rejected(
        client.delete(_contacts(list_id) + "?contactIds=" + ids, headers=auth),
        400,
        "too.many.contacts.added",
        "OUT-CONTACTS-DELETE-LIMIT",
        "contactIds",
    )
    assert _total(client, auth, list_id) == 1
    assert client.delete(_contacts(list_id) + "?contactIds=" + ids.rpartition(",")[0], headers=auth).status_code == 200
    assert_error(client.delete(_contacts(str(uuid.uuid4())) + "?contactIds=a", headers=auth), 404, "not.found")


def test_bulk_get_in_request_order(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, [{"id": f"c{i}", "data": {"firstName": str(i)}} for i in range(5)])
    response = client.post(_contacts(list_id) + "/bulk", json=["c3", "ghost", "c0", "c4"], headers=auth)
    assert response.status_code == 200
    assert [c["id"] for c in response.get_json()] == ["c3", "c0", "c4"]
    assert response.get_json()[0]["data"] == {"firstName": "3"}


def test_bulk_get_limit(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    assert_rejected(
        client.post(_contacts(list_id) + "/bulk", json=[f"c{i}" for i in range(51)], headers=auth),
        400,
        "too.many.contacts.requested",
        "OUT-CONTACTS-BULK-GET-LIMIT",
        "body",
    )
    assert client.post(_contacts(list_id) + "/bulk", json=[f"c{i}" for i in range(50)], headers=auth).get_json() == []
    assert_error(client.post(_contacts(str(uuid.uuid4())) + "/bulk", json=["a"], headers=auth), 404, "not.found")


# --- POST …/contacts/search -----------------------------------------------------------------------------------------


def test_search_paging(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, [{"id": f"c{i:02}", "data": {}} for i in range(25)])
    page = _search(client, auth, list_id, pageNumber=3, pageSize=10).get_json()
    assert [c["id"] for c in page["entities"]] == [f"c{i}" for i in range(20, 25)]
    assert (page["total"], page["contactsCount"], page["pageCount"], page["pageSize"]) == (25, 25, 3, 10)
    path = f"{_contacts(list_id)}/search"
    assert (
        page["selfUri"] == f"{path}?pageSize=10&pageNumber=3" and page["firstUri"] == f"{path}?pageSize=10&pageNumber=1"
    )
    assert "nextUri" not in page and page["previousUri"] == f"{path}?pageSize=10&pageNumber=2"
    assert _search(client, auth, list_id, pageSize=500).get_json()["pageSize"] == 100  # clamped
    assert _search(client, auth, list_id, pageNumber=9).get_json()["entities"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pageNumber": 0}, "pageNumber"),
        ({"pageSize": 0}, "pageSize"),
        ({"contactSorts": [{"fieldName": "nope"}]}, "contactSorts[0].fieldName"),
        (
            {"criteria": {"clauses": [{"predicates": [{"column": "nope", "operator": "EQUALS", "value": "1"}]}]}},
            "criteria.clauses[0].predicates[0].column",
        ),
        (
            {"criteria": {"clauses": [{"predicates": [{"column": "age", "value": "1"}]}]}},
            "criteria.clauses[0].predicates[0].operator",
        ),
        (
            {"criteria": {"clauses": [{}, {"predicates": [{"column": "age", "operator": "EQUALS"}]}]}},
            "criteria.clauses[1].predicates[0].value",
        ),
        (
            {
                "criteria": {
                    "clauses": [
                        {
                            "predicates": [
                                {"column": "age", "columnType": "numeric", "operator": "LESS_THAN", "value": "ten"}
                            ]
                        }
                    ]
                }
            },
            "criteria.clauses[0].predicates[0].value",
        ),
        (
            {"criteria": {"clauses": [{"predicates": [{"column": "age", "operator": "BETWEEN"}]}]}},
            "criteria.clauses[0].predicates[0].range",
        ),
        (
            {"criteria": {"clauses": [{"predicates": [{"column": "age", "operator": "IN", "range": {}}]}]}},
            "criteria.clauses[0].predicates[0].range.inSet",
        ),
        (
            {"criteria": {"clauses": [{"predicates": [{"column": "since", "operator": "BEFORE", "value": "soon"}]}]}},
            "criteria.clauses[0].predicates[0].value",
        ),
    ],
)
def test_search_bad_request(client: FlaskClient, auth: dict, body: dict, field: str) -> None:
    list_id = _new_list(client, auth)
    assert_rejected(_search(client, auth, list_id, **body), 400, "invalid.value", None, field)


def test_search_with_an_unknown_filter_id(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    assert_rejected(
        _search(client, auth, list_id, contactListFilterId="f1"),
        400,
        "invalid.value",
        "OUT-FILTER-UNKNOWN",
        "contactListFilterId",
    )


def test_search_unknown_list(client: FlaskClient, auth: dict) -> None:
    assert_error(_search(client, auth, str(uuid.uuid4())), 404, "not.found")


PEOPLE = [
    {"id": "ann", "data": {"firstName": "Ann", "age": "9", "since": "2024-01-01T00:00:00Z", "email": "ann@a.com"}},
    {"id": "bob", "data": {"firstName": "Bob", "age": "10", "since": "2025-06-01T12:00:00Z", "email": "bob@b.org"}},
    {"id": "cy", "data": {"firstName": "Cy", "age": "30", "since": "2026-01-01", "email": "cy@a.com"}},
    {"id": "dee", "data": {"firstName": "Dee", "email": "dee@b.org"}},
]


def _p(column: str, operator: str, value: str | None = None, **extra: Any) -> dict:
    return {"column": column, "operator": operator, **({"value": value} if value is not None else {}), **extra}


NUM = {"columnType": "numeric"}
SEARCH_CASES = [
    ([_p("age", "GREATER_THAN", "9", **NUM)], None, ["bob", "cy"]),
    ([_p("age", "GREATER_THAN", "9")], None, []),  # alphabetic: "10" < "30" < "9"
    ([_p("age", "LESS_THAN_EQUALS", "10", **NUM)], None, ["ann", "bob"]),
    ([_p("age", "GREATER_THAN_EQUALS", "10", **NUM)], None, ["bob", "cy"]),
    ([_p("age", "LESS_THAN", "10", **NUM)], None, ["ann"]),
    ([_p("age", "EQUALS", "10.0", **NUM)], None, ["bob"]),
    ([_p("firstName", "EQUALS", "Cy")], None, ["cy"]),
    ([_p("firstName", "EQUALS", "Cy", inverted=True)], None, ["ann", "bob", "dee"]),
    ([_p("email", "CONTAINS", "@b.")], None, ["bob", "dee"]),
    ([_p("firstName", "BEGINS_WITH", "D")], None, ["dee"]),
    ([_p("email", "ENDS_WITH", ".com")], None, ["ann", "cy"]),
    ([_p("since", "BEFORE", "2025-06-01T12:00:00.000Z")], None, ["ann"]),
    ([_p("since", "AFTER", "2025-01-01")], None, ["bob", "cy"]),
    ([_p("age", "BETWEEN", range={"min": "9", "max": "30", "minInclusive": False}, **NUM)], None, ["bob", "cy"]),
    ([_p("age", "BETWEEN", range={"min": "9", "max": "30", "maxInclusive": False}, **NUM)], None, ["ann", "bob"]),
    ([_p("age", "BETWEEN", range={"min": "10"}, **NUM)], None, ["bob", "cy"]),
    ([_p("firstName", "IN", range={"inSet": ["Ann", "Dee", "Zed"]})], None, ["ann", "dee"]),
    ([_p("age", "IN", range={"inSet": ["30.0", "9"]}, **NUM)], None, ["ann", "cy"]),
    ([_p("email", "ENDS_WITH", ".com"), _p("age", "GREATER_THAN", "20", **NUM)], "AND", ["cy"]),
    ([_p("firstName", "EQUALS", "Ann"), _p("firstName", "EQUALS", "Dee")], "OR", ["ann", "dee"]),
]


@pytest.mark.parametrize(("predicates", "filter_type", "expected"), SEARCH_CASES)
def test_search_criteria(
    client: FlaskClient, auth: dict, predicates: list, filter_type: str | None, expected: list[str]
) -> None:
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, PEOPLE)
    clause = {"predicates": predicates, **({"filterType": filter_type} if filter_type else {})}
    page = _search(client, auth, list_id, criteria={"clauses": [clause]}).get_json()
    assert [c["id"] for c in page["entities"]] == expected
    assert page["total"] == page["contactsCount"] == len(expected)


def test_search_clauses_joined_by_criteria_filter_type(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, PEOPLE)
    clauses = [{"predicates": [_p("firstName", "EQUALS", "Ann")]}, {"predicates": [_p("email", "ENDS_WITH", ".org")]}]
    found = _search(client, auth, list_id, criteria={"filterType": "OR", "clauses": clauses}).get_json()
    assert [c["id"] for c in found["entities"]] == ["ann", "bob", "dee"]
    found = _search(client, auth, list_id, criteria={"clauses": clauses}).get_json()  # AND by default
    assert found["total"] == 0


def test_search_sorts(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, PEOPLE + [{"id": "eve", "data": {"firstName": "Ann", "age": "1"}}])

    def ids(*sorts: dict) -> list[str]:
        return [c["id"] for c in _search(client, auth, list_id, contactSorts=list(sorts)).get_json()["entities"]]

    assert ids({"fieldName": "age", "numeric": True}) == ["eve", "ann", "bob", "cy", "dee"]  # no number: last
    assert ids({"fieldName": "age", "numeric": True, "direction": "DESC"}) == ["cy", "bob", "ann", "eve", "dee"]
    assert ids({"fieldName": "age"}) == ["dee", "eve", "bob", "cy", "ann"]  # alphabetic; "" first
    assert ids({"fieldName": "firstName", "direction": "DESC"}, {"fieldName": "age", "numeric": True}) == [
        "dee",
        "cy",
        "bob",
        "eve",
        "ann",
    ]


# --- whole flow and concurrency ---------------------------------------------------------------------------------------


def _batch(prefix: str, start: int, count: int) -> list[dict]:
    return [
        {"id": f"{prefix}{i}", "data": {"firstName": f"n{i}", "phone": f"+1555{i:07d}"}}
        for i in range(start, start + count)
    ]


def test_whole_flow_2500_contacts(client: FlaskClient, auth: dict) -> None:
    list_id = _new_list(client, auth)
    for start, count in ((0, 1000), (1000, 1000), (2000, 500)):
        response = _post(client, auth, list_id, _batch("c", start, count))
        assert response.status_code == 200 and len(response.get_json()) == count
    page = _search(client, auth, list_id, pageNumber=25, pageSize=100).get_json()
    assert page["total"] == page["contactsCount"] == 2500 and page["pageCount"] == 25
    assert page["entities"][-1]["id"] == "c2499"
    assert client.get(f"{LISTS}/{list_id}?includeSize=true", headers=auth).get_json()["size"] == 2500


def _run_threads(app: Flask, work: Callable[[FlaskClient, dict, int], None], count: int = 8) -> None:
    """Run ``work`` in ``count`` threads at once, each with its own test client (they are not thread-safe)."""
    token = get_token(app.test_client())
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(app.test_client(), {"Authorization": f"Bearer {token}"}, n)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def test_concurrent_writers_lose_nothing(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    client, auth = _client(app)
    list_id = _new_list(client, auth)

    def add(worker: FlaskClient, headers: dict, n: int) -> None:
        for start in range(0, 500, 50):
            response = _post(worker, headers, list_id, _batch(f"t{n}-", start, 50))
            assert response.status_code == 200, response.get_json()

    _run_threads(app, add)
    page_ids = [
        c["id"]
        for p in range(1, 41)
        for c in _search(client, auth, list_id, pageNumber=p, pageSize=100).get_json()["entities"]
    ]
    assert len(page_ids) == len(set(page_ids)) == 4000
    assert set(page_ids) == {f"t{n}-{i}" for n in range(8) for i in range(500)}


def test_concurrent_upserts_of_the_same_ids(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    client, auth = _client(app)
    list_id = _new_list(client, auth)

    def upsert(worker: FlaskClient, headers: dict, n: int) -> None:
        for _ in range(5):
            batch = [{"id": f"same{i}", "data": {"firstName": f"w{n}"}} for i in range(100)]
            assert _post(worker, headers, list_id, batch).status_code == 200

    _run_threads(app, upsert)
    page = _search(client, auth, list_id).get_json()
    assert page["total"] == 100
    assert sorted(c["id"] for c in page["entities"]) == sorted(f"same{i}" for i in range(100))


def test_concurrent_writers_never_pass_the_list_limit(make_app: Callable[..., Flask]) -> None:
    app = make_app(outbound={"max_contacts_per_list": 450})
    client, auth = _client(app)
    list_id = _new_list(client, auth)

    def add(worker: FlaskClient, headers: dict, n: int) -> None:
        for start in range(0, 100, 10):
            response = _post(worker, headers, list_id, _batch(f"t{n}-", start, 10))
            assert response.status_code == 200 or response.headers["X-Mock-Rule"] == "OUT-LIST-CONTACT-LIMIT"

    _run_threads(app, add)
    assert _total(client, auth, list_id) == 450  # the limit check and the insert are one step


# --- bad input is a 4xx ErrorBody, never a 500 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("post", "", {"data": {}}),
        ("post", "", [1]),
        ("post", "", [{"data": {"a": 1}}]),
        ("post", "", [{"data": []}]),
        ("post", "", [{"id": 5, "data": {}}]),
        ("post", "/bulk", {"ids": []}),
        ("post", "/bulk", [1]),
        ("post", "/search", []),
        ("post", "/search", {"pageNumber": "x", "pageSize": 1}),
        (
            "post",
            "/search",
            {"pageNumber": 1, "pageSize": 1, "criteria": {"clauses": [{"predicates": [{"operator": "X"}]}]}},
        ),
        ("post", "/search", {"pageNumber": 1, "pageSize": 1, "criteria": {"clauses": [{"predicates": [{}]}]}}),
        ("post", "/search", {"pageNumber": 1, "pageSize": 1, "contactSorts": [{}]}),
        ("put", "/c1", []),
        ("put", "/c1", {"data": None}),
        ("put", "/c1", {}),
    ],
)
def test_bad_input_is_a_4xx(client: FlaskClient, auth: dict, method: str, suffix: str, body: Any) -> None:
    list_id = _new_list(client, auth)
    _post(client, auth, list_id, [{"id": "c1", "data": {}}])
    response = getattr(client, method)(_contacts(list_id) + suffix, json=body, headers=auth)
    assert 400 <= response.status_code < 500, response.get_json()
    assert response.get_json()["status"] == response.status_code


def _advance_clock(client: FlaskClient, seconds: float) -> None:
    """Through the admin API (tests do not reach into the state)."""
    assert client.post("/__mock/clock/advance", json={"seconds": seconds}).status_code == 200
