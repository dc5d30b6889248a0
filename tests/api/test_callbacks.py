"""Issue 16 item 3 over HTTP: callbacks scheduled, read (CallbackConversation and Conversation), listed for the
agent they are assigned to, rescheduled, disconnected, on a frozen clock; every callback rule per profile."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from mockserver.settings import DEFAULT_USER
from tests.api.test_conversations import CONVERSATIONS, Phone
from tests.conftest import assert_error, assert_rejected, get_token

CALLBACKS = "/api/v2/conversations/callbacks"
USER_ID = DEFAULT_USER.id
NUMBER = "+13175550100"
IN_AN_HOUR = 3600


class Desk(Phone):
    """A Phone that also schedules callbacks with a client-credentials token."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.machine = {"Authorization": f"Bearer {get_token(self.client)}"}

    def now_iso(self, plus: float = 0) -> str:
        response = self.client.get("/__mock/clock")
        assert response.status_code == 200, response.get_json()
        now = datetime.fromisoformat(response.get_json()["now"].replace("Z", "+00:00"))
        return (now + timedelta(seconds=plus)).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def schedule(self, **fields: Any) -> Any:
        """POST a callback; a field given as None is left out (the API rejects an explicit JSON null)."""
        body = {"queueId": "queue-1", "callbackNumbers": [NUMBER], **fields}
        body = {name: value for name, value in body.items() if value is not None}
        return self.client.post(CALLBACKS, json=body, headers=self.machine)

    def created(self, **fields: Any) -> str:
        response = self.schedule(**fields)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["conversation"]["id"]

    def callback(self, conversation_id: str) -> dict[str, Any]:
        response = self.client.get(f"{CALLBACKS}/{conversation_id}", headers=self.machine)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def reschedule(self, **body: Any) -> Any:
        return self.client.patch(CALLBACKS, json={"agentId": USER_ID, **body}, headers=self.machine)

    def listed(self) -> list[str]:
        response = self.client.get(CALLBACKS, headers=self.headers)
        assert response.status_code == 200, response.get_json()
        return [c["id"] for c in response.get_json()["entities"]]


@pytest.fixture
def desk(make_app) -> Desk:
    return Desk(make_app(clock={"mode": "frozen"}))


@pytest.fixture(params=["strict", "faithful"])
def any_desk(request: pytest.FixtureRequest, make_app) -> Desk:
    return Desk(make_app(profile=request.param, clock={"mode": "frozen"}))


def test_a_scheduled_callback_reads_back_in_both_shapes(desk: Desk) -> None:
    when = desk.now_iso(IN_AN_HOUR)
    response = desk.schedule(
        callbackUserName="Ada Lovelace",
        callbackScheduledTime=when,
        data={"crmId": "42"},
        scriptId="script-1",
        callerId="+13175550199",
        callerIdName="Support",
    )
    assert response.status_code == 200
    answer = response.get_json()
    conversation_id = answer["conversation"]["id"]
    assert answer["conversation"]["selfUri"] == f"{CONVERSATIONS}/{conversation_id}"
    [identifier] = answer["callbackIdentifiers"]
    assert identifier["type"] == "EXTERNAL"

    found = desk.callback(conversation_id)
    assert found["selfUri"] == f"{CALLBACKS}/{conversation_id}"
    customer, acd = found["participants"]
    assert (customer["purpose"], customer["state"], customer["callbackNumbers"], customer["callbackUserName"]) == (
        "customer",
        "alerting",
        [NUMBER],
        "Ada Lovelace",
    )
    assert (customer["callbackScheduledTime"], customer["attributes"]) == (when, {"crmId": "42"})
    assert (customer["queue"]["id"], customer["script"]["id"]) == ("queue-1", "script-1")
    assert (acd["purpose"], acd["state"], acd["queue"]["id"]) == ("acd", "connected", "queue-1")

    conversation = desk.conversation(conversation_id)
    leg = conversation["participants"][0]["callbacks"][0]
    assert (leg["id"], leg["state"], leg["callbackScheduledTime"]) == (identifier["id"], "scheduled", when)
    assert (leg["callerId"], leg["callerIdName"]) == ("+13175550199", "Support")
    assert "endTime" not in conversation
    desk.advance_to(IN_AN_HOUR)
    assert desk.conversation(conversation_id)["participants"][0]["callbacks"][0]["state"] == "alerting"


