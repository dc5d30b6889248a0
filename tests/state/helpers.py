"""A state with something of every kind a snapshot must carry, built through the public API."""

from __future__ import annotations

import io
import time
from typing import Any

from flask.testing import FlaskClient

from tests.conftest import PASSWORD, USER, get_token

LISTS = "/api/v2/outbound/contactlists"
EXTERNAL = "/api/v2/externalcontacts/contacts"
CALLS = "/api/v2/conversations/calls"
LIST_BODY = {
    "name": "Spring campaign",
    "columnNames": ["firstName", "phone", "email"],
    "phoneColumns": [{"columnName": "phone", "type": "cell"}],
    "emailColumns": [{"columnName": "email", "type": "work"}],
}


def auth_headers(client: FlaskClient, *, user: bool = False) -> dict[str, str]:
    form = {"grant_type": "password", "username": USER, "password": PASSWORD} if user else {}
    return {"Authorization": f"Bearer {get_token(client, **form)}"}


def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _wait_for_import(client: FlaskClient, headers: dict[str, str], list_id: str, deadline: float = 30.0) -> None:
    give_up = time.monotonic() + deadline
    # Over when FAILED or at 100 percent: a finished import still reads IN_PROGRESS (csv_import.py).
    while (status := _ok(client.get(f"{LISTS}/{list_id}/importstatus", headers=headers)))[
        "state"
    ] != "FAILED" and status["percentComplete"] != 100:
        assert time.monotonic() < give_up, "import still running"
        time.sleep(0.02)


def populate(client: FlaskClient) -> dict[str, str]:
    """Lists (one edited to version 2, one imported from CSV and exported, one failed import), contacts with
    extras and priority, external contacts with identifiers, external ids and custom fields, calls ended and live."""
    headers = auth_headers(client)
    edited = _ok(client.post(LISTS, json=LIST_BODY, headers=headers))
    _ok(client.put(f"{LISTS}/{edited['id']}", json={**LIST_BODY, "name": "Renamed", "version": 1}, headers=headers))
    _ok(
        client.post(
            f"{LISTS}/{edited['id']}/contacts?priority=true",
            headers=headers,
            json=[
                {"data": {"firstName": "Ann", "phone": "+12025550101", "email": "ann@example.com"}, "callable": False},
                {"id": "own-id-1", "data": {"firstName": "Bö", "phone": "+12025550102", "email": ""}},
            ],
        )
    )
    imported = _ok(client.post(LISTS, json={**LIST_BODY, "name": "Imported"}, headers=headers))
    csv = "firstName,phone,email\nCy,+12025550103,cy@example.com\nDi,+12025550104,di@example.com\n"
    form = {"file": (io.BytesIO(csv.encode()), "c.csv"), "id": imported["id"], "fileType": "contactlist"}
    _ok(client.post("/uploads/v2/contactlist", data=form, content_type="multipart/form-data", headers=headers))
    _wait_for_import(client, headers, imported["id"])
    _ok(client.post(f"{LISTS}/{imported['id']}/export", headers=headers))
    failed = _ok(client.post(LISTS, json={**LIST_BODY, "name": "Failed import"}, headers=headers))
    form = {"file": (io.BytesIO(b"wrong,header\n1,2\n"), "c.csv"), "id": failed["id"], "fileType": "contactlist"}
    _ok(client.post("/uploads/v2/contactlist", data=form, content_type="multipart/form-data", headers=headers))
    _wait_for_import(client, headers, failed["id"])
    external = _ok(
        client.post(
            EXTERNAL,
            headers=headers,
            json={
                "firstName": "Eve",
                "workPhone": {"display": "(202) 555-0199"},
                "identifiers": [{"type": "Cookie", "value": "c-1"}],
                "externalIds": [{"externalSource": {"id": "src-1", "name": "CRM"}, "value": "42"}],
                "customFields": {"tier_text": "gold", "score_number": 3.5},
            },
        )
    )
    _ok(client.post(EXTERNAL, headers=headers, json={"lastName": "Plain"}))
    user = auth_headers(client, user=True)
    ended = _ok(client.post(CALLS, json={"phoneNumber": "+13175550120"}, headers=user))
    client.delete(f"/api/v2/conversations/{ended['id']}", headers=user)
    live = _ok(client.post(CALLS, json={"callQueueId": "9b0c1e52-0000-4000-8000-000000000003"}, headers=user))
    return {
        "edited": edited["id"],
        "imported": imported["id"],
        "failed": failed["id"],
        "external": external["id"],
        "ended": ended["id"],
        "live": live["id"],
    }
