"""Contact-list rules of facts §5.5 and seed 001, filters and bulk routes (issue 3)."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import assert_error, assert_rejected, get_token

LISTS = "/api/v2/outbound/contactlists"


def _client(app: Flask) -> tuple[FlaskClient, dict[str, str]]:
    client = app.test_client()
    return client, {"Authorization": f"Bearer {get_token(client)}"}


def _with(body: dict, **changes: Any) -> dict:
    return {**body, **changes}


CREATE_CASES: list[tuple[str, Callable[[dict], dict], str, str | None]] = [
    ("OUT-LIST-NAME-BLANK", lambda b: _with(b, name="   "), "name.cannot.be.blank", "name"),
    ("OUT-LIST-NAME-BLANK", lambda b: {k: v for k, v in b.items() if k != "name"}, "name.cannot.be.blank", "name"),
    ("OUT-LIST-NAME-LENGTH", lambda b: _with(b, name="x" * 65), "name.length.exceeded", "name"),
    (
        "OUT-LIST-NO-COLUMNS",
        lambda b: _with(b, columnNames=[], phoneColumns=[], emailColumns=[]),
        "no.contact.columns.defined",
        "columnNames",
    ),
    (
        "OUT-LIST-DUPLICATE-COLUMNS",
        lambda b: _with(b, columnNames=["phone", "phone", "email"]),
        "not.unique.contact.columns",
        "columnNames",
    ),
    (
        "OUT-LIST-COLUMN-LIMIT",
        lambda b: _with(b, columnNames=[f"c{i}" for i in range(49)] + ["phone", "email"]),
        "contact.columns.limit.exceeded",
        "columnNames",
    ),
    (
        "OUT-LIST-COLUMN-NAME-LENGTH",
        lambda b: _with(b, columnNames=["phone", "email", "y" * 129]),
        "invalid.value",
        "columnNames",
    ),
    (
        "OUT-LIST-PHONE-COLUMN-UNKNOWN",
        lambda b: _with(b, phoneColumns=[{"columnName": "mobile", "type": "cell"}]),
        "invalid.contact.phone.column",
        "phoneColumns[0].columnName",
    ),
    (
        "OUT-LIST-DUPLICATE-PHONE-COLUMNS",
        lambda b: _with(
            b, phoneColumns=[{"columnName": "phone", "type": "cell"}, {"columnName": "phone", "type": "home"}]
        ),
        "not.unique.phone.columns",
        "phoneColumns[1].columnName",
    ),
    (
        "OUT-LIST-SYSTEM-COLUMN",
        lambda b: _with(
            b, columnNames=["Callable-phone", "email"], phoneColumns=[{"columnName": "Callable-phone", "type": "cell"}]
        ),
        "system.column.phone.column",
        "phoneColumns[0].columnName",
    ),
    (
        "OUT-LIST-EMAIL-COLUMN-UNKNOWN",
        lambda b: _with(b, emailColumns=[{"columnName": "mail", "type": "work"}]),
        "invalid.value",
        "emailColumns[0].columnName",
    ),
    (
        "OUT-LIST-ZIP-WITHOUT-ATZM",
        lambda b: _with(b, columnNames=["phone", "email", "zip"], zipCodeColumnName="zip"),
        "cannot.have.zip.code.column.without.automatic.time.zone.mapping",
        "zipCodeColumnName",
    ),
    (
        "OUT-LIST-ZIP-COLUMN-UNKNOWN",
        lambda b: _with(b, automaticTimeZoneMapping=True, zipCodeColumnName="zip"),
        "invalid.zip.code.column",
        "zipCodeColumnName",
    ),
    (
        "OUT-LIST-CALLABLE-TIME-WITH-ATZM",
        lambda b: _with(
            b,
            automaticTimeZoneMapping=True,
            phoneColumns=[{"columnName": "phone", "type": "cell", "callableTimeColumn": "email"}],
        ),
        "cannot.have.callable.time.column.with.automatic.time.zone.mapping",
        "phoneColumns[0].callableTimeColumn",
    ),
]


@pytest.mark.parametrize(
    ("rule", "change", "code", "field"), CREATE_CASES, ids=[c[0] + str(i) for i, c in enumerate(CREATE_CASES)]
)
@pytest.mark.parametrize("profile", ["strict", "faithful"])
def test_create_rule(
    make_app, contact_list_body: dict, profile: str, rule: str, change, code: str, field: str | None
) -> None:
    client, auth = _client(make_app(profile=profile))
    assert_rejected(client.post(LISTS, json=change(dict(contact_list_body)), headers=auth), 400, code, rule, field)
    assert client.get(LISTS, headers=auth).get_json()["total"] == 0  # nothing was stored


def test_the_limits_themselves_are_allowed(client: FlaskClient, auth: dict, contact_list_body: dict) -> None:
    body = _with(contact_list_body, name="n" * 64, columnNames=[f"c{i}" for i in range(48)] + ["phone", "email"])
    assert client.post(LISTS, json=body, headers=auth).status_code == 200


def test_duplicate_name(client: FlaskClient, auth: dict, contact_list_body: dict) -> None:
    assert client.post(LISTS, json=contact_list_body, headers=auth).status_code == 200
    assert_rejected(
        client.post(LISTS, json=contact_list_body, headers=auth),
        400,
        "duplicate.name",
        "OUT-LIST-NAME-DUPLICATE",
        "name",
    )


def test_max_contact_lists(make_app, contact_list_body: dict) -> None:
    client, auth = _client(make_app(outbound={"max_contact_lists": 2}))
    for n in range(2):
        assert client.post(LISTS, json=_with(contact_list_body, name=f"l{n}"), headers=auth).status_code == 200
    assert_rejected(
        client.post(LISTS, json=_with(contact_list_body, name="third"), headers=auth),
        400,
        "max.entity.count.reached",
        "OUT-LIST-MAX-LISTS",
        None,
    )


@pytest.mark.parametrize(
    "field", ["id", "contactListId", "selfUri", "dateCreated", "dateModified", "size", "importStatus"]
)
def test_seed_001_read_only_fields_on_create(make_app, contact_list_body: dict, field: str) -> None:
    value: Any = {
        "id": "7f9c…",
        "contactListId": "7f9c5f1e-0000-4000-8000-000000000000",
        "selfUri": "/x",
        "dateCreated": "2024-01-01T00:00:00.000Z",
        "dateModified": "2024-01-01T00:00:00.000Z",
        "size": 3,
        "importStatus": {"state": "IN_PROGRESS"},
    }[field]
    strict, strict_auth = _client(make_app())
    response = strict.post(LISTS, json=_with(contact_list_body, **{field: value}), headers=strict_auth)
    body = assert_rejected(response, 400, "invalid.value", "OUT-LIST-READ-ONLY-FIELD", field)
    assert field in response.headers["X-Mock-Hint"]
    assert f"[{field}]" in body["message"]

    faithful, faithful_auth = _client(make_app(profile="faithful"))
    response = faithful.post(LISTS, json=_with(contact_list_body, **{field: value}), headers=faithful_auth)
    if field == "contactListId":  # not a ContactList property at all
        assert_error(response, 400, "invalid.property")
    else:
        assert response.status_code == 200 and response.get_json().get(field) != value


def test_read_only_fields_on_put_are_ignored_even_in_strict(
    client: FlaskClient, auth: dict, contact_list_body: dict
) -> None:
    created = client.post(LISTS, json=contact_list_body, headers=auth).get_json()
    # The usual GET-modify-PUT round trip sends every read-only field back.
    response = client.put(f"{LISTS}/{created['id']}", json={**created, "name": "renamed"}, headers=auth)
    assert response.status_code == 200 and response.get_json()["version"] == 2


@pytest.mark.parametrize(
    ("payload", "unknown"),
    [
        (
            {
                "name": "Test",
                "description": "x",
                "columns": [{"name": "phone", "type": "Phone", "label": "Phone"}],
                "contacts": [{"phone": "+15550109988"}],
            },
            "description",
        ),
        ({"name": "Test", "status": "ACTIVE", "columnDefinitions": [{"name": "phone", "type": "phone"}]}, "status"),
    ],
    ids=["seed-000", "seed-001"],
)
def test_seed_payload_shapes_get_the_real_error_and_a_hint(
    client: FlaskClient, auth: dict, payload: dict, unknown: str
) -> None:
    response = client.post(LISTS, json=payload, headers=auth)
    body = assert_error(response, 400, "invalid.property")
    assert body["details"][0]["fieldName"] == unknown
    assert response.headers["X-Mock-Hint"]


def test_seed_000_hint_leads_with_the_fix_that_matters(client: FlaskClient, auth: dict) -> None:
    """Seed 000's payload: the real error names description (the first unknown property), but the fix that makes
    the list work is columns -> columnNames + phoneColumns; the hint says that first, then the rest."""
    payload = {
        "name": "Test",
        "description": "Created via API Tutorial",
        "columns": [{"name": "phone", "type": "Phone", "label": "Phone Number"}],
        "contacts": [{"phone": "+15550109988"}],
    }
    response = client.post(LISTS, json=payload, headers=auth)
    assert assert_error(response, 400, "invalid.property")["details"][0]["fieldName"] == "description"
    hint = response.headers["X-Mock-Hint"]
    assert hint.startswith("columns: use columnNames") and "phoneColumns" in hint.split(";")[0]
    assert hint.index("columns:") < hint.index("contacts:") < hint.index("description:")


def test_put_rules(client: FlaskClient, auth: dict, contact_list_body: dict) -> None:
    created = client.post(LISTS, json=contact_list_body, headers=auth).get_json()
    url = f"{LISTS}/{created['id']}"
    assert_rejected(
        client.put(url, json=contact_list_body, headers=auth),
        409,
        "invalid.update.wrong.version",
        "OUT-LIST-VERSION",
        "version",
    )
    assert_rejected(
        client.put(url, json=_with(contact_list_body, version=1, automaticTimeZoneMapping=True), headers=auth),
        400,
        "cannot.edit.automatic.time.zone.mapping.settings",
        "OUT-LIST-EDIT-ATZM",
        "automaticTimeZoneMapping",
    )
    other = client.post(LISTS, json=_with(contact_list_body, name="other"), headers=auth).get_json()
    assert_rejected(
        client.put(url, json=_with(contact_list_body, version=1, name="other"), headers=auth),
        400,
        "duplicate.name",
        "OUT-LIST-NAME-DUPLICATE",
        "name",
    )
    assert client.put(url, json=_with(contact_list_body, version=1), headers=auth).status_code == 200  # own name
    assert other["version"] == 1


def test_name_filters_sorting_and_ids(client: FlaskClient, auth: dict, contact_list_body: dict) -> None:
    ids = {}
    for name in ("Alpha one", "alpha two", "Beta", "Gamma alpha"):
        ids[name] = client.post(LISTS, json=_with(contact_list_body, name=name), headers=auth).get_json()["id"]

    def names(query: str) -> list[str]:
        response = client.get(LISTS + query, headers=auth)
        assert response.status_code == 200, response.get_json()
        return [e["name"] for e in response.get_json()["entities"]]

    assert names("?name=alpha") == ["Alpha one", "alpha two"]  # Prefix is the default, case-insensitive
    assert names("?name=alpha&filterType=Contains") == ["Alpha one", "alpha two", "Gamma alpha"]
    assert names("?name=beta&filterType=Equals") == ["Beta"]
    assert names("?name=^(beta|gamma)&filterType=RegEx") == ["Beta", "Gamma alpha"]
    assert names("?name=alpha&filterType=EndsWith") == ["Gamma alpha"]
    assert names("?sortBy=name&sortOrder=descending") == ["Gamma alpha", "Beta", "alpha two", "Alpha one"]
    assert names(f"?id={ids['Beta']}&id={ids['Alpha one']}") == ["Alpha one", "Beta"]
    assert names(f"?id={ids['Beta']},{ids['Alpha one']}") == ["Alpha one", "Beta"]  # the SDK's comma-joined form
    assert_error(client.get(LISTS + "?name=(&filterType=RegEx", headers=auth), 400, "invalid.query.param.value")
    too_many = ",".join(f"id{i}" for i in range(101))
    assert_rejected(
        client.get(f"{LISTS}?id={too_many}", headers=auth),
        400,
        "too.many.bulk.retrieves",
        "OUT-LIST-BULK-GET-LIMIT",
        "id",
    )


def test_bulk_delete_and_clear(client: FlaskClient, auth: dict, contact_list_body: dict) -> None:
    a = client.post(LISTS, json=_with(contact_list_body, name="a"), headers=auth).get_json()["id"]
    b = client.post(LISTS, json=_with(contact_list_body, name="b"), headers=auth).get_json()["id"]
    c = client.post(LISTS, json=_with(contact_list_body, name="c"), headers=auth).get_json()["id"]
    response = client.delete(f"{LISTS}?id={a},{b}&id=unknown", headers=auth)
    assert response.status_code == 204 and response.get_data() == b""
    assert [e["id"] for e in client.get(LISTS, headers=auth).get_json()["entities"]] == [c]
    too_many = ",".join(f"id{i}" for i in range(101))
    assert_rejected(
        client.delete(f"{LISTS}?id={too_many}", headers=auth),
        400,
        "too.many.deletes",
        "OUT-LIST-BULK-DELETE-LIMIT",
        "id",
    )
    assert client.post(f"{LISTS}/{c}/clear", headers=auth).status_code == 204
    assert_error(client.post(f"{LISTS}/unknown/clear", headers=auth), 404, "not.found")


def test_bulk_delete_needs_the_id_parameter(client: FlaskClient, auth: dict) -> None:
    body = assert_error(client.delete(LISTS, headers=auth), 400, "invalid.query.param.value")
    assert body["messageParams"]["parameter"] == "id"


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("0003-02-20T04:28:50Z", "0003-02-20T04:28:50.000Z"),  # strftime("%Y") gave "3-02-20…"
        ("0001-01-01T00:00:00+16:33", "0001-01-01T00:00:00.000Z"),  # no UTC instant in year 1: was a 500
        ("9999-12-31T23:59:59-05:00", "9999-12-31T23:59:59.999Z"),  # nor in year 9999: was a 500
        ("2031-06-30T12:00:00+02:00", "2031-06-30T10:00:00.000Z"),
    ],
)
def test_dates_are_echoed_as_valid_utc_date_times(
    client: FlaskClient, auth: dict, contact_list_body: dict, sent: str, shown: str
) -> None:
    """Found by the contract suite: the answer must stay an RFC 3339 date-time, whatever date was sent."""
    response = client.post(LISTS, json=_with(contact_list_body, dateExpiration=sent), headers=auth)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["dateExpiration"] == shown
    fetched = client.get(f"{LISTS}/{response.get_json()['id']}", headers=auth).get_json()
    assert fetched["dateExpiration"] == shown


def test_sort_by_is_a_free_string_and_any_field_filters(
    client: FlaskClient, auth: dict, contact_list_body: dict
) -> None:
    """SDK v269: "Any ContactList field can be used as a query parameter to filter results … filter type prefixes
    inline"; OutboundApi.md: sortBy is a free string and sortOrder defaults to "a" (ascending)."""
    created = {}
    for index, name in enumerate(("small", "big", "middle")):
        body = _with(contact_list_body, name=name, trimWhitespace=index != 1)
        created[name] = client.post(LISTS, json=body, headers=auth).get_json()
        contacts = [{"data": {"firstName": f"c{i}", "phone": f"+1202555{i:04d}"}} for i in range((1, 5, 3)[index])]
        client.post(f"{LISTS}/{created[name]['id']}/contacts", json=contacts, headers=auth)
        assert client.post("/__mock/clock/advance", json={"seconds": 60}).status_code == 200

    def names(query: str) -> list[str]:
        response = client.get(LISTS + query, headers=auth)
        assert response.status_code == 200, response.get_json()
        return [e["name"] for e in response.get_json()["entities"]]

    assert names("?sortBy=size") == ["small", "middle", "big"]
    assert names("?sortBy=size&sortOrder=descending") == ["big", "middle", "small"]
    assert names("?sortBy=dateCreated") == ["small", "big", "middle"]
    middle_created = created["middle"]["dateCreated"]
    assert names(f"?dateCreated=lessthan:{middle_created}") == ["small", "big"]
    assert names(
        f"?dateCreated=greaterthan:{created['small']['dateCreated']}&dateCreated=lessthan:{middle_created}"
    ) == ["big"]
    assert names(f"?dateCreated={middle_created}") == ["middle"]  # no prefix: equals
    assert names("?trimWhitespace=false") == ["big"]
    assert names("?version=1&name=s") == ["small"]
    assert names("?size=greaterthan:1") == ["big", "middle"]  # a ContactList field, shown or not
    assert names("?size=greaterthan:1&size=lessthan:5&includeSize=true") == ["middle"]
    assert names("?someUnknownParameter=x") == ["small", "big", "middle"]  # not a ContactList field: ignored
    body = assert_error(
        client.get(LISTS + "?dateCreated=greaterthan:yesterday", headers=auth), 400, "invalid.query.param.value"
    )
    assert body["messageParams"]["parameter"] == "dateCreated"
    assert_rejected(
        client.get(LISTS + "?sortBy=colour", headers=auth),
        400,
        "invalid.query.param.value",
        "OUT-LIST-SORT-BY",
        "sortBy",
    )


