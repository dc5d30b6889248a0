"""Deep rows of the conversations area whose bodies and answers are the vendor's own models (issue 16).

These operations are served by hand-written handlers (mockserver/conversations), but their request and answer
shapes are taken as they are from the vendor contract (``contracts/vendor``: ``vendor_request`` /
``vendor_response``), so the body is parsed by the same vendor-derived validators the generic rows use and the
OpenAPI document shows the vendor's schemas. Only the handler, the success status and the description are ours.

Built with the row type of contracts/operation_types.py; contracts/operations.py includes them.
"""

from __future__ import annotations

from typing import Any

from contracts import conversations
from contracts.operation_types import STANDARD_ERRORS, Operation, QueryParam
from contracts.vendor import vendor_operations

_PROVISIONAL = QueryParam(
    "provisional",
    "boolean",
    default=False,
    description="read the provisional (pending) wrap-up instead of the final one",
)
ACCEPTED = 202
"""Call-control commands the vendor answers without a body (SDK ``void``): the mock answers 202 Accepted, the
change being visible at once in GET /conversations/{id} and GET /conversations/calls/{id}."""


def vendor_row(operation_id: str, summary: str, source: str, **overrides: Any) -> Operation:
    """A deep row for a vendor operation: its path, permissions and body/answer schemas from the vendor file."""
    entry = vendor_operations()[operation_id]
    permissions = entry.get("permissions") or {}
    body = entry.get("body")
    fields: dict[str, Any] = dict(
        success_status=200 if entry.get("response") is not None else ACCEPTED,
        request_optional=bool(body) and not body.get("required"),
        permissions=tuple(permissions.get("permissions", ())),
        permission_mode="ALL" if permissions.get("type") == "ALL" else "ANY",
        error_statuses=STANDARD_ERRORS,
        vendor_request=body["schema"] if body else None,
        vendor_response=entry.get("response"),
    )
    fields.update(overrides)
    return Operation(
        operation_id,
        entry["method"],
        entry["path"],
        summary,
        "Conversations",
        f"vendor-sdk-docs/ConversationsApi.md ({entry['sdkMethod']}); {source}",
        **fields,
    )


_VOID = "the vendor answers without a body (SDK void); the mock answers 202 Accepted"

CONVERSATION_CONTROL: tuple[Operation, ...] = (
    Operation(
        "postConversationsCallsUserUserId",
        "POST",
        "/api/v2/conversations/calls/user/{userId}",
        "Create a call conversation on behalf of a user.",
        "Conversations",
        "vendor-sdk-docs/ConversationsApi.md (post_conversations_calls_user_user_id); facts §8.2",
        request_model=conversations.CreateCallRequest,
        response_model=conversations.CreateCallResponse,
        permissions=("conversation:agentlessCall:add", "conversation:call:add"),
        other_success=(202,),
        description="How a client-credentials integration places a call: the user of the path is the call's "
        "agent. Same destination rules as POST /api/v2/conversations/calls; an unknown user is 404.",
    ),
    vendor_row(
        "patchConversationsCallParticipant",
        "Update a call participant (disconnect, hold, mute, wrap-up).",
        "facts §8.3",
        description=_VOID,
    ),
    vendor_row(
        "patchConversationParticipant",
        "Update a conversation participant (disconnect, hold, mute, wrap-up).",
        "facts §8.4",
        description=_VOID,
    ),
    vendor_row(
        "patchConversationsCallParticipantAttributes",
        "Merge attributes into a call participant's.",
        "facts §8.3 (attributes)",
    ),
    vendor_row(
        "patchConversationParticipantAttributes",
        "Merge attributes into a participant's.",
        "facts §8.4 (attributes)",
        description=_VOID,
    ),
    vendor_row(
        "getConversationsCallParticipantWrapup",
        "Get a call participant's wrap-up.",
        "facts §8.3",
        query=(_PROVISIONAL,),
    ),
    vendor_row("getConversationParticipantWrapup", "Get a participant's wrap-up.", "facts §8.4", query=(_PROVISIONAL,)),
    vendor_row(
        "getConversationsCallParticipantCommunicationWrapup",
        "Get the wrap-up of a participant's call leg (communicationId: the leg's id).",
        "facts §8.4",
        query=(_PROVISIONAL,),
    ),
    vendor_row(
        "postConversationsCallParticipantCommunicationWrapup",
        "Assign the wrap-up of a participant's call leg.",
        "facts §8.4",
        description=_VOID,
    ),
    vendor_row(
        "postConversationDisconnect",
        "Disconnect every participant of a conversation.",
        "facts §8.1",
        success_status=ACCEPTED,
        description="The vendor declares a string answer; the mock answers 202 "
        "Accepted without a body, as for the other call-control commands.",
    ),
    vendor_row(
        "postConversationsCallbacks", "Schedule a callback (a conversation with a callback participant).", "facts §8.1"
    ),
    vendor_row("getConversationsCallback", "Get a callback conversation.", "facts §8.1"),
    vendor_row(
        "getConversationsCallbacks",
        "Get the callbacks assigned to the logged-in user that are still going.",
        "facts §8.1",
        user_context=True,
    ),
    vendor_row(
        "patchConversationsCallback",
        "Disconnect a callback conversation.",
        "facts §8.4 (on update only state disconnected is accepted)",
        vendor_request=None,
        vendor_response=None,
        # the vendor's Conversation requires participants and startTime (a 2018 leftover): the calls
        # route's model, as PATCH calls/{id} reads it
        request_model=conversations.Conversation,
        response_model=conversations.Conversation,
    ),
    vendor_row("patchConversationsCallbacks", "Reschedule or reassign a callback.", "facts §8.1"),
    vendor_row(
        "patchConversationsCallbackParticipant",
        "Update a callback participant (disconnect, wrap-up).",
        "facts §8.4",
        description=_VOID,
    ),
    vendor_row(
        "patchConversationsCallbackParticipantAttributes",
        "Merge attributes into a callback participant's.",
        "facts §8.3 (attributes)",
    ),
    vendor_row(
        "getConversationsCallbackParticipantWrapup",
        "Get a callback participant's wrap-up.",
        "facts §8.4",
        query=(_PROVISIONAL,),
    ),
    vendor_row(
        "getConversationsCallbackParticipantCommunicationWrapup",
        "Get the wrap-up of a callback participant's callback leg (communicationId: the leg's id).",
        "facts §8.4",
        query=(_PROVISIONAL,),
    ),
    vendor_row(
        "postConversationsCallbackParticipantCommunicationWrapup",
        "Assign the wrap-up of a callback participant's callback leg.",
        "facts §8.4",
        description=_VOID,
    ),
)
