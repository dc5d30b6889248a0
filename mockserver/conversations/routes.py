"""Routes of the conversations area: thin views bound to rows of the operations table, delegating to calls.py,
control.py and callbacks.py. Rows with vendor bodies (contracts/conversation_rows.py) get the parsed body as the
vendor model; ``body_document`` turns it into the JSON the caller set."""

from __future__ import annotations

from typing import Any

from contracts.conversations import CallConversation, Conversation, CreateCallRequest, CreateCallResponse
from mockserver.conversations import callbacks, calls, control, seed_hints  # noqa: F401  (seed_hints: X-Mock-Hints)
from mockserver.conversations.blueprint import conversations
from mockserver.core.binding import Query, bind
from mockserver.generic.validation import body_document


@bind(conversations, "postConversationsCalls")
def post_calls(body: CreateCallRequest) -> CreateCallResponse:
    return calls.create_call(body)


@bind(conversations, "getConversationsCalls")
def get_calls() -> dict[str, Any]:
    return calls.list_calls()


@bind(conversations, "getConversationsCall")
def get_call(conversationId: str) -> CallConversation:
    return calls.get_call(conversationId)


@bind(conversations, "patchConversationsCall")
def patch_call(conversationId: str, body: Conversation) -> tuple[Conversation, int]:
    return calls.patch_call(conversationId, body)


@bind(conversations, "getConversations")
def get_conversations(query: Query) -> dict[str, Any]:
    return calls.list_conversations(query["communicationType"])


@bind(conversations, "getConversation")
def get_conversation(conversationId: str) -> Conversation:
    return calls.get_conversation(conversationId)


@bind(conversations, "deleteConversation")
def delete_conversation(conversationId: str) -> None:
    calls.delete_conversation(conversationId)


# --- issue 16: calls for a user, call control, callbacks ---------------------------------------------------------


@bind(conversations, "postConversationsCallsUserUserId")
def post_call_for_user(userId: str, body: CreateCallRequest) -> CreateCallResponse:
    return calls.create_call_for_user(userId, body)


@bind(conversations, "patchConversationsCallParticipant")
def patch_call_participant(conversationId: str, participantId: str, body: Any) -> None:
    control.patch_participant(conversationId, participantId, body_document(body))


@bind(conversations, "patchConversationParticipant")
def patch_participant(conversationId: str, participantId: str, body: Any) -> None:
    control.patch_participant(conversationId, participantId, body_document(body))


@bind(conversations, "patchConversationsCallbackParticipant")
def patch_callback_participant(conversationId: str, participantId: str, body: Any) -> None:
    callbacks.find_callback(conversationId)
    control.patch_participant(conversationId, participantId, body_document(body))


@bind(conversations, "patchConversationsCallParticipantAttributes")
def patch_call_participant_attributes(conversationId: str, participantId: str, body: Any) -> dict[str, Any]:
    attributes = body_document(body).get("attributes") or {}
    return {"attributes": control.merge_attributes(conversationId, participantId, attributes)}


@bind(conversations, "patchConversationParticipantAttributes")
def patch_participant_attributes(conversationId: str, participantId: str, body: Any) -> None:
    control.merge_attributes(conversationId, participantId, body_document(body).get("attributes") or {})


@bind(conversations, "getConversationsCallParticipantWrapup")
def get_call_participant_wrapup(conversationId: str, participantId: str, query: Query) -> dict[str, Any]:
    return control.wrapup_of(conversationId, participantId, query["provisional"])


@bind(conversations, "getConversationParticipantWrapup")
def get_participant_wrapup(conversationId: str, participantId: str, query: Query) -> dict[str, Any]:
    return control.wrapup_of(conversationId, participantId, query["provisional"])


@bind(conversations, "getConversationsCallParticipantCommunicationWrapup")
def get_leg_wrapup(conversationId: str, participantId: str, communicationId: str, query: Query) -> dict[str, Any]:
    return control.wrapup_of(conversationId, participantId, query["provisional"], communicationId)


@bind(conversations, "postConversationsCallParticipantCommunicationWrapup")
def post_leg_wrapup(conversationId: str, participantId: str, communicationId: str, body: Any) -> None:
    control.assign_leg_wrapup(
        conversationId, participantId, communicationId, body_document(body) if body is not None else None
    )


@bind(conversations, "postConversationDisconnect")
def post_disconnect(conversationId: str) -> None:
    calls.delete_conversation(conversationId)


@bind(conversations, "postConversationsCallbacks")
def post_callbacks(body: Any) -> dict[str, Any]:
    return callbacks.create_callback(body_document(body))


@bind(conversations, "getConversationsCallback")
def get_callback(conversationId: str) -> dict[str, Any]:
    return callbacks.get_callback(conversationId)


@bind(conversations, "getConversationsCallbacks")
def get_callbacks() -> dict[str, Any]:
    return callbacks.list_callbacks()


@bind(conversations, "patchConversationsCallback")
def patch_callback(conversationId: str, body: Conversation) -> Conversation:
    return callbacks.disconnect_callback(conversationId, body.state)


@bind(conversations, "patchConversationsCallbacks")
def patch_callbacks(body: Any) -> dict[str, Any]:
    return callbacks.patch_callback(body_document(body))


@bind(conversations, "patchConversationsCallbackParticipantAttributes")
def patch_callback_participant_attributes(conversationId: str, participantId: str, body: Any) -> dict[str, Any]:
    callbacks.find_callback(conversationId)
    attributes = body_document(body).get("attributes") or {}
    return {"attributes": control.merge_attributes(conversationId, participantId, attributes)}


@bind(conversations, "getConversationsCallbackParticipantWrapup")
def get_callback_participant_wrapup(conversationId: str, participantId: str, query: Query) -> dict[str, Any]:
    callbacks.find_callback(conversationId)
    return control.wrapup_of(conversationId, participantId, query["provisional"])


@bind(conversations, "getConversationsCallbackParticipantCommunicationWrapup")
def get_callback_leg_wrapup(
    conversationId: str, participantId: str, communicationId: str, query: Query
) -> dict[str, Any]:
    callbacks.find_callback(conversationId)
    return control.wrapup_of(conversationId, participantId, query["provisional"], communicationId)


@bind(conversations, "postConversationsCallbackParticipantCommunicationWrapup")
def post_callback_leg_wrapup(conversationId: str, participantId: str, communicationId: str, body: Any) -> None:
    callbacks.find_callback(conversationId)
    control.assign_leg_wrapup(
        conversationId, participantId, communicationId, body_document(body) if body is not None else None
    )
