"""Calls and conversations (facts §8): typed methods for every row of the conversations area.

There is no ``POST /api/v2/conversations`` (facts §11 f): a call is created with ``POST …/conversations/calls``
and a ``CreateCallRequest`` whose destination is a flat ``phoneNumber`` (or ``callUserId``/``callQueueId``/
``participants`` of ``Destination``), never the seeds' ``participantAddress`` (facts §11 c). These routes need a
user context: the client sends its user token for them (400 ``not.a.user`` with client credentials).
"""

from __future__ import annotations

from typing import Any, Mapping

from clients.genesys_client.base import Area, coerce, implements
from clients.genesys_client.callbacks import CallbacksMixin
from clients.genesys_client.conversation_control import ConversationControlMixin
from contracts.conversations import (
    CallConversation,
    CallConversationEntityListing,
    Conversation,
    ConversationEntityListing,
    CreateCallRequest,
    CreateCallResponse,
)


class ConversationsApi(ConversationControlMixin, CallbacksMixin, Area):
    """``client.conversations``."""

    @implements("postConversationsCalls")
    def create_call(
        self,
        request: CreateCallRequest | Mapping[str, Any] | None = None,
        *,
        phone_number: str | None = None,
        **fields: Any,
    ) -> CreateCallResponse:
        """Place a call: ``create_call(phone_number="+13175550100")`` or a full ``CreateCallRequest``.

        Use exactly one destination style per request (``too.many.create.conversation.parameters`` otherwise).
        """
        if request is None:
            request = CreateCallRequest(phone_number=phone_number, **fields)
        elif phone_number is not None or fields:
            raise TypeError("pass either a request or keyword fields, not both")
        return self._client.call("postConversationsCalls", body=coerce(CreateCallRequest, request))

    @implements("getConversationsCalls")
    def list_calls(self) -> CallConversationEntityListing:
        """The logged-in user's active calls (one envelope: the route declares no paging parameters)."""
        return self._client.call("getConversationsCalls")

    @implements("getConversationsCall")
    def get_call(self, conversation_id: str) -> CallConversation:
        return self._client.call("getConversationsCall", path={"conversationId": conversation_id})

    @implements("patchConversationsCall")
    def update_call(self, conversation_id: str, conversation: Conversation | Mapping[str, Any]) -> Conversation:
        """PATCH a call: ``state: disconnected`` (see :meth:`disconnect_call`), ``recordingState`` (``PAUSED`` is a
        secure pause, answered 202) or ``conversationIds`` (merge other calls into this one as a conference)."""
        return self._client.call(
            "patchConversationsCall", path={"conversationId": conversation_id}, body=coerce(Conversation, conversation)
        )

    def disconnect_call(self, conversation_id: str) -> Conversation:
        """Hang up a call placed by this user."""
        return self.update_call(conversation_id, Conversation(state="disconnected"))

    @implements("getConversations")
    def list_conversations(self, *, communication_type: str | None = None) -> ConversationEntityListing:
        """The logged-in user's active conversations; ``communication_type`` is ``Call`` or ``Chat``."""
        return self._client.call("getConversations", params={"communicationType": communication_type})

    @implements("getConversation")
    def get_conversation(self, conversation_id: str) -> Conversation:
        return self._client.call("getConversation", path={"conversationId": conversation_id})

    @implements("deleteConversation")
    def delete_conversation(self, conversation_id: str) -> None:
        """Disconnect every participant (204)."""
        self._client.call("deleteConversation", path={"conversationId": conversation_id})
