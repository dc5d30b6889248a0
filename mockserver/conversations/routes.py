"""Routes of the conversations area: thin views bound to rows of the operations table, delegating to calls.py."""

from __future__ import annotations

from typing import Any

from contracts.conversations import CallConversation, Conversation, CreateCallRequest, CreateCallResponse
from mockserver.conversations import calls, seed_hints  # noqa: F401  (seed_hints registers the X-Mock-Hints)
from mockserver.conversations.blueprint import conversations
from mockserver.core.binding import Query, bind


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