def test_the_listing_read_by_name_or_page_answers_as_the_full_read(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page filtered and sorted by name or id (or none) reads the name index or just the page (lists.py):
    every combination answers exactly what filtering and sorting every list answers."""
    import itertools

    from mockserver.outbound import lists

    client, headers = _client(make_app(rate_limit={"requests": 100000, "window_seconds": 60}))
    ids = []
    for name in ["b", "A", "c", "aa", "B2", "z", "d1", "d2", "e"]:
        body = {"name": name, "columnNames": ["phone"], "phoneColumns": [{"columnName": "phone", "type": "cell"}]}
        ids.append(client.post(LISTS, json=body, headers=headers).get_json()["id"])
    renamed = client.get(f"{LISTS}/{ids[2]}", headers=headers).get_json()
    assert client.put(f"{LISTS}/{ids[2]}", json={**renamed, "name": "renamed"}, headers=headers).status_code == 200
    fast = lists._list_by_name
    for size, number, order, sort_by, name, by_id in itertools.product(
        [1, 4, 25], [1, 2, 4], [None, "descending"], [None, "name", "id"], [None, "d"], [False, True]
    ):
        query = (
            f"?pageSize={size}&pageNumber={number}&includeSize=true"
            + (f"&sortOrder={order}" if order else "")
            + (f"&sortBy={sort_by}" if sort_by else "")
            + (f"&name={name}" if name else "")
            + ("".join(f"&id={i}" for i in ids[:4]) if by_id else "")
        )
        monkeypatch.setattr(lists, "_list_by_name", fast)
        read_by_name = client.get(LISTS + query, headers=headers)
        monkeypatch.setattr(lists, "_list_by_name", lambda *args: None)
        read_in_full = client.get(LISTS + query, headers=headers)
        assert read_by_name.status_code == read_in_full.status_code == 200
        assert read_by_name.get_json() == read_in_full.get_json(), query
