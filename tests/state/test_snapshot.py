"""GET/PUT /__mock/state: a snapshot round-trips exactly, and a bad document changes nothing."""

from __future__ import annotations

import copy
import json
from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockserver.outbound import snapshot as outbound_snapshot
from tests.conftest import assert_error
from tests.state.helpers import CALLS, EXTERNAL, LISTS, auth_headers, populate


def _export(client: FlaskClient) -> bytes:
    response = client.get("/__mock/state")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_data()


def _views(client: FlaskClient, ids: dict[str, str]) -> list[Any]:
    """What clients see of the state: it must be the same after a restore."""
    headers, user = auth_headers(client), auth_headers(client, user=True)
    paths = [
        f"{LISTS}?includeSize=true&includeImportStatus=true",
        f"{LISTS}/{ids['edited']}/contacts/own-id-1",
        f"{LISTS}/{ids['imported']}/importstatus",
        f"{LISTS}/{ids['failed']}/importstatus",
        f"{LISTS}/{ids['imported']}/export",
        f"{EXTERNAL}/{ids['external']}?expand=identifiers",
        f"{EXTERNAL}?q=Eve",
    ]
    seen = [client.get(path, headers=headers).get_json() for path in paths]
    seen += [client.get(f"{CALLS}/{ids[name]}", headers=user).get_json() for name in ("ended", "live")]
    seen.append(client.get("/api/v2/conversations/calls", headers=user).get_json())
    return seen


def test_export_reset_import_export_is_identical(make_app: Callable[..., Flask]) -> None:
    client = make_app(clock={"mode": "frozen"}).test_client()
    ids = populate(client)
    before, views = _export(client), _views(client, ids)
    areas = json.loads(before)["areas"]
    assert [len(item["contacts"]) for item in areas["outbound"]["contactLists"]] == [2, 2, 0]
    assert areas["outbound"]["contactLists"][0]["contactList"]["version"] == 2
    assert areas["outbound"]["contactLists"][2]["importStatus"]["state"] == "FAILED"
    assert len(areas["outbound"]["exports"]) == 1 and len(areas["externalcontacts"]["contacts"]) == 2
    assert len(areas["conversations"]["calls"]) == 2

    assert client.post("/__mock/reset").status_code == 200
    assert json.loads(_export(client))["areas"]["outbound"]["contactLists"] == []
    response = client.put("/__mock/state", data=before, content_type="application/json")
    assert response.status_code == 200, response.get_json()

    assert _export(client) == before
    assert _views(client, ids) == views


def test_restored_state_is_live_state(make_app: Callable[..., Flask]) -> None:
    """Indexes and versions come back too: a duplicate identifier is still refused, a stale version too."""
    source = make_app().test_client()
    ids = populate(source)
    target = make_app().test_client()
    assert target.put("/__mock/state", data=_export(source), content_type="application/json").status_code == 200
    headers = auth_headers(target)
    duplicate = target.post(EXTERNAL, headers=headers, json={"identifiers": [{"type": "Cookie", "value": "c-1"}]})
    assert duplicate.status_code == 409, duplicate.get_json()
    stale = target.put(
        f"{LISTS}/{ids['edited']}",
        headers=headers,
        json={"name": "Again", "version": 1, "columnNames": ["firstName", "phone", "email"]},
    )
    assert stale.status_code == 409 and stale.get_json()["code"] == "invalid.update.wrong.version"
    download = target.get(f"{LISTS}/{ids['imported']}/export", headers=headers).get_json()["uri"]
    assert "Cy" in target.get(download, headers=headers).get_data(as_text=True)
    name = target.get(f"{LISTS}/{ids['edited']}", headers=headers).get_json()["name"]
    taken = target.post(
        LISTS,
        headers=headers,
        json={"name": name, "columnNames": ["phone"], "phoneColumns": [{"columnName": "phone", "type": "cell"}]},
    )
    assert taken.status_code == 400 and taken.get_json()["code"] == "duplicate.name"  # the name index came back


def _valid_document(client: FlaskClient) -> dict[str, Any]:
    populate(client)
    return json.loads(_export(client))


