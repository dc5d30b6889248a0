"""SDK scenarios of the conversation rows: calls placed with a user's token, read, hung up and deleted."""

from __future__ import annotations

from datetime import datetime

import PureCloudPlatformClientV2 as sdk

from tests.sdk.helpers import (
    CALLED_NUMBER,
    Ctx,
    model,
    place_call,
    scenario,
)

# --- conversations ---------------------------------------------------------------------------------------------


@scenario("postConversationsCalls")
def _create_call(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    assert c.user_api.raw()["selfUri"] == f"/api/v2/conversations/calls/{conversation_id}"


@scenario("getConversationsCalls")
def _list_calls(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    listing = c.user_api.accept(c.user_api.conversations.get_conversations_calls(), "CallConversationEntityListing")
    assert conversation_id in [call.id for call in listing.entities]


@scenario("getConversationsCall")
def _get_call(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    c.user_api.advance_clock(5)  # the far end answers after 2 s
    call = c.user_api.accept(c.user_api.conversations.get_conversations_call(conversation_id), "CallConversation")
    assert call.id == conversation_id and len(call.participants) >= 2
    assert {p.state for p in call.participants} == {"connected"}
    assert "tel:" + CALLED_NUMBER in [p.address for p in call.participants]
    assert all(isinstance(p.connected_time, datetime) for p in call.participants)


@scenario("patchConversationsCall")
def _hang_up(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    body = model(sdk.Conversation, state="disconnected")
    answer = c.user_api.accept(c.user_api.conversations.patch_conversations_call(conversation_id, body), "Conversation")
    assert answer.id == conversation_id
    call = c.user_api.accept(c.user_api.conversations.get_conversations_call(conversation_id), "CallConversation")
    assert {p.state for p in call.participants} <= {"disconnected", "terminated"}


@scenario("getConversations")
def _list_conversations(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    listing = c.user_api.accept(
        c.user_api.conversations.get_conversations(communication_type="Call"), "ConversationEntityListing"
    )
    assert conversation_id in [conversation.id for conversation in listing.entities]


@scenario("getConversation")
def _get_conversation(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    c.user_api.advance_clock(5)
    # Any token with conversation:communication:view may read it: client credentials here.
    found = c.api.accept(c.api.conversations.get_conversation(conversation_id), "Conversation")
    assert found.id == conversation_id and isinstance(found.start_time, datetime)
    calls = [leg for participant in found.participants for leg in participant.calls or []]
    assert calls and {leg.state for leg in calls} == {"connected"}


@scenario("deleteConversation")
def _delete_conversation(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    assert c.api.conversations.delete_conversation(conversation_id) is None
    found = c.api.accept(c.api.conversations.get_conversation(conversation_id), "Conversation")
    assert isinstance(found.end_time, datetime)
