"""SDK scenarios of issue 16's conversation rows: calls placed for a user, call control, wrap-up, callbacks."""

from __future__ import annotations

from datetime import datetime, timezone

import PureCloudPlatformClientV2 as sdk

from mockserver.settings import DEFAULT_USER
from tests.sdk.conftest import SdkSession
from tests.sdk.helpers import CALLED_NUMBER, Ctx, model, place_call, scenario

USER_ID = DEFAULT_USER.id or ""
LATER = datetime(2031, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def _parties(api: SdkSession, conversation_id: str) -> tuple[sdk.Participant, sdk.Participant]:
    """The agent and the far end of a two-party call, as GET /conversations/{id} reads in the SDK."""
    found = api.accept(api.conversations.get_conversation(conversation_id), "Conversation")
    agent, far = found.participants
    assert agent.purpose == "agent"
    return agent, far


def _connected_call(c: Ctx) -> tuple[str, sdk.Participant, sdk.Participant]:
    conversation_id = place_call(c.user_api)
    c.user_api.advance_clock(5)  # the far end answers after 2 s
    return (conversation_id, *_parties(c.api, conversation_id))


def _callback(api: SdkSession, **fields: object) -> str:
    body = model(
        sdk.CreateCallbackCommand,
        queue_id="queue-1",
        callback_numbers=[CALLED_NUMBER],
        callback_user_name="Ada",
        data={"crmId": "42"},
        **fields,
    )
    created = api.accept(api.conversations.post_conversations_callbacks(body), "CreateCallbackResponse")
    assert created.conversation.id and len(created.callback_identifiers) == 1
    return created.conversation.id


@scenario("postConversationsCallsUserUserId")
def _call_for_user(c: Ctx) -> None:
    body = model(sdk.CreateCallRequest, phone_number=CALLED_NUMBER)
    created = c.api.accept(
        c.api.conversations.post_conversations_calls_user_user_id(USER_ID, body), "CreateCallResponse"
    )
    agent, _ = _parties(c.api, created.id)
    assert agent.user_id == USER_ID
    listing = c.user_api.accept(c.user_api.conversations.get_conversations_calls(), "CallConversationEntityListing")
    assert created.id in [call.id for call in listing.entities]  # the user sees the call placed for them


@scenario("patchConversationsCallParticipant")
def _hold(c: Ctx) -> None:
    conversation_id, _, far = _connected_call(c)
    body = model(sdk.MediaParticipantRequest, held=True, muted=True)
    assert c.api.conversations.patch_conversations_call_participant(conversation_id, far.id, body) is None
    call = c.user_api.accept(c.user_api.conversations.get_conversations_call(conversation_id), "CallConversation")
    shown = next(p for p in call.participants if p.id == far.id)
    assert (shown.held, shown.muted, shown.state) == (True, True, "connected")
    assert isinstance(shown.start_hold_time, datetime)


@scenario("patchConversationParticipant")
def _disconnect_participant(c: Ctx) -> None:
    conversation_id, _, far = _connected_call(c)
    body = model(sdk.MediaParticipantRequest, state="disconnected")
    assert c.api.conversations.patch_conversation_participant(conversation_id, far.id, body) is None
    agent, far = _parties(c.api, conversation_id)
    assert (far.calls[0].state, far.calls[0].disconnect_type) == ("disconnected", "client")
    assert agent.calls[0].state == "disconnected"  # its only far end left: the call is over


@scenario("patchConversationsCallParticipantAttributes")
def _call_attributes(c: Ctx) -> None:
    conversation_id, _, far = _connected_call(c)
    body = model(sdk.ParticipantAttributes, attributes={"crmId": "42"})
    answer = c.api.accept(
        c.api.conversations.patch_conversations_call_participant_attributes(conversation_id, far.id, body),
        "ParticipantAttributes",
    )
    assert answer.attributes == {"crmId": "42"}
    assert _parties(c.api, conversation_id)[1].attributes == {"crmId": "42"}


@scenario("patchConversationParticipantAttributes")
def _attributes(c: Ctx) -> None:
    conversation_id, agent, _ = _connected_call(c)
    body = model(sdk.ParticipantAttributes, attributes={"note": "vip"})
    assert c.api.conversations.patch_conversation_participant_attributes(conversation_id, agent.id, body) is None
    assert _parties(c.api, conversation_id)[0].attributes == {"note": "vip"}


def _wrap_up(c: Ctx) -> tuple[str, sdk.Participant]:
    conversation_id, agent, _ = _connected_call(c)
    wrapup = model(sdk.WrapupInput, code="wrapup-1", notes="sold", tags=["a"], duration_seconds=30, end_time=LATER)
    c.api.conversations.patch_conversation_participant(
        conversation_id, agent.id, model(sdk.MediaParticipantRequest, wrapup=wrapup)
    )
    return conversation_id, agent


@scenario("getConversationsCallParticipantWrapup")
def _call_wrapup(c: Ctx) -> None:
    conversation_id, agent = _wrap_up(c)
    found = c.api.accept(
        c.api.conversations.get_conversations_call_participant_wrapup(conversation_id, agent.id), "AssignedWrapupCode"
    )
    assert (found.code, found.notes, found.tags, found.duration_seconds) == ("wrapup-1", "sold", ["a"], 30)
    assert found.end_time == LATER


@scenario("getConversationParticipantWrapup")
def _wrapup(c: Ctx) -> None:
    conversation_id, agent = _wrap_up(c)
    found = c.api.accept(
        c.api.conversations.get_conversation_participant_wrapup(conversation_id, agent.id), "AssignedWrapupCode"
    )
    assert found.code == "wrapup-1"


@scenario("getConversationsCallParticipantCommunicationWrapup")
def _leg_wrapup(c: Ctx) -> None:
    conversation_id, agent = _wrap_up(c)
    found = c.api.accept(
        c.api.conversations.get_conversations_call_participant_communication_wrapup(
            conversation_id, agent.id, agent.calls[0].id
        ),
        "AssignedWrapupCode",
    )
    assert found.code == "wrapup-1"


@scenario("postConversationsCallParticipantCommunicationWrapup")
def _assign_leg_wrapup(c: Ctx) -> None:
    conversation_id, agent, _ = _connected_call(c)
    body = model(sdk.WrapupInput, code="wrapup-2", notes="call back")
    assert (
        c.api.conversations.post_conversations_call_participant_communication_wrapup(
            conversation_id, agent.id, agent.calls[0].id, body=body
        )
        is None
    )
    assert _parties(c.api, conversation_id)[0].wrapup.code == "wrapup-2"


@scenario("postConversationDisconnect")
def _disconnect(c: Ctx) -> None:
    conversation_id, _, _ = _connected_call(c)
    c.api.conversations.post_conversation_disconnect(conversation_id)
    found = c.api.accept(c.api.conversations.get_conversation(conversation_id), "Conversation")
    assert isinstance(found.end_time, datetime)
    assert {p.calls[0].state for p in found.participants} == {"disconnected"}


@scenario("postConversationsCallbacks")
def _create_callback(c: Ctx) -> None:
    conversation_id = _callback(c.api, callback_scheduled_time=LATER)
    found = c.api.accept(c.api.conversations.get_conversation(conversation_id), "Conversation")
    customer = found.participants[0]
    assert (customer.purpose, customer.attributes) == ("customer", {"crmId": "42"})
    assert customer.callbacks[0].state == "scheduled" and customer.callbacks[0].callback_scheduled_time == LATER


@scenario("getConversationsCallback")
def _get_callback(c: Ctx) -> None:
    conversation_id = _callback(c.api)
    found = c.api.accept(c.api.conversations.get_conversations_callback(conversation_id), "CallbackConversation")
    customer, acd = found.participants
    assert (customer.callback_numbers, customer.callback_user_name) == ([CALLED_NUMBER], "Ada")
    assert (acd.purpose, acd.queue.id) == ("acd", "queue-1")


@scenario("patchConversationsCallbacks")
def _assign_callback(c: Ctx) -> None:
    conversation_id = _callback(c.api)
    body = model(
        sdk.PatchCallbackRequest, conversation_id=conversation_id, agent_id=USER_ID, callback_scheduled_time=LATER
    )
    answer = c.api.accept(c.api.conversations.patch_conversations_callbacks(body), "PatchCallbackResponse")
    assert answer.conversation.id == conversation_id and len(answer.callback_identifiers) == 2
    found = c.api.accept(c.api.conversations.get_conversations_callback(conversation_id), "CallbackConversation")
    assert found.participants[0].callback_scheduled_time == LATER
    assert found.participants[2].user.id == USER_ID


@scenario("getConversationsCallbacks")
def _list_callbacks(c: Ctx) -> None:
    conversation_id = _callback(c.api)
    c.api.conversations.patch_conversations_callbacks(
        model(sdk.PatchCallbackRequest, conversation_id=conversation_id, agent_id=USER_ID)
    )
    listing = c.user_api.accept(
        c.user_api.conversations.get_conversations_callbacks(), "CallbackConversationEntityListing"
    )
    assert conversation_id in [callback.id for callback in listing.entities]


@scenario("patchConversationsCallback")
def _end_callback(c: Ctx) -> None:
    conversation_id = _callback(c.api)
    answer = c.api.accept(
        c.api.conversations.patch_conversations_callback(
            conversation_id, model(sdk.Conversation, state="disconnected")
        ),
        "Conversation",
    )
    assert answer.id == conversation_id and isinstance(answer.end_time, datetime)


@scenario("patchConversationsCallbackParticipant")
def _callback_wrapup(c: Ctx) -> None:
    conversation_id = _callback(c.api)
    found = c.api.accept(c.api.conversations.get_conversations_callback(conversation_id), "CallbackConversation")
    customer = found.participants[0]
    body = model(sdk.MediaParticipantRequest, wrapup=model(sdk.WrapupInput, code="done"), state="disconnected")
    assert c.api.conversations.patch_conversations_callback_participant(conversation_id, customer.id, body) is None
    found = c.api.accept(c.api.conversations.get_conversations_callback(conversation_id), "CallbackConversation")
    assert found.participants[0].state == "disconnected" and found.participants[0].wrapup.code == "done"


def _callback_customer(c: Ctx) -> tuple[str, sdk.CallbackMediaParticipant]:
    conversation_id = _callback(c.api)
    found = c.api.accept(c.api.conversations.get_conversations_callback(conversation_id), "CallbackConversation")
    return conversation_id, found.participants[0]


def _callback_leg(c: Ctx, conversation_id: str) -> str:
    found = c.api.accept(c.api.conversations.get_conversation(conversation_id), "Conversation")
    return found.participants[0].callbacks[0].id


@scenario("patchConversationsCallbackParticipantAttributes")
def _callback_attributes(c: Ctx) -> None:
    conversation_id, customer = _callback_customer(c)
    answer = c.api.accept(
        c.api.conversations.patch_conversations_callback_participant_attributes(
            conversation_id, customer.id, model(sdk.ParticipantAttributes, attributes={"tier": "gold"})
        ),
        "ParticipantAttributes",
    )
    assert answer.attributes == {"crmId": "42", "tier": "gold"}  # merged over the callback's data


@scenario("postConversationsCallbackParticipantCommunicationWrapup")
def _callback_leg_wrapup(c: Ctx) -> None:
    conversation_id, customer = _callback_customer(c)
    leg = _callback_leg(c, conversation_id)
    assert (
        c.api.conversations.post_conversations_callback_participant_communication_wrapup(
            conversation_id, customer.id, leg, body=model(sdk.WrapupInput, code="reached")
        )
        is None
    )
    found = c.api.accept(c.api.conversations.get_conversations_callback(conversation_id), "CallbackConversation")
    assert found.participants[0].wrapup.code == "reached"


def _wrapped_callback(c: Ctx) -> tuple[str, str, str]:
    conversation_id, customer = _callback_customer(c)
    leg = _callback_leg(c, conversation_id)
    c.api.conversations.post_conversations_callback_participant_communication_wrapup(
        conversation_id, customer.id, leg, body=model(sdk.WrapupInput, code="reached", notes="ok")
    )
    return conversation_id, customer.id, leg


@scenario("getConversationsCallbackParticipantWrapup")
def _callback_wrapup(c: Ctx) -> None:
    conversation_id, participant_id, _ = _wrapped_callback(c)
    found = c.api.accept(
        c.api.conversations.get_conversations_callback_participant_wrapup(conversation_id, participant_id),
        "AssignedWrapupCode",
    )
    assert (found.code, found.notes) == ("reached", "ok")


@scenario("getConversationsCallbackParticipantCommunicationWrapup")
def _callback_leg_wrapup_read(c: Ctx) -> None:
    conversation_id, participant_id, leg = _wrapped_callback(c)
    found = c.api.accept(
        c.api.conversations.get_conversations_callback_participant_communication_wrapup(
            conversation_id, participant_id, leg
        ),
        "AssignedWrapupCode",
    )
    assert found.code == "reached"
