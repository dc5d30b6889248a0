"""Issue 16 items 1 and 2 over HTTP: calls placed for a user, and call control after placing a call (participant
disconnect, hold, mute, attributes, wrap-up, whole-conversation disconnect) on a frozen clock, each change read
back in GET /conversations/{id} and GET /conversations/calls/{id}; every rule of the area's catalogue that these
routes add, in strict and faithful."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.settings import DEFAULT_USER
from tests.api.test_conversations import CALLS, CONVERSATIONS, OTHER_PASSWORD, OTHER_USER, USERS, Phone
from tests.conftest import assert_error, assert_rejected, get_token

USER_ID = DEFAULT_USER.id
NUMBER = "+13175550100"  # answers after 2 s
SECOND = "+13175550105"  # answers after 5 s


@pytest.fixture
def phone(make_app) -> Phone:
    return Phone(make_app(clock={"mode": "frozen"}, users=USERS))


@pytest.fixture(params=["strict", "faithful"])
def any_profile(request: pytest.FixtureRequest, make_app) -> Phone:
    return Phone(make_app(profile=request.param, clock={"mode": "frozen"}, users=USERS))


def machine(phone: Phone) -> dict[str, str]:
    """A client-credentials token: how integrations drive call control."""
    return {"Authorization": f"Bearer {get_token(phone.client)}"}


def connected(phone: Phone, *numbers: str) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """A call of the phone's user to ``numbers`` (a conference for several), all answered: id, agent, far ends."""
    body = {"phoneNumber": numbers[0]} if len(numbers) == 1 else {"participants": [{"address": n} for n in numbers]}
    conversation_id = phone.place(**body)
    phone.advance_to(phone.elapsed + 6)
    agent, *fars = phone.conversation(conversation_id)["participants"]
    return conversation_id, agent, fars


def patch(
    phone: Phone,
    conversation_id: str,
    participant_id: str,
    body: dict[str, Any],
    *,
    route: str = CONVERSATIONS,
    suffix: str = "",
) -> Any:
    return phone.client.patch(
        f"{route}/{conversation_id}/participants/{participant_id}{suffix}", json=body, headers=machine(phone)
    )


def media(phone: Phone, conversation_id: str, participant_id: str) -> dict[str, Any]:
    """The participant as GET /conversations/calls/{id} shows it (the phone's user is in the call)."""
    return next(p for p in phone.call(conversation_id)["participants"] if p["id"] == participant_id)


def leg(phone: Phone, conversation_id: str, participant_id: str) -> dict[str, Any]:
    """The participant's call leg as GET /conversations/{id} shows it."""
    participant = next(p for p in phone.conversation(conversation_id)["participants"] if p["id"] == participant_id)
    return participant["calls"][0]


# --- 1. calls for a user -------------------------------------------------------------------------------------------


def test_client_credentials_place_a_call_for_a_user(phone: Phone) -> None:
    response = phone.client.post(f"{CALLS}/user/{USER_ID}", json={"phoneNumber": NUMBER}, headers=machine(phone))
    assert response.status_code == 200, response.get_json()
    conversation_id = response.get_json()["id"]
    assert response.get_json()["selfUri"] == f"{CALLS}/{conversation_id}"
    agent, far = phone.conversation(conversation_id)["participants"]
    assert (agent["userId"], agent["name"], far["address"]) == (USER_ID, "Mock Agent", f"tel:{NUMBER}")
    assert phone.active_ids() == [conversation_id]  # the user's own listing has it
    phone.advance_to(3)
    assert {p["state"] for p in phone.call(conversation_id)["participants"]} == {"connected"}


def test_a_user_known_from_a_stored_call_may_be_called_for(phone: Phone) -> None:
    other_id = "b7c1f3e0-0000-4000-8000-000000000001"  # not a login user: named by a call that reached them
    phone.place(callUserId=other_id)
    response = phone.client.post(f"{CALLS}/user/{other_id}", json={"phoneNumber": NUMBER}, headers=machine(phone))
    assert response.status_code == 200, response.get_json()
    agent = phone.conversation(response.get_json()["id"])["participants"][0]
    assert agent["userId"] == other_id


def test_an_unknown_user_is_404(any_profile: Phone) -> None:
    response = any_profile.client.post(
        f"{CALLS}/user/no-such-user", json={"phoneNumber": NUMBER}, headers=machine(any_profile)
    )
    assert_rejected(response, 404, "not.found", "CONV-USER-UNKNOWN", None)
    assert (
        any_profile.client.post(
            f"{CALLS}/user/no-such-user", json={"phoneNumber": "5551234567"}, headers=machine(any_profile)
        ).status_code
        == 404
    )  # the user before the body


