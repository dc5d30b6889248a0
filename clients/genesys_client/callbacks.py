"""Callbacks (issue 16): create, read, reschedule and their participants. Vendor-schema bodies
(``CreateCallbackCommand``, ``PatchCallbackRequest``, …) travel as plain mappings.
"""

from __future__ import annotations

from typing import Any, Mapping

from clients.genesys_client.base import Area, coerce, implements
from contracts.conversations import Conversation


class CallbacksMixin(Area):
    """Mixed into ``client.conversations``: callbacks."""

    @implements("postConversationsCallbacks")
    def create_callback(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postConversationsCallbacks", body=dict(body))

    @implements("getConversationsCallback")
    def get_callback(self, conversation_id: str) -> dict[str, Any]:
        return self._client.call("getConversationsCallback", path={"conversationId": conversation_id})

    @implements("getConversationsCallbacks")
    def list_callbacks(self) -> dict[str, Any]:
        """The logged-in user's active callbacks (user token)."""
        return self._client.call("getConversationsCallbacks")

    @implements("patchConversationsCallback")
    def update_callback(self, conversation_id: str, body: Conversation | Mapping[str, Any]) -> Conversation:
        path = {"conversationId": conversation_id}
        return self._client.call("patchConversationsCallback", path=path, body=coerce(Conversation, body))

    @implements("patchConversationsCallbacks")
    def reschedule_callbacks(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Reschedule callbacks (``PatchCallbackRequest``)."""
        return self._client.call("patchConversationsCallbacks", body=dict(body))

    @implements("patchConversationsCallbackParticipant")
    def update_callback_participant(self, conversation_id: str, participant_id: str, body: Mapping[str, Any]) -> None:
        path = {"conversationId": conversation_id, "participantId": participant_id}
        self._client.call("patchConversationsCallbackParticipant", path=path, body=dict(body))

    @implements("patchConversationsCallbackParticipantAttributes")
    def update_callback_participant_attributes(
        self,
        conversation_id: str,
        participant_id: str,
        body: Mapping[str, Any],
    ) -> dict[str, Any]:
        path = {"conversationId": conversation_id, "participantId": participant_id}
        return self._client.call("patchConversationsCallbackParticipantAttributes", path=path, body=dict(body))

    @implements("getConversationsCallbackParticipantWrapup")
    def get_callback_participant_wrapup(
        self,
        conversation_id: str,
        participant_id: str,
        *,
        provisional: bool | None = None,
    ) -> dict[str, Any]:
        path = {"conversationId": conversation_id, "participantId": participant_id}
        return self._client.call(
            "getConversationsCallbackParticipantWrapup",
            path=path,
            params={
                "provisional": provisional,
            },
        )

    @implements("getConversationsCallbackParticipantCommunicationWrapup")
    def get_callback_communication_wrapup(
        self,
        conversation_id: str,
        participant_id: str,
        communication_id: str,
        *,
        provisional: bool | None = None,
    ) -> dict[str, Any]:
        path = {"conversationId": conversation_id, "participantId": participant_id, "communicationId": communication_id}
        return self._client.call(
            "getConversationsCallbackParticipantCommunicationWrapup",
            path=path,
            params={
                "provisional": provisional,
            },
        )

    @implements("postConversationsCallbackParticipantCommunicationWrapup")
    def set_callback_communication_wrapup(
        self,
        conversation_id: str,
        participant_id: str,
        communication_id: str,
        body: Mapping[str, Any] | None = None,
    ) -> None:
        path = {"conversationId": conversation_id, "participantId": participant_id, "communicationId": communication_id}
        self._client.call(
            "postConversationsCallbackParticipantCommunicationWrapup",
            path=path,
            body=None if body is None else dict(body),
        )
