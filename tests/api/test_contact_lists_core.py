"""Contact-list CRUD as far as the platform core serves it: server-set fields, versions, paging, 404."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.conftest import assert_error

LISTS = "/api/v2/outbound/contactlists"
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_create_returns_200_with_server_set_fields(client: FlaskClient, auth: dict, contact_list_body: dict) -> None:
    response = client.post(LISTS, json=contact_list_body, headers=auth)
    assert response.status_code == 200  # not 201 (facts §11 g)
    body = response.get_json()
    assert body["version"] == 1 and body["selfUri"] == f"{LISTS}/{body['id']}"
    assert ISO_MS.match(body["dateCreated"]) and body["dateCreated"] == body["dateModified"]
    assert body["trimWhitespace"] is True and body["division"]["name"] == "Home"
    assert "size" not in body and "importStatus" not in body


def test_get_put_delete_round_trip(client: FlaskClient, auth: dict, contact_list_body: dict) -> None:
    created = client.post(LISTS, json=contact_list_body, headers=auth).get_json()
    url = f"{LISTS}/{created['id']}"
    assert client.get(url, headers=auth).get_json() == created
    assert client.get(url + "?includeSize=true", headers=auth).get_json()["size"] == 0

    updated = client.put(url, json={**contact_list_body, "name": "Renamed", "version": 1}, headers=auth)
    assert updated.status_code == 200
    assert updated.get_json()["version"] == 2 and updated.get_json()["name"] == "Renamed"
    assert updated.get_json()["dateCreated"] == created["dateCreated"]

    stale = client.put(url, json={**contact_list_body, "version": 1}, headers=auth)
    assert_error(stale, 409, "invalid.update.wrong.version")
    assert client.get(url, headers=auth).get_json()["name"] == "Renamed"  # a rejected PUT changes nothing

    response = client.delete(url, headers=auth)
    assert response.status_code == 200 and response.get_data() == b""
    assert_error(client.get(url, headers=auth), 404, "not.found")
    assert_error(client.delete(url, headers=auth), 404, "not.found")
    assert_error(client.put(url, json={**contact_list_body, "version": 2}, headers=auth), 404, "not.found")


def test_server_set_fields_in_a_body_are_ignored_in_faithful(make_app, contact_list_body: dict) -> None:
    from tests.conftest import get_token

    client = make_app(profile="faithful").test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    response = client.post(LISTS, json={**contact_list_body, "id": "mine", "version": 7, "size": 3}, headers=auth)
    body = response.get_json()
    assert body["id"] != "mine" and body["version"] == 1 and "size" not in body


def test_paging_envelope(client: FlaskClient, auth: dict, contact_list_body: dict) -> None:
    for n in range(5):
        client.post(LISTS, json={**contact_list_body, "name": f"list {n}"}, headers=auth)
    page = client.get(LISTS + "?pageSize=2&pageNumber=2", headers=auth).get_json()
    assert [e["name"] for e in page["entities"]] == ["list 2", "list 3"]
    assert (page["total"], page["pageCount"], page["pageSize"], page["pageNumber"]) == (5, 3, 2, 2)
    assert page["selfUri"] == f"{LISTS}?pageSize=2&pageNumber=2"
    assert page["nextUri"] == f"{LISTS}?pageSize=2&pageNumber=3"
    assert page["previousUri"] == f"{LISTS}?pageSize=2&pageNumber=1"
    last = client.get(LISTS + "?pageSize=2&pageNumber=3", headers=auth).get_json()
    assert "nextUri" not in last and len(last["entities"]) == 1
    assert client.get(LISTS + "?pageSize=500", headers=auth).get_json()["pageSize"] == 100  # honoured maximum


def test_empty_success_response_has_no_content_type(client: FlaskClient, auth: dict, contact_list_body: dict) -> None:
    created = client.post(LISTS, json=contact_list_body, headers=auth).get_json()
    response = client.delete(f"{LISTS}/{created['id']}", headers=auth)
    assert response.status_code == 200 and "Content-Type" not in response.headers