def _break(document: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return broken


@pytest.mark.parametrize(
    ("path", "value", "reported"),
    [
        (["format"], "other", "format"),
        (["version"], 2, "version"),
        (["areas", "billing"], {}, "areas.billing"),
        (
            ["areas", "outbound", "contactLists", 1, "contacts", 1, "data"],
            {"firstName": 3},
            "areas.outbound.contactLists[1].contacts[1].data.firstName",
        ),
        (
            ["areas", "outbound", "contactLists", 1, "contacts", 0, "dateCreated"],
            "yesterday",
            "areas.outbound.contactLists[1].contacts[0].dateCreated",
        ),
        (
            ["areas", "outbound", "contactLists", 1, "contactList", "columnNames"],
            None,
            "areas.outbound.contactLists[1].contactList.columnNames",
        ),
        (
            ["areas", "outbound", "contactLists", 1, "latestExportId"],
            "missing",
            "areas.outbound.contactLists[1].latestExportId",
        ),
        (
            ["areas", "conversations", "calls", 0, "far_ends", 0, "outcome", "party_type"],
            "gone",
            "areas.conversations.calls[0].far_ends[0].outcome.party_type",
        ),
        (
            ["areas", "externalcontacts", "contacts", 1, "workPhone"],
            "+1 202",
            "areas.externalcontacts.contacts[1].workPhone",
        ),
        (["areas", "externalcontacts", "contacts", 1, "id"], None, "areas.externalcontacts.contacts[1].id"),
    ],
)
def test_bad_document_is_400_naming_the_path_and_changes_nothing(
    make_app: Callable[..., Flask], path: list[Any], value: Any, reported: str
) -> None:
    client = make_app().test_client()
    document = _valid_document(client)
    before = _export(client)
    response = client.put("/__mock/state", json=_break(document, path, value))
    body = assert_error(response, 400, "invalid.value")
    assert body["messageParams"]["path"] == reported, body
    assert body["details"] == [{"errorCode": "invalid.value", "fieldName": reported}]
    assert _export(client) == before


def test_duplicate_ids_are_refused(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    document = _valid_document(client)
    lists = document["areas"]["outbound"]["contactLists"]
    lists[1]["contacts"][1]["id"] = lists[1]["contacts"][0]["id"]
    body = assert_error(client.put("/__mock/state", json=document), 400, "invalid.value")
    assert body["messageParams"]["path"] == "areas.outbound.contactLists[1].contacts[1].id"


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        (b"{", "application/json", 400, "bad.request"),
        (b"[]", "application/json", 400, "invalid.value"),
        (b"format: x", "text/yaml", 415, "unsupported.media.type"),
    ],
)
def test_unreadable_bodies(client: FlaskClient, data: bytes, content_type: str, status: int, code: str) -> None:
    assert_error(client.put("/__mock/state", data=data, content_type=content_type), status, code)


def test_missing_areas_are_empty(client: FlaskClient) -> None:
    populate(client)
    assert client.put("/__mock/state", json={"format": "genesys-mock-state", "version": 1}).status_code == 200
    assert json.loads(_export(client))["areas"] == {
        "outbound": {"contactLists": [], "exports": []},
        "dialer": {"dncLists": [], "filters": [], "campaigns": []},
        "conversations": {"calls": [], "callbacks": []},
        "externalcontacts": {"contacts": [], "organizations": [], "notes": [], "relationships": []},
        "generic": {"collections": [], "singletons": []},
    }


def test_state_routes_are_admin_routes(make_app: Callable[..., Flask]) -> None:
    client = make_app(admin=False).test_client()
    assert_error(client.get("/__mock/state"), 404, "not.found")
    assert_error(client.post("/__mock/seed", json={}), 404, "not.found")


def test_running_import_is_exported_as_failed() -> None:
    """Nothing would finish it after a restore: the document says it failed, and loads as such."""
    from contracts.outbound import ContactList, ImportStatus
    from mockserver.outbound.state import LISTS, ListRecord
    from mockserver.snapshot.document import to_plain
    from mockserver.state import TenantState
    from mockserver.state.memory import MemoryBackend

    source, target = TenantState(MemoryBackend(), "t"), TenantState(MemoryBackend(), "t")
    record = ListRecord(
        ContactList(id="l1", name="x", column_names=["a"]),
        import_status=ImportStatus(state="IN_PROGRESS", completed_records=0),
        import_claim="c",
        import_lease=4e9,
    )
    source.atomic(lambda tx: tx.put(LISTS, "l1", record))
    document = to_plain(outbound_snapshot.dump(source))
    status = document["contactLists"][0]["importStatus"]
    assert status["state"] == "FAILED" and status["failureReason"] == outbound_snapshot.INTERRUPTED
    parsed = outbound_snapshot.parse(document, "areas.outbound")
    target.atomic(lambda tx: outbound_snapshot.install(tx, parsed, replace=True))
    loaded = target.view().get(LISTS, "l1")
    assert loaded.import_claim is None and loaded.import_status.state == "FAILED"


def test_a_state_larger_than_max_body_bytes_can_be_put(make_app: Callable[..., Flask]) -> None:
    """A snapshot is as large as the state; the API's body limit must not cap it (the API itself still is)."""
    source = make_app().test_client()
    populate(source)
    document = _export(source)
    target = make_app(max_body_bytes=1024).test_client()
    assert len(document) > 1024
    assert target.put("/__mock/state", data=document, content_type="application/json").status_code == 200
    assert _export(target) == document
    headers = auth_headers(target)
    too_big = target.post(LISTS, headers=headers, data="x" * 2048, content_type="application/json")
    assert_error(too_big, 413, "request.entity.too.large")