def test_calls_for_a_user_keep_the_create_rules(phone: Phone) -> None:
    path = f"{CALLS}/user/{USER_ID}"
    assert_rejected(
        phone.client.post(path, json={"phoneNumber": "5551234567"}, headers=machine(phone)),
        400,
        "invalid.value",
        "CONV-CREATE-E164",
        "phoneNumber",
    )
    assert_rejected(
        phone.client.post(path, json={"phoneNumber": NUMBER, "callUserId": USER_ID}, headers=machine(phone)),
        400,
        "too.many.create.conversation.parameters",
        "CONV-CREATE-TOO-MANY-DESTINATIONS",
        "callUserId",
    )
    assert phone.active_ids() == []


def test_calls_for_a_user_need_one_of_the_two_permissions(make_app) -> None:
    clients = [
        {"client_id": "calls-only", "client_secret": "s", "permissions": ["conversation:call:add"]},
        {"client_id": "viewer", "client_secret": "s", "permissions": ["conversation:communication:view"]},
    ]
    app = make_app(clients=clients, clock={"mode": "frozen"})
    client = app.test_client()
    path, body = f"{CALLS}/user/{USER_ID}", {"phoneNumber": NUMBER}
    for client_id, status in (("calls-only", 200), ("viewer", 403)):
        token = get_token(client, client_id=client_id, client_secret="s")
        response = client.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == status, response.get_json()


# --- 2. participant control ------------------------------------------------------------------------------------


def test_hold_and_mute_show_in_both_views_and_undo(phone: Phone) -> None:
    conversation_id, _, (far,) = connected(phone, NUMBER)
    assert patch(phone, conversation_id, far["id"], {"held": True, "muted": True}).status_code == 202
    shown = media(phone, conversation_id, far["id"])
    assert (shown["held"], shown["muted"], shown["state"]) == (True, True, "connected")
    held_since = shown["startHoldTime"]
    call_leg = leg(phone, conversation_id, far["id"])
    assert (call_leg["held"], call_leg["muted"], call_leg["startHoldTime"]) == (True, True, held_since)
    phone.advance_to(20)
    assert patch(phone, conversation_id, far["id"], {"held": True}, route=CALLS).status_code == 202
    assert media(phone, conversation_id, far["id"])["startHoldTime"] == held_since  # still the same hold
    assert patch(phone, conversation_id, far["id"], {"held": False, "muted": False}).status_code == 202
    shown = media(phone, conversation_id, far["id"])
    assert (shown["held"], shown["muted"], "startHoldTime" in shown) == (False, False, False)


def test_disconnecting_one_party_of_a_conference_leaves_the_others(phone: Phone) -> None:
    conversation_id, agent, (first, second) = connected(phone, NUMBER, SECOND)
    assert patch(phone, conversation_id, first["id"], {"state": "disconnected"}, route=CALLS).status_code == 202
    states = {p["id"]: (p["state"], p.get("disconnectType")) for p in phone.call(conversation_id)["participants"]}
    assert states == {
        agent["id"]: ("connected", None),
        first["id"]: ("disconnected", "client"),
        second["id"]: ("connected", None),
    }
    assert phone.active_ids() == [conversation_id]
    assert patch(phone, conversation_id, second["id"], {"state": "disconnected"}).status_code == 202
    conversation = phone.conversation(conversation_id)
    assert [p["calls"][0]["state"] for p in conversation["participants"]] == ["disconnected"] * 3
    assert conversation["participants"][0]["calls"][0]["disconnectType"] == "peer"  # its last far end went
    assert "endTime" in conversation and phone.active_ids() == []


def test_disconnecting_the_agent_ends_the_call(phone: Phone) -> None:
    conversation_id, agent, (far,) = connected(phone, NUMBER)
    assert patch(phone, conversation_id, agent["id"], {"state": "disconnected"}).status_code == 202
    participants = phone.conversation(conversation_id)["participants"]
    assert [(p["calls"][0]["state"], p["calls"][0]["disconnectType"]) for p in participants] == [
        ("disconnected", "client"),
        ("disconnected", "peer"),
    ]


def test_an_ended_participant_refuses_hold_mute_and_connect(any_profile: Phone) -> None:
    phone = any_profile
    conversation_id, _, (far,) = connected(phone, NUMBER)
    phone.client.delete(f"{CONVERSATIONS}/{conversation_id}", headers=machine(phone))
    for body, field in (({"held": True}, "held"), ({"muted": True}, "muted"), ({"state": "connected"}, "state")):
        assert_rejected(
            patch(phone, conversation_id, far["id"], body), 409, "general.conflict", "CONV-PARTICIPANT-ENDED", field
        )
    assert patch(phone, conversation_id, far["id"], {"state": "disconnected"}).status_code == 202  # no change
    assert media(phone, conversation_id, far["id"])["held"] is False


