"""Contract models of call conversations (facts §8): names, enums, read-only flags and round-trips."""

from __future__ import annotations

import typing
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.base import ApiModel, read_only_fields
from contracts.conversations import (
    Call,
    CallConversation,
    CallConversationEntityListing,
    CallMediaParticipant,
    Conversation,
    CreateCallRequest,
    CreateCallResponse,
    Participant,
)

CONVERSATION_ID = "5b1c3a0e-2f4d-4c8e-9a51-7d0f3e6b2c11"
CUSTOMER_ID = "0a6c2b7e-93d1-4f0b-8e61-2c5d9f4a7b30"
AGENT_ID = "e2f7c9a4-1b3d-4e5f-a6b7-c8d9e0f1a2b3"
QUEUE_REF = {
    "id": "7e3f5a1c-0b2d-4c6e-8f9a-1b2c3d4e5f60",
    "selfUri": "/api/v2/routing/queues/7e3f5a1c-0b2d-4c6e-8f9a-1b2c3d4e5f60",
}


def observed_call_conversation() -> dict[str, Any]:
    """A call shaped like the payload observed in facts §8.3 (inbound: customer, IVR, ACD, agent)."""
    return {
        "id": CONVERSATION_ID,
        "participants": [
            {
                "id": CUSTOMER_ID,
                "name": "+61416275769",
                "address": "tel:+61416275769",
                "startTime": "2022-04-22T08:29:54.319Z",
                "connectedTime": "2022-04-22T08:29:54.512Z",
                "purpose": "customer",
                "state": "connected",
                "direction": "inbound",
                "held": False,
                "wrapupRequired": False,
                "mediaRoles": [],
                "queue": QUEUE_REF,
                "attributes": {},
                "provider": "Edge",
                "muted": False,
                "confined": False,
                "recording": False,
                "recordingState": "none",
                "ani": "tel:+61416275769",
                "dnis": "tel:+61290000000",
                "securePause": False,
            },
            {
                "id": "3d4e5f60-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
                "name": "Main IVR",
                "address": "sip:ivr@localhost",
                "startTime": "2022-04-22T08:29:54.600Z",
                "endTime": "2022-04-22T08:30:10.001Z",
                "purpose": "ivr",
                "state": "disconnected",
                "direction": "inbound",
                "disconnectType": "transfer",
                "held": False,
                "wrapupRequired": False,
                "attributes": {},
                "provider": "Edge",
                "muted": False,
                "confined": False,
                "recording": False,
                "recordingState": "none",
            },
            {
                "id": "9f8e7d6c-5b4a-4392-8817-161514131211",
                "name": "Sales",
                "address": "sip:7e3f5a1c-0b2d-4c6e-8f9a-1b2c3d4e5f60@localhost;user=acd",
                "startTime": "2022-04-22T08:30:10.002Z",
                "endTime": "2022-04-22T08:30:21.777Z",
                "purpose": "acd",
                "state": "disconnected",
                "direction": "inbound",
                "disconnectType": "transfer",
                "queue": QUEUE_REF,
                "attributes": {},
                "conversationRoutingData": {
                    "queue": QUEUE_REF,
                    "priority": 0,
                    "skills": [],
                    "scoredAgents": [],
                },
            },
            {
                "id": AGENT_ID,
                "name": "Agent One",
                "address": "sip:agent.one@localhost",
                "startTime": "2022-04-22T08:30:21.778Z",
                "startAlertingTime": "2022-04-22T08:30:21.778Z",
                "connectedTime": "2022-04-22T08:30:25.100Z",
                "purpose": "agent",
                "state": "connected",
                "direction": "inbound",
                "held": False,
                "wrapupRequired": True,
                "wrapupPrompt": "optional",
                "wrapupTimeoutMs": 60000,
                "alertingTimeoutMs": 8000,
                "user": {
                    "id": "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
                    "selfUri": "/api/v2/users/c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
                },
                "queue": QUEUE_REF,
                "attributes": {},
                "provider": "Edge",
                "peer": CUSTOMER_ID,
                "muted": False,
                "confined": False,
                "recording": False,
                "recordingState": "none",
                "securePause": False,
            },
        ],
        "otherMediaUris": [],
        "recordingState": "none",
        "selfUri": f"/api/v2/conversations/calls/{CONVERSATION_ID}",
    }