def test_routing_data_names_the_queue(desk: Desk) -> None:
    conversation_id = desk.created(queueId=None, routingData={"queueId": "queue-2", "priority": 5})
    assert desk.callback(conversation_id)["participants"][1]["queue"]["id"] == "queue-2"


def test_assigning_rescheduling_and_listing(desk: Desk) -> None:
    ids = [desk.created() for _ in range(3)]
    assert desk.listed() == []  # waiting in the queue: nobody's yet
    later = desk.now_iso(2 * IN_AN_HOUR)
    for conversation_id in ids[:2]:
        response = desk.reschedule(
            conversationId=conversation_id,
            callbackScheduledTime=later,
            callbackNumbers=["+13175550142"],
            queueId="queue-9",
        )
        assert response.status_code == 200, response.get_json()
        assert [i["type"] for i in response.get_json()["callbackIdentifiers"]] == ["EXTERNAL", "ACD"]
    assert desk.listed() == ids[:2]
    customer, acd, agent = desk.callback(ids[0])["participants"]
    assert (customer["callbackScheduledTime"], customer["callbackNumbers"]) == (later, ["+13175550142"])
    assert (acd["queue"]["id"], agent["purpose"], agent["user"]["id"]) == ("queue-9", "agent", USER_ID)
    assert (
        desk.client.patch(f"{CALLBACKS}/{ids[0]}", json={"state": "disconnected"}, headers=desk.machine).status_code
        == 200
    )
    assert desk.listed() == ids[1:2]


def test_disconnecting_a_callback(desk: Desk) -> None:
    conversation_id = desk.created()
    response = desk.client.patch(f"{CALLBACKS}/{conversation_id}", json={"state": "disconnected"}, headers=desk.machine)
    assert response.status_code == 200
    assert "endTime" in response.get_json()
    assert {p["state"] for p in desk.callback(conversation_id)["participants"]} == {"disconnected"}
    leg = desk.conversation(conversation_id)["participants"][0]["callbacks"][0]
    assert (leg["state"], leg["disconnectType"]) == ("disconnected", "client")
    assert_rejected(
        desk.reschedule(conversationId=conversation_id, callbackScheduledTime=desk.now_iso(60)),
        409,
        "general.conflict",
        "CONV-CALLBACK-ENDED",
        None,
    )
    assert_rejected(
        desk.client.patch(f"{CALLBACKS}/{conversation_id}", json={"state": "connected"}, headers=desk.machine),
        400,
        "invalid.value",
        "CONV-PATCH-STATE",
        "state",
    )


def test_the_conversation_routes_serve_callbacks(desk: Desk) -> None:
    conversation_id = desk.created()
    customer = desk.callback(conversation_id)["participants"][0]
    body = {"wrapup": {"code": "reached"}, "state": "disconnected"}
    response = desk.client.patch(
        f"{CALLBACKS}/{conversation_id}/participants/{customer['id']}", json=body, headers=desk.machine
    )
    assert response.status_code == 202
    shown = desk.callback(conversation_id)["participants"][0]
    assert (shown["state"], shown["wrapup"]["code"]) == ("disconnected", "reached")
    assert desk.client.get(
        f"{CONVERSATIONS}/{conversation_id}/participants/{customer['id']}/wrapup", headers=desk.machine
    ).get_json() == {"code": "reached"}
    other = desk.created()
    assert desk.client.post(f"{CONVERSATIONS}/{other}/disconnect", headers=desk.machine).status_code == 202
    assert desk.client.delete(f"{CONVERSATIONS}/{desk.created()}", headers=desk.machine).status_code == 204
    assert {p["state"] for p in desk.callback(other)["participants"]} == {"disconnected"}


