"""POST /__mock/seed and the generator: realistic, reproducible data that the API then serves."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockserver.seeding import SeedSpec
from mockserver.seeding.calls import Person
from mockserver.seeding.generator import generate
from mockserver.snapshot import parse_state
from tests.conftest import assert_error
from tests.state.helpers import CALLS, EXTERNAL, LISTS, auth_headers

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
AGENT = [Person("agent-id", "Agent")]
SPEC = {"seed": 42, "contactLists": 2, "contactsPerList": 5, "externalContacts": 3, "users": 2, "queues": 2, "calls": 4}
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _generate(**changes: Any) -> dict[str, Any]:
    return generate(SeedSpec.model_validate({**SPEC, **changes}), now=NOW, agents=AGENT).document


def test_same_seed_locale_and_instant_give_identical_documents() -> None:
    assert json.dumps(_generate()) == json.dumps(_generate())
    assert json.dumps(_generate(seed=43)) != json.dumps(_generate())
    german, english = _generate(locale="de_DE"), _generate()
    names = [c["data"]["lastName"] for c in german["areas"]["outbound"]["contactLists"][0]["contacts"]]
    assert names != [c["data"]["lastName"] for c in english["areas"]["outbound"]["contactLists"][0]["contacts"]]


def test_generated_document_is_a_valid_state_with_dates_before_now_and_uuid_ids() -> None:
    document = _generate()
    parse_state(document)  # the same validation as PUT /__mock/state
    lists = document["areas"]["outbound"]["contactLists"]
    contacts = [c for item in lists for c in item["contacts"]]
    assert len(lists) == 2 and len(contacts) == 10
    assert all(UUID4.match(c["id"]) for c in contacts)
    assert all(datetime.fromisoformat(c["dateCreated"]) <= NOW for c in contacts)
    assert all(re.fullmatch(r"\+1\d{3}55501\d\d", c["data"]["phone"]) for c in contacts)  # fictional numbers only
    calls = document["areas"]["conversations"]["calls"]
    assert all(call["ended_at"] <= NOW.timestamp() and call["agent"]["user_id"] == "agent-id" for call in calls)


def test_seeded_users_and_queues_are_what_the_calls_reference() -> None:
    seeded = generate(SeedSpec.model_validate({**SPEC, "calls": 40}), now=NOW, agents=AGENT)
    users = {u["id"] for u in seeded.summary["users"]}
    queues = {q["id"] for q in seeded.summary["queues"]}
    calls = seeded.document["areas"]["conversations"]["calls"]
    assert {call["agent"]["queue_id"] for call in calls} == queues
    called_users = {far["user_id"] for call in calls for far in call["far_ends"] if far["purpose"] == "user"}
    assert called_users and called_users <= users


def test_seed_route_creates_data_the_api_serves(make_app: Callable[..., Flask]) -> None:
    client = make_app(clock={"mode": "frozen"}).test_client()
    response = client.post("/__mock/seed", json=SPEC)
    assert response.status_code == 201, response.get_json()
    summary = response.get_json()
    assert summary["seed"] == 42 and summary["contacts"] == 10 and len(summary["callIds"]) == 4
    headers, user = auth_headers(client), auth_headers(client, user=True)
    listing = client.get(f"{LISTS}?includeSize=true", headers=headers).get_json()
    assert [e["id"] for e in listing["entities"]] == summary["contactListIds"]
    assert [e["size"] for e in listing["entities"]] == [5, 5]
    external = client.get(f"{EXTERNAL}/{summary['externalContactIds'][0]}", headers=headers)
    assert external.status_code == 200 and external.get_json()["cellPhone"]["e164"].startswith("+1")
    call = client.get(f"{CALLS}/{summary['callIds'][0]}", headers=user)
    assert call.status_code == 200, call.get_json()
    assert {p["state"] for p in call.get_json()["participants"]} == {"disconnected"}
    assert client.get(CALLS, headers=user).get_json()["entities"] == []  # history, not active calls


def test_seed_is_reproducible_across_servers_with_the_same_clock(make_app: Callable[..., Flask]) -> None:
    documents = []
    for _ in range(2):
        client = make_app().test_client()
        assert client.post("/__mock/seed", json={**SPEC, "now": "2026-03-01T12:00:00Z"}).status_code == 201
        documents.append(client.get("/__mock/state").get_data())
    assert documents[0] == documents[1]


def test_seeding_adds_to_existing_state(client: FlaskClient) -> None:
    assert client.post("/__mock/seed", json={"seed": 1, "contactLists": 1}).status_code == 201
    assert client.post("/__mock/seed", json={"seed": 2, "contactLists": 2}).status_code == 201
    lists = client.get(LISTS, headers=auth_headers(client)).get_json()
    assert lists["total"] == 3


def test_the_same_seed_twice_is_refused_without_change(client: FlaskClient) -> None:
    assert client.post("/__mock/seed", json={"seed": 1}).status_code == 201
    before = client.get("/__mock/state").get_data()
    body = assert_error(client.post("/__mock/seed", json={"seed": 1}), 400, "invalid.value")
    assert "duplicate" in body["message"]
    assert client.get("/__mock/state").get_data() == before


def test_empty_body_seeds_defaults_with_a_random_seed(client: FlaskClient) -> None:
    response = client.post("/__mock/seed")
    assert response.status_code == 201
    summary = response.get_json()
    assert isinstance(summary["seed"], int) and len(summary["contactListIds"]) == 1 and summary["contacts"] == 25


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"locale": "xx_XX"}, "body.locale"),
        ({"contactLists": 1001}, "body.contactLists"),
        ({"contactsPerList": -1}, "body.contactsPerList"),
        ({"colour": "red"}, "body.colour"),
        ({"contactLists": 2, "contactsPerList": 600_000}, "body"),
    ],
)
def test_bad_seed_bodies_name_the_field(client: FlaskClient, body: dict[str, Any], path: str) -> None:
    assert assert_error(client.post("/__mock/seed", json=body), 400, "invalid.value")["messageParams"]["path"] == path


def test_calls_need_a_login_user(make_app: Callable[..., Flask]) -> None:
    client = make_app(users=[]).test_client()
    body = assert_error(client.post("/__mock/seed", json={"calls": 1}), 400, "invalid.value")
    assert body["messageParams"]["path"] == "calls"


def test_seeded_calls_belong_to_the_configured_user(make_app: Callable[..., Flask]) -> None:
    """The agent of every seeded call is a login user, so that user's token can read them."""
    client = make_app().test_client()
    summary = client.post("/__mock/seed", json={"seed": 5, "calls": 3}).get_json()
    state = json.loads(client.get("/__mock/state").get_data())
    agents = {call["agent"]["name"] for call in state["areas"]["conversations"]["calls"]}
    assert agents == {"Mock Agent"} and len(summary["callIds"]) == 3