def error_types(exc: ValidationError) -> list[tuple[tuple[Any, ...], str]]:
    return [(tuple(err["loc"]), err["type"]) for err in exc.errors()]


def literal_values(model: type[ApiModel], field: str) -> set[str]:
    """The values of the ``Literal`` inside an optional field's annotation."""
    (literal,) = [arg for arg in typing.get_args(model.model_fields[field].annotation) if arg is not type(None)]
    return set(typing.get_args(literal))


# --- round-trips ----------------------------------------------------------------------------------------


def test_observed_call_conversation_round_trips_exactly() -> None:
    payload = observed_call_conversation()
    model = CallConversation.model_validate(payload)

    assert model.participants is not None
    customer = model.participants[0]
    assert customer.address == "tel:+61416275769"
    assert customer.recording_state == "none"
    assert customer.queue is not None and customer.queue.self_uri == QUEUE_REF["selfUri"]
    assert model.other_media_uris == []
    assert model.dump() == payload


def test_call_conversation_listing_round_trips() -> None:
    page = {
        "entities": [observed_call_conversation()],
        "pageSize": 1,
        "pageNumber": 1,
        "total": 1,
        "lastUri": "/api/v2/conversations/calls?pageSize=1&pageNumber=1",
        "firstUri": "/api/v2/conversations/calls?pageSize=1&pageNumber=1",
        "selfUri": "/api/v2/conversations/calls?pageSize=1&pageNumber=1",
        "pageCount": 1,
    }
    assert CallConversationEntityListing.model_validate(page).dump() == page


def test_conversation_with_call_legs_round_trips_including_self_and_other() -> None:
    payload = {
        "id": CONVERSATION_ID,
        "startTime": "2022-04-22T08:29:54.319Z",
        "address": "tel:+61290000000",
        "participants": [
            {
                "id": CUSTOMER_ID,
                "startTime": "2022-04-22T08:29:54.319Z",
                "purpose": "customer",
                "address": "tel:+61416275769",
                "wrapupPrompt": "optional",
                "attributes": {},
                "calls": [
                    {
                        "state": "connected",
                        "initialState": "offering",
                        "id": "aa11bb22-cc33-4d44-8e55-ff6677889900",
                        "direction": "inbound",
                        "recording": False,
                        "recordingState": "none",
                        "muted": False,
                        "confined": False,
                        "held": False,
                        "securePause": False,
                        "segments": [{"startTime": "2022-04-22T08:29:54.319Z", "type": "Interact"}],
                        "connectedTime": "2022-04-22T08:29:54.512Z",
                        "provider": "Edge",
                        "self": {"nameRaw": "+61290000000", "addressNormalized": "tel:+61290000000"},
                        "other": {"name": "+61416275769", "addressNormalized": "tel:+61416275769"},
                        "afterCallWorkRequired": False,
                    }
                ],
            }
        ],
        "recordingState": "NONE",
        "state": "connected",
        "securePause": False,
        "selfUri": f"/api/v2/conversations/{CONVERSATION_ID}",
    }
    model = Conversation.model_validate(payload)
    call = model.participants[0].calls[0]  # type: ignore[index]
    assert call.self_ is not None and call.self_.address_normalized == "tel:+61290000000"
    assert model.dump() == payload


# --- enum casing and value sets -------------------------------------------------------------------------


def test_conversation_recording_state_is_upper_case() -> None:
    assert Conversation.model_validate({"recordingState": "NONE"}).recording_state == "NONE"
    with pytest.raises(ValidationError) as exc:
        Conversation.model_validate({"recordingState": "none"})
    assert error_types(exc.value) == [(("recordingState",), "literal_error")]


@pytest.mark.parametrize("model", [CallConversation, CallMediaParticipant, Call])
def test_call_recording_state_is_lower_case(model: type[ApiModel]) -> None:
    assert model.model_validate({"recordingState": "paused"}).dump() == {"recordingState": "paused"}
    with pytest.raises(ValidationError):
        model.model_validate({"recordingState": "NONE"})