def test_a_call_is_not_a_callback(desk: Desk) -> None:
    call_id = desk.place(phoneNumber=NUMBER)
    assert_error(desk.client.get(f"{CALLBACKS}/{call_id}", headers=desk.machine), 404, "not.found")
    assert_error(
        desk.client.patch(f"{CALLBACKS}/{call_id}/participants/x", json={"held": True}, headers=desk.machine),
        404,
        "not.found",
    )


# --- rules ---------------------------------------------------------------------------------------------------------


def test_create_rules_in_both_profiles(any_desk: Desk) -> None:
    assert_rejected(any_desk.schedule(queueId=" "), 400, "constraint.validation", "CONV-CALLBACK-QUEUE", "queueId")
    assert_rejected(
        any_desk.schedule(callbackNumbers=[" "]),
        400,
        "constraint.validation",
        "CONV-CALLBACK-NUMBERS",
        "callbackNumbers",
    )
    assert_rejected(
        any_desk.schedule(callbackScheduledTime="tomorrow at 9"),
        400,
        "invalid.date",
        "CORE-INVALID-DATE",
        "callbackScheduledTime",
    )
    assert_rejected(
        any_desk.schedule(callbackNumbers=[NUMBER, "call me"], validateCallbackNumbers=True),
        400,
        "invalid.value",
        "CONV-CALLBACK-VALIDATE",
        "callbackNumbers[1]",
    )
    missing = any_desk.client.post(CALLBACKS, json={"queueId": "q"}, headers=any_desk.machine)
    assert_rejected(missing, 400, "constraint.validation", None, "callbackNumbers")  # the vendor's required field


def test_e164_is_strict_only(make_app) -> None:
    strict, faithful = (Desk(make_app(profile=p, clock={"mode": "frozen"})) for p in ("strict", "faithful"))
    national = {"callbackNumbers": ["(317) 555-0100"]}
    assert_rejected(strict.schedule(**national), 400, "invalid.value", "CONV-CALLBACK-E164", "callbackNumbers[0]")
    assert strict.schedule(**national, countryCode="US").status_code == 200  # countryCode places it
    assert faithful.schedule(**national).status_code == 200


def test_reschedule_rules(desk: Desk) -> None:
    conversation_id = desk.created()
    assert_rejected(
        desk.reschedule(conversationId=conversation_id, agentId="nobody"),
        404,
        "not.found",
        "CONV-USER-UNKNOWN",
        "agentId",
    )
    assert_rejected(
        desk.reschedule(conversationId=conversation_id, callbackNumbers=["12"]),
        400,
        "invalid.value",
        "CONV-CALLBACK-E164",
        "callbackNumbers[0]",
    )
    assert_error(desk.reschedule(conversationId="no-such-callback"), 404, "not.found")
    assert len(desk.callback(conversation_id)["participants"]) == 2  # nothing was assigned by the refusals


def test_callback_participant_attributes_and_wrapup_routes(desk: Desk) -> None:
    conversation_id = desk.created(data={"crmId": "42"})
    customer = desk.conversation(conversation_id)["participants"][0]
    leg_id = customer["callbacks"][0]["id"]
    base = f"{CALLBACKS}/{conversation_id}/participants/{customer['id']}"
    response = desk.client.patch(f"{base}/attributes", json={"attributes": {"tier": "gold"}}, headers=desk.machine)
    assert response.get_json() == {"attributes": {"crmId": "42", "tier": "gold"}}
    assert desk.callback(conversation_id)["participants"][0]["attributes"] == {"crmId": "42", "tier": "gold"}
    assert_error(desk.client.get(f"{base}/wrapup", headers=desk.machine), 404, "not.found")
    assert (
        desk.client.post(
            f"{base}/communications/{leg_id}/wrapup", json={"code": "reached"}, headers=desk.machine
        ).status_code
        == 202
    )
    assert desk.client.get(f"{base}/wrapup", headers=desk.machine).get_json() == {"code": "reached"}
    assert desk.client.get(f"{base}/communications/{leg_id}/wrapup", headers=desk.machine).get_json() == {
        "code": "reached"
    }
    assert_error(desk.client.get(f"{base}/communications/other/wrapup", headers=desk.machine), 404, "not.found")
