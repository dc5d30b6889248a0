"""Issue 3's whole flow: create a list, add 2,500 contacts in three requests, upload a CSV, wait for the import,
search, export, download the CSV, delete the list — with exact counts at every step."""

from __future__ import annotations

import csv
import io
import time

from flask.testing import FlaskClient

from tests.conftest import assert_error

LISTS = "/api/v2/outbound/contactlists"


def _size(client: FlaskClient, auth: dict, list_id: str) -> int:
    return client.get(f"{LISTS}/{list_id}?includeSize=true", headers=auth).get_json()["size"]


def _searched(client: FlaskClient, auth: dict, list_id: str) -> int:
    response = client.post(f"{LISTS}/{list_id}/contacts/search", json={"pageNumber": 1, "pageSize": 1}, headers=auth)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["total"]


def test_whole_outbound_flow(client: FlaskClient, auth: dict) -> None:
    body = {
        "name": "Flow",
        "columnNames": ["firstName", "phone", "email"],
        "phoneColumns": [{"columnName": "phone", "type": "cell"}],
        "emailColumns": [{"columnName": "email", "type": "work"}],
    }
    created = client.post(LISTS, json=body, headers=auth)
    assert created.status_code == 200
    list_id = created.get_json()["id"]
    assert _size(client, auth, list_id) == 0

    added = 0
    for batch in (1000, 1000, 500):
        contacts = [
            {
                "data": {
                    "firstName": f"N{added + i}",
                    "phone": f"+1202555{(added + i) % 10000:04d}",
                    "email": f"n{added + i}@example.com",
                }
            }
            for i in range(batch)
        ]
        response = client.post(f"{LISTS}/{list_id}/contacts", json=contacts, headers=auth)
        assert response.status_code == 200 and len(response.get_json()) == batch
        added += batch
        assert _size(client, auth, list_id) == added == _searched(client, auth, list_id)
    assert added == 2500

    rows = "".join(f"C{i},+1303555{i:04d},c{i}@example.com\n" for i in range(300))
    upload = client.post(
        "/uploads/v2/contactlist",
        headers=auth,
        content_type="multipart/form-data",
        data={
            "file": (io.BytesIO(("firstName,phone,email\n" + rows).encode()), "more.csv"),
            "id": list_id,
            "fileType": "contactlist",
        },
    )
    assert upload.status_code == 200
    deadline = time.monotonic() + 30
    while True:
        status = client.get(f"{LISTS}/{list_id}/importstatus", headers=auth).get_json()
        if status["state"] == "FAILED" or status["percentComplete"] == 100:
            break
        assert time.monotonic() < deadline, status
        time.sleep(0.02)
    assert status == {"state": "IN_PROGRESS", "totalRecords": 300, "completedRecords": 300, "percentComplete": 100}
    assert _size(client, auth, list_id) == 2800 == _searched(client, auth, list_id)
    shown = client.get(f"{LISTS}/{list_id}?includeImportStatus=true", headers=auth).get_json()
    assert shown["importStatus"] == status and "size" not in shown

    found = client.post(
        f"{LISTS}/{list_id}/contacts/search",
        headers=auth,
        json={
            "pageNumber": 1,
            "pageSize": 100,
            "criteria": {
                "filterType": "AND",
                "clauses": [
                    {
                        "filterType": "AND",
                        "predicates": [
                            {"column": "phone", "columnType": "alphabetic", "operator": "BEGINS_WITH", "value": "+1303"}
                        ],
                    }
                ],
            },
        },
    ).get_json()
    assert found["total"] == 300 and len(found["entities"]) == 100 and found["pageCount"] == 3

    assert client.post(f"{LISTS}/{list_id}/export", headers=auth).status_code == 200
    uri = client.get(f"{LISTS}/{list_id}/export", headers=auth).get_json()["uri"]
    download = client.get(uri)
    assert download.status_code == 200 and download.mimetype == "text/csv"
    exported = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert len(exported) == 2800
    assert len({row["inin-outbound-id"] for row in exported}) == 2800
    assert sum(row["phone"].startswith("+1303") for row in exported) == 300

    assert client.delete(f"{LISTS}/{list_id}", headers=auth).status_code == 200
    assert_error(client.get(f"{LISTS}/{list_id}", headers=auth), 404, "not.found")
    assert client.get(LISTS, headers=auth).get_json()["total"] == 0