def test_participant_state_other_than_connected_or_disconnected(any_profile: Phone) -> None:
    conversation_id, _, (far,) = connected(any_profile, NUMBER)
    assert_rejected(
        patch(any_profile, conversation_id, far["id"], {"state": "parked"}),
        400,
        "invalid.value",
        "CONV-PARTICIPANT-STATE",
        "state",
    )
    # not even one of the vendor's participant states: the body's schema refuses it, no rule needed
    assert_rejected(
        patch(any_profile, conversation_id, far["id"], {"state": "held"}), 400, "invalid.value", None, "state"
    )
    assert media(any_profile, conversation_id, far["id"])["state"] == "connected"


def test_unknown_participant_and_conversation_are_404(phone: Phone) -> None:
    conversation_id, _, _ = connected(phone, NUMBER)
    assert_error(patch(phone, conversation_id, "nobody", {"held": True}), 404, "not.found")
    assert_error(patch(phone, "no-such-call", "nobody", {"held": True}), 404, "not.found")
    assert_error(
        patch(phone, conversation_id, "nobody", {"attributes": {"a": "b"}}, suffix="/attributes"), 404, "not.found"
    )


def test_attributes_merge_and_show_in_both_views(phone: Phone) -> None:
    conversation_id = phone.place(phoneNumber=NUMBER, attributes={"crmId": "1", "tier": "gold"})
    phone.advance_to(3)
    far = phone.conversation(conversation_id)["participants"][1]
    response = patch(
        phone,
        conversation_id,
        far["id"],
        {"attributes": {"tier": "platinum", "case": "9"}},
        route=CALLS,
        suffix="/attributes",
    )
    assert response.status_code == 200
    merged = {"crmId": "1", "tier": "platinum", "case": "9"}
    assert response.get_json() == {"attributes": merged}
    assert media(phone, conversation_id, far["id"])["attributes"] == merged
    agent_id = phone.conversation(conversation_id)["participants"][0]["id"]
    assert (
        patch(phone, conversation_id, agent_id, {"attributes": {"note": "x"}}, suffix="/attributes").status_code == 202
    )
    assert phone.conversation(conversation_id)["participants"][0]["attributes"] == {"note": "x"}


# --- wrap-up ------------------------------------------------------------------------------------------------------


def wrapup(
    phone: Phone, conversation_id: str, participant_id: str, *, route: str = CONVERSATIONS, query: str = ""
) -> Any:
    return phone.client.get(
        f"{route}/{conversation_id}/participants/{participant_id}/wrapup{query}", headers=machine(phone)
    )


def test_wrapup_written_after_the_call_reads_back_everywhere(phone: Phone) -> None:
    conversation_id, agent, _ = connected(phone, NUMBER)
    assert_error(wrapup(phone, conversation_id, agent["id"]), 404, "not.found")  # none yet
    phone.client.delete(f"{CONVERSATIONS}/{conversation_id}", headers=machine(phone))
    body = {
        "wrapup": {
            "code": "sale",
            "name": "Sale",
            "notes": "2 items",
            "tags": ["vip"],
            "durationSeconds": 42,
            "endTime": "2026-01-31T14:30:00Z",
        }
    }
    assert patch(phone, conversation_id, agent["id"], body).status_code == 202
    expected = {
        "code": "sale",
        "notes": "2 items",
        "tags": ["vip"],
        "durationSeconds": 42,
        "endTime": "2026-01-31T14:30:00.000Z",
    }
    for route in (CONVERSATIONS, CALLS):
        response = wrapup(phone, conversation_id, agent["id"], route=route)
        assert (response.status_code, response.get_json()) == (200, expected)
    comm = f"{CALLS}/{conversation_id}/participants/{agent['id']}/communications/{agent['calls'][0]['id']}/wrapup"
    assert phone.client.get(comm, headers=machine(phone)).get_json() == expected
    assert phone.conversation(conversation_id)["participants"][0]["wrapup"]["code"] == "sale"
    assert media(phone, conversation_id, agent["id"])["wrapup"]["name"] == "Sale"


