"""Call conversations (facts §8; seeds 002, 003): create rules per profile, the call lifecycle of every reserved
test number on a frozen clock, hang-up by PATCH and DELETE, listings, other users, the seeds' shapes and 404s."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockserver import create_app
from mockserver.settings import Settings
from tests.conftest import ERROR_BODY_KEYS, PASSWORD, USER, assert_error, assert_rejected, get_token

CALLS = "/api/v2/conversations/calls"
CONVERSATIONS = "/api/v2/conversations"
SEED_PHONE = "+15551234567"  # seed 002's example: well-formed E.164 (not a reserved test number)
OTHER_USER, OTHER_PASSWORD = "other@example.com", "other-password"
USERS = [
    {"username": USER, "password": PASSWORD, "name": "Mock Agent"},
    {"username": OTHER_USER, "password": OTHER_PASSWORD, "name": "Other Agent"},
]


class Phone:
    """A test client with a user token, driving the mock's clock through the admin API."""

    def __init__(self, app: Flask, username: str = USER, password: str = PASSWORD) -> None:
        self.app, self.client = app, app.test_client()
        self.headers = {
            "Authorization": "Bearer "
            + get_token(self.client, grant_type="password", username=username, password=password)
        }
        self.elapsed = 0.0

    def as_user(self, username: str, password: str) -> Phone:
        other = Phone(self.app, username, password)
        other.client = self.client
        return other

    def place(self, **body: Any) -> str:
        response = self.client.post(CALLS, json=body, headers=self.headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["id"]

    def advance_to(self, seconds: float) -> None:
        """Move the clock so that ``seconds`` have passed since the phone was created."""
        response = self.client.post("/__mock/clock/advance", json={"seconds": seconds - self.elapsed})
        assert response.status_code == 200, response.get_json()
        self.elapsed = seconds

    def call(self, conversation_id: str) -> dict[str, Any]:
        response = self.client.get(f"{CALLS}/{conversation_id}", headers=self.headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def conversation(self, conversation_id: str) -> dict[str, Any]:
        response = self.client.get(f"{CONVERSATIONS}/{conversation_id}", headers=self.headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def active_ids(self) -> list[str]:
        return [c["id"] for c in self.client.get(CALLS, headers=self.headers).get_json()["entities"]]


def parties(call: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The agent and the (single) far end of a CallConversation."""
    agent, far = call["participants"]
    assert agent["purpose"] == "agent"
    return agent, far


@pytest.fixture
def phone(make_app) -> Phone:
    return Phone(make_app(clock={"mode": "frozen"}))


@pytest.fixture(params=["strict", "faithful"])
def any_profile(request: pytest.FixtureRequest, make_app) -> Phone:
    return Phone(make_app(profile=request.param, clock={"mode": "frozen"}))


# --- user context (facts §2.2, §8.1) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", CALLS), ("GET", CALLS), ("GET", f"{CALLS}/x"), ("PATCH", f"{CALLS}/x"), ("GET", CONVERSATIONS)],
)
def test_client_credentials_get_not_a_user(client: FlaskClient, auth: dict, method: str, path: str) -> None:
    body = {"phoneNumber": SEED_PHONE} if method == "POST" else {"state": "disconnected"}
    response = client.open(path, method=method, json=body if method in ("POST", "PATCH") else None, headers=auth)
    assert_error(response, 400, "not.a.user")


def test_client_credentials_may_read_and_end_any_conversation(phone: Phone) -> None:
    conversation_id = phone.place(phoneNumber=SEED_PHONE)
    machine = {"Authorization": f"Bearer {get_token(phone.client)}"}
    assert phone.client.get(f"{CONVERSATIONS}/{conversation_id}", headers=machine).status_code == 200
    assert phone.client.delete(f"{CONVERSATIONS}/{conversation_id}", headers=machine).status_code == 204


# --- creating a call ------------------------------------------------------------------------------------------


def test_create_returns_200_with_id_and_self_uri(phone: Phone) -> None:
    response = phone.client.post(CALLS, json={"phoneNumber": SEED_PHONE}, headers=phone.headers)
    assert response.status_code == 200
    created = response.get_json()
    uuid.UUID(created["id"])
    assert created == {"id": created["id"], "selfUri": f"{CALLS}/{created['id']}"}
    agent, far = parties(phone.call(created["id"]))
    user_id = agent["user"]["id"]
    assert agent["user"] == {"id": user_id, "selfUri": f"/api/v2/users/{user_id}"} and agent["name"] == "Mock Agent"
    assert far["purpose"] == "external" and far["address"] == f"tel:{SEED_PHONE}" and far["name"] == SEED_PHONE
    assert far["direction"] == "outbound" and far["provider"] == "Edge" and far["attributes"] == {}


def test_calling_on_behalf_of_a_queue_reaches_a_customer(phone: Phone) -> None:
    queue_id = str(uuid.uuid4())
    call = phone.call(
        phone.place(phoneNumber="tel:" + SEED_PHONE, callFromQueueId=queue_id, attributes={"crm": "42"}, uuiData="abc")
    )
    agent, far = parties(call)
    assert far["purpose"] == "customer" and far["attributes"] == {"crm": "42"} and far["uuiData"] == "abc"
    assert agent["queue"] == {"id": queue_id, "selfUri": f"/api/v2/routing/queues/{queue_id}"}


TOO_MANY = [
    ({"phoneNumber": SEED_PHONE, "callUserId": "u1"}, "callUserId"),
    ({"phoneNumber": SEED_PHONE, "participants": [{"address": SEED_PHONE}]}, "participants"),
    ({"callQueueId": "q1", "conversationIds": ["c1"]}, "conversationIds"),
]


@pytest.mark.parametrize(("body", "field"), TOO_MANY)
def test_more_than_one_destination_isassert_rejected(any_profile: Phone, body: dict, field: str) -> None:
    response = any_profile.client.post(CALLS, json=body, headers=any_profile.headers)
    assert_rejected(
        response, 400, "too.many.create.conversation.parameters", "CONV-CREATE-TOO-MANY-DESTINATIONS", field
    )
    assert "X-Mock-Hint" in response.headers
    assert any_profile.active_ids() == []


@pytest.mark.parametrize("body", [{}, {"phoneNumber": "  "}, {"participants": []}, {"callerId": SEED_PHONE}])
def test_no_destination_is_a_constraint_violation(any_profile: Phone, body: dict) -> None:
    response = any_profile.client.post(CALLS, json=body, headers=any_profile.headers)
    assert_rejected(response, 400, "constraint.validation", "CONV-CREATE-NO-DESTINATION", "phoneNumber")
    assert any_profile.active_ids() == []


def test_destination_rules_can_be_switched_off(make_app) -> None:
    phone = Phone(make_app(clock={"mode": "frozen"}, rules={"CONV-CREATE-TOO-MANY-DESTINATIONS": False}))
    agent, far = parties(phone.call(phone.place(phoneNumber=SEED_PHONE, callQueueId="q1")))
    assert far["address"] == f"tel:{SEED_PHONE}"  # the first style wins


BAD_NUMBERS = ["555-123-4567", "15551234567", "+1 555 123 4567", "tel:5551234567", "+999123", "+1555123456789"]


@pytest.mark.parametrize("number", BAD_NUMBERS)
@pytest.mark.parametrize("field", ["phoneNumber", "participants[0].address"])
def test_strict_wants_e164(make_app, number: str, field: str) -> None:
    phone = Phone(make_app(clock={"mode": "frozen"}))
    body = {"phoneNumber": number} if field == "phoneNumber" else {"participants": [{"address": number}]}
    response = phone.client.post(CALLS, json=body, headers=phone.headers)
    error = assert_rejected(response, 400, "invalid.value", "CONV-CREATE-E164", field)
    assert error["messageParams"]["value"] == number and "E.164" in response.headers["X-Mock-Hint"]


@pytest.mark.parametrize("number", [SEED_PHONE, "tel:" + SEED_PHONE, "+442079460958", "+61416275769"])
def test_strict_accepts_well_formed_numbers(phone: Phone, number: str) -> None:
    phone.place(phoneNumber=number)
    phone.place(participants=[{"address": number}])


def test_faithful_dials_anything_and_unroutable_numbers_fail_the_call(make_app) -> None:
    phone = Phone(make_app(profile="faithful", clock={"mode": "frozen"}))
    unroutable = phone.place(phoneNumber="555-123-4567")
    formatted = phone.place(phoneNumber="+1 (212) 555-0105")
    assert parties(phone.call(formatted))[1]["address"] == "tel:+12125550105"
    phone.advance_to(1)
    agent, far = parties(phone.call(unroutable))
    assert (far["state"], far["disconnectType"], agent["disconnectType"]) == ("disconnected", "error", "peer")
    phone.advance_to(5)
    assert parties(phone.call(formatted))[1]["state"] == "connected"


def test_destination_needs_something_to_dial(any_profile: Phone) -> None:
    response = any_profile.client.post(CALLS, json={"participants": [{"name": "Bob"}]}, headers=any_profile.headers)
    body = assert_rejected(response, 400, "constraint.validation", "CONV-DESTINATION-EMPTY", "participants[0].address")
    assert body["message"] == "participants[0].address may not be null"


def test_destinations_by_user_and_queue(make_app) -> None:
    phone = Phone(make_app(clock={"mode": "frozen"}, users=USERS))
    other = phone.as_user(OTHER_USER, OTHER_PASSWORD)
    other_id = parties(other.call(other.place(phoneNumber=SEED_PHONE)))[0]["user"]["id"]
    called = phone.place(callUserId=other_id)
    _, far = parties(phone.call(called))
    assert far["purpose"] == "user" and far["user"]["id"] == other_id and far["name"] == "Other Agent"
    assert called in other.active_ids()  # the called user sees the call too
    queue_id = str(uuid.uuid4())
    _, acd = parties(phone.call(phone.place(callQueueId=queue_id)))
    assert acd["purpose"] == "acd" and acd["queue"]["id"] == queue_id
    conference = phone.call(
        phone.place(participants=[{"address": SEED_PHONE, "name": "Ann"}, {"userId": other_id}, {"queueId": queue_id}])
    )
    assert [p["purpose"] for p in conference["participants"]] == ["agent", "external", "user", "acd"]
    assert conference["participants"][1]["name"] == "Ann"


# --- the lifecycle of every reserved test number (docs/emulated.md) -----------------------------------------------

# (number, [(seconds since placing, agent state, far-end state, far-end disconnectType, agent disconnectType)])
LIFECYCLES: list[tuple[str, list[tuple[float, str, str, str | None, str | None]]]] = [
    (
        "+13175550100",
        [
            (0, "dialing", "dialing", None, None),
            (1, "contacting", "contacting", None, None),
            (2, "connected", "connected", None, None),
            (600, "connected", "connected", None, None),
        ],
    ),
    (
        "+12125550140",
        [
            (0, "dialing", "dialing", None, None),
            (0.9, "dialing", "dialing", None, None),
            (1, "disconnected", "disconnected", "endpoint", "peer"),
        ],
    ),
    (
        "+13125550101",
        [
            (0, "dialing", "dialing", None, None),
            (1, "connected", "connected", None, None),
            (600, "connected", "connected", None, None),
        ],
    ),
    (
        "+14155550105",
        [
            (0.5, "dialing", "dialing", None, None),
            (1, "contacting", "contacting", None, None),
            (4.9, "contacting", "contacting", None, None),
            (5, "connected", "connected", None, None),
            (3600, "connected", "connected", None, None),
        ],
    ),
    ("+12065550109", [(8.9, "contacting", "contacting", None, None), (9, "connected", "connected", None, None)]),
    (
        "+12125550110",
        [
            (1, "contacting", "contacting", None, None),
            (29.9, "contacting", "contacting", None, None),
            (30, "disconnected", "disconnected", "system", "peer"),
        ],
    ),
    (
        "+12125550113",
        [
            (1, "contacting", "contacting", None, None),
            (2, "connected", "connected", None, None),
            (4.9, "connected", "connected", None, None),
            (5, "disconnected", "disconnected", "endpoint", "peer"),
        ],
    ),
    (
        "+12125550120",
        [
            (1, "contacting", "contacting", None, None),
            (3, "connected", "connected", None, None),
            (32.9, "connected", "connected", None, None),
            (33, "disconnected", "disconnected", "endpoint", "peer"),
        ],
    ),
    ("+12125550130", [(0, "dialing", "dialing", None, None), (1, "disconnected", "disconnected", "error", "peer")]),
    (
        "+12125550150",
        [
            (1, "contacting", "contacting", None, None),
            (2, "connected", "connected", None, None),
            (7200, "connected", "connected", None, None),
        ],
    ),
    (
        SEED_PHONE,
        [
            (0, "dialing", "dialing", None, None),
            (1, "contacting", "contacting", None, None),
            (1.9, "contacting", "contacting", None, None),
            (2, "connected", "connected", None, None),
            (36000, "connected", "connected", None, None),
        ],
    ),
]
# The Call leg's disconnectType and Q.850 cause at the end (Conversation view).
LEG_ENDINGS = {
    "+12125550140": ("endpoint", 17),
    "+12125550110": ("timeout", 19),
    "+12125550113": ("endpoint", 16),
    "+12125550120": ("endpoint", 16),
    "+12125550130": ("error", 1),
}


@pytest.mark.parametrize(("number", "steps"), LIFECYCLES, ids=[n for n, _ in LIFECYCLES])
def test_reserved_number_lifecycle(phone: Phone, number: str, steps: list) -> None:
    conversation_id = phone.place(phoneNumber=number)
    for seconds, agent_state, far_state, far_type, agent_type in steps:
        phone.advance_to(seconds)
        agent, far = parties(phone.call(conversation_id))
        assert (agent["state"], far["state"]) == (agent_state, far_state), seconds
        assert (far.get("disconnectType"), agent.get("disconnectType")) == (far_type, agent_type), seconds
        ended = far_state == "disconnected"
        assert ("endTime" in far) is ended and ("connectedTime" in far) is (
            far_state == "connected" or (ended and number in ("+12125550113", "+12125550120"))
        )
        assert (conversation_id in phone.active_ids()) is not ended, seconds
        conversation = phone.conversation(conversation_id)
        assert "state" not in conversation, "Conversation.state never has a value on reads (Conversation.md)"
        assert conversation["participants"][0]["calls"][0]["state"] == agent_state
    if number in LEG_ENDINGS:
        conversation = phone.conversation(conversation_id)
        leg = conversation["participants"][1]["calls"][0]
        assert (leg["disconnectType"], leg["disconnectReasons"][0]["code"]) == LEG_ENDINGS[number]
        assert conversation["endTime"] == conversation["participants"][0]["endTime"]


def test_connected_and_alerting_times_follow_the_timeline(phone: Phone) -> None:
    conversation_id = phone.place(phoneNumber="+14155550105")
    phone.advance_to(10)
    _, far = parties(phone.call(conversation_id))
    conversation = phone.conversation(conversation_id)
    start = conversation["startTime"]
    assert far["startTime"] == start and far["startAlertingTime"][17:23] == _plus(start, 1)
    assert far["connectedTime"][17:23] == _plus(start, 5)
    assert "endTime" not in conversation and conversation["recordingState"] == "NONE"


def _plus(iso: str, seconds: int) -> str:
    """Seconds field ``SS.mmm`` of ``iso`` plus whole seconds (tests stay well inside one minute)."""
    from datetime import datetime, timedelta

    value = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ") + timedelta(seconds=seconds)
    return value.strftime("%S.%f")[:6]


# --- ending calls -------------------------------------------------------------------------------------------------


def test_patch_disconnected_hangs_up(phone: Phone) -> None:
    conversation_id = phone.place(phoneNumber=SEED_PHONE)
    phone.advance_to(3)
    response = phone.client.patch(f"{CALLS}/{conversation_id}", json={"state": "disconnected"}, headers=phone.headers)
    assert response.status_code == 200
    conversation = response.get_json()
    assert "state" not in conversation and "endTime" in conversation
    agent, far = conversation["participants"]
    assert (agent["calls"][0]["disconnectType"], far["calls"][0]["disconnectType"]) == ("client", "peer")
    assert conversation_id not in phone.active_ids()
    agent, far = parties(phone.call(conversation_id))
    assert (agent["disconnectType"], far["disconnectType"]) == ("client", "peer") and "connectedTime" in far
    phone.advance_to(10)
    again = phone.client.patch(f"{CALLS}/{conversation_id}", json={"state": "disconnected"}, headers=phone.headers)
    assert again.status_code == 200 and again.get_json()["endTime"] == conversation["endTime"]


def test_hanging_up_while_it_rings_never_connects(phone: Phone) -> None:
    conversation_id = phone.place(phoneNumber="+14155550105")
    phone.advance_to(2)
    phone.client.patch(f"{CALLS}/{conversation_id}", json={"state": "disconnected"}, headers=phone.headers)
    phone.advance_to(10)
    _, far = parties(phone.call(conversation_id))
    assert far["state"] == "disconnected" and "connectedTime" not in far and "startAlertingTime" in far


@pytest.mark.parametrize("body", [{"state": "connected"}, {"state": "terminated"}, {}, {"name": "x"}])
def test_patch_accepts_only_disconnected(any_profile: Phone, body: dict) -> None:
    conversation_id = any_profile.place(phoneNumber=SEED_PHONE)
    response = any_profile.client.patch(f"{CALLS}/{conversation_id}", json=body, headers=any_profile.headers)
    error = assert_rejected(response, 400, "invalid.value", "CONV-PATCH-STATE", "state")
    assert error["messageParams"]["allowed"] == "disconnected"
    assert conversation_id in any_profile.active_ids()


def test_patch_recording_state(phone: Phone) -> None:
    conversation_id = phone.place(phoneNumber=SEED_PHONE)
    response = phone.client.patch(
        f"{CALLS}/{conversation_id}", json={"recordingState": "ACTIVE"}, headers=phone.headers
    )
    assert response.status_code == 200 and response.get_json()["recordingState"] == "ACTIVE"
    call = phone.call(conversation_id)
    assert call["recordingState"] == "active" and parties(call)[1]["recording"] is True


def test_delete_disconnects_everyone(phone: Phone) -> None:
    conversation_id = phone.place(phoneNumber=SEED_PHONE)
    phone.advance_to(2)
    response = phone.client.delete(f"{CONVERSATIONS}/{conversation_id}", headers=phone.headers)
    assert response.status_code == 204 and response.get_data() == b""
    conversation = phone.conversation(conversation_id)
    assert "state" not in conversation and "endTime" in conversation
    assert {p["calls"][0]["state"] for p in conversation["participants"]} == {"disconnected"}
    assert conversation_id not in phone.active_ids()
    assert phone.client.get(CONVERSATIONS, headers=phone.headers).get_json()["total"] == 0


def test_merging_calls_into_a_conference(phone: Phone) -> None:
    first, second = phone.place(phoneNumber=SEED_PHONE), phone.place(phoneNumber="+12125550105")
    phone.advance_to(6)
    conference = phone.place(conversationIds=[first, second])
    assert phone.active_ids() == [conference]
    for merged in (first, second):
        agent, far = parties(phone.call(merged))
        assert (agent["disconnectType"], far["disconnectType"]) == ("transfer.conference", "transfer.conference")
    call = phone.call(conference)
    assert [(p["purpose"], p["state"]) for p in call["participants"]] == [
        ("agent", "connected"),
        ("external", "connected"),
        ("external", "connected"),
    ]


@pytest.mark.parametrize("case", ["unknown", "ended", "other user"])
def test_merge_needs_active_calls_of_the_user(make_app, case: str) -> None:
    phone = Phone(make_app(clock={"mode": "frozen"}, users=USERS))
    target = str(uuid.uuid4())
    if case == "ended":
        target = phone.place(phoneNumber="+12125550140")
        phone.advance_to(2)
    elif case == "other user":
        other = phone.as_user(OTHER_USER, OTHER_PASSWORD)
        target = other.place(phoneNumber=SEED_PHONE)
    response = phone.client.post(CALLS, json={"conversationIds": [target]}, headers=phone.headers)
    assert_rejected(response, 400, "invalid.value", "CONV-CREATE-MERGE-UNKNOWN", "conversationIds[0]")


# --- listings -----------------------------------------------------------------------------------------------------


def test_listings_show_the_users_active_calls(phone: Phone) -> None:
    ended, live = phone.place(phoneNumber="+12125550130"), phone.place(phoneNumber=SEED_PHONE)
    assert phone.active_ids() == [ended, live]
    phone.advance_to(1)
    page = phone.client.get(CALLS, headers=phone.headers).get_json()
    assert [c["id"] for c in page["entities"]] == [live]
    assert (page["total"], page["pageNumber"], page["pageCount"]) == (1, 1, 1)
    # communicationType is a free string at the vendor ("Call or Chat communication filtering", ConversationsApi.md)
    for query, expected in (
        ("", [live]),
        ("?communicationType=Call", [live]),
        ("?communicationType=call", [live]),
        ("?communicationType=Chat", []),
        ("?communicationType=Email", []),
    ):
        response = phone.client.get(CONVERSATIONS + query, headers=phone.headers)
        assert response.status_code == 200, query
        assert [c["id"] for c in response.get_json()["entities"]] == expected, query


def test_another_users_call(make_app) -> None:
    phone = Phone(make_app(clock={"mode": "frozen"}, users=USERS))
    other = phone.as_user(OTHER_USER, OTHER_PASSWORD)
    conversation_id = phone.place(phoneNumber=SEED_PHONE)
    assert other.active_ids() == []
    for response in (
        other.client.get(f"{CALLS}/{conversation_id}", headers=other.headers),
        other.client.patch(f"{CALLS}/{conversation_id}", json={"state": "disconnected"}, headers=other.headers),
    ):
        assert_rejected(response, 403, "not.authorized", "CONV-NOT-PARTICIPANT", None)
        assert conversation_id in response.headers["X-Mock-Hint"]
    assert conversation_id in phone.active_ids()  # the PATCH changed nothing
    # /api/v2/conversations/{id} is permission-based: anyone with conversation:communication:view may read it.
    assert other.conversation(conversation_id)["id"] == conversation_id


# --- the seeds' shapes (facts §11 c, f) ---------------------------------------------------------------------------

SEED_002_PAYLOAD = {
    "participants": [{"type": "external", "participantAddress": {"id": SEED_PHONE, "type": "phone"}}],
    "wrapUpCode": {"id": "some-wrap-up-code-id"},
    "skillRequirements": [{"id": "some-skill-id", "level": 1}],
}
SEED_002_INCORRECT = {"participants": [{"participantAddress": {"number": SEED_PHONE, "type": "external"}}]}


def test_seed_002_payload_gets_invalid_property_with_hint(any_profile: Phone) -> None:
    response = any_profile.client.post(CALLS, json=SEED_002_PAYLOAD, headers=any_profile.headers)
    body = assert_rejected(response, 400, "invalid.property", "CORE-UNKNOWN-PROPERTY", "participants[0].type")
    assert body["messageParams"] == {"value": "type", "object": "Destination"}
    named = [d["fieldName"] for d in body["details"]]
    assert named == ["participants[0].type", "participants[0].participantAddress", "wrapUpCode", "skillRequirements"]
    assert "address" in response.headers["X-Mock-Hint"] and "phoneNumber" in response.headers["X-Mock-Hint"]
    response = any_profile.client.post(CALLS, json=SEED_002_INCORRECT, headers=any_profile.headers)
    assert_rejected(response, 400, "invalid.property", "CORE-UNKNOWN-PROPERTY", "participants[0].participantAddress")
    assert response.headers["X-Mock-Hint"].startswith("Destination is flat")
    assert any_profile.active_ids() == []


def test_seed_002_with_its_client_credentials_token_is_not_a_user(client: FlaskClient, auth: dict) -> None:
    assert_error(client.post(CALLS, json=SEED_002_PAYLOAD, headers=auth), 400, "not.a.user")


def test_seed_002_fixed_the_real_way_is_accepted(phone: Phone) -> None:
    phone.place(phoneNumber=SEED_PHONE)
    phone.place(participants=[{"address": SEED_PHONE}])


@pytest.mark.parametrize("profile", ["strict", "faithful"])
def test_seed_003_post_conversations_is_404_with_hint(make_app, profile: str) -> None:
    client = make_app(profile=profile).test_client()
    headers = {"Authorization": f"Bearer {get_token(client)}"}
    body = {"contactId": "EXT-9928374", "type": "voice", "initialMessage": "Hello"}
    response = client.post(CONVERSATIONS, json=body, headers=headers)
    assert_error(response, 404, "not.found")
    assert "GET" in response.headers["Allow"]
    hint = response.headers["X-Mock-Hint"]
    assert "POST /api/v2/conversations/calls" in hint and "/api/v2/conversations/messages" in hint


# --- unknown ids ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"{CALLS}/{{id}}"),
        ("PATCH", f"{CALLS}/{{id}}"),
        ("GET", f"{CONVERSATIONS}/{{id}}"),
        ("DELETE", f"{CONVERSATIONS}/{{id}}"),
    ],
)
@pytest.mark.parametrize("unknown", [str(uuid.uuid4()), "not-a-uuid"])
def test_unknown_conversation_is_404(phone: Phone, method: str, path: str, unknown: str) -> None:
    response = phone.client.open(
        path.format(id=unknown),
        method=method,
        headers=phone.headers,
        json={"state": "disconnected"} if method == "PATCH" else None,
    )
    body = assert_error(response, 404, "not.found")
    assert body["entityId"] == unknown and "X-Mock-Rule" not in response.headers


# --- the clock (admin API) ------------------------------------------------------------------------------------


def test_clock_is_real_by_default_and_can_be_frozen(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    real = make_app().test_client().get("/__mock/clock").get_json()
    assert real["mode"] == "real" and real["offsetSeconds"] == 0
    monkeypatch.setenv("GENESYS_MOCK_CLOCK__MODE", "frozen")
    from mockserver import create_app
    from mockserver.settings import load_settings

    client = create_app(load_settings(log_requests=False)).test_client()
    first = client.get("/__mock/clock").get_json()
    assert first["mode"] == "frozen" and client.get("/__mock/clock").get_json()["now"] == first["now"]
    advanced = client.post("/__mock/clock/advance", json={"seconds": 1.5}).get_json()
    assert advanced["offsetSeconds"] == 1.5 and advanced["now"] > first["now"]


def test_real_clock_can_be_advanced_too(make_app) -> None:
    phone = Phone(make_app())
    conversation_id = phone.place(phoneNumber="+14155550105")
    phone.advance_to(5)
    assert parties(phone.call(conversation_id))[1]["state"] == "connected"


@pytest.mark.parametrize(
    "body",
    [
        {"seconds": -1},
        {"seconds": "5"},
        {"seconds": True},
        {},
        {"seconds": 1e12},
        {"seconds": 10**400},
        {"seconds": None},
        {"seconds": 1, "minutes": 2},
        [5],
    ],
)
def test_clock_advance_rejects_bad_bodies(client: FlaskClient, body: Any) -> None:
    response = client.post("/__mock/clock/advance", json=body)
    assert 400 <= response.status_code < 500 and response.get_json()["code"] in (
        "invalid.value",
        "invalid.property",
        "bad.request",
    )
    assert client.get("/__mock/clock").get_json()["offsetSeconds"] == 0


def test_clock_advance_needs_json(client: FlaskClient) -> None:
    assert_error(client.post("/__mock/clock/advance", data="seconds=5"), 415, "unsupported.media.type")
    assert_error(client.post("/__mock/clock/advance", data="{", content_type="application/json"), 400, "bad.request")


def test_frozen_clock_still_expires_tokens(make_app) -> None:
    phone = Phone(make_app(clock={"mode": "frozen"}, token_lifetime_seconds=60))
    phone.advance_to(61)
    assert_error(phone.client.get(CALLS, headers=phone.headers), 401, "credentials.expired")


# --- no request body shape ever gives a 500 ----------------------------------------------------------------------

_texts = st.text(max_size=20) | st.sampled_from([SEED_PHONE, "tel:+12125550140", "+12125550130", " ", ""])
_destination = st.fixed_dictionaries(
    {}, optional={"address": _texts, "name": _texts, "userId": _texts, "queueId": _texts}
)
_create_body = st.fixed_dictionaries(
    {},
    optional={
        "phoneNumber": _texts,
        "callUserId": _texts,
        "callQueueId": _texts,
        "callFromQueueId": _texts,
        "callerId": _texts,
        "attributes": st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
        "participants": st.lists(_destination, max_size=3),
        "conversationIds": st.lists(_texts, max_size=2),
        "priority": st.integers(-5, 5),
        "uuiData": _texts,
        "externalContactId": _texts,
    },
)


@pytest.fixture(scope="module")
def fuzz_phones() -> dict[str, Phone]:
    return {
        profile: Phone(
            create_app(
                Settings(
                    profile=profile,
                    log_requests=False,
                    clock={"mode": "frozen"},
                    rate_limit={"requests": 10**9, "window_seconds": 60},
                ),
                validate_responses=True,
            )
        )
        for profile in ("strict", "faithful")
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_create_body, profile=st.sampled_from(["strict", "faithful"]), later=st.floats(0, 40))
def test_any_create_body_is_200_or_a_400_error_body(
    fuzz_phones: dict[str, Phone], body: dict, profile: str, later: float
) -> None:
    phone = fuzz_phones[profile]
    response = phone.client.post(CALLS, json=body, headers=phone.headers)
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    if response.status_code == 400:
        assert ERROR_BODY_KEYS <= set(response.get_json())
        return
    conversation_id = response.get_json()["id"]
    phone.advance_to(phone.elapsed + later)
    phone.call(conversation_id)  # validated against the contract
    phone.conversation(conversation_id)
    assert phone.client.get(CALLS, headers=phone.headers).status_code == 200


def test_conversation_state_is_never_shown_on_reads(phone: Phone) -> None:
    """Conversation.md: "When reading conversations, this field will never have a value present" (GET by id,
    the listing, and the PATCH answer); the calls routes' CallConversation has no such field at all."""
    conversation_id = phone.place(phoneNumber=SEED_PHONE)
    phone.advance_to(3)
    assert "state" not in phone.conversation(conversation_id)
    listing = phone.client.get(CONVERSATIONS, headers=phone.headers).get_json()
    assert listing["entities"] and all("state" not in c for c in listing["entities"])
    assert "state" not in phone.call(conversation_id)
    calls = phone.client.get(CALLS, headers=phone.headers).get_json()["entities"]
    assert calls and all("state" not in c for c in calls)
    patched = phone.client.patch(f"{CALLS}/{conversation_id}", json={"state": "disconnected"}, headers=phone.headers)
    assert patched.status_code == 200 and "state" not in patched.get_json()


def test_patch_merges_other_calls_into_this_one(phone: Phone) -> None:
    """ConversationsApi.md patch_conversations_call: "merging in other conversations to create a conference";
    Conversation.md: conversationIds are the conversations to merge into this one."""
    host, first, second = (phone.place(phoneNumber=n) for n in (SEED_PHONE, "+12125550105", "+14155550123"))
    phone.advance_to(6)
    response = phone.client.patch(f"{CALLS}/{host}", json={"conversationIds": [first, second]}, headers=phone.headers)
    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()["participants"]) == 4
    assert phone.active_ids() == [host]
    call = phone.call(host)
    assert [(p["purpose"], p["state"]) for p in call["participants"]] == [
        ("agent", "connected"),
        ("external", "connected"),
        ("external", "connected"),
        ("external", "connected"),
    ]
    assert {p.get("address") for p in call["participants"][1:]} == {
        "tel:+15551234567",
        "tel:+12125550105",
        "tel:+14155550123",
    }
    for merged in (first, second):
        agent, far = parties(phone.call(merged))
        assert (agent["disconnectType"], far["disconnectType"]) == ("transfer.conference", "transfer.conference")


@pytest.mark.parametrize("case", ["itself", "unknown"])
def test_patch_merge_rejects_what_cannot_be_merged(phone: Phone, case: str) -> None:
    host = phone.place(phoneNumber=SEED_PHONE)
    target = host if case == "itself" else str(uuid.uuid4())
    response = phone.client.patch(f"{CALLS}/{host}", json={"conversationIds": [target]}, headers=phone.headers)
    assert_rejected(response, 400, "invalid.value", "CONV-CREATE-MERGE-UNKNOWN", "conversationIds[0]")
    assert len(phone.call(host)["participants"]) == 2


def test_secure_pause_is_accepted_with_202(phone: Phone) -> None:
    """facts §8.1: PATCH calls/{id} answers 200, and 202 for a secure pause (recordingState PAUSED)."""
    conversation_id = phone.place(phoneNumber=SEED_PHONE)
    paused = phone.client.patch(f"{CALLS}/{conversation_id}", json={"recordingState": "PAUSED"}, headers=phone.headers)
    assert paused.status_code == 202 and paused.get_json()["recordingState"] == "PAUSED"
    assert paused.get_json()["securePause"] is True
    assert phone.call(conversation_id)["recordingState"] == "paused"
    resumed = phone.client.patch(f"{CALLS}/{conversation_id}", json={"recordingState": "ACTIVE"}, headers=phone.headers)
    assert resumed.status_code == 200 and resumed.get_json()["securePause"] is False
