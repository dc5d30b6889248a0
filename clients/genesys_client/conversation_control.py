"""Conversation control (issue 16): calls placed for another user, participant state and attributes, wrap-up
codes, disconnect. Vendor-schema bodies (``MediaParticipantRequest``, ``ParticipantAttributes``,
``WrapupInput``) travel as plain mappings.
"""

from __future__ import annotations

from typing import Any, Mapping

from clients.genesys_client.base import Area, coerce, implements
from contracts.conversations import CreateCallRequest, CreateCallResponse


class ConversationControlMixin(Area):
    """Mixed into ``client.conversations``: calls for a user, participants, wrap-up."""

    @implements("postConversationsCallsUserUserId")
    def create_call_for_user(self, user_id: str, body: CreateCallRequest | Mapping[str, Any]) -> CreateCallResponse:
        """Place a call on behalf of ``user_id``."""
        path = {"userId": user_id}
        return self._client.call("postConversationsCallsUserUserId", path=path, body=coerce(CreateCallRequest, body))

    @implements("patchConversationsCallParticipant")
    def update_call_participant(self, conversation_id: str, participant_id: str, body: Mapping[str, Any]) -> None:
        path = {"conversationId": conversation_id, "participantId": participant_id}
        self._client.call("patchConversationsCallParticipant", path=path, body=dict(body))

    @implements("patchConversationParticipant")
    def update_participant(self, conversation_id: str, participant_id: str, body: Mapping[str, Any]) -> None:
        path = {"conversationId": conversation_id, "participantId": participant_id}
        self._client.call("patchConversationParticipant", path=path, body=dict(body))

    @implements("patchConversationsCallParticipantAttributes")
    def update_call_participant_attributes(
        self,
        conversation_id: str,
        participant_id: str,
        body: Mapping[str, Any],
    ) -> dict[str, Any]:
        path = {"conversationId": conversation_id, "participantId": participant_id}
        return self._client.call("patchConversationsCallParticipantAttributes", path=path, body=dict(body))

    @implements("patchConversationParticipantAttributes")
    def update_participant_attributes(self, conversation_id: str, participant_id: str, body: Mapping[str, Any]) -> None:
        path = {"conversationId": conversation_id, "participantId": participant_id}
        self._client.call("patchConversationParticipantAttributes", path=path, body=dict(body))

    @implements("getConversationsCallParticipantWrapup")
    def get_call_participant_wrapup(
        self,
        conversation_id: str,
        participant_id: str,
        *,
        provisional: bool | None = None,
    ) -> dict[str, Any]:
        path = {"conversationId": conversation_id, "participantId": participant_id}
        return self._client.call(
            "getConversationsCallParticipantWrapup",
            path=path,
            params={
                "provisional": provisional,
            },
        )

    @implements("getConversationParticipantWrapup")
    def get_participant_wrapup(
        self,
        conversation_id: str,
        participant_id: str,
        *,
        provisional: bool | None = None,
    ) -> dict[str, Any]:
        path = {"conversationId": conversation_id, "participantId": participant_id}
        return self._client.call("getConversationParticipantWrapup", path=path, params={"provisional": provisional})

    @implements("getConversationsCallParticipantCommunicationWrapup")
    def get_call_communication_wrapup(
        self,
        conversation_id: str,
        participant_id: str,
        communication_id: str,
        *,
        provisional: bool | None = None,
    ) -> dict[str, Any]:
        path = {"conversationId": conversation_id, "participantId": participant_id, "communicationId": communication_id}
        return self._client.call(
            "getConversationsCallParticipantCommunicationWrapup",
            path=path,
            params={
                "provisional": provisional,
            },
        )

    @implements("postConversationsCallParticipantCommunicationWrapup")
    def set_call_communication_wrapup(
        self,
        conversation_id: str,
        participant_id: str,
        communication_id: str,
        body: Mapping[str, Any] | None = None,
    ) -> None:
        path = {"conversationId": conversation_id, "participantId": participant_id, "communicationId": communication_id}
        self._client.call(
            "postConversationsCallParticipantCommunicationWrapup", path=path, body=None if body is None else dict(body)
        )

    @implements("postConversationDisconnect")
    def disconnect_conversation(self, conversation_id: str) -> str:
        """Disconnect every participant; answers a status string."""
        return self._client.call("postConversationDisconnect", path={"conversationId": conversation_id})