def test_provisional_wrapup_is_kept_apart_until_a_final_one(phone: Phone) -> None:
    conversation_id, agent, _ = connected(phone, NUMBER)
    assert (
        patch(
            phone, conversation_id, agent["id"], {"wrapup": {"provisional": True, "notes": "draft"}}, route=CALLS
        ).status_code
        == 202
    )
    assert wrapup(phone, conversation_id, agent["id"]).status_code == 404
    assert wrapup(phone, conversation_id, agent["id"], query="?provisional=true").get_json() == {"notes": "draft"}
    assert patch(phone, conversation_id, agent["id"], {"wrapup": {"code": "done"}}).status_code == 202
    assert wrapup(phone, conversation_id, agent["id"]).get_json() == {"code": "done"}
    assert wrapup(phone, conversation_id, agent["id"], query="?provisional=true").status_code == 404


def test_communication_wrapup_route(phone: Phone) -> None:
    conversation_id, agent, _ = connected(phone, NUMBER)
    base = f"{CALLS}/{conversation_id}/participants/{agent['id']}/communications"
    leg_id = agent["calls"][0]["id"]
    response = phone.client.post(
        f"{base}/{leg_id}/wrapup", json={"code": "callback", "notes": "n"}, headers=machine(phone)
    )
    assert response.status_code == 202 and response.data == b""
    assert wrapup(phone, conversation_id, agent["id"]).get_json() == {"code": "callback", "notes": "n"}
    assert_error(
        phone.client.post(f"{base}/not-the-leg/wrapup", json={"code": "x"}, headers=machine(phone)), 404, "not.found"
    )
    assert_rejected(
        phone.client.post(f"{base}/{leg_id}/wrapup", json={"notes": "no code"}, headers=machine(phone)),
        400,
        "constraint.validation",
        "CONV-WRAPUP-CODE",
        "code",
    )


def test_wrapup_rules(any_profile: Phone) -> None:
    phone = any_profile
    conversation_id, agent, _ = connected(phone, NUMBER)
    assert_rejected(
        patch(phone, conversation_id, agent["id"], {"wrapup": {"notes": "no code"}}),
        400,
        "constraint.validation",
        "CONV-WRAPUP-CODE",
        "wrapup.code",
    )
    assert_rejected(
        patch(phone, conversation_id, agent["id"], {"wrapup": {"code": "c", "endTime": "yesterday"}}),
        400,
        "invalid.date",
        "CORE-INVALID-DATE",
        "wrapup.endTime",
    )
    assert wrapup(phone, conversation_id, agent["id"]).status_code == 404  # nothing stored by the refusals


def test_rules_switched_off_let_the_request_through(make_app) -> None:
    phone = Phone(
        make_app(
            clock={"mode": "frozen"}, users=USERS, rules={"CONV-WRAPUP-CODE": False, "CONV-PARTICIPANT-ENDED": False}
        )
    )
    conversation_id, agent, (far,) = connected(phone, NUMBER)
    assert patch(phone, conversation_id, agent["id"], {"wrapup": {"notes": "n"}}).status_code == 202
    phone.client.delete(f"{CONVERSATIONS}/{conversation_id}", headers=machine(phone))
    assert patch(phone, conversation_id, far["id"], {"held": True}).status_code == 202
    assert media(phone, conversation_id, far["id"])["held"] is False  # an ended leg holds nothing


# --- disconnecting a whole conversation -------------------------------------------------------------------------


def test_post_disconnect_ends_every_participant(phone: Phone) -> None:
    conversation_id, _, _ = connected(phone, NUMBER, SECOND)
    response = phone.client.post(f"{CONVERSATIONS}/{conversation_id}/disconnect", headers=machine(phone))
    assert response.status_code == 202 and response.data == b""
    conversation = phone.conversation(conversation_id)
    assert [p["calls"][0]["state"] for p in conversation["participants"]] == ["disconnected"] * 3
    assert phone.active_ids() == []
    assert_error(phone.client.post(f"{CONVERSATIONS}/nope/disconnect", headers=machine(phone)), 404, "not.found")


def test_a_merge_keeps_control_of_the_conference(phone: Phone) -> None:
    first, _, _ = connected(phone, NUMBER)
    second, _, _ = connected(phone, SECOND)
    merged = phone.client.patch(f"{CALLS}/{second}", json={"conversationIds": [first]}, headers=phone.headers)
    assert merged.status_code == 200
    agent, *fars = phone.conversation(second)["participants"]
    assert len(fars) == 2
    assert patch(phone, second, fars[1]["id"], {"held": True}).status_code == 202
    assert [p["held"] for p in phone.call(second)["participants"]] == [False, False, True]


def test_other_users_token_sees_the_change(phone: Phone) -> None:
    """A change made with client credentials is what the call's own user reads."""
    conversation_id, _, (far,) = connected(phone, NUMBER)
    other = phone.as_user(OTHER_USER, OTHER_PASSWORD)
    patch(other, conversation_id, far["id"], {"muted": True})
    assert media(phone, conversation_id, far["id"])["muted"] is True
