"""Presigned upload (facts §7.2): POST …/contactlists/uploads -> PUT the file to the URL -> the CSV import.

Also the DNC twin's URL, the rules of the URL request and of the PUT (expiry on the mock's clock, the signed
Content-Type, the size limit), and tenants named by the URL.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.test_outbound_upload import GOOD, create_list, data_of, wait_for_import
from tests.conftest import assert_error, assert_rejected, get_token

LISTS = "/api/v2/outbound/contactlists"
URLS = LISTS + "/uploads"


def upload_url(client: FlaskClient, auth: dict, list_id: str, **extra: Any) -> dict[str, Any]:
    response = client.post(URLS, json={"contentType": "text/csv", "id": list_id, **extra}, headers=auth)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def put_file(client: FlaskClient, answer: dict[str, Any], content: str | bytes, **headers: str) -> Any:
    parts = urlsplit(answer["url"])
    data = content.encode() if isinstance(content, str) else content
    return client.put(
        f"{parts.path}?{parts.query}" if parts.query else parts.path,
        data=data,
        headers={**answer["headers"], **headers},
    )


@pytest.fixture
def frozen(make_app: Any) -> Flask:
    return make_app(clock={"mode": "frozen"})


def test_upload_url_then_put_imports_the_file(
    client: FlaskClient, app: Flask, auth: dict, contact_list_body: dict
) -> None:
    list_id = create_list(client, auth, contact_list_body)
    answer = upload_url(client, auth, list_id)
    assert set(answer) == {"url", "uploadKey", "headers"}
    assert answer["headers"] == {"Content-Type": "text/csv"}
    assert answer["uploadKey"].startswith(f"contactlist/{list_id}/") and answer["uploadKey"].endswith(".csv")
    assert urlsplit(answer["url"]).path.startswith("/presigned-uploads/")

    response = put_file(client, answer, GOOD)  # no bearer token: the URL is the credential
    assert response.status_code == 200, response.get_json()
    assert response.headers["ETag"] == f'"{hashlib.md5(GOOD.encode()).hexdigest()}"'
    status = wait_for_import(client, auth, list_id)
    assert status == {"state": "IN_PROGRESS", "totalRecords": 2, "completedRecords": 2, "percentComplete": 100}
    assert sorted(d["firstName"] for d in data_of(app, list_id)) == ["Ann", "Bob"]


def test_contact_id_name_and_the_import_rules_carry_over(
    client: FlaskClient, app: Flask, auth: dict, contact_list_body: dict
) -> None:
    list_id = create_list(client, auth, contact_list_body, columnNames=["id", "firstName", "phone", "email"])
    first = "id,firstName,phone,email\nc-1,Ann,+12025550101,a@example.com\n"
    assert put_file(client, upload_url(client, auth, list_id, contactIdName="id"), first).status_code == 200
    wait_for_import(client, auth, list_id)
    again = "id,firstName,phone,email\nc-1,Anna,+12025550101,a@example.com\n"
    assert put_file(client, upload_url(client, auth, list_id, contactIdName="id"), again).status_code == 200
    wait_for_import(client, auth, list_id)
    assert data_of(app, list_id) == [
        {"id": "c-1", "firstName": "Anna", "phone": "+12025550101", "email": "a@example.com"}
    ]  # upserted by the id column, not duplicated

    bad = "firstName,phone,email\nCid,not-a-number,c@example.com\n"
    assert put_file(client, upload_url(client, auth, list_id), bad).status_code == 200
    status = wait_for_import(client, auth, list_id)
    assert status["state"] == "FAILED" and status["failureReason"].startswith("Row 2:")  # OUT-IMPORT-ROW
    assert len(data_of(app, list_id)) == 1


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        ({"contentType": "application/pdf"}, "contentType", "OUT-PRESIGN-CONTENT-TYPE"),
        ({"contentType": "text/csv", "signedUrlTimeoutSeconds": 0}, "signedUrlTimeoutSeconds", "OUT-PRESIGN-TIMEOUT"),
        (
            {"contentType": "text/csv", "signedUrlTimeoutSeconds": 604801},
            "signedUrlTimeoutSeconds",
            "OUT-PRESIGN-TIMEOUT",
        ),
    ],
)
def test_url_request_rules(
    client: FlaskClient, auth: dict, contact_list_body: dict, body: dict, field: str, rule: str
) -> None:
    list_id = create_list(client, auth, contact_list_body)
    assert_rejected(client.post(URLS, json={"id": list_id, **body}, headers=auth), 400, "invalid.value", rule, field)


def test_url_request_needs_a_known_list(client: FlaskClient, auth: dict) -> None:
    assert_rejected(
        client.post(URLS, json={"contentType": "text/csv"}, headers=auth),
        400,
        "invalid.value",
        "OUT-PRESIGN-TARGET",
        "id",
    )
    assert_error(client.post(URLS, json={"contentType": "text/csv", "id": "nope"}, headers=auth), 404, "not.found")
    assert_error(client.post(URLS, json={"id": "x"}, headers=auth), 400, "constraint.validation")  # no contentType


def test_url_needs_the_upload_permission(make_app: Any) -> None:
    app = make_app(clients=[{"client_id": "no-upload", "client_secret": "s", "permissions": ["outbound:*:view"]}])
    client = app.test_client()
    token = get_token(client, client_id="no-upload", client_secret="s")
    response = client.post(
        URLS, json={"contentType": "text/csv", "id": "x"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert_error(response, 403, "missing.any.permissions")


def test_url_expires_on_the_mock_clock(frozen: Flask, contact_list_body: dict) -> None:
    client = frozen.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    list_id = create_list(client, auth, contact_list_body)
    answer = upload_url(client, auth, list_id, signedUrlTimeoutSeconds=60)
    assert client.post("/__mock/clock/advance", json={"seconds": 59}).status_code == 200
    assert put_file(client, answer, GOOD).status_code == 200
    wait_for_import(client, auth, list_id)
    assert client.post("/__mock/clock/advance", json={"seconds": 1}).status_code == 200
    assert_rejected(put_file(client, answer, GOOD), 403, "access.denied", "OUT-PRESIGN-EXPIRED", None)
    default = upload_url(client, auth, list_id)  # 600 s without signedUrlTimeoutSeconds
    assert client.post("/__mock/clock/advance", json={"seconds": 600}).status_code == 200
    assert_rejected(put_file(client, default, GOOD), 403, "access.denied", "OUT-PRESIGN-EXPIRED", None)


def test_put_must_send_the_signed_content_type(client: FlaskClient, auth: dict, contact_list_body: dict) -> None:
    list_id = create_list(client, auth, contact_list_body)
    answer = upload_url(client, auth, list_id)
    response = put_file(client, answer, GOOD, **{"Content-Type": "application/octet-stream"})
    assert_rejected(response, 403, "access.denied", "OUT-PRESIGN-HEADERS", None)
    assert_error(client.put("/presigned-uploads/unknown", data=GOOD, headers=answer["headers"]), 404, "not.found")


def test_put_obeys_the_upload_size_rule(make_app: Any, contact_list_body: dict) -> None:
    app = make_app(outbound={"upload_max_bytes": 64})
    client = app.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    list_id = create_list(client, auth, contact_list_body)
    response = put_file(client, upload_url(client, auth, list_id), GOOD + "Cid,+12025550103,c@example.com\n" * 3)
    assert_rejected(response, 413, "request.entity.too.large", "OUT-UPLOAD-SIZE", None)


def test_a_second_put_while_importing_is_refused(make_app: Any, contact_list_body: dict) -> None:
    app = make_app(outbound={"import_rows_per_second": 20})
    client = app.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    list_id = create_list(client, auth, contact_list_body)
    answer = upload_url(client, auth, list_id)
    assert put_file(client, answer, GOOD).status_code == 200
    assert_rejected(
        put_file(client, answer, GOOD), 400, "contact.list.import.in.progress", "OUT-UPLOAD-IMPORTING", None
    )
    wait_for_import(client, auth, list_id)


def test_url_of_another_tenant_names_it(client: FlaskClient, contact_list_body: dict) -> None:
    tenant = {"X-Mock-Tenant": "team-b"}
    auth = {"Authorization": f"Bearer {get_token(client)}", **tenant}
    list_id = create_list(client, auth, contact_list_body)
    answer = upload_url(client, auth, list_id)
    assert urlsplit(answer["url"]).query == "tenant=team-b"
    assert put_file(client, answer, GOOD).status_code == 200  # no tenant header: the URL names it
    assert wait_for_import(client, auth, list_id)["completedRecords"] == 2
    parts = urlsplit(answer["url"])
    assert_error(client.put(parts.path, data=GOOD, headers=answer["headers"]), 404, "not.found")


def test_dnc_list_upload_url(client: FlaskClient, auth: dict) -> None:
    dnc = client.post(
        "/api/v2/outbound/dnclists",
        json={"name": "No calls", "dncSourceType": "rds", "contactMethod": "Phone"},
        headers=auth,
    )
    assert dnc.status_code == 200, dnc.get_json()
    dnc_id = dnc.get_json()["id"]
    body = {"contentType": "text/csv", "id": dnc_id, "phoneColumns": "phone"}
    answer = client.post("/api/v2/outbound/dnclists/uploads", json=body, headers=auth)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["uploadKey"].startswith(f"dnclist/{dnc_id}/")
    assert put_file(client, answer.get_json(), "phone\n+13175550101\n+13175550102\n").status_code == 200
    status = client.get(f"/api/v2/outbound/dnclists/{dnc_id}/importstatus", headers=auth).get_json()
    assert (status["state"], status["completedRecords"], status["percentComplete"]) == ("IN_PROGRESS", 2, 100), status
    missing = client.post("/api/v2/outbound/dnclists/uploads", json={**body, "id": "nope"}, headers=auth)
    assert_error(missing, 404, "not.found")
    assert_error(
        client.post("/api/v2/outbound/dnclists/uploads", json={"contentType": "text/csv"}, headers=auth),
        400,
        "constraint.validation",
    )  # id is required for DNC lists