def test_state_enums_match_facts() -> None:
    participant_states = {
        "alerting",
        "dialing",
        "contacting",
        "offering",
        "connected",
        "disconnected",
        "terminated",
        "converting",
        "uploading",
        "transmitting",
        "parked",
        "none",
    }
    assert literal_values(CallMediaParticipant, "state") == participant_states
    assert literal_values(Conversation, "state") == participant_states
    assert literal_values(Call, "state") == participant_states - {"parked"}
    assert literal_values(Call, "initial_state") == participant_states - {"parked"}


def test_disconnect_type_enums_differ_between_participant_and_call() -> None:
    participant = {
        "endpoint",
        "endpoint.donotdisturb",
        "client",
        "system",
        "transfer",
        "transfer.conference",
        "transfer.consult",
        "transfer.donotdisturb",
        "transfer.forward",
        "transfer.noanswer",
        "transfer.notavailable",
        "transport.failure",
        "error",
        "peer",
        "other",
        "spam",
        "inactivity",
        "session.expired",
        "takeover",
    }
    assert literal_values(CallMediaParticipant, "disconnect_type") == participant
    assert literal_values(Call, "disconnect_type") == (participant - {"inactivity", "session.expired", "takeover"}) | {
        "timeout",
        "uncallable",
    }
    with pytest.raises(ValidationError):
        Call.model_validate({"disconnectType": "takeover"})
    with pytest.raises(ValidationError):
        CallMediaParticipant.model_validate({"disconnectType": "uncallable"})


def test_participant_wrapup_prompt_is_an_enum_but_call_media_participant_is_free() -> None:
    with pytest.raises(ValidationError):
        Participant.model_validate({"wrapupPrompt": "sometimes"})
    assert CallMediaParticipant.model_validate({"wrapupPrompt": "sometimes"}).wrapup_prompt == "sometimes"


# --- create call ------------------------------------------------------------------------------------------


def test_create_call_request_has_no_required_fields_and_camel_case_names() -> None:
    assert CreateCallRequest.model_validate({}).dump() == {}
    body = {
        "phoneNumber": "+61416275769",
        "callerIdName": "Sales",
        "callFromQueueId": QUEUE_REF["id"],
        "routingSkillsIds": ["s1"],
        "uuiData": "abc",
        "externalContactId": "f0e1d2c3-b4a5-4968-8776-655443322110",
        "attributes": {"campaign": "spring"},
    }
    assert CreateCallRequest.model_validate(body).dump() == body


def test_tutorial_participant_address_is_rejected_inside_destination() -> None:
    body = {"participants": [{"participantAddress": {"id": "x", "type": "phone"}}]}
    with pytest.raises(ValidationError) as exc:
        CreateCallRequest.model_validate(body)
    assert error_types(exc.value) == [(("participants", 0, "participantAddress"), "extra_forbidden")]


def test_destination_is_flat() -> None:
    body = {"participants": [{"address": "+61416275769", "name": "Bob", "userId": "u", "queueId": "q"}]}
    assert CreateCallRequest.model_validate(body).dump() == body


def test_read_only_fields() -> None:
    assert read_only_fields(CreateCallResponse) == {"id", "selfUri"}
    assert read_only_fields(CallConversation) == {"id", "selfUri"}
    assert read_only_fields(Conversation) == {"id", "selfUri"}
    schema = CreateCallResponse.model_json_schema(by_alias=True)
    assert schema["properties"]["selfUri"]["readOnly"] is True
    assert "readOnly" not in schema["properties"]["name"]


# --- dates -----------------------------------------------------------------------------------------------------


def test_datetimes_serialise_as_utc_milliseconds_z() -> None:
    local = datetime(2022, 4, 22, 10, 29, 54, 319876, tzinfo=timezone(timedelta(hours=2)))
    dumped = CallMediaParticipant(start_time=local, end_time=datetime(2022, 4, 22, 8, 29, 54, 319000)).dump()
    assert dumped == {"startTime": "2022-04-22T08:29:54.319Z", "endTime": "2022-04-22T08:29:54.319Z"}
